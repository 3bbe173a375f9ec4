"""Demo content of the participation app: only what must be computed.

Data, not here: the section, the consultations with their questionnaires, the
proposal process, the participatory budgets with their projects and the
implementation page (``consultations/demo/pages.yaml``), the departments
(``departments.yaml``), the statements with their replies and the tracked items
that are plain data (``after/*.yaml``, loaded after this module), and what this
module reads from ``consultations/demo/input/``: the proposals with their images
(``proposals.yaml``), how many responses and ballots to generate
(``generated.yaml``) and the milestones by status (``implementation.yaml``).

Computed here, and why:

- responses and ballots: hundreds of random answers (fixed seed) in bulk,
  with the choice rows the results read; writing them out would be thousands
  of lines of data that say nothing;
- the proposals' supports (pseudonymous hashes, as many as the data says) and
  their dates (relative to the day of loading, the proposal's place in the list
  and whether it reached the support threshold);
- the tracked items of the decided budget's winners (the tally of the
  generated ballots decides which projects win) and of the assessed proposals.

Idempotent: each part is made only where none exists.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.demo_loader import DemoLoader, read, stable_uuid

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


INPUT = Path(__file__).parent / "demo" / "input"
PROPOSALS = INPUT / "proposals.yaml"
GENERATED = INPUT / "generated.yaml"
IMPLEMENTATION = INPUT / "implementation.yaml"


def load(demo):
    index = ConsultationIndexPage.objects.get(locale=demo.de)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    loader = DemoLoader(demo)
    generated = read(GENERATED)
    for row in generated:
        if "consultation" in row:
            page = ConsultationPage.objects.child_of(index).get(
                slug=row["consultation"]
            )
            if not page.responses.exists():
                generate_responses(page, row["responses"], demo.rng)
    load_proposals(demo, loader, index, now)
    for row in generated:
        if "budget" in row:
            page = BudgetPage.objects.child_of(index).get(slug=row["budget"])
            if not page.ballots.exists():
                _generate_ballots(page, row["ballots"], demo.rng)
    load_implementation(demo, loader, now)


# --- citizen proposals -----------------------------------------------------------------
def load_proposals(demo, loader, index, now):
    """The proposals of the process (``input/proposals.yaml``), with supports."""
    process = ProposalProcessPage.objects.child_of(index).get(slug="ideen-fuer-crivitz")
    if not process.proposals.exists():
        _create_proposals(process, loader, demo.rng, now)
    return process


def _create_proposals(process, loader, rng, now):
    day = datetime.timedelta(days=1)
    author = User.objects.filter(username="buerger").first()
    rows = loader.resolve(read(PROPOSALS), loader.demo.de)
    for n, row in enumerate(row for row in rows if "status" not in row):
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
            image=row.get("image"),
        )
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        ProposalSupport.objects.bulk_create(
            ProposalSupport(
                proposal=proposal, person_hash=f"demo-{rng.getrandbits(128):032x}"
            )
            for _ in range(supports)
        )
    for row in rows:
        if "status" in row:
            merged_into = row.get("merged_into")
            Proposal.objects.create(
                process=process,
                title=row["title"],
                text=row["text"],
                topic=row["topic"],
                place=row.get("place", ""),
                status=row["status"],
                merged_into=merged_into
                and process.proposals.get(title=merged_into, merged_into=None),
                image=row.get("image"),
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


# --- result tracking --------------------------------------------------------------------
def load_implementation(demo, loader, now):
    """What became of the demo processes, as far as it follows from them: the
    winners of the decided budget (by the tally of the generated ballots) and
    the proposals assessed as feasible, planned or not feasible. The items that
    are plain data are ``after/implementation.yaml``."""
    if TrackedItem.objects.exists():
        return
    day = datetime.timedelta(days=1)
    # The departments are data (consultations/demo/departments.yaml).
    building, treasury = (
        Group.objects.get(name=name) for name in ("Bauamt", "Kämmerei")
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
    steps = {
        row["status"]: row["milestones"]
        for row in loader.resolve(read(IMPLEMENTATION), demo.de)
    }
    for item in items:
        item.is_public = True
        item.save()
        for step in steps[item.status]:
            Milestone.objects.create(
                item=item,
                date=now.date() + step["days"] * day,
                title=step["title"],
                text=step.get("text", ""),
                image=step.get("image"),
                notified_at=now,
            )
