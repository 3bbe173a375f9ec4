"""The receipt (*Zahlungsbestätigung*) of a paid application: an official document.

Issued through the documents app (``docs/documents.md``): the authority's
letterhead, the department as issuing office, fee basis and payment method, a
verification code and a PAdES signature. Issued in the background worker when the
payment is booked (:func:`issue_receipt_later`); the download issues it on the
spot if the worker has not yet.
"""

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _
from django_tasks import task
from payments import PaymentStatus

from documents.issuing import current_document, issue
from documents.pdf import Content
from services.models import Application, FeeMode

KIND = "services.receipt"


def euro(amount):
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} EUR"


def payment_method(application):
    """How the fee was paid, in words (from the confirmed payment's provider)."""
    payment = (
        application.payments.filter(status=PaymentStatus.CONFIRMED)
        .order_by("-created")
        .first()
    )
    variant = payment.variant if payment else ""
    labels = {
        "dummy": _("test payment (no money was moved)"),
        "xbezahldienste": _("online payment through the payment service (ePayBL)"),
    }
    return labels.get(variant, variant or _("online payment"))


def fee_basis(application):
    """The basis of the fee: fixed or per unit, and the editors' fee text."""
    rules = application.service
    if rules is None:
        return _("Fee as stated in the application"), ""
    if rules.fee_mode == FeeMode.PER_UNIT:
        basis = _("%(quantity)s × %(unit)s per unit") % {
            "quantity": application.quantity,
            "unit": euro(rules.fee_amount),
        }
    elif rules.fee_mode == FeeMode.FIXED:
        basis = _("fixed fee of %(amount)s") % {"amount": euro(rules.fee_amount)}
    else:
        basis = _("no fee")
    text = normalize_newlines(strip_tags(rules.fees_text or "")).strip()
    return basis, text


def receipt_content(application):
    paid_at = timezone.localtime(application.paid_at)
    basis, basis_text = fee_basis(application)
    rows = [
        (_("Service"), application.service_title),
        (_("Application"), application.reference),
        (
            _("Applicant"),
            application.applicant.get_full_name() or application.applicant.username,
        ),
        (_("Amount"), euro(application.amount)),
        (_("Fee basis"), basis),
        (_("Payment method"), payment_method(application)),
        (_("Kassenzeichen"), application.kassenzeichen),
        (_("Paid on"), formats.date_format(paid_at, "DATETIME_FORMAT")),
    ]
    sections = []
    if basis_text:
        sections.append((_("Fees"), [basis_text]))
    return Content(
        title=_("Payment receipt"),
        rows=rows,
        sections=sections,
        closing=[
            _(
                "This receipt was issued electronically and is sealed with the "
                "authority's electronic signature; it is valid without a handwritten "
                "signature. Please quote the Kassenzeichen in any enquiry."
            )
        ],
    )


def issue_receipt(application):
    """The receipt document of a paid application (issued once, then reused)."""
    with transaction.atomic():
        # One receipt even when the worker and a download ask at the same time.
        Application.objects.select_for_update().filter(pk=application.pk).first()
        existing = current_document(application, KIND)
        if existing is not None:
            return existing
        return _issue(application)


def _issue(application):
    with translation.override(application.language):
        content = receipt_content(application)
        public_title = _("Payment receipt")
    return issue(
        kind=KIND,
        record=application,
        content=content,
        office=application.department.name if application.department_id else "",
        language=application.language,
        public_title=public_title,
    )


@task()
def issue_receipt_task(application_id):
    application = Application.objects.filter(pk=application_id).first()
    if application is None or not application.was_paid:
        return None
    return issue_receipt(application).code


def issue_receipt_later(application):
    """Queue the receipt for the background worker once the booking commits."""
    transaction.on_commit(lambda: issue_receipt_task.enqueue(application.pk))
