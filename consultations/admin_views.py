"""Staff views in the Wagtail admin: overview with exports, moderation queue,
paper ballots of participatory budgets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from portal.storage import private_file_response

from . import budgets, export, services
from .forms import ModerationForm, PaperBallotForm
from .models import (
    Attachment,
    Ballot,
    BallotChannel,
    BudgetPage,
    ConsultationPage,
    Statement,
    StatementStatus,
)

MODERATE_PERMISSION = "consultations.moderate_statement"
PAPER_BALLOT_PERMISSION = "consultations.add_ballot"
QUEUE_SIZE = 50


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def overview(request):
    if not (
        request.user.has_perm(export.EXPORT_PERMISSION)
        or request.user.has_perm(MODERATE_PERMISSION)
    ):
        raise PermissionDenied
    consultations = (
        ConsultationPage.objects.filter(locale=Locale.get_default())
        .annotate(
            response_count=Count("responses", distinct=True),
        )
        .order_by("-opens_at")
    )
    return TemplateResponse(
        request,
        "consultations/admin/overview.html",
        {
            "consultations": consultations,
            "can_export": request.user.has_perm(export.EXPORT_PERMISSION),
            "pending": Statement.objects.filter(
                Q(status=StatementStatus.PENDING) | Q(needs_review=True)
            ).count(),
        },
    )


def _consultation(pk):
    return get_object_or_404(ConsultationPage, pk=pk).canonical


def _filename(page, extension):
    return f"{slugify(page.slug)}-{timezone.localdate():%Y%m%d}.{extension}"


def export_csv(request, pk):
    _require(request, export.EXPORT_PERMISSION)
    page = _consultation(pk)
    personal = request.user.has_perm(export.PERSONAL_PERMISSION)
    return export.csv_response(export.rows(page, personal), _filename(page, "csv"))


def export_codebook(request, pk):
    _require(request, export.EXPORT_PERMISSION)
    page = _consultation(pk)
    return export.csv_response(
        export.codebook_rows(page), _filename(page, "codebook.csv")
    )


def export_xlsx(request, pk):
    _require(request, export.EXPORT_PERMISSION)
    page = _consultation(pk)
    personal = request.user.has_perm(export.PERSONAL_PERMISSION)
    return export.xlsx_response(page, personal, _filename(page, "xlsx"))


def attachments(request, pk):
    """The files attached to the responses of a consultation (never published)."""
    _require(request, export.EXPORT_PERMISSION)
    page = _consultation(pk)
    items = (
        Attachment.objects.filter(response__consultation=page)
        .select_related("response")
        .order_by("response__created_at", "pk")
    )
    return TemplateResponse(
        request,
        "consultations/admin/attachments.html",
        {"page": page, "attachments": items},
    )


def attachment(request, pk):
    """One attachment, for staff who may read the responses (the admin's second
    factor applies: ``accounts.middleware.StaffTwoFactorMiddleware``)."""
    _require(request, export.EXPORT_PERMISSION)
    item = get_object_or_404(Attachment, pk=pk)
    return private_file_response(item.file, item.original_name)


def moderation(request):
    _require(request, MODERATE_PERMISSION)
    if request.method == "POST":
        statement = get_object_or_404(Statement, pk=request.POST.get("statement"))
        form = ModerationForm(request.POST, prefix=f"s{statement.pk}")
        if form.is_valid():
            statement.status = form.cleaned_data["decision"]
            statement.moderation_reason = form.cleaned_data["reason"]
            statement.moderated_by = request.user
            statement.moderated_at = timezone.now()
            statement.needs_review = False
            statement.save(
                update_fields=[
                    "status",
                    "moderation_reason",
                    "moderated_by",
                    "moderated_at",
                    "needs_review",
                ]
            )
            services.statement_changed(statement)
            services.send_moderation_notice(statement, request)
            messages.success(request, _("Decision saved; the author was told why."))
            return redirect("consultations_admin:moderation")
        messages.error(request, _("Choose a decision and give a reason."))
        forms_by_id = {statement.pk: form}
    else:
        forms_by_id = {}
    queue = (
        Statement.objects.filter(
            Q(status=StatementStatus.PENDING) | Q(needs_review=True)
        )
        .select_related("consultation", "author")
        .order_by("created_at")[:QUEUE_SIZE]
    )
    items = [
        (
            statement,
            forms_by_id.get(statement.pk) or ModerationForm(prefix=f"s{statement.pk}"),
        )
        for statement in queue
    ]
    return TemplateResponse(
        request, "consultations/admin/moderation.html", {"items": items}
    )


def _paper_budgets():
    """Budgets (German pages) that take paper ballots now: voting or counting."""
    pages = BudgetPage.objects.filter(locale=Locale.get_default()).order_by(
        "-closes_at"
    )
    return [page for page in pages if page.phase in budgets.PAPER_PHASES]


def _save_paper_ballot(form, budget):
    """Save the form's ballot; a refusal becomes an error on the form."""
    chosen = form.cleaned_data["chosen"]
    try:
        budgets.check_choice(budget, chosen)
    except budgets.BallotRefused as refusal:
        form.add_error("projects", str(refusal))
        return False
    try:
        budgets.save_paper_ballot(budget, form.cleaned_data["person_hash"], chosen)
    except budgets.BallotRefused as refusal:
        form.add_error(None, str(refusal))
        return False
    return True


def paper_ballot(request):
    """Enter the paper ballots of a participatory budget, one after the other."""
    _require(request, PAPER_BALLOT_PERMISSION)
    open_budgets = _paper_budgets()
    budget_id = request.POST.get("budget") or request.GET.get("budget")
    budget = next((b for b in open_budgets if str(b.pk) == budget_id), None)
    context = {"budgets": open_budgets, "budget": budget, "form": None}
    template = "consultations/admin/paper_ballot.html"
    if budget is None:
        if budget_id or request.method == "POST":
            context["budget_error"] = _(
                "Paper ballots can be entered only while a budget is voting or "
                "being counted. Choose one of the list."
            )
            return TemplateResponse(request, template, context, status=400)
        return TemplateResponse(request, template, context)
    form = PaperBallotForm(
        request.POST if request.method == "POST" else None, budget=budget
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_paper_ballot(form, budget)
    ):
        messages.success(request, _("Paper ballot saved. You can enter the next one."))
        return redirect(f"{reverse('paper_ballots:index')}?budget={budget.pk}")
    context["form"] = form
    context["paper_count"] = Ballot.objects.filter(
        budget=budget, channel=BallotChannel.PAPER
    ).count()
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, template, context, status=status)
