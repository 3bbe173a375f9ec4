"""Online services built by tests: the section page in both languages, topics,
departments and their staff, and services with application forms: certified
copies (a fee per copy), a free notification with a required upload (a bonfire),
a free registration with an optional upload (a dog) and a certificate at a fixed
fee that needs a verified identity."""

import itertools
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from accounts.models import IdentityLevel
from portal.indexing import indexed_once
from services.models import (
    FeeMode,
    ServiceFormField,
    ServiceIndexPage,
    ServicePage,
    ServiceTopicPage,
)
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


def department(name):
    """A department: a group whose members process its applications in the admin
    (``services.process_application`` and admin access, as the portal sets up)."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label="wagtailadmin", codename="access_admin")
            | Q(content_type__app_label="services", codename="process_application")
        )
    )
    return group


def department_staff(*names, **kwargs):
    """A member of the named departments (``department``), with an e-mail address."""
    for name in names:
        department(name)
    return factories.UserFactory(groups=list(names), **kwargs)


def service_topic(title="Wohnen & Meldewesen", slug=None, english=None):
    """A topic below the services section; ``english``: the fields of its live
    English translation (``title``, ``slug``), none if not given."""
    topic = factories.add_page(
        service_index(),
        ServiceTopicPage,
        title=title,
        slug=slug or factories.unique_slug("thema"),
        intro=f"Leistungen zum Thema {title}.",
    )
    if english:
        factories.translate(topic, **english)
    return topic


def fields(*specs):
    """Form fields from ``(label, field_type, required)`` or with a fourth item,
    a dict of further attributes (``choices``, ``help_text``)."""
    built = []
    for position, spec in enumerate(specs):
        label, field_type, required, *extra = spec
        built.append(
            ServiceFormField(
                label=label,
                field_type=field_type,
                required=required,
                sort_order=position,
                **(extra[0] if extra else {}),
            )
        )
    return built


FREE = {"fee_mode": FeeMode.NONE, "fee_amount": Decimal("0.00"), "fee_purpose": ""}


def bonfire_service(**fields_):
    """A free notification of the Ordnungsamt with a required site plan."""
    values = {
        "title": "Osterfeuer anzeigen",
        "slug": f"osterfeuer-{next(_numbers)}",
        "department": department("Ordnungsamt"),
        "fee_quantity_field": "",
        "form_fields": fields(
            ("Ort des Feuers", "singleline", True),
            ("Datum", "date", True),
            ("Verantwortliche Person", "singleline", True),
            ("Telefon", "singleline", True),
            ("Lageplan", "file", True),
        ),
        **FREE,
    }
    return service_page(**(values | fields_))


def dog_service(**fields_):
    """A free registration for the dog tax, processed by the Kämmerei."""
    values = {
        "title": "Hund anmelden",
        "slug": f"hund-{next(_numbers)}",
        "department": department("Kämmerei"),
        "fee_quantity_field": "",
        "form_fields": fields(
            ("Name des Hundes", "singleline", True),
            ("Rasse", "singleline", True),
            ("Haltung seit", "date", True),
            ("Nachweis der Haftpflichtversicherung", "file", False),
        ),
        **FREE,
    }
    return service_page(**(values | fields_))


def certificate_service(**fields_):
    """A registration certificate at a fixed fee, for verified identities only."""
    values = {
        "title": "Meldebescheinigung beantragen",
        "slug": f"meldebescheinigung-{next(_numbers)}",
        "required_identity_level": IdentityLevel.SUBSTANTIAL,
        "fee_mode": FeeMode.FIXED,
        "fee_amount": Decimal("10.00"),
        "fee_quantity_field": "",
        "fee_purpose": "Meldebescheinigung",
        "form_fields": fields(
            (
                "Art der Bescheinigung",
                "radio",
                True,
                {"choices": "einfache Meldebescheinigung\nerweiterte"},
            ),
            ("Verwendungszweck", "singleline", True),
        ),
    }
    return service_page(**(values | fields_))


def translate_service(german, title, labels=None, **fields_):
    """The live English translation of ``german``: its form fields relabelled by
    ``labels`` (German label → English), their names (``clean_name``) kept, as
    the portal keeps them (answers are stored under them)."""
    with indexed_once(ServicePage):
        english = factories.translate(german, title=title, **fields_)
        english = ServicePage.objects.get(pk=english.pk)
        relabelled = list(english.form_fields.all())
        for field in relabelled:
            field.clean_name = field.clean_name or field.get_field_clean_name()
            field.label = (labels or {}).get(field.label, field.label)
        english.form_fields = relabelled
        english.save_revision().publish()
    return ServicePage.objects.get(pk=english.pk)


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
        "department": department("Bürgerbüro"),
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
    with indexed_once(ServicePage):
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
