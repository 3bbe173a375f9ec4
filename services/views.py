"""Front-end views: apply, follow, pay, receipt."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from payments import PaymentError, RedirectNeeded

from accounts.identity import has_identity_level, step_up_url
from accounts.middleware import second_factor_redirect
from portal.storage import private_file_response
from portal.uploads import content_type_for
from services import lifecycle
from services.models import Application, ApplicationFile, Payment, ServicePage, Status
from services.paying import NotPayable, refresh_application, start_payment
from services.permissions import user_can_view
from services.receipt import issue_receipt


def _service(page_id):
    """The requested service page and the page in the default language, whose
    rules (online application, identity level, department, fee) count."""
    page = get_object_or_404(ServicePage.objects.live().public(), pk=page_id)
    rules = page.canonical
    offered = ServicePage.objects.live().public().filter(pk=rules.pk).exists()
    if not (offered and rules.online_application):
        raise Http404
    return page, rules


def _own(request, reference):
    """The signed-in user's own application; 404 for everyone else."""
    return get_object_or_404(
        Application, reference=_reference(reference), applicant=request.user
    )


def _reference(reference):
    """The reference from the path; 404 for a NUL (PostgreSQL cannot compare it)."""
    if "\x00" in reference:
        raise Http404
    return reference


@login_required
def apply(request, page_id):
    page, rules = _service(page_id)
    if not has_identity_level(request.user, rules.required_identity_level):
        return redirect(step_up_url(rules.required_identity_level, request.path))
    form_page = rules.form_page_for(page)
    form = form_page.get_form(
        request.POST or None,
        request.FILES or None,
        page=form_page,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        application = create_draft(form_page, form, request.user)
        messages.success(
            request, _("Your answers are saved. Check them and submit the application.")
        )
        return redirect(application)
    return render(
        request,
        "services/apply.html",
        {"page": page, "rules": rules, "form": form, "fee_preview": rules.has_fee},
    )


def create_draft(page, form, user):
    """A draft application from a valid form of ``page``; the fee is computed
    here, by the rules of the page in the default language."""
    rules = page.canonical
    amount, quantity = rules.compute_fee(form.cleaned_data, page)
    answers = []
    uploads = []
    for field in page.get_form_fields():
        name = field.clean_name
        value = form.cleaned_data.get(name)
        if field.field_type == "file":
            if value:
                uploads.append((name, value))
                value = value.name
            else:
                value = ""
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif value is None:
            value = ""
        else:
            value = str(value)
        answers.append({"name": name, "label": field.label, "value": value})
    with transaction.atomic():
        application = Application.objects.create(
            service=rules,
            service_title=page.title,
            department=rules.department,
            applicant=user,
            answers=answers,
            amount=amount,
            quantity=quantity,
            language=get_language() or "de",
        )
        for name, upload in uploads:
            ApplicationFile.objects.create(
                application=application,
                field_name=name,
                file=upload,
                original_name=upload.name[:255],
                # the type found by decoding the file, never the browser's
                content_type=content_type_for(upload.name),
                size=upload.size,
            )
        application.events.create(
            from_status="", to_status=Status.DRAFT, actor=user, note="created"
        )
    return application


@login_required
def my_applications(request):
    applications = Application.objects.filter(applicant=request.user)
    return render(
        request, "services/my_applications.html", {"applications": applications}
    )


@login_required
def application_detail(request, reference):
    application = _own(request, reference)
    if application.status == Status.AWAITING_PAYMENT:
        # The applicant may come back from the pay page: show the true state.
        refresh_application(application)
    return render(
        request,
        "services/application_detail.html",
        {
            "application": application,
            "events": application.events.all(),
            "files": application.files.all(),
        },
    )


@login_required
@require_POST
def submit(request, reference):
    application = _own(request, reference)
    try:
        application = lifecycle.submit(application, request.user)
    except lifecycle.InvalidTransition as error:
        messages.error(request, str(error))
        return redirect(application)
    if application.status == Status.AWAITING_PAYMENT:
        messages.success(
            request, _("Your application is submitted. Please pay the fee.")
        )
    else:
        messages.success(request, _("Your application is submitted."))
    return redirect(application)


@login_required
@require_POST
def delete_draft(request, reference):
    application = _own(request, reference)
    if application.status != Status.DRAFT:
        messages.error(request, _("Only drafts can be deleted."))
        return redirect(application)
    application.delete()  # the files go with their rows (portal.storage)
    messages.success(request, _("The draft is deleted."))
    return redirect("services:mine")


@login_required
@require_POST
def pay(request, reference):
    application = _own(request, reference)
    try:
        payment, url, _form = start_payment(application)
    except NotPayable as error:
        messages.error(request, str(error))
        return redirect(application)
    except PaymentError:
        messages.error(
            request,
            _(
                "The payment service cannot be reached at the moment. Your "
                "application is kept; please try again in a few minutes."
            ),
        )
        return redirect(application)
    if url:
        return redirect(url)
    if payment.variant == "dummy" and settings.SERVICES_DUMMY_PAYMENT_ALLOWED:
        return redirect("services:dummy_payment", reference, payment.token)
    messages.error(request, _("The payment failed."))
    return redirect(application)


@login_required
def dummy_payment(request, reference, token):
    """The test provider's page: the tester chooses the outcome."""
    if not settings.SERVICES_DUMMY_PAYMENT_ALLOWED:
        raise Http404
    application = _own(request, reference)
    payment = get_object_or_404(
        Payment, application=application, token=token, variant="dummy"
    )
    if payment.status not in lifecycle.OPEN_PAYMENT_STATUSES:
        return redirect(application)
    try:
        form = payment.get_form(data=request.POST or None)
    except RedirectNeeded:
        return redirect(application)
    except PaymentError:
        messages.error(request, _("The payment failed."))
        return redirect(application)
    return render(
        request,
        "services/dummy_payment.html",
        {"application": application, "payment": payment, "form": form},
    )


def _viewable(request, reference):
    """An application the user may read: their own, or (staff, with the
    verified second factor under ``STAFF_2FA_REQUIRED``) one of their
    departments'. Returns ``(application, None)`` or ``(None, redirect)``."""
    application = get_object_or_404(Application, reference=_reference(reference))
    if application.applicant_id != request.user.pk:
        refusal = second_factor_redirect(request)
        if refusal is not None:
            return None, refusal
    if not user_can_view(request.user, application):
        raise Http404
    return application, None


@login_required
def receipt(request, reference):
    application, refusal = _viewable(request, reference)
    if refusal is not None:
        return refusal
    if not application.was_paid:
        raise Http404
    document = issue_receipt(application)
    response = HttpResponse(document.read(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="quittung-{application.reference}.pdf"'
    )
    return response


@login_required
def download_file(request, reference, file_id):
    application, refusal = _viewable(request, reference)
    if refusal is not None:
        return refusal
    upload = get_object_or_404(ApplicationFile, application=application, pk=file_id)
    return private_file_response(upload.file, upload.original_name)
