"""Open311 GeoReport v2 for citizen reports, at ``/open311/v2/`` (language-neutral).

Endpoints (each as ``.json`` and ``.xml``): ``discovery``, ``services``,
``services/<service_code>`` (service definition), ``requests`` (GET: list with the
filters of the spec; POST: create) and ``requests/<service_request_id>``.

Only public reports (released and confirmed) are served, with the public text and
answer; the reporter's data, internal notes and the assignee never appear. A
report created through POST goes through the same validation as the web form
(:class:`reports.forms.ReportForm`: area check, photos without metadata,
description, e-mail address), the same double opt-in, rate limit and
pre-moderation (:func:`reports.services.submit`). POST needs an ``api_key`` from
``REPORTS_OPEN311_API_KEYS``; without configured keys, POST is switched off.

Errors follow the spec: the HTTP status and ``[{"code": 400, "description":
"…"}]`` (XML: ``<errors><error><code>…``).
"""

import datetime
import hmac
import xml.etree.ElementTree as ET

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from reports import services
from reports.choices import CLOSED_STATUSES, OPEN_STATUSES, Status
from reports.forms import ReportForm
from reports.models import Category, Report, ReportPhoto
from reports.views import over_rate_limit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
DEFAULT_WINDOW_DAYS = 90
MAX_RESULTS = 1000
FORMATS = ("json", "xml")
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class Open311Error(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


# --- rendering ---------------------------------------------------------------------
def _xml_value(element, value):
    if value is None:
        return
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, list):
        child_tag = {"attributes": "attribute", "endpoints": "endpoint"}.get(
            element.tag, "format"
        )
        for item in value:
            _xml_item(element, child_tag, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _xml_item(element, key, item)
    else:
        element.text = str(value)


def _xml_item(parent, tag, value):
    _xml_value(ET.SubElement(parent, tag), value)


def render(data, fmt, root, item, status=200):
    """``data`` (a list of dicts or a dict) as JSON or as the spec's XML."""
    if fmt == "json":
        return JsonResponse(
            data, safe=False, status=status, json_dumps_params={"ensure_ascii": False}
        )
    element = ET.Element(root)
    if isinstance(data, list):
        for entry in data:
            _xml_item(element, item, entry)
    else:
        _xml_value(element, data)
    body = ET.tostring(element, encoding="unicode")
    return HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        content_type="text/xml; charset=utf-8",
        status=status,
    )


def error_response(fmt, status, description):
    return render(
        [{"code": status, "description": str(description)}],
        fmt,
        "errors",
        "error",
        status=status,
    )


def open311_view(methods=("GET",)):
    """Common frame: allowed methods, ``jurisdiction_id``, ``locale``, errors."""

    def decorator(view):
        @csrf_exempt
        @require_http_methods(list(methods))
        def wrapper(request, fmt, **kwargs):
            if fmt not in FORMATS:
                return error_response(
                    "json", 404, _("Unknown format: use .json or .xml.")
                )
            params = request.POST if request.method == "POST" else request.GET
            language = params.get("locale", "")[:2].lower()
            if language not in LANGUAGES:
                language = settings.LANGUAGE_CODE
            with translation.override(language):
                try:
                    _check_jurisdiction(params)
                    return view(request, fmt, **kwargs)
                except Open311Error as error:
                    return error_response(fmt, error.status, error.description)

        wrapper.__name__ = view.__name__
        wrapper.__doc__ = view.__doc__
        return wrapper

    return decorator


def jurisdiction():
    return getattr(settings, "REPORTS_OPEN311_JURISDICTION", "") or ""


def _check_jurisdiction(params):
    given = params.get("jurisdiction_id", "").strip()
    expected = jurisdiction()
    if given and expected and given != expected:
        raise Open311Error(404, _("jurisdiction_id not found: %s") % given[:100])


def api_keys():
    keys = getattr(settings, "REPORTS_OPEN311_API_KEYS", []) or []
    if isinstance(keys, str):
        keys = keys.split(",")
    return [key.strip() for key in keys if key.strip()]


def absolute(path):
    return services.absolute_url(path)


# --- discovery and services ------------------------------------------------------
@open311_view()
def discovery(request, fmt):
    """Service discovery: where the endpoint is and what it speaks."""
    endpoint = absolute(reverse("open311:discovery", args=["json"])).rsplit("/", 1)[0]
    changeset = CHANGESET
    data = {
        "changeset": changeset,
        "contact": getattr(settings, "REPORTS_OPEN311_CONTACT", "")
        or settings.WAGTAIL_SITE_NAME,
        "key_service": _(
            "API keys for creating requests are issued by the portal's editorial team."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint + "/",
                "changeset": changeset,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return render(data, fmt, "discovery", "")


# When this implementation last changed (discovery's ``changeset``).
CHANGESET = "2026-12-06T00:00:00Z"


def _service(category, name, description):
    return {
        "service_code": category.slug,
        "service_name": name,
        "description": description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


@open311_view()
def service_list(request, fmt):
    """All active categories: ``services.json``."""
    category_list = list(services.categories())
    translated = _translations(category_list)
    data = [
        _service(
            c,
            translated.get(c.translation_key, c).name,
            translated.get(c.translation_key, c).description,
        )
        for c in category_list
    ]
    return render(data, fmt, "services", "service")


def _translations(category_list):
    """``{translation_key: category in the active language}``."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        c.translation_key: c
        for c in Category.objects.filter(
            locale__language_code=language,
            translation_key__in=[c.translation_key for c in category_list],
        )
    }


@open311_view()
def service_definition(request, fmt, code):
    """The service definition: no extra attributes (every service needs the same)."""
    category = services.categories().filter(slug=code).first()
    if category is None:
        raise Open311Error(404, _("service_code not found: %s") % code[:60])
    return render(
        {"service_code": category.slug, "attributes": []},
        fmt,
        "service_definition",
        "",
    )


# --- requests --------------------------------------------------------------------
def _iso(value):
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _parse_moment(value, name, end=False):
    value = value.strip()
    moment = None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is not None:
                moment = datetime.datetime.combine(
                    day, datetime.time.max if end else datetime.time.min
                )
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400,
            _("%(name)s is not a valid date and time (W3C format, e.g. %(example)s).")
            % {"name": name, "example": "2026-05-01T00:00:00Z"},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


STATUS_GROUPS = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}


def filtered_requests(params):
    """Public reports for ``GET requests`` with the spec's filters (newest first)."""
    reports = Report.objects.public()
    ids = params.get("service_request_id", "").strip()
    if ids:
        # The spec: with service_request_id, all other parameters are ignored.
        numbers = []
        for part in ids.split(","):
            part = part.strip()
            if not part.isdigit():
                raise Open311Error(
                    400, _("service_request_id must be numbers separated by commas.")
                )
            numbers.append(int(part))
        return reports.filter(pk__in=numbers[:MAX_RESULTS]).order_by("-created_at")
    reports = reports.filter(merged_into__isnull=True)
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
    if codes:
        reports = reports.filter(category__slug__in=codes)
    statuses = [
        s.strip().lower() for s in params.get("status", "").split(",") if s.strip()
    ]
    if statuses:
        unknown = [s for s in statuses if s not in STATUS_GROUPS]
        if unknown:
            raise Open311Error(400, _("status must be open or closed."))
        reports = reports.filter(
            status__in=[value for s in statuses for value in STATUS_GROUPS[s]]
        )
    start = params.get("start_date", "")
    end = params.get("end_date", "")
    start = _parse_moment(start, "start_date") if start.strip() else None
    end = _parse_moment(end, "end_date", end=True) if end.strip() else None
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    if start is not None:
        reports = reports.filter(created_at__gte=start)
    if end is not None:
        reports = reports.filter(created_at__lte=end)
    return reports.order_by("-created_at", "-pk")


def _page_size(params):
    try:
        size = int(params.get("page_size") or MAX_RESULTS)
        page = int(params.get("page") or 1)
    except ValueError as error:
        raise Open311Error(400, _("page and page_size must be numbers.")) from error
    return max(1, min(size, MAX_RESULTS)), min(max(page, 1), 100_000)


def serialize(report_list):
    """The GeoReport v2 fields of public reports (no personal data, no notes)."""
    report_list = list(report_list)
    translated = _translations({r.category for r in report_list})
    municipalities = services.localized_names({r.municipality for r in report_list})
    photos = {}
    if report_list:
        for photo in ReportPhoto.objects.filter(
            report__in=report_list, public=True
        ).order_by("pk"):
            photos.setdefault(photo.report_id, photo)
    result = []
    for report in report_list:
        category = translated.get(report.category.translation_key, report.category)
        photo = photos.get(report.pk)
        address = ", ".join(
            part
            for part in (report.place, municipalities.get(report.municipality_id, ""))
            if part
        )
        notes = report.public_answer
        if report.status == Status.FORWARDED and report.forwarded_to:
            notes = notes or _("Forwarded to %s.") % report.forwarded_to
        if report.merged_into_id:
            notes = _("Duplicate of report %s.") % report.merged_into_id
        result.append(
            {
                "service_request_id": str(report.pk),
                "status": "open" if report.is_open else "closed",
                "status_notes": notes or None,
                "service_name": category.name,
                "service_code": report.category.slug,
                "description": report.public_text,
                "agency_responsible": (
                    report.forwarded_to
                    if report.status == Status.FORWARDED
                    else settings.WAGTAIL_SITE_NAME
                ),
                "service_notice": None,
                "requested_datetime": _iso(report.created_at),
                "updated_datetime": _iso(report.updated_at),
                "expected_datetime": None,
                "address": address,
                "address_id": None,
                "zipcode": None,
                "lat": float(report.latitude) if report.latitude is not None else None,
                "long": (
                    float(report.longitude) if report.longitude is not None else None
                ),
                "media_url": absolute(photo.get_absolute_url()) if photo else None,
            }
        )
    return result


@open311_view(methods=("GET", "POST"))
def requests_view(request, fmt):
    """``GET requests``: public reports; ``POST requests``: a new report."""
    if request.method == "POST":
        return create_request(request, fmt)
    reports = filtered_requests(request.GET)
    size, page = _page_size(request.GET)
    chunk = reports[(page - 1) * size : page * size]
    return render(serialize(chunk), fmt, "service_requests", "request")


@open311_view()
def request_detail(request, fmt, pk):
    """``GET requests/<id>``: one public report (a list of one, as the spec says)."""
    report = Report.objects.public().filter(pk=pk).first()
    if report is None:
        raise Open311Error(404, _("service_request_id not found: %s") % pk)
    return render(serialize([report]), fmt, "service_requests", "request")


def _municipality_from_address(address, form):
    text = address.casefold()
    names = services.localized_names(form.municipalities.values())
    for municipality in form.municipalities.values():
        if names[municipality.pk].casefold() in text:
            return municipality.slug
    return ""


def create_request(request, fmt):
    """``POST requests``: the web form's validation, opt-in and moderation."""
    params = request.POST
    keys = api_keys()
    if not keys:
        raise Open311Error(
            403, _("Creating requests through this API is switched off.")
        )
    given = params.get("api_key", "")
    if not any(hmac.compare_digest(given.encode(), key.encode()) for key in keys):
        raise Open311Error(403, _("api_key is missing or not valid."))
    code = params.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = services.categories().filter(slug=code).first()
    if category is None:
        raise Open311Error(404, _("service_code not found: %s") % code[:60])
    address = params.get("address_string", "").strip()
    has_position = bool(
        params.get("lat", "").strip() and params.get("long", "").strip()
    )
    if not has_position and not address:
        raise Open311Error(
            400, _("A location is required: lat and long, or address_string.")
        )
    name = " ".join(
        part.strip()
        for part in (params.get("first_name", ""), params.get("last_name", ""))
        if part.strip()
    )
    data = {
        "category": str(category.pk),
        "place": address[:200],
        "latitude": params.get("lat", ""),
        "longitude": params.get("long", ""),
        "description": params.get("description", ""),
        "email": params.get("email", ""),
        "name": name[:120],
        "new_anyway": "on",
    }
    files = request.FILES.getlist("media")
    form = ReportForm(data, {"photos": files} if files else None, user=None)
    if form.fields.get("municipality") and not has_position:
        data["municipality"] = _municipality_from_address(address, form)
        form = ReportForm(data, {"photos": files} if files else None, user=None)
    if form.is_valid():
        if over_rate_limit(request) is not None:
            raise Open311Error(429, _("Too many requests. Please try again later."))
        cleaned = form.cleaned_data
        report = services.submit(
            services.Submission(
                category=cleaned["category"],
                municipality=cleaned["municipality"],
                description=cleaned["description"].strip(),
                place=cleaned["place"].strip(),
                latitude=cleaned["latitude"],
                longitude=cleaned["longitude"],
                reporter_name=cleaned.get("name", "").strip(),
                reporter_email=(cleaned.get("email") or "").strip().lower(),
                user=None,
                language=translation.get_language(),
                source="open311",
                photos=cleaned["photos"],
            )
        )
        notice = _(
            "We have sent an e-mail to confirm the report. It reaches the "
            "responsible department after confirmation and is published after review."
        )
        return render(
            [
                {
                    "service_request_id": str(report.pk),
                    "service_notice": notice,
                    "account_id": None,
                }
            ],
            fmt,
            "service_requests",
            "request",
        )
    errors = []
    field_names = {
        "category": "service_code",
        "municipality": "address_string",
        "place": "address_string",
        "latitude": "lat",
        "longitude": "long",
        "photos": "media",
        "name": "first_name",
    }
    for field, messages in form.errors.items():
        label = field_names.get(field, field)
        for message in messages:
            prefix = "" if field == "__all__" else f"{label}: "
            errors.append({"code": 400, "description": f"{prefix}{message}"})
    return render(errors, fmt, "errors", "error", status=400)
