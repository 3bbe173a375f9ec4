"""Demo content of the participation app: what is not plain data.

The section, the consultations with their questionnaires, the proposal process,
the participatory budgets with their projects and the implementation page are
data (``consultations/demo/pages.yaml``, loaded before this module), and so are
the statements with their replies (``consultations/demo/after/statements.yaml``,
loaded after it). Here the random and computed parts are made: generated
responses, the
proposals (listed in ``consultations/demo/input/proposals.yaml``) with their
supports, generated ballots and the tracked items with
their milestones. Idempotent: each part is made only where none exists.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.demo_loader import read, stable_uuid

from . import budgets
from .models import (
    Ballot,
    BudgetPage,
    ChoiceAnswer,
    ConsultationIndexPage,
    ConsultationPage,
    ImplementationStatus,
    Milestone,
    Proposal,
    ProposalProcessPage,
    ProposalStatus,
    ProposalSupport,
    Response,
    Topic,
    TrackedItem,
    VotingRule,
)
from .models.participation import new_receipt

User = get_user_model()


def qid(slug, n):
    """The id of question ``n`` of the demo questionnaire of ``slug``: the
    ``!uuid <slug>-<n>`` of ``consultations/demo/pages.yaml``."""
    return stable_uuid(f"{slug}-{n}")


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


def load(demo):
    index = ConsultationIndexPage.objects.get(locale=demo.de)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    pages = {
        page.slug: page
        for page in ConsultationPage.objects.child_of(index).filter(locale=demo.de)
    }
    evaluation, results = pages["laermaktionsplan"], pages["dorfplatz-banzkow"]
    if not evaluation.responses.exists():
        generate_responses(evaluation, 30, demo.rng)
    if not results.responses.exists():
        generate_responses(results, 120, demo.rng)
    load_proposals(demo, index, now)
    load_budgets(demo, index)
    load_implementation(demo, now)


# --- citizen proposals -----------------------------------------------------------------
PROPOSALS = Path(__file__).parent / "demo" / "input" / "proposals.yaml"


def load_proposals(demo, index, now):
    """The proposals of the process, with supports, answers and images."""
    process = ProposalProcessPage.objects.child_of(index).get(slug="ideen-fuer-crivitz")
    if not process.proposals.exists():
        _create_proposals(process, demo.rng, now)
    for title, alt_text, subject in DEMO_PROPOSAL_IMAGES:
        proposal = process.proposals.filter(title=title, image__isnull=True).first()
        if proposal is not None:
            proposal.image = demo.image(
                f"Vorschlag: {title}",
                alt_text,
                subject=subject,
                credit="Vorschlagende Person (Demo)",
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
        "playground",
    ),
    ("Grillplatz am Sportplatz", "Die Wiese neben dem Sportplatz", "meadow"),
]


def _create_proposals(process, rng, now):
    day = datetime.timedelta(days=1)
    author = User.objects.filter(username="buerger").first()
    for n, row in enumerate(read(PROPOSALS)):
        title, place, supports = row["title"], row["place"], row["supports"]
        assessment = row.get("assessment", "")
        created = now - (28 - n) * day
        proposal = Proposal.objects.create(
            process=process,
            author=author if n == 3 else None,
            title=title,
            text=f"{title}: Das würde den Alltag in Crivitz spürbar verbessern. "
            f"Ort: {place}.",
            topic=row["topic"],
            place=place,
            estimated_cost=row["cost"],
            status=ProposalStatus.PUBLISHED,
            threshold_reached_at=created + 10 * day if supports >= 20 else None,
            assessment=assessment,
            assessment_text=row.get("answer", ""),
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


def load_budgets(demo, index):
    pages = {page.slug: page for page in BudgetPage.objects.child_of(index)}
    voting, decided = pages["buergerbudget-crivitz"], pages["buergerbudget-2026"]
    if not voting.ballots.exists():
        _generate_ballots(voting, 40, demo.rng)
    if not decided.ballots.exists():
        _generate_ballots(decided, 180, demo.rng)


# --- result tracking --------------------------------------------------------------------
def load_implementation(demo, now):
    """What became of the demo processes: the proposals assessed as feasible or
    planned, the winners of the decided budget, the outcome of the cycle path
    consultation."""
    if TrackedItem.objects.exists():
        return
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
    photo = demo.image(
        "Baustelle am Crivitzer See",
        "Eine Baustelle mit Absperrung und Leitkegeln",
        subject="road_works",
    )
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
