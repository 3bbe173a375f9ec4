"""Payments (django-payments) of applications."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from payments import PurchasedItem
from payments.models import BasePayment


class Payment(BasePayment):
    application = models.ForeignKey(
        "services.Application", on_delete=models.CASCADE, related_name="payments"
    )
    # The bank reference (*Kassenzeichen*) the payment service gave the payment.
    transaction_reference = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created"]

    def _application_url(self):
        path = reverse("services:application", args=[self.application.reference])
        return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"

    def get_success_url(self):
        return self._application_url()

    def get_failure_url(self):
        return self._application_url()

    def get_purchased_items(self):
        yield PurchasedItem(
            name=self.application.service_title[:100],
            sku=str(self.application.service_id or "service"),
            quantity=self.application.quantity,
            price=(self.total / self.application.quantity).quantize(self.total),
            currency=self.currency,
        )
