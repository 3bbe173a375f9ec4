"""django-payments' callback endpoints as the portal mounts them (under /payments/).

django-payments' own ``payments.urls`` also mounts a static per-provider
callback (``process/<variant>/``) that calls the provider's
``get_token_from_request``; neither provider of the portal implements it (the
XBezahldienste provider polls, the test provider has no callback), so junk sent
there ended in a 500. Here that address answers 404, and the per-payment
callback answers 404 for a payment whose provider is not configured (the test
provider under production settings) and 400 for an unknown status.
"""

from django.conf import settings
from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from payments import PaymentStatus
from payments.urls import process_data

from services.models import Payment

STATUSES = {value for value, _label in PaymentStatus.CHOICES}


@csrf_exempt
def process_payment(request, token):
    payment = Payment.objects.filter(token=token).only("variant").first()
    if payment is None or payment.variant not in settings.PAYMENT_VARIANTS:
        return JsonResponse({"error": "Payment not found"}, status=404)
    result = request.GET.get("verification_result")
    if payment.variant == "dummy" and result and result not in STATUSES:
        return JsonResponse({"error": "Unknown payment status"}, status=400)
    return process_data(request, token)


@csrf_exempt
def no_static_callback(request, variant):
    return JsonResponse(
        {"error": "No callback for this payment provider", "variant": variant[:40]},
        status=404,
    )


urlpatterns = [
    path("process/<uuid:token>/", process_payment, name="process_payment"),
    re_path(
        r"^process/(?P<variant>[a-z-]+)/$",
        no_static_callback,
        name="static_process_payment",
    ),
]
