"""The PDF receipt (*Zahlungsbestätigung*) of a paid application, made with fpdf2."""

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF


def _latin1(text):
    # The PDF core fonts cover Latin-1 (all German letters); replace the rest.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def euro(amount):
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} EUR"


def render_receipt(application):
    """The receipt as PDF bytes: amount, date, reference and Kassenzeichen."""
    with translation.override(application.language):
        pdf = FPDF(format="A4")
        pdf.set_title(_latin1(_("Receipt %s") % application.reference))
        pdf.set_creator(_latin1(settings.WAGTAIL_SITE_NAME))
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(
            0, 10, _latin1(settings.WAGTAIL_SITE_NAME), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 12, _latin1(_("Payment receipt")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        paid_at = timezone.localtime(application.paid_at)
        rows = [
            (_("Service"), application.service_title),
            (_("Application"), application.reference),
            (_("Kassenzeichen"), application.kassenzeichen),
            (_("Amount"), euro(application.amount)),
            (_("Quantity"), str(application.quantity)),
            (_("Paid on"), formats.date_format(paid_at, "DATETIME_FORMAT")),
            (
                _("Applicant"),
                application.applicant.get_full_name() or application.applicant.username,
            ),
        ]
        for label, value in rows:
            pdf.set_font("Helvetica", "B", 11)
            pdf.cell(55, 8, _latin1(label))
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 8, _latin1(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(
            0,
            5,
            _latin1(
                _(
                    "This receipt was created automatically and is valid without a "
                    "signature. Please quote the Kassenzeichen in any enquiry."
                )
            ),
        )
        return bytes(pdf.output())
