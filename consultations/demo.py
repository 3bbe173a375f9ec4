"""Demo content: one open consultation per participation rule, one in evaluation,
one with published results and replies, in German and English.

Idempotent: pages are found by slug; responses are generated only for a
consultation that has none. ``load_scale`` adds 100 consultations with 100,000
responses in bulk for the benchmark.
"""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import IdentityLevel

from . import budgets
from .models import (
    Ballot,
    BudgetPage,
    BudgetProject,
    Channel,
    ChoiceAnswer,
    ConsultationIndexPage,
    ConsultationPage,
    ImplementationPage,
    ImplementationStatus,
    Milestone,
    ModerationMode,
    Outcome,
    Participation,
    Proposal,
    ProposalProcessPage,
    ProposalStatus,
    ProposalSupport,
    Response,
    Statement,
    StatementStatus,
    Topic,
    TrackedItem,
    VotingRule,
)
from .models.participation import new_receipt

User = get_user_model()
NAMESPACE = uuid.UUID("6f1c1f0e-8a53-4e0e-9a57-2b5d0c1e7a11")


def qid(slug, n):
    return str(uuid.uuid5(NAMESPACE, f"{slug}-{n}"))


def questionnaire(slug, language):
    """The demo questionnaire (same block ids in both languages)."""
    de = language == "de"

    def block(n, kind, question, **value):
        value = {
            "question": question,
            "help_text": value.pop("help_text", ""),
            "required": value.pop("required", True),
            "public": value.pop("public", True),
            **value,
        }
        return {"type": kind, "value": value, "id": qid(slug, n)}

    return [
        block(
            1,
            "single_choice",
            "Wie oft sind Sie dort unterwegs?" if de else "How often do you go there?",
            options=["Täglich", "Wöchentlich", "Seltener", "Nie"]
            if de
            else ["Daily", "Weekly", "Less often", "Never"],
        ),
        block(
            2,
            "scale",
            "Wie wichtig ist Ihnen das Vorhaben?"
            if de
            else "How important is the project to you?",
            steps=5,
            min_label="unwichtig" if de else "not important",
            max_label="sehr wichtig" if de else "very important",
        ),
        block(
            3,
            "multiple_choice",
            "Was sollte unbedingt dabei sein?" if de else "What must be included?",
            required=False,
            options=["Beleuchtung", "Sitzbänke", "Barrierefreiheit", "Bäume"]
            if de
            else ["Lighting", "Benches", "Accessibility", "Trees"],
        ),
        block(
            4,
            "yes_no",
            "Unterstützen Sie den Entwurf?" if de else "Do you support the draft?",
        ),
        block(
            5,
            "ranking",
            "Ordnen Sie nach Wichtigkeit" if de else "Rank by importance",
            required=False,
            options=["Sicherheit", "Kosten", "Umwelt"]
            if de
            else ["Safety", "Cost", "Environment"],
        ),
        block(
            6,
            "long_text",
            "Ihre Stellungnahme" if de else "Your statement",
            required=False,
            max_length=5000,
            help_text="Wir antworten auf jede Stellungnahme."
            if de
            else "We reply to every statement.",
        ),
        block(
            7,
            "short_text",
            "In welchem Ortsteil wohnen Sie?"
            if de
            else "Which part of the village do you live in?",
            required=False,
            public=False,
        ),
        block(
            8,
            "map_point",
            "Wo sehen Sie ein Problem?" if de else "Where do you see a problem?",
            required=False,
        ),
        block(
            9,
            "attachment",
            "Foto oder Dokument" if de else "Photo or document",
            required=False,
            public=False,
        ),
    ]


STATEMENTS = [
    (
        "Bitte an eine sichere Querung an der Schule denken.",
        Outcome.ACCEPTED,
        "Eine Querungshilfe vor der Schule ist in den Entwurf aufgenommen.",
    ),
    (
        "Die Kosten sind zu hoch, das Geld fehlt bei den Kitas.",
        Outcome.REJECTED,
        "Das Vorhaben wird zu 75 % aus Fördermitteln bezahlt, die nur dafür "
        "verwendet werden dürfen; der Kita-Haushalt bleibt unberührt.",
    ),
    (
        "Mehr Bäume statt Parkplätze!",
        Outcome.PARTLY,
        "Zwölf zusätzliche Bäume werden gepflanzt; vier Parkplätze bleiben für "
        "Menschen mit Behinderung.",
    ),
    (
        "Gute Idee, endlich passiert etwas.",
        Outcome.NOTED,
        "Vielen Dank für Ihre Rückmeldung.",
    ),
]


def _consultation(demo, index, slug, title, title_en, intro, intro_en, **fields):
    page = demo.page(
        index,
        ConsultationPage,
        slug,
        title=title,
        intro=intro,
        questions=questionnaire(slug, "de"),
        **fields,
    )
    demo.translate(
        page,
        title=title_en,
        intro=intro_en,
        questions=questionnaire(slug, "en"),
    )
    return page


def _answers(page, rng):
    slug = page.slug
    answers = {
        qid(slug, 1): str(rng.choice([0, 0, 1, 1, 1, 2, 3])),
        qid(slug, 2): str(rng.choice([2, 3, 4, 4, 5, 5])),
        qid(slug, 4): rng.choice(["yes", "yes", "yes", "no", "abstain"]),
    }
    if rng.random() < 0.7:
        answers[qid(slug, 3)] = sorted(
            rng.sample(["0", "1", "2", "3"], rng.randint(1, 3))
        )
    if rng.random() < 0.5:
        order = ["0", "1", "2"]
        rng.shuffle(order)
        answers[qid(slug, 5)] = order
    return answers


def _choice_rows(page, response, answers):
    from .questionnaire import choice_rows, questions_of

    return [
        ChoiceAnswer(
            response=response,
            consultation=page,
            question=question,
            value=value,
            rank=rank,
        )
        for question, value, rank in choice_rows(questions_of(page), answers)
    ]


def generate_responses(page, count, rng, batch=2000):
    """``count`` anonymous responses with closed answers, in bulk."""
    created = 0
    while created < count:
        size = min(batch, count - created)
        responses = Response.objects.bulk_create(
            [
                Response(
                    consultation=page,
                    receipt=new_receipt(),
                    answers=_answers(page, rng),
                    language="de",
                )
                for _ in range(size)
            ]
        )
        rows = []
        for response in responses:
            rows.extend(_choice_rows(page, response, response.answers))
        ChoiceAnswer.objects.bulk_create(rows, batch_size=5000)
        created += size


def add_statements(page, replies):
    for text, outcome, reply in STATEMENTS:
        Statement.objects.get_or_create(
            consultation=page,
            text=text,
            defaults={
                "channel": Channel.QUESTIONNAIRE,
                "question": qid(page.slug, 6),
                "reply_outcome": outcome if replies else "",
                "reply_text": reply if replies else "",
            },
        )
    Statement.objects.get_or_create(
        consultation=page,
        channel=Channel.PAPER,
        text="Schriftliche Stellungnahme des Heimatvereins: Der alte Baumbestand "
        "am Dorfteich muss erhalten bleiben.",
        defaults={
            "author_name": "Heimatverein",
            "reply_outcome": Outcome.ACCEPTED if replies else "",
            "reply_text": "Der Baumbestand bleibt erhalten; die Trasse wird verlegt."
            if replies
            else "",
        },
    )


def load(demo):
    home = demo.home
    index = demo.page(
        home,
        ConsultationIndexPage,
        "beteiligung",
        title="Beteiligung",
        show_in_menus=True,
        intro="Sagen Sie uns Ihre Meinung: Umfragen, Stellungnahmen und die "
        "Ergebnisse mit unserer Antwort auf jede Stellungnahme.",
        teaser_text="Umfragen und Stellungnahmen zu Vorhaben im Amt Crivitz.",
    )
    demo.translate(
        index,
        slug="participation",
        title="Participation",
        intro="Tell us what you think: surveys, statements and the results with "
        "our reply to every statement.",
        teaser_text="Surveys and statements on projects in Amt Crivitz.",
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    day = datetime.timedelta(days=1)
    open_phase = {"opens_at": now - 7 * day, "closes_at": now + 30 * day}
    crivitz = demo.municipality("crivitz")

    _consultation(
        demo,
        index,
        "radweg-crivitz-banzkow",
        "Radweg Crivitz–Banzkow",
        "Cycle path Crivitz–Banzkow",
        "Wie soll der neue Radweg zwischen Crivitz und Banzkow aussehen? Jede und "
        "jeder kann mitmachen, auch ohne Konto.",
        "What should the new cycle path between Crivitz and Banzkow look like? "
        "Everybody can take part, no account needed.",
        topic=Topic.TRAFFIC,
        participation=Participation.ANYONE,
        allow_comments=True,
        moderation=ModerationMode.POST,
        sections=[
            {
                "type": "section",
                "id": qid("radweg-sections", 1),
                "value": {
                    "heading": "1. Trasse",
                    "text": "<p>Der Radweg folgt der Landesstraße auf der Ostseite.</p>",
                },
            },
            {
                "type": "section",
                "id": qid("radweg-sections", 2),
                "value": {
                    "heading": "2. Querungen",
                    "text": "<p>Zwei Querungshilfen in Sukow und vor Banzkow.</p>",
                },
            },
        ],
        **open_phase,
    )
    _consultation(
        demo,
        index,
        "spielplatz-plate",
        "Neuer Spielplatz in Plate",
        "New playground in Plate",
        "Was wünschen Sie sich für den Spielplatz am Sportplatz? Mitmachen mit "
        "einem Konto im Portal.",
        "What would you like for the playground by the sports field? Take part "
        "with an account on the portal.",
        topic=Topic.SOCIAL,
        municipality=demo.municipality("plate"),
        participation=Participation.ACCOUNT,
        allow_comments=True,
        moderation=ModerationMode.PRE,
        **open_phase,
    )
    _consultation(
        demo,
        index,
        "buergerhaushalt-2027",
        "Bürgerhaushalt 2027",
        "Citizens' budget 2027",
        "Wofür soll das Amt 50.000 Euro ausgeben? Mitmachen mit geprüfter "
        "Identität (BundID).",
        "What should the Amt spend 50,000 euros on? Take part with a verified "
        "identity (BundID).",
        topic=Topic.BUDGET,
        participation=Participation.IDENTITY,
        min_identity_level=IdentityLevel.SUBSTANTIAL,
        **open_phase,
    )
    residents = _consultation(
        demo,
        index,
        "dorfgemeinschaftshaus-crivitz",
        "Dorfgemeinschaftshaus Crivitz",
        "Village hall Crivitz",
        "Wie soll das Dorfgemeinschaftshaus genutzt werden? Mitmachen können "
        "Einwohnerinnen und Einwohner von Crivitz.",
        "How should the village hall be used? Residents of Crivitz can take part.",
        topic=Topic.PLANNING,
        municipality=crivitz,
        participation=Participation.RESIDENTS,
        min_identity_level=IdentityLevel.BASIC,
        council_interim_results=True,
        **open_phase,
    )
    if not residents.resident_municipalities.exists():
        residents.resident_municipalities.add(crivitz)
        residents.save_revision().publish()
    evaluation = _consultation(
        demo,
        index,
        "laermaktionsplan",
        "Lärmaktionsplan 2026",
        "Noise action plan 2026",
        "Die Beteiligung ist beendet; wir werten die Stellungnahmen aus.",
        "The consultation has closed; we are evaluating the statements.",
        topic=Topic.ENVIRONMENT,
        participation=Participation.ACCOUNT,
        opens_at=now - 60 * day,
        closes_at=now - 5 * day,
    )
    results = _consultation(
        demo,
        index,
        "dorfplatz-banzkow",
        "Neugestaltung Dorfplatz Banzkow",
        "Redesign of the village square in Banzkow",
        "Die Ergebnisse sind veröffentlicht: Zahlen, jede Stellungnahme und unsere "
        "Antwort darauf.",
        "The results are published: figures, every statement and our reply.",
        topic=Topic.PLANNING,
        municipality=demo.municipality("banzkow"),
        participation=Participation.ANYONE,
        opens_at=now - 120 * day,
        closes_at=now - 60 * day,
        results_published_at=now - 10 * day,
        results_summary="<p>Die Mehrheit unterstützt den Entwurf. Wir haben vier "
        "Anregungen übernommen.</p>",
    )
    if not evaluation.responses.exists():
        generate_responses(evaluation, 30, demo.rng)
        add_statements(evaluation, replies=False)
    if not results.responses.exists():
        generate_responses(results, 120, demo.rng)
        add_statements(results, replies=True)
    Statement.objects.get_or_create(
        consultation=ConsultationPage.objects.get(
            slug="radweg-crivitz-banzkow", locale=demo.de
        ),
        channel=Channel.COMMENT,
        text="Bitte auch an Abstellanlagen am Bahnhof denken.",
        defaults={"author_name": "Radlerin", "status": StatementStatus.PUBLISHED},
    )
    load_proposals(demo, index, now)
    load_budgets(demo, index, now)
    load_implementation(demo, index, now)


# --- citizen proposals -----------------------------------------------------------------
DEMO_PROPOSALS = [
    # title, topic, place, cost, supports, assessment, answer
    (
        "Sitzbänke am Crivitzer See",
        Topic.OTHER,
        "Uferweg",
        3000,
        31,
        "feasible",
        "Der Bauhof stellt im Frühjahr sechs Bänke am Uferweg auf.",
    ),
    (
        "Trinkwasserbrunnen auf dem Marktplatz",
        Topic.ENVIRONMENT,
        "Marktplatz",
        12000,
        27,
        "planned",
        "Ein Brunnen ist in der Marktplatzplanung 2027 schon "
        "vorgesehen; Ihr Vorschlag bestätigt den Standort.",
    ),
    (
        "Tempo 30 vor der Grundschule",
        Topic.TRAFFIC,
        "Schulstraße",
        None,
        24,
        "council",
        "Geschwindigkeitsbegrenzungen ordnet die Straßenverkehrsbehörde des "
        "Landkreises an; die Gemeindevertretung berät den Antrag am nächsten Termin.",
    ),
    (
        "Mitfahrbank nach Schwerin",
        Topic.TRAFFIC,
        "Bushaltestelle Bahnhof",
        800,
        22,
        "",
        "",
    ),
    (
        "Öffentliche Toilette am Badestrand",
        Topic.OTHER,
        "Badestelle",
        45000,
        19,
        "not_feasible",
        "Betrieb und Reinigung einer Toilette kosten jährlich mehr, "
        "als der Haushalt trägt; wir prüfen eine Kooperation mit dem Kiosk.",
    ),
    ("Obstbäume an der Feldstraße", Topic.ENVIRONMENT, "Feldstraße", 2500, 17, "", ""),
    ("Repair-Café im Gemeindehaus", Topic.SOCIAL, "Gemeindehaus", 500, 15, "", ""),
    (
        "Beleuchtung am Radweg zum Bahnhof",
        Topic.TRAFFIC,
        "Radweg Bahnhof",
        18000,
        14,
        "",
        "",
    ),
    ("Bücherschrank am Rathaus", Topic.SOCIAL, "Rathausplatz", 1200, 12, "", ""),
    ("Blühstreifen statt Rasen", Topic.ENVIRONMENT, "Grünflächen", 1500, 11, "", ""),
    ("Skateranlage für Jugendliche", Topic.SOCIAL, "Sportplatz", 60000, 10, "", ""),
    ("Hundewiese am Ortsrand", Topic.OTHER, "Ortsausgang Süd", 4000, 9, "", ""),
    ("Fahrradbügel am Supermarkt", Topic.TRAFFIC, "Parkplatz", 900, 8, "", ""),
    ("Sonnensegel über dem Spielplatz", Topic.SOCIAL, "Spielplatz", 6000, 8, "", ""),
    ("Infotafel zur Stadtgeschichte", Topic.OTHER, "Kirchplatz", 2000, 7, "", ""),
    ("Nistkästen im Stadtwald", Topic.ENVIRONMENT, "Stadtwald", 300, 6, "", ""),
    ("Tauschbörse für Saatgut", Topic.ENVIRONMENT, "Bibliothek", 100, 5, "", ""),
    ("WLAN im Jugendclub", Topic.SOCIAL, "Jugendclub", 700, 5, "", ""),
    ("Zebrastreifen an der Kita", Topic.TRAFFIC, "Kita Sonnenschein", None, 4, "", ""),
    ("Seniorentreff am Nachmittag", Topic.SOCIAL, "Gemeindehaus", 0, 4, "", ""),
    ("Müllbehälter am Wanderweg", Topic.ENVIRONMENT, "Wanderweg", 600, 3, "", ""),
    ("Ladesäule für E-Bikes", Topic.TRAFFIC, "Touristinfo", 3500, 3, "", ""),
    ("Schattenbäume auf dem Schulhof", Topic.ENVIRONMENT, "Schulhof", 5000, 2, "", ""),
    ("Ortsplan am Bahnhof", Topic.OTHER, "Bahnhof", 1500, 1, "", ""),
    ("Kneipp-Becken im Kurpark", Topic.OTHER, "Kurpark", 20000, 0, "", ""),
]


def load_proposals(demo, index, now):
    """One proposal process collecting proposals, with supports and answers."""
    day = datetime.timedelta(days=1)
    process = demo.page(
        index,
        ProposalProcessPage,
        "ideen-fuer-crivitz",
        title="Ideen für Crivitz",
        intro="Was soll in Crivitz besser werden? Machen Sie Vorschläge und "
        "unterstützen Sie andere; ab 20 Unterstützungen antwortet die Verwaltung "
        "öffentlich und begründet.",
        municipality=demo.municipality("crivitz"),
        opens_at=now - 30 * day,
        collecting_until=now + 14 * day,
        closes_at=now + 45 * day,
        participation=Participation.ACCOUNT,
        support_threshold=20,
        moderation=ModerationMode.PRE,
        contact_email="buergerbeteiligung@example.org",
    )
    demo.translate(
        process,
        slug="ideas-for-crivitz",
        title="Ideas for Crivitz",
        intro="What should get better in Crivitz? Make proposals and support "
        "others; from 20 supports the administration answers in public, with "
        "reasons.",
    )
    if not process.proposals.exists():
        _create_proposals(process, demo.rng, now)
    for title, alt_text, palette in DEMO_PROPOSAL_IMAGES:
        proposal = process.proposals.filter(title=title, image__isnull=True).first()
        if proposal is not None:
            proposal.image = demo.image(
                f"Vorschlag: {title}", alt_text, palette=palette, credit=""
            )
            proposal.save(update_fields=["image"])
    return process


# Images the proposers uploaded (alt text as they wrote it: proposals are kept in
# the language they were written in, on the German and English page alike).
DEMO_PROPOSAL_IMAGES = [
    (
        "Sitzbänke am Crivitzer See",
        "Der Uferweg am Crivitzer See, an dem Bänke fehlen",
        "lake",
    ),
    (
        "Schattenbäume auf dem Schulhof",
        "Der Schulhof ohne Bäume in der Mittagssonne",
        "meadow",
    ),
    ("Grillplatz am Sportplatz", "Die Wiese neben dem Sportplatz", "forest"),
]


def _create_proposals(process, rng, now):
    day = datetime.timedelta(days=1)
    author = User.objects.filter(username="buerger").first()
    for n, (title, topic, place, cost, supports, assessment, answer) in enumerate(
        DEMO_PROPOSALS
    ):
        created = now - (28 - n) * day
        proposal = Proposal.objects.create(
            process=process,
            author=author if n == 3 else None,
            title=title,
            text=f"{title}: Das würde den Alltag in Crivitz spürbar verbessern. "
            f"Ort: {place}.",
            topic=topic,
            place=place,
            estimated_cost=cost,
            status=ProposalStatus.PUBLISHED,
            threshold_reached_at=created + 10 * day if supports >= 20 else None,
            assessment=assessment,
            assessment_text=answer,
            assessed_at=created + 14 * day if assessment else None,
        )
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        ProposalSupport.objects.bulk_create(
            ProposalSupport(
                proposal=proposal, person_hash=f"demo-{rng.getrandbits(128):032x}"
            )
            for _ in range(supports)
        )
    first = process.proposals.get(title="Sitzbänke am Crivitzer See")
    Proposal.objects.create(
        process=process,
        title="Mehr Bänke am See",
        text="Am See fehlen Bänke.",
        topic=Topic.OTHER,
        status=ProposalStatus.MERGED,
        merged_into=first,
    )
    Proposal.objects.create(
        process=process,
        title="Grillplatz am Sportplatz",
        text="Ein Grillplatz für Vereine und Familien.",
        topic=Topic.SOCIAL,
        place="Sportplatz",
        status=ProposalStatus.PENDING,
    )


# --- participatory budgets --------------------------------------------------------------
DEMO_BUDGET_PROJECTS = [
    ("Sitzbänke am Crivitzer See", 3000, "Sechs Bänke am Uferweg."),
    ("Sonnensegel über dem Spielplatz", 6000, "Schatten für Kinder im Sommer."),
    ("Bücherschrank am Rathaus", 1200, "Ein wetterfester Schrank zum Tauschen."),
    ("Obstbäume an der Feldstraße", 2500, "Zwanzig Hochstämme alter Sorten."),
    ("Fahrradbügel am Supermarkt", 900, "Zehn Bügel mit Überdachung."),
    ("Repair-Café: Werkzeug", 1500, "Werkzeug und Messgeräte für das Repair-Café."),
]


def _budget(demo, index, slug, title, title_en, intro, intro_en, **fields):
    page = demo.page(index, BudgetPage, slug, title=title, intro=intro, **fields)
    demo.translate(page, title=title_en, intro=intro_en)
    if not page.projects.exists():
        for order, (name, cost, text) in enumerate(DEMO_BUDGET_PROJECTS):
            BudgetProject.objects.create(
                budget=page, title=name, cost=cost, description=text, sort_order=order
            )
    return page


def _generate_ballots(page, count, rng):
    """Paper-free generated ballots without accounts (pseudonymous hashes)."""
    projects = list(page.projects.all())
    weights = [9, 6, 5, 4, 3, 2]
    for _ in range(count):
        chosen, total = [], 0
        for project, weight in zip(projects, weights, strict=False):
            fits = (
                total + project.cost <= page.total_amount
                if page.voting_rule == VotingRule.KNAPSACK
                else len(chosen) < page.max_choices
            )
            if fits and rng.random() < weight / 10:
                chosen.append(project)
                total += project.cost
        ballot = Ballot.objects.create(
            budget=page, person_hash=f"demo-{rng.getrandbits(128):032x}"
        )
        ballot.projects.set(chosen)


def load_budgets(demo, index, now):
    day = datetime.timedelta(days=1)
    crivitz = demo.municipality("crivitz")
    voting = _budget(
        demo,
        index,
        "buergerbudget-crivitz",
        "Bürgerbudget Crivitz",
        "Citizens' budget Crivitz",
        "10.000 € für Ideen aus der Bürgerschaft: Wählen Sie die Projekte, die "
        "zusammen ins Budget passen.",
        "10,000 euros for ideas from the citizens: choose the projects that "
        "together fit in the budget.",
        municipality=crivitz,
        total_amount=10000,
        voting_rule=VotingRule.KNAPSACK,
        opens_at=now - 5 * day,
        closes_at=now + 25 * day,
        participation=Participation.ACCOUNT,
    )
    decided = _budget(
        demo,
        index,
        "buergerbudget-2026",
        "Bürgerbudget 2026",
        "Citizens' budget 2026",
        "Das Ergebnis des Bürgerbudgets 2026: diese Projekte setzen wir um.",
        "The result of the citizens' budget 2026: these projects will be built.",
        municipality=crivitz,
        total_amount=8000,
        voting_rule=VotingRule.APPROVAL,
        max_choices=3,
        opens_at=now - 90 * day,
        closes_at=now - 60 * day,
        results_published_at=now - 50 * day,
        participation=Participation.ACCOUNT,
    )
    if not voting.ballots.exists():
        _generate_ballots(voting, 40, demo.rng)
    if not decided.ballots.exists():
        _generate_ballots(decided, 180, demo.rng)


# --- result tracking --------------------------------------------------------------------
def load_implementation(demo, index, now):
    """The implementation page and what became of the demo processes: the
    proposals assessed as feasible or planned, the winners of the decided
    budget, the outcome of the cycle path consultation."""
    page = demo.page(
        index,
        ImplementationPage,
        "umsetzung",
        title="Was aus Ihrer Beteiligung wurde",
        intro="Angenommene Vorschläge, Gewinnerprojekte des Bürgerbudgets und "
        "Ergebnisse von Umfragen: hier sehen Sie, wie weit die Umsetzung ist.",
    )
    demo.translate(
        page,
        slug="implementation",
        title="What became of your participation",
        intro="Adopted proposals, winning projects of the citizens' budget and "
        "results of surveys: see how far their implementation has got.",
    )
    if TrackedItem.objects.exists():
        return page
    today = now.date()
    day = datetime.timedelta(days=1)
    building, treasury = (
        Group.objects.get_or_create(name=name)[0] for name in ("Bauamt", "Kämmerei")
    )
    crivitz = demo.municipality("crivitz")
    items = []
    decided = BudgetPage.objects.get(slug="buergerbudget-2026", locale=demo.de)
    statuses = [
        ImplementationStatus.DONE,
        ImplementationStatus.IN_PROGRESS,
        ImplementationStatus.PLANNED,
    ]
    winners = [p for p in budgets.tally(decided)["projects"] if p.wins]
    for project, status in zip(winners, statuses, strict=False):
        items.append(
            TrackedItem(
                title=project.title,
                summary=f"{project.description} Gewählt im Bürgerbudget 2026.",
                budget_project=project,
                status=status,
                progress={"done": 100, "in_progress": 60}.get(status, 0),
                municipality=crivitz,
                department=building,
                cost=project.cost,
            )
        )
    process = ProposalProcessPage.objects.get(slug="ideen-fuer-crivitz", locale=demo.de)
    for proposal in process.proposals.filter(assessment__in=["feasible", "planned"]):
        items.append(
            TrackedItem(
                title=proposal.title,
                summary=f"Aus dem Vorschlag „{proposal.title}“: "
                f"{proposal.assessment_text}",
                proposal=proposal,
                status=ImplementationStatus.IN_PROGRESS,
                progress=30,
                municipality=crivitz,
                department=building,
                cost=proposal.estimated_cost,
            )
        )
    not_feasible = process.proposals.filter(assessment="not_feasible").first()
    if not_feasible:
        items.append(
            TrackedItem(
                title=not_feasible.title,
                summary=f"Aus dem Vorschlag „{not_feasible.title}“.",
                proposal=not_feasible,
                status=ImplementationStatus.REJECTED,
                status_reason=not_feasible.assessment_text
                or "Die Kosten übersteigen den Haushalt.",
                municipality=crivitz,
                department=treasury,
            )
        )
    cycle_path = ConsultationPage.objects.get(
        slug="radweg-crivitz-banzkow", locale=demo.de
    )
    items.append(
        TrackedItem(
            title="Radweg Crivitz–Banzkow: vier Anregungen übernommen",
            summary="Breitere Fahrbahn, Beleuchtung an der Kreuzung, Bänke am "
            "Rastplatz und Abstellanlagen am Bahnhof kommen in die Planung.",
            consultation=cycle_path,
            status=ImplementationStatus.IN_PROGRESS,
            progress=20,
            municipality=cycle_path.municipality,
            department=building,
            cost=480000,
        )
    )
    steps = {
        ImplementationStatus.PLANNED: [(-20, "Auftrag vergeben", "")],
        ImplementationStatus.IN_PROGRESS: [
            (-40, "Planung begonnen", "Das Bauamt hat die Planung aufgenommen."),
            (-12, "Arbeiten begonnen", "Die Arbeiten vor Ort laufen."),
        ],
        ImplementationStatus.DONE: [
            (-45, "Auftrag vergeben", "Eine Firma aus der Region baut."),
            (-5, "Fertig", "Das Projekt ist fertig und wird genutzt."),
        ],
        ImplementationStatus.REJECTED: [
            (-30, "Geprüft", "Die Verwaltung hat den Vorschlag geprüft."),
        ],
    }
    photo = demo.image("Baustelle am Crivitzer See", "Eine Baustelle am Seeufer")
    for item in items:
        item.is_public = True
        item.save()
        for n, (offset, title, text) in enumerate(steps[item.status]):
            Milestone.objects.create(
                item=item,
                date=today + offset * day,
                title=title,
                text=text,
                image=photo if n == 1 and item.status == "done" else None,
                notified_at=now,
            )
    # one item still being prepared: not public
    TrackedItem.objects.create(
        title="Sonnensegel über dem Spielplatz",
        summary="In Vorbereitung.",
        consultation=cycle_path,
        municipality=crivitz,
    )
    return page
