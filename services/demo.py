"""Demo content of the services app: what is not plain data.

The departments, the section, its topics and the four services with their
application forms are data (``services/demo/pages.yaml``, loaded before this
module). Here the staff accounts of the departments are made (passwords) and
applications in every state are run through the application lifecycle
(events, payments, files), without sending e-mail. Idempotent.
"""

from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import override_settings
from payments import PaymentStatus

from portal.demo import DEMO_PASSWORD
from services import lifecycle
from services.models import (
    Application,
    FeeMode,
    Payment,
    ServiceIndexPage,
    ServicePage,
    Status,
)

# username, first name, last name, e-mail, departments
STAFF = [
    ("buergerbuero", "Berta", "Büro", "buergerbuero@example.org", ["Bürgerbüro"]),
    (
        "ordnungsamt",
        "Otto",
        "Ordnung",
        "ordnungsamt@example.org",
        ["Ordnungsamt", "Kämmerei"],
    ),
]
# service slug, applicant, state, answers (by field label), quantity
APPLICATIONS = [
    (
        "meldebescheinigung",
        "buerger-verifiziert",
        Status.DRAFT,
        ["einfache Meldebescheinigung", "Wohnungssuche"],
    ),
    (
        "meldebescheinigung",
        "buerger-verifiziert",
        Status.AWAITING_PAYMENT,
        ["erweiterte Meldebescheinigung", "Arbeitgeber"],
    ),
    (
        "meldebescheinigung",
        "buerger-verifiziert",
        Status.PAID,
        ["einfache Meldebescheinigung", "Vermieter"],
    ),
    (
        "beglaubigung",
        "buerger",
        Status.IN_PROGRESS,
        ["Abiturzeugnis", "3", "Bürgerbüro Crivitz"],
    ),
    (
        "beglaubigung",
        "buerger",
        Status.COMPLETED,
        ["Geburtsurkunde", "2", "Außenstelle Banzkow"],
    ),
    (
        "beglaubigung",
        "buerger-verifiziert",
        Status.REJECTED,
        ["Reisepass", "1", "Bürgerbüro Crivitz"],
    ),
    (
        "hund-anmelden",
        "buerger",
        Status.SUBMITTED,
        ["Bello", "Labrador", "2026-10-01", ""],
    ),
    (
        "hund-anmelden",
        "buerger-verifiziert",
        Status.COMPLETED,
        ["Frieda", "Dackel", "2026-03-15", ""],
    ),
    (
        "osterfeuer-anzeigen",
        "buerger",
        Status.IN_PROGRESS,
        [
            "Festwiese Banzkow",
            "2027-04-17",
            "Bernd Bürger",
            "03863 123456",
            "lageplan.pdf",
        ],
    ),
    (
        "osterfeuer-anzeigen",
        "buerger-verifiziert",
        Status.SUBMITTED,
        [
            "Sportplatz Leezen",
            "2027-04-17",
            "Freiwillige Feuerwehr Leezen",
            "03866 98765",
            "lageplan-leezen.pdf",
        ],
    ),
    ("hund-anmelden", "buerger", Status.DRAFT, ["Luna", "Beagle", "2026-11-20", ""]),
    (
        "beglaubigung",
        "buerger",
        Status.AWAITING_PAYMENT,
        ["Meisterbrief", "2", "Bürgerbüro Crivitz"],
    ),
    (
        "meldebescheinigung",
        "buerger-verifiziert",
        Status.IN_PROGRESS,
        ["einfache Meldebescheinigung", "Kindergeld"],
    ),
]
# A one-page PDF standing in for an applicant's site plan.
SITE_PLAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
REJECTION = (
    "Reisepässe dürfen nicht amtlich beglaubigt werden (§ 33 VwVfG). Bitte legen "
    "Sie den Pass der anfordernden Stelle im Original vor."
)


def create_staff(demo):
    User = get_user_model()
    for username, first, last, email, departments in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, first_name=first, last_name=last, email=email
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        user.groups.add(*Group.objects.filter(name__in=departments))
        demo.users[username] = user


def _answers(page, values):
    return [
        {"name": field.clean_name, "label": field.label, "value": value}
        for field, value in zip(page.get_form_fields(), values, strict=True)
    ]


def create_applications(demo, services):
    if Application.objects.filter(service__in=services.values()).exists():
        return
    staff = demo.users.get("buergerbuero")
    for slug, username, state, values in APPLICATIONS:
        page = services[slug]
        user = demo.users[username]
        quantity = 1
        if page.fee_mode == FeeMode.PER_UNIT:
            quantity = int(values[1])
        amount = (page.fee_amount * quantity) if page.has_fee else Decimal("0.00")
        application = Application.objects.create(
            service=page,
            service_title=page.title,
            department=page.department,
            applicant=user,
            answers=_answers(page, values),
            amount=amount,
            quantity=quantity,
        )
        application.events.create(to_status=Status.DRAFT, actor=user, note="created")
        for field, value in zip(page.get_form_fields(), values, strict=True):
            if field.field_type == "file" and value:
                application.files.create(
                    field_name=field.clean_name,
                    file=ContentFile(SITE_PLAN_PDF, name=value),
                    original_name=value,
                    content_type="application/pdf",
                    size=len(SITE_PLAN_PDF),
                )
        if state == Status.DRAFT:
            continue
        application = lifecycle.submit(application, user)
        if (
            application.status == Status.AWAITING_PAYMENT
            and state != Status.AWAITING_PAYMENT
        ):
            payment = Payment.objects.create(
                application=application,
                variant="dummy",
                total=application.amount,
                currency="EUR",
                description=application.service_title,
            )
            payment.change_status(PaymentStatus.CONFIRMED)
        processor = (
            staff if page.department.name == "Bürgerbüro" else demo.users["ordnungsamt"]
        )
        if state in {Status.IN_PROGRESS, Status.COMPLETED}:
            lifecycle.start_processing(application, processor)
        if state == Status.COMPLETED:
            lifecycle.complete(application, processor, "Erledigt.")
        if state == Status.REJECTED:
            lifecycle.reject(application, processor, REJECTION)


def load(demo):
    create_staff(demo)
    index = ServiceIndexPage.objects.get(locale=demo.de)
    services = {
        page.slug: page
        for page in ServicePage.objects.descendant_of(index).filter(locale=demo.de)
    }
    # The demo's history must not send e-mails.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
    ):
        create_applications(demo, services)
