"""Language-neutral views: DCAT catalogue, permanent dataset URIs, downloads."""

from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseGone,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from datasets import dcat
from datasets.catalogue import default_locale, open_data_limited
from datasets.datapackage import datapackage as build_datapackage
from datasets.models import DatasetPage, Distribution
from portal import open_data
from portal.page_cache import cache_anonymous_response


@require_http_methods(["GET", "HEAD"])
@open_data_limited("catalogue")
@cache_anonymous_response(behind_view=True)
def catalogue(request, fmt):
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return HttpResponseBadRequest("page must be a positive integer")
    base_url = request.build_absolute_uri("/").rstrip("/")
    try:
        graph = dcat.build_page(number, fmt, base_url=base_url)
    except dcat.PageOutOfRange:
        raise Http404("No such catalogue page") from None
    _rdflib_format, content_type = dcat.FORMATS[fmt]
    return HttpResponse(dcat.serialize(graph, fmt), content_type=content_type)


def dataset_by_identifier(request, identifier):
    """The permanent URI of a dataset: redirects to its page (or 410)."""
    pages = DatasetPage.objects.live().public().filter(translation_key=identifier)
    page = pages.filter(locale=default_locale()).first() or pages.first()
    if page is None:
        raise Http404
    if page.is_withdrawn:
        return HttpResponseGone()
    return HttpResponseRedirect(page.url)


@require_http_methods(["GET", "HEAD"])
def download(request, pk):
    """The stable download address of a distribution; counts anonymously."""
    distribution = get_object_or_404(
        Distribution.objects.select_related("page", "document"),
        pk=pk,
        page__live=True,
    )
    page = distribution.page
    if page.is_withdrawn:
        return HttpResponseGone()
    if not DatasetPage.objects.filter(pk=page.pk).public().exists():
        raise Http404
    if distribution.external_url:
        if request.method == "GET":
            distribution.record_download()
        return HttpResponseRedirect(distribution.external_url)
    if distribution.generator:
        return _generated_download(request, distribution)
    document = distribution.document
    try:
        handle = document.file.open("rb")
    except OSError:
        raise Http404("The file is missing") from None
    if request.method == "GET":
        distribution.record_download()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.filename,
        content_type=distribution.media_type or "application/octet-stream",
    )
    return response


def _generated_download(request, distribution):
    """Data the portal generates from its live data (cached until it changes)."""
    rendered = open_data.render(distribution.generator)
    if rendered is None:
        raise Http404("The generator of this file is not installed")
    if request.method == "GET":
        distribution.record_download()
    response = HttpResponse(
        rendered.content,
        content_type=distribution.media_type or rendered.media_type,
    )
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    response["ETag"] = f'"{rendered.sha256}"'
    return response


@require_http_methods(["GET", "HEAD"])
@open_data_limited("catalogue")
def datapackage(request, identifier):
    """The Frictionless Data Package of a dataset."""
    page = (
        DatasetPage.objects.live()
        .public()
        .filter(translation_key=identifier, locale=default_locale())
        .first()
    )
    if page is None:
        raise Http404
    if page.is_withdrawn:
        return HttpResponseGone()
    base_url = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        build_datapackage(page, base_url), json_dumps_params={"ensure_ascii": False}
    )
