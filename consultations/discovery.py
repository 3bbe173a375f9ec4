"""Published proposals and budget projects as hits of their own in the site search.

Registered with the hook ``portal_search_objects`` (``portal.search_objects``,
in ``consultations.wagtail_hooks``). Proposals and projects belong to the page
in the default language; a visitor of another language finds them under that
language's live translation of the page, never under a page that is not live,
not public or below a view restriction (``PageQuerySet.public()``, the rule of
``portal.restrictions.hidden_q`` for page querysets: what Wagtail would refuse
to serve). A hit shows the title and the text, never the author.
"""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from portal.search_objects import SearchableObjects

from .models import (
    BudgetPage,
    BudgetProject,
    Proposal,
    ProposalProcessPage,
    ProposalStatus,
)

SNIPPET_WORDS = 40


def _visible_pages(page_model, locale):
    """The live, public pages of ``page_model`` in ``locale`` (``public()``
    leaves out pages below a view restriction)."""
    return page_model.objects.live().public().filter(locale=locale)


def public_proposals(locale):
    """Published proposals of processes that visitors of ``locale`` can open."""
    pages = _visible_pages(ProposalProcessPage, locale)
    return Proposal.objects.filter(
        status=ProposalStatus.PUBLISHED,
        process__translation_key__in=pages.values("translation_key"),
    )


def public_budget_projects(locale):
    """Projects of the budgets that visitors of ``locale`` can open."""
    pages = _visible_pages(BudgetPage, locale)
    return BudgetProject.objects.filter(
        budget__translation_key__in=pages.values("translation_key")
    )


def _page_urls(page_model, translation_keys, locale):
    """``{translation key: URL}`` of the pages in ``locale`` (of objects that
    ``public_proposals`` or ``public_budget_projects`` found)."""
    return {
        page.translation_key: page.url
        for page in page_model.objects.live().filter(
            locale=locale, translation_key__in=set(translation_keys)
        )
    }


def _snippet(text):
    return Truncator(text).words(SNIPPET_WORDS)


def describe_proposals(proposals, locale):
    found = (
        Proposal.objects.filter(pk__in=[item.pk for item in proposals])
        .select_related("process")
        .only("title", "text", "process__translation_key")
        .in_bulk()
    )
    proposals = [found.get(item.pk, item) for item in proposals]
    urls = _page_urls(
        ProposalProcessPage,
        [item.process.translation_key for item in proposals],
        locale,
    )
    return [
        (
            f"{urls.get(item.process.translation_key, '')}{item.pk}/",
            item.title,
            _snippet(item.text),
        )
        for item in proposals
    ]


def describe_budget_projects(projects, locale):
    found = (
        BudgetProject.objects.filter(pk__in=[item.pk for item in projects])
        .select_related("budget")
        .only("title", "description", "budget__translation_key")
        .in_bulk()
    )
    projects = [found.get(item.pk, item) for item in projects]
    urls = _page_urls(
        BudgetPage, [item.budget.translation_key for item in projects], locale
    )
    return [
        (
            f"{urls.get(item.budget.translation_key, '')}#project-{item.pk}",
            item.title,
            _snippet(item.description),
        )
        for item in projects
    ]


def searchable_objects():
    return [
        SearchableObjects(
            model=Proposal,
            kind="proposal",
            label=_("Proposal"),
            public=public_proposals,
            describe=describe_proposals,
            municipality="process__municipality",
            newest=("-created_at", "-id"),
        ),
        SearchableObjects(
            model=BudgetProject,
            kind="budget-project",
            label=_("Budget project"),
            public=public_budget_projects,
            describe=describe_budget_projects,
            municipality="budget__municipality",
        ),
    ]
