"""Staff views in the Wagtail admin: overview with exports, moderation queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from portal.storage import private_file_response

from . import export, services
from .forms import ModerationForm
from .models import Attachment, ConsultationPage, Statement, StatementStatus

MODERATE_PERMISSION = "consultations.moderate_statement"
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
