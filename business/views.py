"""Front-end views: owners create and edit entries, representatives claim one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.middleware import second_factor_redirect
from accounts.permissions import user_is_owner
from portal import ratelimit
from portal.storage import private_file_response

from .forms import ClaimForm, EntryForm, ProjectResponseForm
from .logos import store_pending_logo
from .models import (
    BusinessDirectoryPage,
    BusinessEntryPage,
    ClaimStatus,
    EntryClaim,
    PendingLogo,
    ProjectItem,
    ProjectPage,
)
from .permissions import can_edit_entry, source_entry
from .project_services import respond, set_following
from .services import NoWorkflowError, create_entry, submit_for_approval


def _directory(request):
    # New entries start in the default language; staff translate them.
    directory = (
        BusinessDirectoryPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .first()
    )
    if directory is None:
        raise PermissionDenied
    return directory


@never_cache
@login_required
def entry_create(request):
    directory = _directory(request)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        instance=BusinessEntryPage(locale=directory.locale),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                entry = create_entry(directory, form.save(), request.user)
                store_pending_logo(entry, form.logo_to_keep(), request.user)
        except NoWorkflowError:
            messages.error(request, _("Entries cannot be submitted right now."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your entry was sent to the administration and is "
                    "published once it is approved."
                ),
            )
            return redirect("accounts:home")
    return render(
        request,
        "business/entry_form.html",
        {"form": form, "entry": None, "directory": directory},
    )


@never_cache
@login_required
def entry_edit(request, pk):
    entry = get_object_or_404(BusinessEntryPage, pk=pk)
    entry = source_entry(entry)
    if not user_is_owner(request.user, entry):
        # staff edit through their page permissions: with the second factor
        refusal = second_factor_redirect(request)
        if refusal is not None:
            return refusal
    if not can_edit_entry(request.user, entry):
        raise PermissionDenied
    draft = entry.get_latest_revision_as_object()
    form = EntryForm(request.POST or None, request.FILES or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        try:
            # the logo is saved with the change or not at all
            with transaction.atomic():
                page = submit_for_approval(form.save(), request.user)
                store_pending_logo(page, form.logo_to_keep(), request.user)
        except NoWorkflowError:
            messages.error(request, _("Changes cannot be submitted right now."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your change was sent to the administration; the "
                    "current version stays visible until it is approved."
                ),
            )
            return redirect("accounts:home")
    workflow_state = entry.current_workflow_state
    return render(
        request,
        "business/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "pending": workflow_state is not None,
            "workflow_state": workflow_state,
            "pending_logo": PendingLogo.objects.filter(entry=entry).first(),
        },
    )


@never_cache
@login_required
def pending_logo(request, pk):
    """A logo waiting for approval: for the entry's owners and for staff who
    may edit the entry (with the second factor); 404 for everyone else."""
    logo = get_object_or_404(PendingLogo.objects.select_related("entry"), pk=pk)
    entry = logo.entry
    if not user_is_owner(request.user, entry):
        refusal = second_factor_redirect(request)
        if refusal is not None:
            return refusal
    if not can_edit_entry(request.user, entry):
        raise Http404
    return private_file_response(logo.file, logo.file.name, inline=True)


@never_cache
@login_required
def entry_claim(request, pk):
    entry = get_object_or_404(BusinessEntryPage.objects.live(), pk=pk)
    entry = source_entry(entry)
    if user_is_owner(request.user, entry):
        messages.info(request, _("You already manage this entry."))
        return redirect(reverse("business:entry_edit", args=[entry.pk]))
    existing = EntryClaim.objects.filter(
        entry=entry, user=request.user, status=ClaimStatus.PENDING
    ).first()
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        claim = form.save(commit=False)
        claim.entry = entry
        claim.user = request.user
        claim.save()
        messages.success(
            request,
            _(
                "Thank you. The administration checks your request and tells you "
                "by e-mail."
            ),
        )
        return redirect("accounts:home")
    return render(
        request,
        "business/claim_form.html",
        {"form": form, "entry": entry, "existing": existing},
    )


@never_cache
@login_required
@require_POST
@ratelimit.throttle("project-respond", "PROJECT_RESPOND", by=ratelimit.BY_USER_AND_IP)
def project_respond(request, item_pk):
    """ "I can help": a message to the project contact."""
    item = get_object_or_404(
        ProjectItem.objects.select_related("project"), pk=item_pk, open=True
    )
    project = item.project
    if not project.live:
        raise Http404
    form = ProjectResponseForm(request.POST)
    if form.is_valid():
        respond(item, request.user, form.cleaned_data["message"])
        messages.success(
            request, _("Thank you. Your message was sent to the project team.")
        )
    else:
        messages.error(
            request, _("Please write a short message (at most 2000 characters).")
        )
    return redirect(project.get_url(request) + f"#item-{item.pk}")


@never_cache
@login_required
@require_POST
def project_follow(request, pk):
    project = get_object_or_404(ProjectPage.objects.live(), pk=pk)
    follow = request.POST.get("follow") == "1"
    set_following(request.user, project, follow)
    messages.success(
        request,
        _("You follow this project and get an e-mail when it is updated.")
        if follow
        else _("You no longer follow this project."),
    )
    return redirect(project.get_url(request))
