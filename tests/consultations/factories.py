"""Consultations built by tests: the section page in both languages and
consultations with the questionnaire of ``tests/consultations/helpers.py``."""

import itertools

from django.utils import timezone

from consultations.models import (
    BudgetPage,
    BudgetProject,
    ConsultationIndexPage,
    ConsultationPage,
    ModerationMode,
    Participation,
    Proposal,
    ProposalProcessPage,
    ProposalStatus,
    VotingRule,
)
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


def consultation(index=None, **fields):
    """A live German consultation, open since yesterday for ten days."""
    now = timezone.now()
    values = {
        "title": "Testbeteiligung",
        "slug": f"beteiligung-{next(_numbers)}",
        "intro": "Eine Beteiligung für Tests.",
        "opens_at": now - DAY,
        "closes_at": now + 10 * DAY,
        "participation": Participation.ACCOUNT,
        "questions": questions(),
    }
    values.update(fields)
    page = factories.add_page(index or consultation_index(), ConsultationPage, **values)
    return ConsultationPage.objects.get(pk=page.pk)


def translated_consultation(**fields):
    """A German consultation and its live English translation (same rules)."""
    german = consultation(**fields)
    english = factories.translate(german, title="Test consultation")
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
