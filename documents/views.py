"""/pruefen/ (/en/verify/): check an official document by code or by upload."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from datasets.ratelimit import check as rate_limit_check
from documents import verification
from documents.forms import CodeForm, UploadForm


def _too_many(request):
    return rate_limit_check(
        request,
        "documents-verify",
        limit=settings.DOCUMENTS_VERIFY_RATE_LIMIT,
        window=settings.DOCUMENTS_VERIFY_RATE_WINDOW,
    )


@never_cache
def verify(request):
    asking = request.method == "POST" or "code" in request.GET
    if asking:
        retry_after = _too_many(request)
        if retry_after is not None:
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(retry_after)
            return response
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
