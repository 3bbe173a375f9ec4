"""The one listing helper: filter form, page parameter, paginator, legacy
parameter names and values.

A filtered listing is ``filtered_listing(request, queryset, per_page,
form_class=…)``: the filter form bound to the query string, its ``filter``
applied to the queryset, the page of it that ``?page=`` asks for (count and,
for listings of pages, the pages' keys cached per content version) and the
page's items; see ``docs/architecture.md``, "Listings".

Every public listing (news, announcements, events, places, directory,
consultations, datasets, reports, council, search) takes its page from the
query parameter ``page`` through ``paginate`` and renders the one pager,
``portal/includes/pagination.html`` (Django's ``{% querystring %}``: the links
keep the filters and change only ``page``). Filter parameters have English
names (table in ``docs/architecture.md``, "Listings"). The filter form is a
``FilterForm`` and every listing's filter bar is the one include
``portal/includes/filter_bar.html`` with it.

Names published before that (``?seite=2``, ``?gemeinde=banzkow``) are in
``LEGACY_QUERY_PARAMETERS``; ``LegacyQueryParameterMiddleware`` answers a GET
that uses one with a permanent redirect to the same path with the new name, so
bookmarks and links from elsewhere keep working and search engines learn the
new address. Published filter *values* that were German (``only=bekanntmachungen``)
are in ``LEGACY_QUERY_VALUES`` and redirected the same way.
"""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _

from portal.fragments import Deferred
from portal.pagination import CachedCountPaginator

PAGE_PARAMETER = "page"

# old public name → current name; only names that were published in links.
LEGACY_QUERY_PARAMETERS = {
    "seite": PAGE_PARAMETER,  # news, announcements, reports, council
    "gemeinde": "municipality",  # news, announcements, news feed, search
    "kategorie": "category",  # news, news feed
    "typ": "type",  # announcements, news feed, search
    "jahr": "year",  # announcements
    "nur": "only",  # news feed
    "von": "date_from",  # search
    "bis": "date_to",  # search
    "partei": "party",  # council members
    "gremium": "committee",  # council members
}

# (current parameter name, old public value) → current value; only values that
# were published in links. Looked up after the names are renamed, so an old name
# with an old value (``?nur=bekanntmachungen``) takes one redirect.
LEGACY_QUERY_VALUES = {
    ("only", "bekanntmachungen"): "announcements",  # news feed
}


# Protocols with parameter names of their own (CKAN, Wagtail API, Open311) and the
# admin are never redirected.
NOT_REDIRECTED = ("/admin/", "/api/", "/open311/")


def paginate(request, object_list, per_page, *, cached=False, **options):
    """The page of ``object_list`` that ``?page=`` asks for (``get_page``: a
    missing or bad number gives the first page, one past the end the last).

    ``cached=True`` (listings of pages, whose rows change with a publish) uses
    ``CachedCountPaginator``; ``options`` go to the paginator (``orphans``,
    ``count_key``, ``count_timeout``, ``cache_pages``)."""
    return page_of(
        object_list, per_page, request.GET.get(PAGE_PARAMETER), cached=cached, **options
    )


def page_of(object_list, per_page, number, *, cached=False, **options):
    """``paginate`` for a page ``number`` read elsewhere (a query string that
    is not the request's)."""
    paginator_class = CachedCountPaginator if cached else Paginator
    paginator = paginator_class(object_list, per_page, **options)
    return paginator.get_page(number)


def filter_by(queryset, data, lookups):
    """``queryset`` narrowed by a filter form's ``cleaned_data`` (``data``):
    ``lookups`` maps a field name to the ORM lookup its value filters on
    (``{"municipality": "municipality__slug"}``) or to a function of the value
    returning a ``Q``; a field without a value (or missing) filters nothing.
    One ``filter()`` per field, in the mapping's order."""
    for name, lookup in lookups.items():
        value = data.get(name)
        if value:
            queryset = queryset.filter(
                lookup(value) if callable(lookup) else Q(**{lookup: value})
            )
    return queryset


class FilterBoundField(BoundField):
    """A filter form's field shows the value the listing filters by: the
    cleaned value when it is text (a select's unknown value cleaned to "" shows
    "all", a search's cleaned words), else the value given (a date, a
    number, and every value of a field with an error)."""

    def value(self):
        cleaned = getattr(self.form, "cleaned_data", None) or {}
        if isinstance(cleaned.get(self.name), str):
            return cleaned[self.name]
        return super().value()


class FilterForm(forms.Form):
    """The base of a listing's filter form: every field optional (no
    "(optional)" markers), ids ``filter-<name>``, and each field showing the
    value the listing filters by (``FilterBoundField``). Its bar is
    ``portal/includes/filter_bar.html``; fields in ``sort_fields`` sort
    rather than filter, so a value there shows no "reset" link."""

    hide_optional_marker = True
    bound_field_class = FilterBoundField
    sort_fields = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)

    @property
    def filtered(self):
        """A filter is chosen (the bar offers to reset it)."""
        return any(
            self[name].value() for name in self.fields if name not in self.sort_fields
        )


class FilterChoiceField(forms.ChoiceField):
    """A select whose value comes from a link (a bookmark, a category link):
    every value validates, so the form's ``clean_<name>`` decides what an
    unknown one means (filters nothing, or matches nothing); NUL characters
    are dropped (PostgreSQL cannot compare text with them) and at most 100
    characters kept."""

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        return str(value).replace("\x00", "")[:100]

    def valid_value(self, value):
        return True


class FlagInput(forms.CheckboxInput):
    """A checkbox sent as ``name=1`` and read as ``"1"`` or ``""`` (a
    ``CharField`` of a filter form: the published URLs say ``direct_sale=1``)."""

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


def municipality_field():
    """The municipality select of a filter form; the form sets its choices,
    ``("", _("All municipalities"))`` and ``(slug, name)`` pairs."""
    return FilterChoiceField(label=_("Municipality"), required=False)


@dataclass
class Listing:
    """What a listing's template needs: the filter form (with its errors),
    the page (``page_obj`` for the pager), the page's items and whether the
    request asks for any filter (to say "nothing matches your filters")."""

    form: object
    page_obj: Page
    items: object
    filtered: bool


def filtered_listing(
    request,
    queryset,
    per_page,
    *,
    form_class,
    form_kwargs=None,
    on_invalid="unfiltered",
    load=None,
    cached=False,
    count_key=None,
    **options,
):
    """One page of ``queryset`` narrowed by the filter form ``form_class``.

    ``form_class`` is a Django form whose fields are the listing's query
    parameters (all optional) and whose ``filter(queryset)`` returns the
    queryset narrowed by its ``cleaned_data``; it is built as
    ``form_class(request.GET or None, **form_kwargs)``. When it does not
    validate, the form keeps its (translated) errors for the template and the
    listing is the unfiltered one (``on_invalid="unfiltered"``: ``filter`` with
    empty ``cleaned_data``, so it must read it with ``.get``) or nothing
    (``"empty"``). An unbound form (no query string) filters with no values.

    ``load`` (a function ``{pk: object}`` of primary keys) makes it a listing
    of cached cards: the paginator pages the primary keys, with count and
    pages cached per content version (``cache_pages``), and ``items`` is a
    ``portal.fragments.Deferred`` that loads only the objects whose card is not
    in the cache. Otherwise ``items`` is the page's objects and ``cached=True``
    caches the count only. ``count_key`` may be a function of the valid form
    (``None`` when invalid) for listings whose SQL holds the time; ``options``
    go to the paginator.
    """
    form = form_class(request.GET or None, **(form_kwargs or {}))
    valid = form.is_valid()
    if not valid and form.is_bound and on_invalid == "empty":
        queryset = queryset.none()
    else:
        if not valid:
            # no query string, or an invalid one: ``filter`` with no values
            # (it may still apply defaults, e.g. upcoming events only); the
            # template shows the errors from ``form.errors``
            form.cleaned_data = {}
        queryset = form.filter(queryset)
    if callable(count_key):
        count_key = count_key(form if valid else None)
    if count_key is not None:
        options["count_key"] = count_key
    if load is not None:
        page_obj = paginate(
            request,
            queryset.values_list("pk", flat=True),
            per_page,
            cached=True,
            cache_pages=True,
            **options,
        )
        items = Deferred(queryset.model, page_obj.object_list, load)
    else:
        page_obj = paginate(request, queryset, per_page, cached=cached, **options)
        items = page_obj.object_list
    filtered = any(request.GET.get(name) for name in form.fields)
    return Listing(form=form, page_obj=page_obj, items=items, filtered=filtered)


def legacy_redirect_url(request, renames=None):
    """The URL with current parameter names when ``request`` uses an old one,
    else ``None``. A value given under both names keeps the new name's."""
    renames = LEGACY_QUERY_PARAMETERS if renames is None else renames
    old_values = LEGACY_QUERY_VALUES
    if not any(old in request.GET for old in renames) and not any(
        value in request.GET.getlist(name) for name, value in old_values
    ):
        return None
    params = request.GET.copy()
    for old, new in renames.items():
        if old in params:
            values = params.getlist(old)
            del params[old]
            if new not in params:
                params.setlist(new, values)
    for name in {name for name, _value in old_values}:
        if name in params:
            params.setlist(
                name,
                [
                    old_values.get((name, value), value)
                    for value in params.getlist(name)
                ],
            )
    query = params.urlencode()
    return request.path + (f"?{query}" if query else "")


class LegacyQueryParameterMiddleware:
    """301 from a published URL with an old parameter name to the new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(
            NOT_REDIRECTED
        ):
            url = legacy_redirect_url(request)
            if url is not None:
                return HttpResponsePermanentRedirect(url)
        return self.get_response(request)
