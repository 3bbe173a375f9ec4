"""Online services built by tests: the section page in both languages and a
service with an application form (document, number of copies)."""

import itertools
from decimal import Decimal

from django.contrib.auth.models import Group

from accounts.models import IdentityLevel
from services.models import FeeMode, ServiceFormField, ServiceIndexPage, ServicePage
from tests import factories

_numbers = itertools.count(1)
QUANTITY_LABEL = "Anzahl der Kopien"


def service_index():
    """The services section below the home page, German and English."""
    home = factories.home_page()
    index = ServiceIndexPage.objects.filter(
        locale__language_code="de", depth=home.depth + 1
    ).first()
    if index is None:
        index = factories.add_page(
            home, ServiceIndexPage, title="Service", slug="service"
        )
        factories.translate(index, title="Services", slug="services")
    return index


def form_fields():
    return [
        ServiceFormField(
            label="Dokument", field_type="singleline", required=True, sort_order=0
        ),
        ServiceFormField(
            label=QUANTITY_LABEL, field_type="number", required=True, sort_order=1
        ),
    ]


def service_page(**fields):
    """A live German service: copies of a document at a price per copy."""
    values = {
        "title": "Beglaubigte Kopie",
        "slug": f"kopie-{next(_numbers)}",
        "intro": "Kopien von Dokumenten, amtlich beglaubigt.",
        "online_application": True,
        "department": Group.objects.get_or_create(name="Bürgerbüro")[0],
        "required_identity_level": IdentityLevel.EMAIL,
        "fee_mode": FeeMode.PER_UNIT,
        "fee_amount": Decimal("2.50"),
        "fee_quantity_field": QUANTITY_LABEL,
        "fee_purpose": "Beglaubigung",
        "form_fields": form_fields(),
    }
    values.update(fields)
    page = factories.add_page(service_index(), ServicePage, **values)
    return ServicePage.objects.get(pk=page.pk)


def translated_service(**fields):
    """A German service and its live English translation (same rules, English
    labels on the form)."""
    german = service_page(**fields)
    english = factories.translate(german, title="Certified copy")
    english = ServicePage.objects.get(pk=english.pk)
    labels = {"Dokument": "Document", QUANTITY_LABEL: "Number of copies"}
    fields = list(english.form_fields.all())
    for field in fields:
        field.label = labels.get(field.label, field.label)
        field.clean_name = field.get_field_clean_name()
    english.form_fields = fields
    english.fee_quantity_field = "Number of copies"
    english.save_revision().publish()
    return german, ServicePage.objects.get(pk=english.pk)


def application(applicant, page=None, status=None, paid=False, **fields):
    """An application of ``applicant`` for ``page`` (a new service if none);
    ``paid=True`` adds a confirmed payment of its amount."""
    from payments import PaymentStatus

    from services.models import Application, Payment, Status

    page = page or service_page()
    values = {
        "service": page,
        "service_title": page.title,
        "department": page.department,
        "status": status or Status.SUBMITTED,
        "amount": Decimal("5.00"),
        "quantity": 2,
        "language": "de",
        "answers": [{"name": "dokument", "label": "Dokument", "value": "Zeugnis"}],
    }
    values.update(fields)
    created = Application.objects.create(applicant=applicant, **values)
    if paid:
        Payment.objects.create(
            application=created,
            variant="dummy",
            currency="EUR",
            total=created.amount,
            status=PaymentStatus.CONFIRMED,
        )
    return created
