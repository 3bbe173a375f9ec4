"""Demo content of the services app: what is not plain data.

The departments, the section, its topics and the four services with their
application forms are data (``services/demo/pages.yaml``), and so are the
staff accounts (``services/demo/staff.yaml``, loaded before this module; here
they get the demo password) and the applications
(``services/demo/input/applications.yaml``): here each is run through the
application lifecycle up to its state (events, payments, files), without
sending e-mail. Idempotent.
"""

from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.test import override_settings
from payments import PaymentStatus

from portal.demo_loader import DemoLoader, read
from services import lifecycle
from services.models import (
    Application,
    FeeMode,
    Payment,
    ServiceIndexPage,
    ServicePage,
    Status,
)

STAFF = Path(__file__).parent / "demo" / "staff.yaml"
APPLICATIONS = Path(__file__).parent / "demo" / "input" / "applications.yaml"
# A one-page PDF standing in for an applicant's site plan.
SITE_PLAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _answers(page, values):
    return [
        {"name": field.clean_name, "label": field.label, "value": value}
        for field, value in zip(page.get_form_fields(), values, strict=True)
    ]


def create_applications(demo, services):
    if Application.objects.filter(service__in=services.values()).exists():
        return
    staff = demo.users.get("buergerbuero")
    loader = DemoLoader(demo)
    for row in read(APPLICATIONS):
        page, user = services[row["service"]], demo.users[row["applicant"]]
        state = Status(row["status"])
        values = [str(value) for value in loader.resolve(row["answers"], demo.de)]
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
            lifecycle.reject(application, processor, row["reason"])


def load(demo):
    demo.data_users(STAFF)
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
