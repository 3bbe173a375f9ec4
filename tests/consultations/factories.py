"""Consultations built by tests: the section page in both languages,
consultations with the questionnaire of ``tests/consultations/helpers.py`` or
with one question of every type (``every_question_type``), in the phase asked
for relative to a given "now" (``phase_dates``)."""

import itertools

from django.utils import timezone

from consultations.models import (
    BudgetPage,
    BudgetProject,
    ConsultationIndexPage,
    ConsultationPage,
    ModerationMode,
    Participation,
    Phase,
    Proposal,
    ProposalProcessPage,
    ProposalStatus,
    VotingRule,
)
from portal.demo_loader import stable_uuid
from tests import factories

from .helpers import DAY, questions

_numbers = itertools.count(1)


def consultation_index():
    """The participation section below the home page, German and English."""
    home = factories.home_page()
    index = ConsultationIndexPage.objects.filter(
        locale__language_code="de", depth=home.depth + 1
    ).first()
    if index is None:
        index = factories.add_page(
            home, ConsultationIndexPage, title="Beteiligung", slug="beteiligung"
        )
        factories.translate(index, title="Participation", slug="participation")
    return index


# The question types in the order of ``every_question_type`` (position n + 1):
# the order of the demo questionnaire, which the scale generator
# (``bench/scale/consultations.py``) answers by position.
QUESTION_TYPES = [
    "single_choice",
    "scale",
    "multiple_choice",
    "yes_no",
    "ranking",
    "long_text",
    "short_text",
    "map_point",
    "attachment",
]


def question_id(key, position):
    """The block id of question ``position`` (from 1) of ``every_question_type(key)``."""
    return stable_uuid(f"{key}-{position}")


def every_question_type(key="fragebogen"):
    """A questionnaire with one question of every type (``QUESTION_TYPES``);
    block ids ``question_id(key, n)``. Required: the single choice (four
    options), the scale (five steps) and yes/no; the short text and the
    attachment are not public."""

    def block(position, kind, question, required=False, public=True, **value):
        return {
            "type": kind,
            "id": question_id(key, position),
            "value": {
                "question": question,
                "help_text": "",
                "required": required,
                "public": public,
                **value,
            },
        }

    return [
        block(
            1,
            "single_choice",
            "Wie oft sind Sie dort unterwegs?",
            required=True,
            options=["Täglich", "Wöchentlich", "Seltener", "Nie"],
        ),
        block(
            2,
            "scale",
            "Wie wichtig ist Ihnen das Vorhaben?",
            required=True,
            steps=5,
            min_label="unwichtig",
            max_label="sehr wichtig",
        ),
        block(
            3,
            "multiple_choice",
            "Was sollte dabei sein?",
            options=["Beleuchtung", "Sitzbänke", "Barrierefreiheit", "Bäume"],
        ),
        block(4, "yes_no", "Unterstützen Sie den Entwurf?", required=True),
        block(
            5,
            "ranking",
            "Ordnen Sie nach Wichtigkeit",
            options=["Sicherheit", "Kosten", "Umwelt"],
        ),
        block(6, "long_text", "Ihre Stellungnahme", max_length=5000),
        block(7, "short_text", "In welchem Ortsteil wohnen Sie?", public=False),
        block(8, "map_point", "Wo sehen Sie ein Problem?"),
        block(9, "attachment", "Foto oder Dokument", public=False),
    ]


def phase_dates(phase, now=None):
    """``opens_at``, ``closes_at`` and ``results_published_at`` that put a
    consultation in ``phase`` (``Phase``) at ``now``, with days to spare."""
    now = now or timezone.now()
    return {
        Phase.ANNOUNCED: {
            "opens_at": now + 5 * DAY,
            "closes_at": now + 30 * DAY,
            "results_published_at": None,
        },
        Phase.OPEN: {
            "opens_at": now - 7 * DAY,
            "closes_at": now + 30 * DAY,
            "results_published_at": None,
        },
        Phase.EVALUATION: {
            "opens_at": now - 60 * DAY,
            "closes_at": now - 5 * DAY,
            "results_published_at": None,
        },
        Phase.RESULTS: {
            "opens_at": now - 90 * DAY,
            "closes_at": now - 30 * DAY,
            "results_published_at": now - 7 * DAY,
        },
    }[phase]


def consultation(index=None, phase=None, now=None, **fields):
    """A live German consultation, open since yesterday for ten days, or in
    ``phase`` at ``now`` (``phase_dates``)."""
    now = now or timezone.now()
    values = {
        "title": "Testbeteiligung",
        "slug": f"beteiligung-{next(_numbers)}",
        "intro": "Eine Beteiligung für Tests.",
        "opens_at": now - DAY,
        "closes_at": now + 10 * DAY,
        "participation": Participation.ACCOUNT,
        "questions": questions(),
    }
    if phase is not None:
        values.update(phase_dates(phase, now))
    values.update(fields)
    page = factories.add_page(index or consultation_index(), ConsultationPage, **values)
    return ConsultationPage.objects.get(pk=page.pk)


def translated_consultation(english=None, **fields):
    """A German consultation and its live English translation (same rules);
    ``english``: the translation's fields (default: the title "Test consultation")."""
    german = consultation(**fields)
    english = factories.translate(german, **(english or {"title": "Test consultation"}))
    return german, ConsultationPage.objects.get(pk=english.pk)


def proposal_process(index=None, **fields):
    """A live German proposal process collecting proposals since yesterday."""
    now = timezone.now()
    values = {
        "title": "Ideen für das Dorf",
        "slug": f"ideen-{next(_numbers)}",
        "intro": "Was soll im Dorf besser werden?",
        "opens_at": now - DAY,
        "collecting_until": now + 10 * DAY,
        "closes_at": now + 20 * DAY,
        "participation": Participation.ACCOUNT,
        "support_threshold": 2,
        "moderation": ModerationMode.POST,
        "contact_email": "buergerbeteiligung@amt.example",
    }
    values.update(fields)
    page = factories.add_page(
        index or consultation_index(), ProposalProcessPage, **values
    )
    return ProposalProcessPage.objects.get(pk=page.pk)


def proposal(process, **fields):
    values = {
        "title": "Mehr Bänke am Badesee",
        "text": "Am Ufer fehlen Sitzplätze für Ältere.",
        "status": ProposalStatus.PUBLISHED,
        "author": factories.UserFactory(),
    }
    values.update(fields)
    return Proposal.objects.create(process=process, **values)


def budget(index=None, projects=(), **fields):
    """A live German participatory budget in its voting phase, with projects
    given as (title, cost) pairs."""
    now = timezone.now()
    values = {
        "title": "Bürgerhaushalt Test",
        "slug": f"haushalt-{next(_numbers)}",
        "intro": "Wofür sollen 10.000 € ausgegeben werden?",
        "total_amount": 10000,
        "voting_rule": VotingRule.KNAPSACK,
        "opens_at": now - DAY,
        "closes_at": now + 10 * DAY,
        "participation": Participation.ACCOUNT,
    }
    values.update(fields)
    page = factories.add_page(index or consultation_index(), BudgetPage, **values)
    page = BudgetPage.objects.get(pk=page.pk)
    for order, (title, cost) in enumerate(projects):
        BudgetProject.objects.create(
            budget=page,
            title=title,
            description=f"{title} – Beschreibung",
            cost=cost,
            sort_order=order,
        )
    return page


def implementation_page(index=None, **fields):
    """The live implementation page, German and English."""
    from consultations.models import ImplementationPage

    existing = ImplementationPage.objects.filter(locale__language_code="de").first()
    if existing is not None:
        return existing
    values = {"title": "Umsetzung", "slug": "umsetzung", "intro": "Was wurde daraus?"}
    values.update(fields)
    page = factories.add_page(
        index or consultation_index(), ImplementationPage, **values
    )
    factories.translate(page, title="Implementation", slug="implementation")
    return ImplementationPage.objects.get(pk=page.pk)


def tracked_item(milestones=(), **fields):
    """A public tracked item (from a new proposal unless a source is given)
    with milestones given as (date, title) pairs."""
    from consultations.models import Milestone, TrackedItem

    if not {"proposal", "budget_project", "consultation"} & set(fields):
        fields["proposal"] = proposal(proposal_process())
    values = {
        "title": "Bänke am Badesee",
        "summary": "Sechs Bänke werden aufgestellt.",
        "is_public": True,
    }
    values.update(fields)
    item = TrackedItem.objects.create(**values)
    for date, title in milestones:
        Milestone.objects.create(item=item, date=date, title=title, text="Text")
    return item
