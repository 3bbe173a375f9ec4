"""The staff queue in the Wagtail admin: applications of the user's departments."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.listing import paginate
from services import lifecycle
from services.forms import NoteForm, RejectForm
from services.models import Refund, ServicePage, Status
from services.permissions import staff_applications

PERMISSION = "services.process_application"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("open (to process)"))]
        + [(value, label) for value, label in Status.choices if value != Status.DRAFT]
        + [("all", gettext_lazy("all"))],
    )
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service"),
        required=False,
        queryset=ServicePage.objects.none(),
        empty_label=gettext_lazy("all services"),
    )
    q = forms.CharField(label=gettext_lazy("Reference"), required=False, max_length=40)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = staff_applications(user).values_list("service_id", flat=True)
        self.fields["service"].queryset = ServicePage.objects.filter(
            pk__in=ids
        ).order_by("title")


OPEN_STATES = [Status.SUBMITTED, Status.PAID, Status.IN_PROGRESS]


def _require_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def queue(request):
    _require_permission(request)
    form = QueueFilterForm(request.GET or None, user=request.user)
    applications = staff_applications(request.user).select_related(
        "applicant", "department"
    )
    status = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        if form.cleaned_data["service"]:
            applications = applications.filter(service=form.cleaned_data["service"])
        if form.cleaned_data["q"]:
            applications = applications.filter(
                reference__icontains=form.cleaned_data["q"].strip()
            )
    if status == "all":
        pass
    elif status:
        applications = applications.filter(status=status)
    else:
        applications = applications.filter(status__in=OPEN_STATES)
    page = paginate(request, applications.order_by("submitted_at", "pk"), 50)
    return TemplateResponse(
        request,
        "services/admin/queue.html",
        {
            "page_title": _("Applications"),
            "header_icon": "form",
            "filter_form": form,
            "page_obj": page,
            "applications": page.object_list,
        },
    )


def _application(request, pk):
    _require_permission(request)
    # Another department's application does not exist for this user (404).
    return get_object_or_404(staff_applications(request.user), pk=pk)


def detail(request, pk):
    application = _application(request, pk)
    return TemplateResponse(
        request,
        "services/admin/detail.html",
        {
            "page_title": _("Application %s") % application.reference,
            "header_icon": "form",
            "application": application,
            "events": application.events.select_related("actor"),
            "files": application.files.all(),
            "payments": application.payments.all(),
            "refund": Refund.objects.filter(application=application).first(),
            "note_form": NoteForm(),
            "reject_form": RejectForm(),
            "can_start": Status.IN_PROGRESS in application.allowed_transitions(),
            "can_complete": Status.COMPLETED in application.allowed_transitions(),
            "can_reject": Status.REJECTED in application.allowed_transitions(),
        },
    )


@require_POST
def act(request, pk, action):
    application = _application(request, pk)
    try:
        if action == "start":
            form = NoteForm(request.POST)
            form.is_valid()
            lifecycle.start_processing(
                application, request.user, form.cleaned_data.get("note", "")
            )
        elif action == "complete":
            form = NoteForm(request.POST)
            form.is_valid()
            lifecycle.complete(
                application, request.user, form.cleaned_data.get("note", "")
            )
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("A rejection needs a reason."))
                return redirect("services_admin:detail", pk)
            lifecycle.reject(application, request.user, form.cleaned_data["reason"])
        elif action == "refund-done":
            with transaction.atomic():
                refund = get_object_or_404(
                    Refund.objects.select_for_update(), application=application
                )
                if refund.carried_out_at is None:
                    refund.carried_out_at = timezone.now()
                    refund.save(update_fields=["carried_out_at"])
                    application.events.create(
                        from_status=application.status,
                        to_status=application.status,
                        actor=request.user,
                        note="refund carried out by the cash office",
                    )
        else:
            raise PermissionDenied
    except lifecycle.InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("services_admin:detail", pk)
