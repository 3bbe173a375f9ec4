"""Payment status changes book the fee on the application; a deleted upload
leaves no file behind."""

from django.dispatch import receiver
from payments import PaymentStatus
from payments.signals import status_changed

from portal.storage import delete_file_with_row
from services.lifecycle import payment_confirmed
from services.models import ApplicationFile

delete_file_with_row(ApplicationFile, "file")


@receiver(status_changed)
def book_confirmed_payment(sender, instance, **kwargs):
    if instance.status == PaymentStatus.CONFIRMED:
        payment_confirmed(instance)
