"""Public pages of citizen reports: form, confirmation, list, map data, detail, photos."""

from django.contrib import messages
from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.middleware import second_factor_redirect
from portal import maps, ratelimit
from portal.listing import filtered_listing
from reports import services
from reports import statistics as report_statistics
from reports.forms import ReportFilterForm, ReportForm, SupportForm
from reports.models import Report, ReportPhoto
from reports.permissions import staff_reports

PER_PAGE = 20


def _names(report_list):
    """Category and municipality names in the active language, for listings."""
    categories = services.localized_names({r.category for r in report_list})
    municipalities = services.localized_names({r.municipality for r in report_list})
    for report in report_list:
        report.category_name = categories.get(report.category_id, "")
        report.municipality_name = municipalities.get(report.municipality_id, "")
    return report_list


def over_rate_limit(request, scope="reports"):
    """Seconds to wait if the address is over ``REPORTS_RATE_LIMIT``, else None."""
    return ratelimit.check(request, scope, "REPORTS")


@require_http_methods(["GET", "POST"])
def new_report(request):
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    retry_after = None
    if request.method == "POST":
        status = 400
        nearby = []
        if form.is_valid() and not form.cleaned_data.get("new_anyway"):
            data = form.cleaned_data
            nearby = services.nearby_open_reports(
                data["category"], data["latitude"], data["longitude"]
            )
        if nearby:
            # Before a duplicate is filed: show the open reports nearby ("me too").
            _names([report for report, _metres in nearby])
            data = request.POST.copy()
            data["new_anyway"] = "on"
            form = ReportForm(data, user=request.user)
            form.is_valid()
            return render(
                request,
                "reports/new.html",
                {"form": form, "nearby": nearby, **_map_context(request)},
            )
        if form.is_valid():
            retry_after = over_rate_limit(request)
            if retry_after is not None:
                form.add_error(
                    None,
                    _(
                        "You have sent many reports in a short time. Please wait a "
                        "while and send this one again; your text is kept below."
                    ),
                )
                status = 429
            else:
                data = form.cleaned_data
                report = services.submit(
                    services.Submission(
                        category=data["category"],
                        municipality=data["municipality"],
                        description=data["description"].strip(),
                        place=data["place"].strip(),
                        latitude=data["latitude"],
                        longitude=data["longitude"],
                        reporter_name=data.get("name", "").strip(),
                        reporter_email=(data.get("email") or "").strip().lower(),
                        user=request.user,
                        language=get_language(),
                        photos=data["photos"],
                    )
                )
                request.session["reports_last"] = report.pk
                return redirect("reports:sent")
    response = render(
        request,
        "reports/new.html",
        {"form": form, **_map_context(request)},
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _map_context(request):
    return {"reports_geojson_url": reverse("reports:geojson") + "?status=open"}


def sent(request):
    report = None
    pk = request.session.get("reports_last")
    if pk:
        report = Report.objects.filter(pk=pk).first()
    return render(request, "reports/sent.html", {"report": report})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        report = Report.from_confirmation_token(token, services.confirm_max_age())
    except signing.SignatureExpired:
        error = _("This confirmation link has expired. Please send the report again.")
    except (signing.BadSignature, Report.DoesNotExist):
        error = _("This confirmation link is not valid.")
    else:
        error = None
    if error:
        return render(request, "reports/confirm.html", {"error": error}, status=400)
    confirmed = False
    if request.method == "POST":
        report, confirmed = services.confirm(report)
    return render(
        request,
        "reports/confirm.html",
        {
            "report": report,
            "confirmed": confirmed,
            "already": report.confirmed_at is not None and not confirmed,
        },
    )


def report_list(request):
    listing = filtered_listing(
        request,
        Report.objects.public()
        .filter(merged_into__isnull=True)
        .order_by("-created_at", "-pk"),
        PER_PAGE,
        form_class=ReportFilterForm,
    )
    _names(list(listing.items))
    return render(
        request,
        "reports/list.html",
        {
            "filter_form": listing.form,
            "page_obj": listing.page_obj,
            "reports": listing.items,
            "geojson_url": reverse("reports:geojson")
            + ("?" + request.GET.urlencode() if request.GET else ""),
        },
    )


def geojson(request):
    """Released reports as GeoJSON (same filters as the list; ``status=open``)."""
    reports = Report.objects.public().filter(
        merged_into__isnull=True, latitude__isnull=False, longitude__isnull=False
    )
    params = request.GET.copy()
    only_open = params.get("status") == "open"
    if only_open:
        params.pop("status")
        reports = reports.open()
    form = ReportFilterForm(params or None)
    if form.is_valid():
        reports = form.filter(reports)
    report_list = _names(list(reports.order_by("-created_at")[:2000]))
    features = [
        maps.point_feature(
            r.latitude,
            r.longitude,
            name=f"{r.category_name}: {r.place or r.municipality_name}",
            detail=r.get_status_display(),
            url=r.get_absolute_url(),
            status=r.status,
            category=r.category.slug,
        )
        for r in report_list
    ]
    response = JsonResponse(maps.feature_collection(features))
    response["Content-Type"] = "application/geo+json"
    return response


def detail(request, pk):
    report = get_object_or_404(Report.objects.public(), pk=pk)
    _names([report])
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "events": report.public_events(),
            "photos": report.photos.filter(public=True),
            "duplicates": report.duplicates.count(),
        },
    )


def photo(request, pk, photo_id):
    """A released photo of a released report, for everyone. Any other photo only
    for staff of the report's department who passed the second factor, as in
    the admin where they handle it."""
    photo = get_object_or_404(ReportPhoto, pk=photo_id, report_id=pk)
    staff = not (photo.public and photo.report.is_public)
    if staff:
        if not staff_reports(request.user).filter(pk=pk).exists():
            raise Http404
        refusal = second_factor_redirect(request)
        if refusal is not None:
            return refusal
    try:
        handle = default_storage.open(photo.file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300" if staff else "max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def support(request, pk):
    """ "Me too" for an open report: at once when signed in, else by e-mail link."""
    report = get_object_or_404(
        Report.objects.public().open().filter(merged_into__isnull=True), pk=pk
    )
    _names([report])
    if request.method == "POST" and request.user.is_authenticated:
        if services.support(report, user=request.user):
            messages.success(request, _("Thank you: your support is counted."))
        else:
            messages.info(request, _("You already support this report."))
        return redirect("reports:detail", pk)
    form = SupportForm(request.POST if "email" in request.POST else None)
    sent = False
    status = 200
    retry_after = None
    if form.is_bound:
        if form.is_valid():
            retry_after = over_rate_limit(request, "reports-support")
            if retry_after is not None:
                form.add_error(None, _("Too many requests. Please try again later."))
                status = 429
            else:
                services.send_support_confirmation(
                    report, form.cleaned_data["email"], get_language()
                )
                sent = True
        else:
            status = 400
    response = render(
        request,
        "reports/support.html",
        {"report": report, "form": form, "sent": sent},
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@require_http_methods(["GET", "POST"])
def support_confirm(request, token):
    try:
        report, email = services.read_support_token(token)
    except (signing.BadSignature, Report.DoesNotExist):
        return render(
            request,
            "reports/support_confirm.html",
            {"error": _("This confirmation link is not valid (any more).")},
            status=400,
        )
    _names([report])
    counted = None
    if request.method == "POST":
        counted = services.support(report, email=email)
    return render(
        request,
        "reports/support_confirm.html",
        {"report": report, "counted": counted},
    )


def statistics_page(request):
    """Public figures: counts per status, category and municipality, medians."""
    return render(
        request, "reports/statistics.html", {"stats": report_statistics.compute()}
    )
