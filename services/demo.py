"""Demo content of the services app: four services of a rural Amt and
applications in every state (idempotent; runs after ``accounts.demo``).

Departments are Django groups whose members process the applications of the
services assigned to them.
"""

from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import override_settings
from payments import PaymentStatus
from wagtail.models import Page

from accounts.models import IdentityLevel
from portal.demo import DEMO_PASSWORD
from services import lifecycle
from services.models import (
    Application,
    FeeMode,
    Payment,
    ServiceFormField,
    ServiceIndexPage,
    ServicePage,
    ServiceTopicPage,
    Status,
)

DEPARTMENTS = ["Bürgerbüro", "Ordnungsamt", "Kämmerei"]
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

TOPICS = [
    # slug, title, intro, English slug, title, intro
    (
        "wohnen-und-meldewesen",
        "Wohnen & Meldewesen",
        "Anmelden, ummelden, Bescheinigungen und Beglaubigungen.",
        "housing-and-registration",
        "Housing & registration",
        "Registering your address, certificates and certified copies.",
    ),
    (
        "tiere-feuer-und-ordnung",
        "Tiere, Feuer & Ordnung",
        "Hunde anmelden, Brauchtumsfeuer anzeigen und mehr.",
        "animals-fires-and-public-order",
        "Animals, fires & public order",
        "Registering a dog, notifying a traditional bonfire and more.",
    ),
]

P = "<p>{}</p>".format


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


SERVICES = [
    {
        "topic": "wohnen-und-meldewesen",
        "slug": "meldebescheinigung",
        "search_terms": "Meldebestätigung, Wohnsitzbescheinigung, Aufenthaltsbescheinigung, Melderegisterauskunft, Wohnsitz nachweisen",
        "search_terms_en": "proof of address, residence certificate, certificate of registration",
        "title": "Meldebescheinigung beantragen",
        "intro": "Eine Meldebescheinigung bestätigt, wo Sie mit Haupt- oder "
        "Nebenwohnung gemeldet sind. Sie brauchen sie zum Beispiel für Behörden, "
        "Arbeitgeber oder Vermieter.",
        "who_may_apply": P(
            "Jede Person, die im Amtsbereich gemeldet ist, für sich selbst."
        ),
        "requirements": P(
            "Eine bestätigte Identität (Online-Ausweis über die BundID, Vertrauensniveau "
            "„substanziell“), damit die Bescheinigung nur an Sie geht."
        ),
        "documents": P("Keine – die Angaben stehen im Melderegister."),
        "fees_text": P(
            "10,00 EUR je Bescheinigung (Gebührenverzeichnis der Amtssatzung)."
        ),
        "deadlines": P("Keine."),
        "processing_time": "1 bis 3 Werktage nach Zahlungseingang",
        "legal_basis": P("§ 18 Bundesmeldegesetz (BMG)"),
        "responsible_office": "Amt – Bürgerbüro",
        "contact": "Bürgerbüro, Amtsstraße 5, Erdgeschoss\n"
        "Di 9–12 und 13–18 Uhr, Do 9–12 Uhr",
        "department": "Bürgerbüro",
        "required_identity_level": IdentityLevel.SUBSTANTIAL,
        "fee_mode": FeeMode.FIXED,
        "fee_amount": Decimal("10.00"),
        "fee_purpose": "Meldebescheinigung",
        "fields": [
            (
                "Art der Bescheinigung",
                "radio",
                "einfache Meldebescheinigung\nerweiterte Meldebescheinigung",
                True,
                "Type of certificate",
            ),
            ("Verwendungszweck", "singleline", "", True, "Purpose"),
        ],
        "en": (
            "registration-certificate",
            "Apply for a registration certificate",
            "A registration certificate confirms where you are registered. You may "
            "need it for authorities, employers or landlords.",
        ),
    },
    {
        "topic": "wohnen-und-meldewesen",
        "slug": "beglaubigung",
        "search_terms": "Kopie beglaubigen, Zeugnis beglaubigen, Abschrift, beglaubigte Kopie",
        "search_terms_en": "certify a copy, certified copy, attested copy",
        "title": "Amtliche Beglaubigung von Kopien",
        "intro": "Wir beglaubigen Kopien von Zeugnissen, Urkunden und anderen "
        "Dokumenten. Sie beantragen online und bringen das Original zur Abholung mit.",
        "who_may_apply": P("Jede Person."),
        "requirements": P("Ein Benutzerkonto mit bestätigter E-Mail-Adresse."),
        "documents": ul("das Original des Dokuments (bei der Abholung)"),
        "fees_text": P("3,00 EUR je beglaubigter Kopie."),
        "deadlines": P("Keine."),
        "processing_time": "Abholung nach Terminvereinbarung, meist in derselben Woche",
        "legal_basis": P("§ 33 Verwaltungsverfahrensgesetz (VwVfG M-V)"),
        "responsible_office": "Amt – Bürgerbüro",
        "contact": "Bürgerbüro, Amtsstraße 5, Erdgeschoss",
        "department": "Bürgerbüro",
        "required_identity_level": IdentityLevel.EMAIL,
        "fee_mode": FeeMode.PER_UNIT,
        "fee_amount": Decimal("3.00"),
        "fee_quantity_field": "Anzahl der Kopien",
        "fee_purpose": "Beglaubigung",
        "fields": [
            ("Dokument", "singleline", "", True, "Document"),
            ("Anzahl der Kopien", "number", "", True, "Number of copies"),
            (
                "Abholung",
                "dropdown",
                "Bürgerbüro Crivitz\nAußenstelle Banzkow",
                True,
                "Collection",
            ),
        ],
        "en": (
            "certified-copies",
            "Certified copies",
            "We certify copies of certificates and other documents. Apply online "
            "and bring the original when you collect them.",
        ),
    },
    {
        "topic": "tiere-feuer-und-ordnung",
        "slug": "hund-anmelden",
        "search_terms": "Hundesteuer, Hundemarke, Hund ummelden, Hund abmelden, Steuermarke",
        "search_terms_en": "dog tax, dog tag, dog licence",
        "title": "Hund anmelden (Hundesteuer)",
        "intro": "Wer im Amtsbereich einen Hund hält, meldet ihn innerhalb von zwei "
        "Wochen zur Hundesteuer an. Sie erhalten eine Steuermarke und einen Bescheid.",
        "who_may_apply": P(
            "Halterinnen und Halter eines Hundes mit Wohnsitz im Amtsbereich."
        ),
        "requirements": P("Ein Benutzerkonto mit bestätigter E-Mail-Adresse."),
        "documents": ul("Nachweis der Hundehaftpflichtversicherung (PDF oder Foto)"),
        "fees_text": P(
            "Die Anmeldung ist gebührenfrei; die Steuer setzt der Bescheid fest."
        ),
        "deadlines": P("Innerhalb von zwei Wochen nach Beginn der Haltung."),
        "processing_time": "etwa 2 Wochen",
        "legal_basis": P("Hundesteuersatzung der Gemeinde"),
        "responsible_office": "Amt – Kämmerei, Steuern und Abgaben",
        "contact": "Kämmerei, Amtsstraße 5, 1. Obergeschoss",
        "department": "Kämmerei",
        "required_identity_level": IdentityLevel.EMAIL,
        "fee_mode": FeeMode.NONE,
        "fee_amount": Decimal("0.00"),
        "fields": [
            ("Name des Hundes", "singleline", "", True, "Name of the dog"),
            ("Rasse", "singleline", "", True, "Breed"),
            ("Haltung seit", "date", "", True, "Kept since"),
            (
                "Nachweis der Haftpflichtversicherung",
                "file",
                "",
                False,
                "Proof of liability insurance",
            ),
        ],
        "en": (
            "register-a-dog",
            "Register a dog (dog tax)",
            "Dog keepers register their dog for the dog tax within two weeks. You "
            "receive a tax tag and a notice.",
        ),
    },
    {
        "topic": "tiere-feuer-und-ordnung",
        "slug": "osterfeuer-anzeigen",
        "search_terms": "Lagerfeuer, Feuer anmelden, Johannisfeuer, Brauchtumsfeuer, Feuer anzeigen",
        "search_terms_en": "bonfire, Easter fire, campfire, fire notification",
        "title": "Brauchtumsfeuer (Osterfeuer) anzeigen",
        "intro": "Ein Oster- oder anderes Brauchtumsfeuer zeigen Sie spätestens zwei "
        "Wochen vorher beim Ordnungsamt an. Wir prüfen Ort und Auflagen.",
        "who_may_apply": P(
            "Vereine, Feuerwehren, Kirchengemeinden und Privatpersonen."
        ),
        "requirements": P("Ein Benutzerkonto mit bestätigter E-Mail-Adresse."),
        "documents": ul(
            "Lageplan mit Abständen zu Gebäuden und Wald (PDF, JPEG oder PNG)"
        ),
        "fees_text": P("Gebührenfrei."),
        "deadlines": P("Spätestens zwei Wochen vor dem Feuer."),
        "processing_time": "etwa 1 Woche",
        "legal_basis": P("Brandschutz- und Hilfeleistungsgesetz M-V, Abfallrecht"),
        "responsible_office": "Amt – Ordnungsamt",
        "contact": "Ordnungsamt, Amtsstraße 5, 1. Obergeschoss",
        "department": "Ordnungsamt",
        "required_identity_level": IdentityLevel.EMAIL,
        "fee_mode": FeeMode.NONE,
        "fee_amount": Decimal("0.00"),
        "fields": [
            ("Ort des Feuers", "singleline", "", True, "Location of the fire"),
            ("Datum", "date", "", True, "Date"),
            ("Verantwortliche Person", "singleline", "", True, "Person in charge"),
            ("Telefon", "singleline", "", True, "Phone"),
            ("Lageplan", "file", "", True, "Site plan"),
        ],
        "en": (
            "notify-a-bonfire",
            "Notify a traditional bonfire (Easter fire)",
            "Notify an Easter fire or other traditional bonfire to the public order "
            "office at least two weeks beforehand.",
        ),
    },
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


def create_departments():
    permissions = Permission.objects.filter(
        content_type__app_label__in=["wagtailadmin", "services"],
        codename__in=["access_admin", "process_application"],
    )
    groups = {}
    for name in DEPARTMENTS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
        groups[name] = group
    return groups


def create_staff(demo, groups):
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
        user.groups.add(*(groups[name] for name in departments))
        demo.users[username] = user


TILE_TEXT = "Anträge stellen, Unterlagen hochladen und Gebühren online bezahlen."
TILE_TEXT_EN = "Apply, upload documents and pay fees online."


def _show_in_menu(page, title):
    """First in the main navigation: what most visitors come for."""
    first = page.get_parent().get_first_child()
    if first.pk != page.pk:
        page.move(first, pos="left")
        page.refresh_from_db()
    if page.show_in_menus and page.title == title:
        return
    page.show_in_menus = True
    page.title = title
    page.save_revision().publish()


def _home_tile(home, index, title, text):
    """The "Online services" tile first in the home page's section tiles."""
    # fresh from the database: a stale object would write back an old ``numchild``
    # (the section was just added below this home page)
    home = Page.objects.get(pk=home.pk).specific
    if any(
        block.block_type == "section" and block.value["page"].pk == index.pk
        for block in home.teasers
    ):
        return
    tile = {"page": index, "title": title, "text": text, "icon": "services"}
    home.teasers = [("section", tile)] + [
        (block.block_type, block.value) for block in home.teasers
    ]
    home.save_revision().publish()


def _central_phone(page, contact):
    """Older demo databases gave each service its own phone number; the page
    now shows the portal's central number (docs/content.md)."""
    ServicePage.objects.filter(translation_key=page.translation_key).filter(
        contact__contains="0000-"
    ).update(contact=contact)


def create_pages(demo, groups):
    index = demo.page(
        demo.home,
        ServiceIndexPage,
        "service",
        title="Online-Dienste",
        show_in_menus=True,
        intro="Anträge online stellen und Gebühren online bezahlen: Leistungen des "
        "Amtes nach Themen und Lebenslagen.",
    )
    _show_in_menu(index, "Online-Dienste")
    home_en = demo.home_en()
    if home_en is not None:
        index_en = demo.translate(
            index,
            title="Online services",
            slug="services",
            intro="Apply online and pay fees online: services of the administration "
            "by topic and life situation.",
        )
        _show_in_menu(index_en, "Online services")
        _home_tile(demo.home, index, "Online-Dienste", TILE_TEXT)
        _home_tile(home_en, index, "Online services", TILE_TEXT_EN)
    topics = {}
    for slug, title, intro, slug_en, title_en, intro_en in TOPICS:
        topic = demo.page(index, ServiceTopicPage, slug, title=title, intro=intro)
        if home_en is not None:
            demo.translate(topic, title=title_en, slug=slug_en, intro=intro_en)
        topics[slug] = topic
    services = {}
    for spec in SERVICES:
        spec = dict(spec)
        topic = topics[spec.pop("topic")]
        slug = spec.pop("slug")
        fields = spec.pop("fields")
        slug_en, title_en, intro_en = spec.pop("en")
        search_terms_en = spec.pop("search_terms_en", "")
        spec["department"] = groups[spec["department"]]
        page = topic.get_children().filter(slug=slug).first()
        if page is None:
            page = ServicePage(slug=slug, locale=topic.locale, **spec)
            for order, (label, kind, choices, required, _en) in enumerate(fields):
                page.form_fields.add(
                    ServiceFormField(
                        sort_order=order,
                        label=label,
                        field_type=kind,
                        choices=choices,
                        required=required,
                    )
                )
            topic.add_child(instance=page)
            page.full_clean()
            page.save_revision().publish()
        page = page.specific
        _central_phone(page, spec["contact"])
        if spec.get("search_terms") and not page.search_terms:
            # Demo databases from before the search terms existed get them too.
            page.search_terms = spec["search_terms"]
            page.save_revision().publish()
        if home_en is not None and page.get_translation_or_none(demo.en) is None:
            translation = demo.translate(
                page,
                title=title_en,
                slug=slug_en,
                intro=intro_en,
                search_terms=search_terms_en,
            )
            labels = {label: en for label, _k, _c, _r, en in fields}
            for field in translation.form_fields.all():
                field.label = labels.get(field.label, field.label)
                field.save()
        services[slug] = page
    return services


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
    groups = create_departments()
    create_staff(demo, groups)
    services = create_pages(demo, groups)
    # The demo's history must not send e-mails.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
    ):
        create_applications(demo, services)
