"""/pruefen/ (/en/verify/): check an official document by code or by upload."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from documents import verification
from documents.forms import CodeForm, UploadForm
from portal import ratelimit


def _too_many(request):
    return ratelimit.check(request, "documents-verify", "DOCUMENTS_VERIFY")


@never_cache
def verify(request):
    asking = request.method == "POST" or "code" in request.GET
    if asking:
        retry_after = _too_many(request)
        if retry_after is not None:
            return ratelimit.too_many_requests(request, retry_after)
    code_form = CodeForm(request.GET if "code" in request.GET else None)
    upload_form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {"code_form": code_form, "upload_form": upload_form}
    if code_form.is_bound and code_form.is_valid():
        _code, document = verification.find(code_form.cleaned_data["code"])
        context.update(looked_up=True, document=document)
    if upload_form.is_bound and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        data = upload.read(settings.DOCUMENTS_VERIFY_MAX_UPLOAD_MB * 1024 * 1024 + 1)
        result = verification.check_file(data)
        context.update(result=result, document=result.document, outcome=result.outcome)
    return render(request, "documents/verify.html", context)
