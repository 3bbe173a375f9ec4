"""Site-wide search over every live, public page of the visitor's language.

Every content app's pages are found without the search app knowing them: the
search runs on ``wagtailcore.Page`` and facets by content type. A page type
contributes its text through its own ``search_fields``.

Objects other than pages (a citizen's proposal, a budget project) that an app
registers with ``portal.search_objects`` are hits of their own, after the
pages: they never push a page down.
"""

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import NotSupportedError, connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.db.models.lookups import Lookup
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from portal.models import Municipality
from portal.restrictions import hidden_q
from portal.search_objects import searchable_objects
from portal.search_text import QUERY_SYNTAX, clean_query
from search.analysis import fold
from search.backends import for_language
from search.expansion import read_query
from search.indexing import uses_index_entries
from search.vocabulary import Vocabulary

PAGE_SIZE = 10
AUTOCOMPLETE_SIZE = 8
BEST_SERVICES = 3
HIGHLIGHT_WORDS = 40
# Facets are counted in SQL; a search engine without SQL counts this many matches.
FACET_CAP = 5000
# A word matching more pages than this (a frequent word at scale: "Meldung"
# in 50,000 news) is answered from its best COUNT_CAP matches: they are
# ranked, paged and counted in the facets, and the page says "more than" (#21).
COUNT_CAP = 500
SORTS = ("relevance", "newest", "title")
# ``ranked_titles`` ranks this many times the titles it returns, the
# shortest of those that match (#21).
RANKED_TITLES_POOL = 4

KIND_LABELS = {
    "service": _("Service"),
    "news": _("News"),
    "event": _("Event"),
    "place": _("Place"),
    "route": _("Route"),
    "dataset": _("Dataset"),
    "business": _("Business"),
    "project": _("Project"),
    "consultation": _("Participation"),
    "page": _("Page"),
}

# Apps with dated content (events, news) register a function with this hook.
# It receives ``(date_from, date_to, locale)`` (either date may be ``None``)
# and returns a queryset of the ids (``.values("pk")``) of their pages with a
# date in that range. With a date filter, only such pages are found.
DATE_FILTER_HOOK = "portal_search_date_filters"


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    page: Page | None  # None for an object that is not a page (a proposal)
    snippet: str
    type_label: str
    kind: str = "page"
    url: str = ""
    title: str = ""

    def __post_init__(self):
        if self.page is not None:
            self.url = self.url or self.page.url
            self.title = self.title or self.page.title


@dataclass
class SearchOutcome:
    query: str
    total: int = 0
    page_obj: object = None
    hits: list[Hit] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    municipality_facets: list[Facet] = field(default_factory=list)
    promotions: list = field(default_factory=list)
    suggestion: str = ""
    corrected: bool = False  # the hits are those of the suggestion (a typo)
    relaxed: bool = False  # no page has all the words: pages with some of them
    date_filtered: bool = False
    capped: bool = False  # more than COUNT_CAP matches: the best of them shown
    exact_matches: bool = True  # False: nothing matched the words as typed
    prefix_fallback: bool = False  # the hits match the words as title prefixes
    best_services: list[Hit] = field(default_factory=list)  # for "Antrag" etc.

    @property
    def ranked_hits(self):
        """The hits in the order a visitor sees them (best services first)."""
        return [*self.best_services, *self.hits]


def content_type_key(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def _content_type_for(key):
    try:
        app_label, model = key.split(".", 1)
        return ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        return None


@functools.cache
def municipality_fields():
    """``(model, field name)`` of every page field pointing at a municipality.

    Found by introspection, so a new app's pages with a ``municipality``
    foreign key (or a many-to-many such as a dataset's spatial coverage) are
    faceted without the search app knowing them.
    """
    found = set()
    for model in get_page_models():
        for model_field in model._meta.get_fields():
            if (
                model_field.is_relation
                and not model_field.auto_created
                and model_field.related_model is Municipality
            ):
                found.add((model_field.model, model_field.name))
    return sorted(found, key=lambda item: (item[0]._meta.label, item[1]))


def municipality_filter(slug, per_page=True):
    """A ``Q`` on ``Page`` for pages in the municipality with ``slug``.

    ``per_page`` (the database backends): asked of each page, not as lists
    of all pages of the place: for each model with such a field, a page of
    that model's types (its content type first) whose own row points at the
    municipality (a correlated ``IN``, one look-up by primary key). Lists of
    ids made PostgreSQL read every page of the locale and all 50,000 news of
    the scale data for a word with 900 matches: 160 ms (#21). A search
    engine gets the lists (it cannot run a correlated subquery)."""
    condition = Q(pk__in=[])
    for model, name in municipality_fields():
        in_place = model.objects.filter(**{f"{name}__slug": slug})
        if not per_page:
            condition |= Q(pk__in=in_place.values("pk"))
            continue
        types = _page_type_ids(model)
        if types:
            own_row = in_place.filter(pk=OuterRef("pk")).values("pk")
            condition |= Q(content_type__in=types, pk__in=own_row)
    return condition


def date_filter(date_from, date_to, locale):
    """A ``Q`` on ``Page`` for dated pages (events, news) in the range. A hook
    returns a queryset of page ids or a list of them (one per page type: no
    ``Page`` query around them, which PostgreSQL ran as a scan of all pages)."""
    found_ids = []
    for hook in hooks.get_hooks(DATE_FILTER_HOOK):
        found = hook(date_from, date_to, locale)
        if found is None:
            continue
        found_ids += found if isinstance(found, (list, tuple)) else [found]
    if not found_ids:
        return Q(pk__in=[])
    # One ``IN`` over a ``UNION ALL`` of the ids: PostgreSQL joins it with the
    # matches once (an ``OR`` of one ``IN`` per page type was a filter of
    # hashed subplans on every page of the locale).
    ids = [queryset.order_by() for queryset in found_ids]
    return Q(pk__in=ids[0].union(*ids[1:], all=True) if len(ids) > 1 else ids[0])


class AnyOf(Lookup):
    """``column = ANY(%s)``: a list of ids as one array parameter (PostgreSQL).

    ``pk__in=[…]`` of 500-1,000 ids (the best matches of a frequent word)
    becomes one placeholder and one parameter per id, which Django resolves
    and psycopg splits and quotes one by one in every query of the search;
    the array is one parameter, and PostgreSQL plans both alike (an ``IN``
    list is ``= ANY(ARRAY[…])`` to it). Use it through ``ids_q``."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        db_type = self.lhs.output_field.cast_db_type(connection)
        # the array's text ("{1,2,3}"): psycopg dumps a list element by
        # element in Python, twice as slow for 1,000 ids
        ids = "{" + ",".join(str(int(value)) for value in self.rhs) + "}"
        return f"{lhs} = ANY(%s::{db_type}[])", (*lhs_params, ids)


def ids_q(ids, field="pk"):
    """A ``Q`` for rows whose ``field`` is one of ``ids`` (integers): one
    array parameter on PostgreSQL (``AnyOf``), an ``IN`` list elsewhere.
    For the database backends only (a search engine knows no ``any_of``)."""
    ids = list(ids)
    if connection.vendor == "postgresql" and ids:
        return Q(AnyOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def _municipality_labels(slugs, locale):
    labels = {}
    for item in Municipality.objects.filter(slug__in=slugs).order_by("pk"):
        if item.slug not in labels or item.locale_id == locale.pk:
            labels[item.slug] = item.name
    return labels


def base_queryset(locale):
    return Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1)


@dataclass
class ObjectSource:
    """The registered objects of one model (``portal.search_objects``) that a
    search looks at: ``public`` (all that visitors may see, for the counts),
    ``in_place`` (with the municipality selection) and ``filtered`` (for the
    hits: ``in_place``, or ``None`` when another type is selected). Each narrows
    the indexed model to objects by id, so the search backend filters on a
    ``FilterField`` only."""

    objects: object  # SearchableObjects
    content_type: ContentType
    public: object
    in_place: object
    filtered: object


def object_sources(pages, selected_type=None, municipality=""):
    """The registered objects a search over ``pages`` (the live, public pages
    of the visitor's language) finds; none with a date filter (they have no
    dates) or when they have no municipality and one is selected. Builds
    querysets only: no query runs here."""
    sources = []
    for objects in searchable_objects():
        if municipality and not objects.municipality:
            continue
        model = objects.model
        public = objects.public(pages)
        in_place = public
        if municipality:
            in_place = public.filter(**{f"{objects.municipality}__slug": municipality})
        content_type = ContentType.objects.get_for_model(model)
        in_place = model.objects.filter(pk__in=in_place.values("pk"))
        filtered = in_place
        if selected_type is not None and selected_type.pk != content_type.pk:
            filtered = None
        sources.append(
            ObjectSource(
                objects,
                content_type,
                model.objects.filter(pk__in=public.values("pk")),
                in_place,
                filtered,
            )
        )
    return sources


def highlight(text, query_words):
    """Escape ``text`` and wrap the query's words (and the forms they were
    searched in) in ``<mark>``."""
    if isinstance(query_words, str):
        query_words = [query_words]
    escaped = escape(text or "")
    words = sorted(
        {
            re.escape(escape(word))
            for text in query_words[:HIGHLIGHT_WORDS]
            for word in text.split()
            if len(word) >= 3
        },
        key=len,
        reverse=True,
    )
    if words:
        escaped = re.sub(
            "(" + "|".join(words) + ")",
            r"<mark>\1</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    return mark_safe(escaped)  # noqa: S308 - built from escaped parts only


def _snippet(page):
    for attribute in ("get_teaser_text", "search_description"):
        value = getattr(page, attribute, "")
        value = value() if callable(value) else value
        if value:
            return value
    return ""


def kind_of(model):
    """``(key, label)`` of a page type's kind for the results (settings
    ``SEARCH_RESULT_KINDS``, by model label; "page" otherwise)."""
    key = settings.SEARCH_RESULT_KINDS.get(model._meta.label_lower, "page")
    return key, KIND_LABELS.get(key, KIND_LABELS["page"])


def kind_content_types(kind):
    """Content types of the page types of one kind (e.g. "service")."""
    labels = [
        label for label, value in settings.SEARCH_RESULT_KINDS.items() if value == kind
    ]
    content_types = []
    for label in labels:
        content_type = _content_type_for(label)
        if content_type is not None:
            content_types.append(content_type)
    return content_types


def matching_queryset(results):
    """The database query behind search results (``None`` on a search engine
    such as OpenSearch, which does not search the database)."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is None:
        return None
    return get_queryset().order_by()


def _grouped_sql(queryset, *columns):
    """``(sql, params)`` of ``queryset`` grouped by its ``columns`` with the
    number of rows of each group as ``n``."""
    grouped = queryset.values_list(*columns).annotate(n=Count("pk"))
    return grouped.values_list(*columns, "n").order_by().query.sql_with_params()


@functools.cache
def _all_page_type_ids():
    """Content type ids of all page types (their search index entries)."""
    return _page_type_ids(Page)


def _page_type_ids(model):
    """Content type ids of ``model``'s pages (its own and its subclasses')."""
    return sorted(
        ContentType.objects.get_for_model(page_model).pk
        for page_model in get_page_models()
        if issubclass(page_model, model)
    )


def _page_places_sql():
    """``(sql, params)`` of ``(page id, municipality slug)`` of the pages in
    ``search_matches`` (a common table expression of ``count_matches``, with
    ``search_types``, its content type ids): one ``UNION ALL`` branch per
    page field pointing at a municipality, a join of the matches with the
    model's table (or the many-to-many table) and the municipalities. A
    branch runs only if the matches have pages of its model (a condition
    PostgreSQL checks once, before the join), and no branch narrows the
    matches by type itself: PostgreSQL has no statistics for that and joined
    50,000 matches page by page. ``None`` without such fields."""
    municipalities = connection.ops.quote_name(Municipality._meta.db_table)
    branches, params = [], []
    for model, name in municipality_fields():
        types = _page_type_ids(model)
        if not types:
            continue
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            through = model_field.remote_field.through._meta
            table = connection.ops.quote_name(through.db_table)
            page_column = through.get_field(
                model_field.m2m_field_name()
            ).get_attname_column()[1]
            place_column = through.get_field(
                model_field.m2m_reverse_field_name()
            ).get_attname_column()[1]
        else:
            table = connection.ops.quote_name(model._meta.db_table)
            page_column = model._meta.pk.get_attname_column()[1]
            place_column = model_field.get_attname_column()[1]
        page_column = connection.ops.quote_name(page_column)
        place_column = connection.ops.quote_name(place_column)
        in_types = ", ".join(["%s"] * len(types))
        branches.append(
            f"SELECT m.id, p.slug FROM search_matches m "  # noqa: S608 - names of the models
            f"JOIN {table} t ON t.{page_column} = m.id "
            f"JOIN {municipalities} p ON p.id = t.{place_column} "
            f"WHERE EXISTS (SELECT 1 FROM search_types "
            f"WHERE content_type_id IN ({in_types}))"
        )
        params.extend(types)
    if not branches:
        return None
    return " UNION ALL ".join(branches), params


def count_matches(
    backend,
    object_backend,
    search_query,
    queryset,
    municipality,
    sources,
    selected_type=None,
    limit=None,
    matches=None,
):
    """Both facets of a search in one SQL query, or ``None`` on a search
    engine without SQL: ``(Counter({content type id: matches}), Counter({
    municipality slug: matching pages and objects}))``, with ``size``: the
    number of matching pages found (with ``limit``, at most that many: the
    facets are then those of the first ``limit`` matches found, and a
    ``size`` equal to ``limit`` says there may be more). ``matches``: the
    matching pages when they are known already (a queryset of ``Page``, for
    the best matches of a frequent word), so they are not matched again.

    The matching pages are found once (a common table expression,
    ``search_matches``), joined with every page field that points at a
    municipality (``search_pairs``), and grouped twice: by type (with the
    municipality selection applied) and by municipality (with the type
    selection applied; a page counts once per municipality). Each registered
    model's matches are grouped by municipality (``UNION ALL``), which gives
    both the model's entry in the type facet (all of them, or those of the
    selected municipality) and its municipality counts (when no other type is
    selected). ``object_backend`` searches the objects (see ``_Found``).
    Before (#21), the places of the pages were a second query that matched
    the pages again: on a word with 50,000 matches, each match costs.
    """
    if matches is None:
        matches = matching_queryset(backend.search(search_query, queryset))
    if matches is None:
        return None
    matches = matches.values_list("pk", "content_type")
    if limit is not None:
        matches = matches[:limit]
    matches_sql, params = matches.query.sql_with_params()
    ctes = [
        f"search_matches (id, content_type_id) AS ({matches_sql})",
        "search_types (content_type_id) AS "
        "(SELECT DISTINCT content_type_id FROM search_matches)",
    ]
    pairs = _page_places_sql()
    if pairs is not None:
        ctes.append(f"search_pairs (search_page, search_place) AS ({pairs[0]})")
        params = (*params, *pairs[1])
    where = ""
    if municipality:
        where = " WHERE 1 = 0"
        if pairs is not None:
            where = (
                " WHERE id IN (SELECT search_page FROM search_pairs "
                "WHERE search_place = %s)"
            )
            params = (*params, municipality)
    branches = [
        "SELECT content_type_id, NULL, COUNT(*) FROM search_matches"  # noqa: S608 - no input
        f"{where} GROUP BY content_type_id",
        f"SELECT {SIZE_ROW}, NULL, COUNT(*) FROM search_matches",  # noqa: S608 - a constant
    ]
    if limit is not None:  # the ids too (at most ``limit``)
        branches.append(f"SELECT {ID_ROW}, CAST(id AS TEXT), 1 FROM search_matches")  # noqa: S608 - a constant
    if pairs is not None:
        if selected_type is None:
            branches.append(
                "SELECT NULL, search_place, COUNT(DISTINCT search_page) "
                "FROM search_pairs GROUP BY search_place"
            )
        else:
            branches.append(
                "SELECT NULL, search_place, COUNT(DISTINCT search_page) "
                "FROM search_pairs WHERE search_page IN (SELECT id FROM "
                "search_matches WHERE content_type_id = %s) GROUP BY search_place"
            )
            params = (*params, selected_type.pk)
    for index, source in enumerate(sources):
        lookup = source.objects.municipality
        found = matching_queryset(object_backend.search(search_query, source.public))
        place = F(f"{lookup}__slug") if lookup else Value(None, CharField())
        sql, branch_params = _grouped_sql(
            found.annotate(search_place=place), "search_place"
        )
        branches.append(
            f"SELECT %s, o{index}.search_place, o{index}.n FROM ({sql}) AS o{index}"  # noqa: S608
        )
        params = (*params, source.content_type.pk, *branch_params)
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    types, places, size, ids = Counter(), Counter(), 0, []
    by_type = {source.content_type.pk: source for source in sources}
    for content_type, place, count in rows:
        if content_type == SIZE_ROW:  # the number of matching pages
            size = count
            continue
        if content_type == ID_ROW:  # a matching page's id
            ids.append(int(place))
            continue
        if content_type is None:  # the pages of a municipality
            places[place] += count
            continue
        source = by_type.get(content_type)
        if source is None:  # pages
            types[content_type] += count
            continue
        if not municipality or place == municipality:
            types[content_type] += count
        if place is not None and source.filtered is not None:
            places[place] += count
    return MatchCounts(+types, places, size, ids)


# The rows of ``count_matches``'s query that give the number of matches and
# (with a limit) their ids: no content type has these ids.
SIZE_ROW = -1
ID_ROW = -2


class MatchCounts(tuple):
    """``(type counts, place counts)`` of ``count_matches``, with ``size``:
    the number of matching pages it found, and ``ids``: those pages (with a
    limit only)."""

    def __new__(cls, types, places, size, ids=()):
        counts = super().__new__(cls, (types, places))
        counts.size = size
        counts.ids = list(ids)
        return counts


def ranked_titles(backend, search_query, count):
    """On PostgreSQL, ids of the (at most ``count``) pages with the words in
    their title, by the title's rank: the index entries alone, without the
    join with every page (building that join's hash of 80,000 pages cost
    more than the ranking). ``None`` elsewhere."""
    results = backend.search(search_query, Page.objects.all())
    compiler = getattr(results, "query_compiler", None)
    if matching_queryset(results) is None or connection.vendor != "postgresql":
        return None
    tsquery = compiler.build_tsquery(
        compiler.query, config=compiler.get_config(backend)
    )
    shortest = (
        IndexEntry.objects.filter(content_type__in=_all_page_type_ids(), title=tsquery)
        .order_by("-title_norm", "-id")
        .values("id", "object_id", "title", "title_norm")[: RANKED_TITLES_POOL * count]
    )
    shortest_sql, params = shortest.query.sql_with_params()
    query = Query(IndexEntry)
    tsquery_sql, tsquery_params = tsquery.resolve_expression(query).as_sql(
        query.get_compiler(connection=connection), connection
    )
    # Ranked among the shortest matching titles only (``title_norm``, a
    # column, no ``ts_rank``): a title's rank is its norm times what the
    # query finds in it, the same for every title with one of the query's
    # words, as nearly all titles have; ranking all 13,000 titles of
    # "Fahrrad"'s synonyms was half the time of this query (#21). The same
    # expression as the backend's rank, on the rows of one scan.
    sql = (
        f"SELECT s.object_id FROM ({shortest_sql}) s "  # noqa: S608 - compiled SQL
        f"ORDER BY (ts_rank(%s::float4[], s.title, {tsquery_sql}) * s.title_norm) "
        "DESC, s.id DESC LIMIT %s"
    )
    params = (*params, compiler.sql_weights, *tsquery_params, count)
    # Through the title's GIN index, never a scan of every entry: for a
    # query of many words (a compound's parts: "Haushalt 2027", 12,000
    # titles) PostgreSQL overestimated the matches (23,000) and tested the
    # whole query on each of the 80,000 entries instead (90-117 ms, the
    # index 42-57 ms: #21). Words for which it chose the index already
    # ("Kita", 12,000 titles) keep their plan.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(sql, params)
            return [int(pk) for (pk,) in cursor.fetchall()]
        finally:
            cursor.execute("RESET enable_seqscan")


def best_matches(backend, search_query, queryset, limit, others=None, ranked=None):
    """Ids of at most ``limit`` pages of ``queryset`` matching ``search_query``,
    the best first, for a word with too many matches to rank them all.

    On PostgreSQL the pages with the words in their title come first, by the
    title's rank (``ranked_titles``: the title's GIN index finds them; the
    title decides the relevance order: its weight is about 21 times the
    body's), then other matches as the database finds them; ranking every
    match (``ts_rank`` of title and body of 50,000 news) took longer than the
    whole search may. Elsewhere the best ``limit`` matches in the backend's
    relevance order. ``others``: ids of matches already found
    (``count_matches``), to fill up with instead of asking the database for
    more. ``ranked``: ``ranked_titles`` when known already (at least twice
    ``limit`` of them, or all there are)."""
    results = backend.search(search_query, queryset)
    matches = matching_queryset(results)
    if ranked is None:
        # twice the number wanted, for entries whose page ``queryset`` leaves out
        ranked = ranked_titles(backend, search_query, 2 * limit)
    if matches is None or ranked is None:
        return [page.pk for page in results[:limit]]
    ranked = ranked[: 2 * limit]
    kept = set(queryset.filter(ids_q(ranked)).values_list("pk", flat=True))
    found = [pk for pk in ranked if pk in kept][:limit]
    if len(found) < limit and others is not None:
        chosen = set(found)
        found += [pk for pk in others if pk not in chosen][: limit - len(found)]
    elif len(found) < limit:
        found += list(
            matches.exclude(ids_q(found)).values_list("pk", flat=True)[
                : limit - len(found)
            ]
        )
    return found


def count_object_places(backend, search_query, sources):
    """``Counter({municipality slug: matching objects})`` of the registered
    objects (one ``GROUP BY`` per model with a municipality)."""
    counts = Counter()
    for source in sources:
        lookup = source.objects.municipality
        if source.filtered is None or not lookup:
            continue
        matches = matching_queryset(backend.search(search_query, source.filtered))
        if matches is None:  # a search engine: up to FACET_CAP matches
            ids = [
                item.pk
                for item in backend.search(search_query, source.filtered)[:FACET_CAP]
            ]
            matches = source.objects.model.objects.filter(pk__in=ids)
        rows = (
            source.objects.model.objects.filter(pk__in=matches.values("pk"))
            .exclude(**{f"{lookup}__isnull": True})
            .values_list(f"{lookup}__slug")
            .annotate(n=Count("pk"))
            .values_list(f"{lookup}__slug", "n")
            .order_by()
        )
        counts.update(dict(rows))
    return counts


class Counted:
    """Search results whose number is already known (from the facet counts),
    so the paginator asks no ``COUNT`` query."""

    def __init__(self, results, total):
        self.results = results
        self.total = total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return self.results[key]


def _count_facets_in_python(
    backend, search_query, queryset, selected_type, municipality
):
    """Facets from up to ``FACET_CAP`` matches, for engines without SQL."""
    matches = list(
        backend.search(search_query, queryset.only("pk", "content_type"))[:FACET_CAP]
    )
    places = defaultdict(set)
    for model, name in municipality_fields():
        rows = (
            model.objects.filter(pk__in=[page.pk for page in matches])
            .exclude(**{f"{name}__isnull": True})
            .values_list("pk", f"{name}__slug")
        )
        for pk, slug in rows:
            places[pk].add(slug)
    type_counts = Counter(
        page.content_type_id
        for page in matches
        if not municipality or municipality in places.get(page.pk, ())
    )
    place_counts = Counter(
        slug
        for page in matches
        if selected_type is None or page.content_type_id == selected_type.pk
        for slug in places.get(page.pk, ())
    )
    return type_counts, place_counts


class _Found:
    """One search of ``run_search`` with its counts: the type facet gives the
    number of results, so no separate ``COUNT`` is needed."""

    def __init__(
        self,
        backend,
        queryset,
        filtered,
        selected_type,
        municipality,
        sort,
        sources=(),
        object_backend=None,
    ):
        self.backend = backend
        # objects without a language are indexed with the default configuration
        # (``SEARCH_CONFIG``), so their query is parsed with it too
        self.object_backend = object_backend or backend
        self.queryset = queryset
        self.filtered = filtered
        self.selected_type = selected_type
        self.municipality = municipality
        self.sort = sort
        self.sources = list(sources)

    def run(self, search_query, read):
        self.search_query = search_query
        self.capped = False
        filtered = self.filtered
        counted = count_matches(
            self.backend,
            self.object_backend,
            search_query,
            self.queryset,
            self.municipality,
            self.sources,
            self.selected_type,
            limit=COUNT_CAP + 1,
        )
        page_total = None
        many = counted is not None and counted.size > COUNT_CAP
        if many:
            # A frequent word: the best COUNT_CAP matches are counted, ranked
            # and paged (a sort by date or title still orders all matches).
            selection = self.selected_type is not None or self.municipality
            # the best titles once, for all pages and for the selection (#21)
            ranked = ranked_titles(
                self.backend,
                search_query,
                2 * (COUNT_CAP + 1 if selection else COUNT_CAP),
            )
            best = best_matches(
                self.backend,
                search_query,
                self.queryset,
                COUNT_CAP,
                others=counted.ids,
                ranked=ranked,
            )
            self.capped = True
            if selection:
                chosen = best_matches(
                    self.backend,
                    search_query,
                    self.filtered,
                    COUNT_CAP + 1,
                    ranked=ranked,
                )
                self.capped = len(chosen) > COUNT_CAP
                best_chosen = chosen[:COUNT_CAP]
            else:
                best_chosen = best
            page_total = len(best_chosen)
            # The best pages passed every filter already: by their ids alone,
            # so that a date filter's list of ids is not read again.
            if self.sort == "relevance":
                filtered = Page.objects.filter(ids_q(best_chosen))
            counted = count_matches(
                self.backend,
                self.object_backend,
                search_query,
                self.queryset,
                self.municipality,
                self.sources,
                self.selected_type,
                matches=Page.objects.filter(ids_q(best)),
            )
        results = _ordered_search(
            self.backend, search_query, filtered, self.sort, read, many=many
        )
        groups = [(None, results)]  # the pages, then each model's objects
        for source in self.sources:
            if source.filtered is None:
                continue
            found = _ordered_search(
                self.object_backend,
                search_query,
                source.filtered,
                self.sort,
                read,
                newest=source.objects.newest,
            )
            # the objects after the pages, each model in its own tier(s)
            groups.append((source, found))
        tiers = [
            tier
            for _, found in groups
            for tier in (found if isinstance(found, list) else [found])
        ]
        if counted is None:  # a search engine: count its way
            self.type_counts, self._places = self._count_in_python(search_query)
            self.total = sum(tier.count() for tier in tiers)
            known = None
        else:
            self.type_counts, self._places = counted
            if page_total is not None:  # capped: the best pages and all objects
                self.total = page_total + sum(
                    self.type_counts.get(source.content_type.pk, 0)
                    for source, _ in groups
                    if source is not None
                )
            elif self.selected_type is not None:
                self.total = self.type_counts.get(self.selected_type.pk, 0)
            else:
                self.total = sum(self.type_counts.values())
            known = self._known_counts(groups)
        if len(tiers) > 1:
            results = TieredResults(tiers, self.total, known)
        else:
            results = Counted(tiers[0], self.total)
        self.results = results

    def _known_counts(self, groups):
        """The size of each tier where the facet counts tell it (a group of
        one tier: the pages, or one model's objects), so that a later results
        page asks no ``COUNT`` for it; ``None`` where they do not."""
        objects = {
            source.content_type.pk: self.type_counts.get(source.content_type.pk, 0)
            for source, _ in groups
            if source is not None
        }
        known = []
        for source, found in groups:
            if isinstance(found, list):
                known.extend([None] * len(found))
            elif source is None:
                known.append(self.total - sum(objects.values()))
            else:
                known.append(objects[source.content_type.pk])
        return known

    def _count_in_python(self, search_query):
        """Facets of a search engine: from up to ``FACET_CAP`` matches."""
        types, places = _count_facets_in_python(
            self.backend,
            search_query,
            self.queryset,
            self.selected_type,
            self.municipality,
        )
        for source in self.sources:
            count = self.object_backend.search(search_query, source.in_place).count()
            if count:
                types[source.content_type.pk] = count
        places += count_object_places(self.object_backend, search_query, self.sources)
        return types, places

    def place_counts(self):
        return self._places


def _type_label(content_type, sources):
    for source in sources:
        if source.content_type.pk == content_type.pk:
            return str(source.objects.label)
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


def _type_facets(type_counts, selected_type, sources=()):
    if selected_type is not None:
        type_counts.setdefault(selected_type.pk, 0)
    content_types = {
        ct_id: ContentType.objects.get_for_id(ct_id) for ct_id in type_counts
    }
    return sorted(
        (
            Facet(
                key=content_type_key(ct),
                label=_type_label(ct, sources),
                count=type_counts[ct_id],
                selected=selected_type is not None and ct_id == selected_type.pk,
            )
            for ct_id, ct in content_types.items()
        ),
        key=lambda facet: (-facet.count, facet.label),
    )


def _place_facets(place_counts, municipality, locale):
    if municipality:
        place_counts.setdefault(municipality, 0)
    labels = _municipality_labels(list(place_counts), locale)
    return sorted(
        (
            Facet(
                key=slug,
                label=labels.get(slug, slug),
                count=count,
                selected=slug == municipality,
            )
            for slug, count in place_counts.items()
        ),
        key=lambda facet: (-facet.count, facet.label),
    )


class TieredResults:
    """Search results in tiers for the paginator: the pages of the first
    search, then those of the second that the first did not find, and so on.

    Pages that contain the query's words themselves (in any spelling or form,
    alone or in a compound) come first, then pages found through the parts
    of a compound, then those found only through one of the editors'
    synonyms; within each tier the backend's relevance order holds.

    ``total`` (from the facet counts) is the number of all of them; a tier's
    own number is given (``counts``, from the facet counts), or learnt from a
    short slice where possible (a first page of results asks no ``COUNT``),
    and the last tier's is what is left.
    """

    def __init__(self, tiers, total, counts=None):
        self.tiers = tiers
        self.total = total
        # each tier's size where it is known (``None`` where it is not)
        self._counts = list(counts) if counts else [None] * len(tiers)

    def _count(self, index):
        if self._counts[index] is None:
            if index == len(self.tiers) - 1:
                self._counts[index] = self.total - sum(
                    self._count(other) for other in range(index)
                )
            else:
                self._counts[index] = self.tiers[index].count()
        return self._counts[index]

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            items = self[key : key + 1]
            if not items:
                raise IndexError(key)
            return items[0]
        start = key.start or 0
        stop = self.total if key.stop is None else min(key.stop, self.total)
        found, offset = [], 0  # offset: where the tier begins in the whole list
        for index, tier in enumerate(self.tiers):
            if start >= stop:
                break
            last = index == len(self.tiers) - 1
            if self._counts[index] is None and not last and start <= offset:
                # From the tier's beginning: a short slice tells its number
                # when it holds fewer pages than asked for.
                items = list(tier[0 : stop - offset])
                found.extend(items)
                if len(items) == stop - offset:
                    break
                self._counts[index] = len(items)
                offset += len(items)
                start = offset
                continue
            count = self._count(index)
            if start - offset < count:
                items = list(tier[start - offset : min(stop - offset, count)])
                found.extend(items)
                start += len(items)
            offset += count
        return found


def tiered_matches(backend, tiers, queryset):
    """On PostgreSQL, the matches of all ``tiers`` in one query: those of the
    widest tier, each in the first (narrowest) tier it matches, ordered by
    that tier and then by that tier's own rank, as the backend ranks it
    (``ts_rank`` of title and body with the tier's ``tsquery``, the same
    expression, so the same order as one search per tier); ``None``
    elsewhere (SQLite, a search engine). One query instead of one per tier
    and the lists of ids that a wider tier leaves out (#21)."""
    if connection.vendor != "postgresql":
        return None
    compilers = [
        getattr(backend.search(tier_query, queryset), "query_compiler", None)
        for tier_query in tiers
    ]
    if not all(hasattr(compiler, "build_tsrank") for compiler in compilers):
        return None
    matches = matching_queryset(backend.search(tiers[-1], queryset))
    if matches is None:
        return None
    config = compilers[-1].get_config(backend)
    tier_cases, rank_cases = [], []
    for level, compiler in enumerate(compilers):
        tsquery = compiler.build_tsquery(compiler.query, config=config)
        ranks = [
            compiler.build_tsrank(vector, compiler.query, config=config) * boost
            for vector, boost in compiler.get_search_vectors(tsquery)
        ]
        rank = ranks[0]
        for other in ranks[1:]:
            rank += other
        if level == len(compilers) - 1:
            break
        tier_cases.append(When(Q(_vector_=tsquery), then=Value(level)))
        rank_cases.append(When(Q(_vector_=tsquery), then=rank))
    return matches.annotate(
        search_tier=Case(*tier_cases, default=Value(len(compilers) - 1)),
        search_rank=Case(*rank_cases, default=rank, output_field=FloatField()),
    ).order_by("search_tier", F("search_rank").desc(), "-pk")


def _relevance_search(backend, read, search_query, queryset):
    """The search in relevance order, in tiers where the database allows."""
    tiers = read.tiers() if read is not None else []
    if not tiers or matching_queryset(backend.search(tiers[0], queryset)) is None:
        return backend.search(search_query, queryset)  # a search engine: one list
    in_one = tiered_matches(backend, tiers, queryset)
    if in_one is not None:
        return in_one
    results, narrower = [], None
    for tier_query in tiers:
        tier_queryset = queryset
        if narrower is not None:
            found = matching_queryset(backend.search(narrower, queryset))
            # The narrower tier's ids as a list, not a subquery: PostgreSQL
            # runs ``NOT IN (subquery)`` as a filter on every page of the
            # locale (a hashed subplan on a scan of 80,000 pages: 60 ms for
            # "Toilette" with two matches). A tier holds at most COUNT_CAP
            # pages (more matches are narrowed to the best, ``_Found.run``).
            ids = list(found.values_list("pk", flat=True)[: COUNT_CAP + 1])
            tier_queryset = queryset.exclude(ids_q(ids))
        results.append(backend.search(tier_query, tier_queryset))
        narrower = tier_query
    return results


PAGES_NEWEST = ("-first_published_at", "-id")


def matching_entry_pages(results, by_text=False):
    """On PostgreSQL, the ids of the pages whose index entries match the query
    of the page search ``results``, as a subquery that the GIN index on
    ``title || body`` (migration ``0006``) answers without the pages; ``None``
    elsewhere (SQLite, a search engine) or for objects that are not pages."""
    compiler = getattr(results, "query_compiler", None)
    if (
        connection.vendor != "postgresql"
        or not hasattr(compiler, "build_tsquery")
        or not issubclass(compiler.queryset.model, Page)
    ):
        return None
    tsquery = compiler.build_tsquery(
        compiler.query, config=compiler.get_config(results.backend)
    )
    entries = IndexEntry.objects.annotate(
        search_text=CombinedExpression(F("title"), "||", F("body"))
    ).filter(content_type__in=_all_page_type_ids(), search_text=tsquery)
    if by_text:  # the ids as the entries keep them (text, their index)
        return entries.values("object_id")
    return entries.values(search_page=Cast("object_id", IntegerField()))


def _ordered_search(
    backend, search_query, queryset, sort, read=None, newest=PAGES_NEWEST, many=False
):
    if sort == "relevance":
        return _relevance_search(backend, read, search_query, queryset)
    order = newest if sort == "newest" else ("title", "id")
    results = backend.search(
        search_query, queryset.order_by(*order), order_by_relevance=False
    )
    pages = matching_entry_pages(results)
    if pages is None:
        return results
    # The matching pages' ids (from the index entries alone) for PostgreSQL
    # to hash and sort: the joined search read the pages in date order and
    # matched each one's entry (30,000 pages for "Kita" by date), or sorted
    # every page of the locale by title (80,000, on disk) first (#21).
    if sort == "newest":
        # The same order, in an expression the date's index cannot give:
        # with it, PostgreSQL walked the pages by date and compared each one
        # with every matching id (a nested loop over 12,000 ids: 40 s).
        order = ((F("first_published_at") + Value(timedelta(0))).desc(), "-id")
        if many and newest == PAGES_NEWEST:
            return NewestFirst(
                queryset, queryset.filter(pk__in=pages).order_by(*order), results
            )
    return queryset.filter(pk__in=pages).order_by(*order)


class NewestFirst:
    """The matching pages newest first (PostgreSQL), for a word with more
    than ``COUNT_CAP`` of them (``many``): a slice is looked for
    among the ``NEWEST_WINDOW`` newest pages of ``queryset`` (the date's
    index, a ``LIMIT`` that stops early), each checked by its own index
    entry, and taken from ``ordered`` (all matches sorted) only when that
    window holds fewer matches than the slice needs. A frequent word's
    newest pages are among the newest of all: "Crivitz" by date sorted its
    1,900 matches (80 ms) for ten of them (#21). The window is the start of
    the very order of ``ordered``, so a slice it fills is the same."""

    def __init__(self, queryset, ordered, results):
        self.queryset = queryset
        self.ordered = ordered
        self.results = results

    def count(self):
        return self.ordered.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.stop is None or key.step:
            return self.ordered[key]
        start, stop = key.start or 0, key.stop
        if stop <= start:
            return []
        if stop <= NEWEST_WINDOW:
            window = self.queryset.order_by(*PAGES_NEWEST)[:NEWEST_WINDOW]
            window_sql, window_params = window.query.sql_with_params()
            entries = matching_entry_pages(self.results, by_text=True)
            entries_sql, entries_params = entries.query.sql_with_params()
            # In the window's own order, so that the ``LIMIT`` stops at the
            # ``stop``-th match; each page's entry through the index on
            # ``object_id`` (migration ``0007``).
            sql = (
                f"SELECT w.* FROM ({window_sql}) w "  # noqa: S608 - compiled SQL
                f"WHERE CAST(w.id AS varchar(50)) IN ({entries_sql}) "
                "ORDER BY w.first_published_at DESC, w.id DESC LIMIT %s OFFSET %s"
            )
            params = (*window_params, *entries_params, stop - start, start)
            found = list(self.queryset.model.objects.raw(sql, params))
            if len(found) == stop - start:
                return found
        return self._by_ids(start, stop)

    def _by_ids(self, start, stop):
        """The slice of ``ordered`` from the matches' ids: first the ids alone
        (the index entries, no page read; one text, the array of them, so
        that no id passes through Python), then the pages with one of those
        ids (an array constant, which PostgreSQL hashes) in date order, which
        walks the date's index until the slice is full. ``ordered`` joined
        every match with every page of the locale (a scan of 80,000 pages)
        and sorted them: "Kita" by date, 11,915 matches, all older than the
        20,000 newest pages (#21). The same pages in the same order: the
        very ids of ``ordered``'s subquery and the same columns, only not in
        an expression. Two statements, not the ids as a subquery: PostgreSQL
        joins that with all pages, and a subquery kept as a subplan is
        hashed only while PostgreSQL expects its ids to fit in
        ``work_mem``, else every page is compared with the whole list."""
        entries = matching_entry_pages(self.results, by_text=True)
        entries_sql, entries_params = entries.query.sql_with_params()
        pages_sql, pages_params = self.queryset.order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT '{' || string_agg(e.object_id, ',') || '}' "  # noqa: S608 - compiled SQL
                f"FROM ({entries_sql}) e",
                entries_params,
            )
            (ids,) = cursor.fetchone()
        sql = (
            f"SELECT p.* FROM ({pages_sql}) p "  # noqa: S608 - compiled SQL
            "WHERE p.id = ANY(%s::integer[]) "
            "ORDER BY p.first_published_at DESC, p.id DESC LIMIT %s OFFSET %s"
        )
        params = (*pages_params, ids, stop - start, start)
        return list(self.queryset.model.objects.raw(sql, params))


# How many of the newest pages ``NewestFirst`` looks through first.
NEWEST_WINDOW = 1000


def _specific_pages(pages):
    """``{page id: page as its specific type}``: one query per page type (the
    search results are ``Page`` rows that already know their type)."""
    by_type = defaultdict(list)
    for page in pages:
        by_type[page.content_type_id].append(page.pk)
    found = {page.pk: page for page in pages}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or model is Page:
            continue
        found.update(model.objects.in_bulk(ids))
    return found


def _hits(items, highlight_words, locale):
    """The hits of search results, in the order given: pages as their specific
    type and the registered objects that are not pages (``describe`` once per
    model), so a results page costs one query per page type and model."""
    found = {}
    pages = _specific_pages([item for item in items if isinstance(item, Page)])
    for pk, page in pages.items():
        kind, kind_label = kind_of(type(page))
        found[(Page, pk)] = Hit(
            page=page,
            snippet=highlight(_snippet(page), highlight_words),
            type_label=str(kind_label),
            kind=kind,
        )
    for objects in searchable_objects():
        mine = [item for item in items if isinstance(item, objects.model)]
        if not mine:
            continue
        described = objects.describe(mine, locale)
        for item, (url, title, snippet) in zip(mine, described, strict=True):
            found[(objects.model, item.pk)] = Hit(
                page=None,
                snippet=highlight(snippet, highlight_words),
                type_label=str(objects.label),
                kind=objects.kind,
                url=url,
                title=title,
            )
    keys = [(Page if isinstance(item, Page) else type(item), item.pk) for item in items]
    return [found[key] for key in keys if key in found]


def correct(read, vocabulary):
    """The query with its unknown words replaced by close words of the
    content ("Kitta" → "Kita"), or "" if no word could be corrected. Unknown
    words without a close word are left out ("Gemeinnden Amd" → "Gemeinden")."""
    corrected, changed = [], False
    for word in read.words:
        known = len(word.alternatives) > 1 or word.combinations
        if known or vocabulary.words_by_key([fold(word.text)]):
            corrected.append(word.text)
            continue
        close = vocabulary.close(fold(word.text), limit=1)
        changed = True
        if close:
            typed = word.typed or word.text
            corrected.append(
                close[0][:1].upper() + close[0][1:] if typed[:1].isupper() else close[0]
            )
    return " ".join(corrected) if changed and corrected else ""


def run_search(
    query,
    locale,
    *,
    content_type="",
    sort="relevance",
    page_number=1,
    municipality="",
    date_from=None,
    date_to=None,
):
    typed = " ".join(QUERY_SYNTAX.sub(" ", query or "").split())  # with capitals
    query = clean_query(query)
    outcome = SearchOutcome(query=query)
    if not query:
        return outcome
    backend = for_language(get_search_backend(), locale.language_code)
    pages = base_queryset(locale)
    queryset = pages
    if date_from or date_to:
        outcome.date_filtered = True
        queryset = queryset.filter(date_filter(date_from, date_to, locale))
    selected_type = _content_type_for(content_type) if content_type else None
    filtered = queryset
    if selected_type is not None:
        filtered = filtered.filter(content_type=selected_type)
    if municipality:
        filtered = filtered.filter(
            municipality_filter(municipality, per_page=uses_index_entries(backend))
        )

    sources = (
        []
        if outcome.date_filtered
        else object_sources(pages, selected_type, municipality)
    )

    read = read_query(typed, locale)
    search_query = read.query() or query
    found = _Found(
        backend,
        queryset,
        filtered,
        selected_type,
        municipality,
        sort,
        sources,
        object_backend=get_search_backend(),
    )
    found.run(search_query, read)
    highlight_words = [query, *read.highlight_words()]

    if not found.total and len(read.words) > 1:
        # Nothing has all the words: pages with some of them, those with
        # the most first ("Fisch kaufen").
        found.run(read.query(relaxed=True), None)
        if found.total:
            outcome.exact_matches = False
            outcome.relaxed = True
    if not found.total:
        # Nothing has the words in any form: a typo? Search the closest
        # words of the content instead, and say so ("did you mean").
        outcome.exact_matches = False
        corrected = correct(read, read.vocabulary or Vocabulary(read.language))
        if corrected:
            corrected_read = read_query(corrected, locale, read.vocabulary)
            found.run(corrected_read.query() or corrected, corrected_read)
            if found.total:
                outcome.suggestion = corrected
                outcome.corrected = True
                read = corrected_read
                highlight_words = [corrected, *read.highlight_words()]
    if found.total:
        paginator = Paginator(found.results, PAGE_SIZE)
        outcome.capped = found.capped
        outcome.facets = _type_facets(found.type_counts, selected_type, sources)
        outcome.municipality_facets = _place_facets(
            found.place_counts(), municipality, locale
        )
    else:
        # Still nothing: try the words as beginnings of title words
        # ("Glasf" finds "Glasfaserausbau …").
        paginator = Paginator([], PAGE_SIZE)
        try:
            paginator = Paginator(backend.autocomplete(query, filtered), PAGE_SIZE)
            outcome.prefix_fallback = paginator.count > 0
        except (NotSupportedError, NotImplementedError):
            pass
    search_query = found.search_query

    outcome.page_obj = paginator.get_page(page_number)
    outcome.total = paginator.count
    outcome.hits = _hits(list(outcome.page_obj), highlight_words, locale)
    if read.task and outcome.page_obj.number == 1 and sort == "relevance":
        # "Antrag", "anmelden": the best matching services first.
        services = kind_content_types("service")
        if services:
            best = list(
                backend.search(
                    search_query, filtered.filter(content_type__in=services)
                )[:BEST_SERVICES]
            )
            outcome.best_services = _hits(best, highlight_words, locale)
            shown = {hit.page.pk for hit in outcome.best_services}
            outcome.hits = [
                hit
                for hit in outcome.hits
                if hit.page is None or hit.page.pk not in shown
            ]
    outcome.promotions = _promotions(query, locale)
    return outcome


def _promotions(query, locale):
    """The editors' recommendations for the query: external links, and live pages
    in the visitor's language that are under no view restriction (the results
    page is the same for everyone and cached, like the hits' ``public()``)."""
    promotions = [
        promotion
        for promotion in SearchPromotion.objects.filter(
            query__query_string=query
        ).select_related("page")
        if promotion.page is None
        or (promotion.page.live and promotion.page.locale_id == locale.pk)
    ]
    page_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    restricted = hidden_q() if page_ids else None
    if restricted:
        hidden = set(
            Page.objects.filter(pk__in=page_ids)
            .filter(restricted)
            .values_list("pk", flat=True)
        )
        promotions = [p for p in promotions if p.page_id not in hidden]
    return promotions


def autocomplete(query, locale):
    query = clean_query(query)
    if len(query) < 2:
        return []
    backend = get_search_backend()
    pages = backend.autocomplete(query, base_queryset(locale))[:AUTOCOMPLETE_SIZE]
    return [{"title": page.title, "url": page.url} for page in pages]
