"""Front-end views of a participatory budget (routes on BudgetPage)."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.formats import localize
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.view_registry import page_view

from . import budgets, export, implementation
from .models import BudgetPage, BudgetPhase, BudgetProject, VotingRule
from .views import with_bars


def _projects(page):
    return list(BudgetProject.objects.filter(budget=page.canonical))


def _with_implementation(projects, request):
    """Set ``tracked`` and ``tracked_url`` on each project (one query)."""
    tracked = implementation.public_items_of("budget_project", [p.pk for p in projects])
    target = implementation.implementation_page()
    for project in projects:
        project.tracked = tracked.get(project.pk)
        project.tracked_url = (
            implementation.item_url(project.tracked, request, target)
            if project.tracked
            else ""
        )
    return projects


@page_view(BudgetPage, "budget_context")
def budget_context(request, page):
    rules = page.canonical
    return {
        "rules": rules,
        "phase": rules.phase,
        "BudgetPhase": BudgetPhase,
        "VotingRule": VotingRule,
        "projects": _with_implementation(_projects(page), request),
        "ballot": budgets.existing_ballot(page, request.user),
    }


def _render(request, page, template, context, status=200):
    context = {"page": page, "self": page, "rules": page.canonical, **context}
    return TemplateResponse(request, template, context, status=status)


@page_view(BudgetPage, "vote")
def vote(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    url = page.get_url(request) + "vote/"
    eligibility = budgets.vote_eligibility(request, page, url)
    projects = _projects(page)
    ballot = budgets.existing_ballot(page, request.user)
    if request.method == "POST":
        wanted = set(request.POST.getlist("project"))
        chosen = [p for p in projects if str(p.pk) in wanted]
    else:
        chosen = list(ballot.projects.all()) if ballot else []
    chosen_ids = {p.pk for p in chosen}
    context = {
        "eligibility": eligibility,
        "projects": projects,
        "chosen_ids": chosen_ids,
        "chosen_total": sum(p.cost for p in chosen),
        "ballot": ballot,
        "refusal": "",
        "language": get_language(),
    }
    if request.method == "GET":
        return _render(request, page, "consultations/budget_vote.html", context)
    if not eligibility.allowed:
        context["refusal"] = eligibility.reason
        return _render(request, page, "consultations/budget_vote.html", context, 403)
    if request.POST.get("action") == "recalculate":
        # without JavaScript: show the running total of the ticked projects
        return _render(request, page, "consultations/budget_vote.html", context)
    try:
        budgets.save_ballot(page, request.user, chosen)
    except budgets.BallotRefused as refusal:
        context["refusal"] = str(refusal)
        return _render(request, page, "consultations/budget_vote.html", context, 400)
    messages.success(
        request,
        _("Your vote was changed.")
        if ballot
        else _("Thank you: your vote is counted."),
    )
    return redirect(page.get_url(request))


@page_view(BudgetPage, "results")
def results(request, page):
    rules = page.canonical
    if rules.phase != BudgetPhase.RESULTS:
        raise Http404
    figures = budgets.tally(page)
    projects = _with_implementation(figures["projects"], request)
    chart = with_bars(
        [{"label": p.title, "value": localize(p.votes)} for p in projects],
        [p.votes for p in projects],
    )
    return _render(
        request, page, "consultations/budget_results.html", {**figures, "chart": chart}
    )


def result_rows(page):
    """The public result as a table: no voter, only projects and counts."""
    figures = budgets.tally(page)
    yield ["project", "cost_eur", "votes", "funded"]
    for project in figures["projects"]:
        yield [project.title, project.cost, project.votes, project.wins]


@page_view(BudgetPage, "results_export")
def results_export(request, page, fmt):
    if page.canonical.phase != BudgetPhase.RESULTS:
        raise Http404
    filename = f"{page.canonical.slug}-results.{fmt}"
    if fmt == "csv":
        return export.csv_response(result_rows(page), filename)
    return export.xlsx_sheets_response([(_("Results"), result_rows(page))], filename)
