"""Payment status changes book the fee on the application."""

from django.dispatch import receiver
from payments import PaymentStatus
from payments.signals import status_changed


@receiver(status_changed)
def book_confirmed_payment(sender, instance, **kwargs):
    from services.lifecycle import payment_confirmed

    if instance.status == PaymentStatus.CONFIRMED:
        payment_confirmed(instance)
