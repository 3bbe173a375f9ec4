"""Published proposals and budget projects as hits of their own in the site search.

Registered with the hook ``portal_search_objects`` (``portal.search_objects``,
in ``consultations.wagtail_hooks``). Proposals and projects belong to the page
in the default language; a visitor of another language finds them under that
language's live translation of the page, never under a page that is not live,
not public or below a view restriction (the search hands in its own pages:
live, ``PageQuerySet.public()``, the visitor's language, so the restrictions
are read once per search). A hit shows the title and the text, never the
author; the hits of a results page cost one query per model.
"""

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.search_objects import SearchableObjects

from .models import (
    BudgetPage,
    BudgetProject,
    Proposal,
    ProposalProcessPage,
    ProposalStatus,
)

SNIPPET_WORDS = 40


def public_proposals(pages):
    """Published proposals of processes that visitors can open: ``pages`` are
    the live, public pages of the visitor's language (the search's own)."""
    return Proposal.objects.filter(
        status=ProposalStatus.PUBLISHED,
        process__translation_key__in=pages.type(ProposalProcessPage).values(
            "translation_key"
        ),
    )


def public_budget_projects(pages):
    """Projects of the budgets that visitors can open (``pages`` as above)."""
    return BudgetProject.objects.filter(
        budget__translation_key__in=pages.type(BudgetPage).values("translation_key")
    )


def _page_urls(page_model, page_ids, locale):
    """``{page id: URL of its live translation in locale}`` for the pages of
    found objects, in one query (the pages and their translations)."""
    ids = set(page_ids)
    pages = list(
        page_model.objects.filter(
            Q(pk__in=ids)
            | Q(
                live=True,
                locale=locale,
                translation_key__in=Page.objects.filter(pk__in=ids).values(
                    "translation_key"
                ),
            )
        )
    )
    urls = {
        page.translation_key: page.url
        for page in pages
        if page.live and page.locale_id == locale.pk
    }
    return {
        page.pk: urls.get(page.translation_key, "") for page in pages if page.pk in ids
    }


def _snippet(text):
    return Truncator(text).words(SNIPPET_WORDS)


def describe_proposals(proposals, locale):
    """Each found proposal's URL, title and text (never its author)."""
    urls = _page_urls(
        ProposalProcessPage, [item.process_id for item in proposals], locale
    )
    return [
        (f"{urls.get(item.process_id, '')}{item.pk}/", item.title, _snippet(item.text))
        for item in proposals
    ]


def describe_budget_projects(projects, locale):
    """Each found project's URL, title and description."""
    urls = _page_urls(BudgetPage, [item.budget_id for item in projects], locale)
    return [
        (
            f"{urls.get(item.budget_id, '')}#project-{item.pk}",
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
