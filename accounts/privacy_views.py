"""'My data' export and account deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import DeleteAccountForm
from accounts.privacy import collect_user_data, delete_account
from portal import ratelimit


@login_required
@require_http_methods(["GET", "POST"])
def export_data(request):
    if request.method == "GET":
        return render(request, "accounts/export.html")
    payload = json.dumps(
        collect_user_data(request.user),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"meine-daten-{request.user.username}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit.throttle("account-delete", "ACCOUNT_DELETE", by=ratelimit.BY_USER_AND_IP)
def delete_account_view(request):
    user = request.user
    if user.is_staff or user.is_superuser:
        return render(request, "accounts/delete.html", {"staff": True}, status=403)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        delete_account(user)
        messages.success(
            request, _("Your account and your personal data have been deleted.")
        )
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})
