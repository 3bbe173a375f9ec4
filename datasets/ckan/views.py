"""A read-only, CKAN-compatible Action API (``/api/3/action/<name>``).

The envelope, error types and HTTP codes follow CKAN so that ckanapi,
ckanext-harvest, uData and piveau can read this catalogue like a CKAN portal.
"""

import json

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from datasets import vocabularies as voc
from datasets.catalogue import facet_counts, open_data_limited, public_datasets
from datasets.ckan import serializers
from datasets.ckan.query import QueryError, parse_fq, parse_q
from datasets.models import DatasetPage, Distribution, Organisation
from portal.page_cache import cache_anonymous_response

ROWS_DEFAULT = 10
ROWS_MAX = 1000
LIST_LIMIT_MAX = 1000
FACET_LIMIT_DEFAULT = 50
CKAN_VERSION = "2.10.0"

# CKAN facet field -> ORM path
FACET_FIELDS = {
    "organization": "publisher__slug",
    "groups": "themes__code",
    "tags": "tagged_items__tag__name",
    "res_format": "distributions__format",
    "license_id": "licence",
}
# CKAN sort field (any field CKAN indexes for sorting) -> ORM field; None: no
# order of its own (relevance and view counts), the next field decides.
SORT_FIELDS = {
    "id": "translation_key",
    "metadata_modified": "metadata_modified",
    "metadata_created": "first_published_at",
    "name": "slug",
    "title_string": "title",
    "title": "title",
    "organization": "publisher__slug",
    "owner_org": "publisher__slug",
    "license_id": "licence",
    "score": None,
    "views_recent": None,
    "views_total": None,
}


class NotFound(Exception):
    pass


class ValidationError(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class BadRequest(Exception):
    pass


# --- envelope ----------------------------------------------------------------------------
def help_url(request, name):
    return request.build_absolute_uri(
        reverse("datasets:ckan_action", args=["help_show"]) + f"?name={name}"
    )


def success(request, name, result):
    return JsonResponse(
        {"help": help_url(request, name), "success": True, "result": result},
        json_dumps_params={"ensure_ascii": False},
    )


def failure(request, name, status, error):
    return JsonResponse(
        {"help": help_url(request, name), "success": False, "error": error},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


# --- parameters ---------------------------------------------------------------------------
def request_params(request):
    """GET query parameters or a POSTed JSON object (or form), as a plain dict."""
    if request.method == "POST" and request.body:
        content_type = request.content_type or ""
        if "json" in content_type or request.body.lstrip()[:1] in (b"{", b"["):
            try:
                data = json.loads(request.body)
            except (ValueError, UnicodeDecodeError) as error:
                raise BadRequest(f"Bad request - JSON Error: {error}") from None
            except RecursionError:  # e.g. "[" x 100,000
                raise BadRequest(
                    "Bad request - JSON Error: nested too deeply"
                ) from None
            if not isinstance(data, dict):
                raise BadRequest(
                    "Bad request - JSON Error: Request data JSON decoded to "
                    f"{type(data).__name__} but it needs to be a dictionary."
                )
            return data
        source = request.POST
    else:
        source = request.GET
    params = {}
    for key in source:
        values = source.getlist(key)
        params[key] = values if len(values) > 1 else values[0]
    return params


# Solr's start and rows are 32-bit integers: CKAN cannot page beyond this.
INTEGER_MAX = 2**31 - 1


def integer(params, key, default, minimum=0, maximum=None):
    """A whole number parameter; ``maximum`` clamps (like CKAN's ``rows``).

    Anything that is not a whole number (``NaN``, ``1e400``, ``2.5``) or lies
    beyond :data:`INTEGER_MAX` is a CKAN Validation Error (HTTP 409), as in CKAN.
    """
    value = params.get(key, default)
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError({key: ["Invalid integer"]})
    if isinstance(value, str) and len(value.strip()) > 20:
        raise ValidationError({key: [f"Must be an integer of at most {INTEGER_MAX}"]})
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: 1e400 is inf
        raise ValidationError({key: ["Invalid integer"]}) from None
    if number < minimum:
        raise ValidationError({key: [f"Must be an integer of at least {minimum}"]})
    if number > INTEGER_MAX and maximum is None:
        raise ValidationError({key: [f"Must be an integer of at most {INTEGER_MAX}"]})
    if maximum is not None:
        number = min(number, maximum)
    return number


def boolean(params, key, default=False):
    value = params.get(key, default)
    if isinstance(value, bool):
        return value
    return str(value).lower() in {"true", "1", "yes", "on"}


def string(params, key, default=""):
    value = params.get(key, default)
    if value is None:
        return default
    if isinstance(value, list | dict):
        raise ValidationError({key: ["Must be a string"]})
    return str(value)


def required_id(params, key="id"):
    value = string(params, key).strip()
    if not value:
        raise ValidationError({key: ["Missing value"]})
    return value


def base(request):
    return request.build_absolute_uri("/").rstrip("/")


# --- querysets ---------------------------------------------------------------------------
def datasets():
    return public_datasets(include_deprecated=True)


def with_relations(queryset):
    return queryset.select_related("publisher").prefetch_related(
        "tagged_items__tag",
        "themes",
        "municipalities",
        Prefetch("distributions", queryset=Distribution.objects.order_by("sort_order")),
    )


def find_dataset(identifier):
    queryset = datasets()
    lookup = Q(slug=identifier)
    if len(identifier) in (32, 36):
        lookup |= Q(translation_key__iexact=identifier)
    dataset = with_relations(queryset.filter(lookup)).first()
    if dataset is None:
        raise NotFound("Dataset not found")
    return dataset


# --- actions -------------------------------------------------------------------------------
def status_show(request, params):
    return {
        "ckan_version": CKAN_VERSION,
        "site_title": settings.DCAT_CATALOG_TITLE,
        "site_description": settings.DCAT_CATALOG_DESCRIPTION,
        "site_url": request.build_absolute_uri("/").rstrip("/"),
        "error_emails_to": None,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["dcat", "dcatde"],
    }


def package_list(request, params):
    limit = integer(params, "limit", None, minimum=0, maximum=LIST_LIMIT_MAX)
    offset = integer(params, "offset", 0)
    names = datasets().order_by("slug").values_list("slug", flat=True)
    if limit is not None:
        names = names[offset : offset + limit]
    elif offset:
        names = names[offset:]
    return list(names)


def package_show(request, params):
    return serializers.package_dict(find_dataset(required_id(params)), base(request))


def parse_sort(text):
    ordering = []
    for part in text.split(","):
        words = part.split()
        if not words:
            continue
        if len(words) > 2 or words[0] not in SORT_FIELDS:
            raise QueryError(f"Invalid sort '{part.strip()}'")
        direction = words[1].lower() if len(words) == 2 else "asc"
        if direction not in {"asc", "desc"}:
            raise QueryError(f"Invalid sort direction '{words[1]}'")
        field = SORT_FIELDS[words[0]]
        if field is None:
            continue
        ordering.append(f"-{field}" if direction == "desc" else field)
    return [*ordering, "pk"]


def facet_fields(params):
    value = params.get("facet.field")
    if value in (None, "", []):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            value = [value]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({"facet.field": ["Must be a list of field names"]})
    unknown = [name for name in value if name not in FACET_FIELDS]
    if unknown:
        raise QueryError(f"Unknown facet field(s): {', '.join(unknown)}")
    return value


def package_search(request, params):
    rows = integer(params, "rows", ROWS_DEFAULT, minimum=0, maximum=ROWS_MAX)
    start = integer(params, "start", 0)
    facet_limit = integer(params, "facet.limit", FACET_LIMIT_DEFAULT, minimum=-1)
    facet_mincount = integer(params, "facet.mincount", 1)
    fields = facet_fields(params)
    do_facets = boolean(params, "facet", True)

    fq = params.get("fq", "")
    fq_list = params.get("fq_list") or []
    if isinstance(fq, list):
        fq_list = [*fq_list, *fq]
        fq = ""
    if not isinstance(fq_list, list):
        fq_list = [fq_list]
    condition = parse_q(string(params, "q")) & parse_fq(string({"fq": fq}, "fq"))
    for item in fq_list:
        condition &= parse_fq(str(item))
    ordering = parse_sort(
        string(params, "sort") or "score desc, metadata_modified desc"
    )
    if ordering == ["pk"]:
        ordering = ["-metadata_modified", "pk"]

    matching = datasets().filter(condition)
    queryset = DatasetPage.objects.filter(pk__in=matching.values("pk"))
    count = queryset.count()
    page = with_relations(queryset.order_by(*ordering))[start : start + rows]
    packages = [serializers.package_dict(dataset, base(request)) for dataset in page]
    fl = result_fields(params)
    if fl:
        packages = [only_fields(package, fl) for package in packages]
    result = {
        "count": count,
        "sort": string(params, "sort") or "score desc, metadata_modified desc",
        "results": packages,
        "facets": {},
        "search_facets": {},
    }
    if do_facets:
        for name in fields:
            limit = None if facet_limit < 0 else facet_limit
            counts = facet_counts(queryset, FACET_FIELDS[name], limit, facet_mincount)
            counts = [(display_value(name, value), count) for value, count in counts]
            result["facets"][name] = dict(counts)
            result["search_facets"][name] = {
                "title": name,
                "items": [
                    {
                        "name": value,
                        "display_name": facet_label(name, value),
                        "count": count,
                    }
                    for value, count in counts
                ],
            }
    return result


def result_fields(params):
    """CKAN's ``fl``: the fields each result keeps (a list, or a string of names
    separated by commas or spaces); ``extras_<key>`` picks an extra."""
    value = params.get("fl")
    if value in (None, "", []):
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({"fl": ["Must be a list of field names"]})
    return value[:100]


def only_fields(package, fields):
    extras = {item["key"]: item["value"] for item in package["extras"]}
    result = {}
    for name in fields:
        if name in package:
            result[name] = package[name]
        elif name.startswith("extras_") and name[7:] in extras:
            result[name] = extras[name[7:]]
    return result


def display_value(facet, value):
    if facet == "groups":
        return value.lower()
    if facet == "license_id":
        return voc.licence_iri(value)
    return value


def facet_label(facet, value):
    if facet == "groups":
        return str(voc.Theme(value.upper()).label)
    if facet == "organization":
        organisation = Organisation.objects.filter(slug=value).first()
        return organisation.name if organisation else value
    if facet == "license_id":
        code = value.removeprefix(voc.LICENCE_SCHEME + "/")
        return str(voc.DataLicence(code).label) if code in voc.DataLicence else value
    return value


def current_package_list_with_resources(request, params):
    limit = integer(params, "limit", ROWS_DEFAULT, minimum=0, maximum=ROWS_MAX)
    offset = integer(params, "offset", 0)
    page = with_relations(datasets().order_by("-metadata_modified", "pk"))
    return [
        serializers.package_dict(dataset, base(request))
        for dataset in page[offset : offset + limit]
    ]


def organisation_counts():
    return dict(
        datasets()
        .exclude(publisher__isnull=True)
        .order_by()
        .values_list("publisher__slug")
        .annotate(count=Count("pk"))
    )


def organization_list(request, params):
    organisations = Organisation.objects.order_by("slug")
    limit = integer(params, "limit", None, minimum=0, maximum=LIST_LIMIT_MAX)
    offset = integer(params, "offset", 0)
    organisations = organisations[offset : offset + limit if limit else None]
    if boolean(params, "all_fields"):
        counts = organisation_counts()
        return [
            serializers.organisation_dict(org, counts.get(org.slug, 0))
            for org in organisations
        ]
    return [org.slug for org in organisations]


def organization_show(request, params):
    identifier = required_id(params)
    organisation = Organisation.objects.filter(slug=identifier).first()
    if organisation is None:
        raise NotFound("Organization not found")
    result = serializers.organisation_dict(
        organisation, organisation_counts().get(organisation.slug, 0)
    )
    if boolean(params, "include_datasets"):
        result["packages"] = [
            serializers.package_dict(dataset, base(request))
            for dataset in with_relations(
                datasets().filter(publisher=organisation).order_by("slug")
            )[:ROWS_MAX]
        ]
    return result


def theme_counts():
    return dict(
        datasets()
        .exclude(themes__isnull=True)
        .order_by()
        .values_list("themes__code")
        .annotate(count=Count("pk", distinct=True))
    )


def group_list(request, params):
    codes = [code for code, _label in voc.Theme.choices]
    if boolean(params, "all_fields"):
        counts = theme_counts()
        return [serializers.group_dict(code, counts.get(code, 0)) for code in codes]
    return [code.lower() for code in codes]


def group_show(request, params):
    identifier = required_id(params).upper()
    if identifier not in voc.Theme.values:
        raise NotFound("Group not found")
    return serializers.group_dict(identifier, theme_counts().get(identifier, 0))


def tag_list(request, params):
    query = string(params, "query")
    names = (
        datasets()
        .exclude(tagged_items__isnull=True)
        .values_list("tagged_items__tag__name", flat=True)
        .distinct()
        .order_by("tagged_items__tag__name")
    )
    if query:
        names = names.filter(tagged_items__tag__name__icontains=query)
    names = list(names[:LIST_LIMIT_MAX])
    if boolean(params, "all_fields"):
        return [serializers.tag_dict(name) for name in names]
    return names


def resource_show(request, params):
    identifier = required_id(params)
    if not identifier.isdigit():
        raise NotFound("Resource was not found.")
    distribution = (
        Distribution.objects.filter(pk=int(identifier), page__in=datasets())
        .select_related("page")
        .first()
    )
    if distribution is None:
        raise NotFound("Resource was not found.")
    dataset = distribution.page
    position = list(
        dataset.distributions.order_by("sort_order").values_list("pk", flat=True)
    ).index(distribution.pk)
    return serializers.resource_dict(distribution, dataset, position, base(request))


def license_list(request, params):
    return serializers.licence_list()


def help_show(request, params):
    name = string(params, "name")
    if name not in ACTIONS:
        raise NotFound("Action function not found")
    return (ACTIONS[name].__doc__ or f"CKAN action {name} (read-only).").strip()


ACTIONS = {
    "status_show": status_show,
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "current_package_list_with_resources": current_package_list_with_resources,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "group_show": group_show,
    "tag_list": tag_list,
    "resource_show": resource_show,
    "license_list": license_list,
    "help_show": help_show,
}


@csrf_exempt
@require_http_methods(["GET", "POST", "HEAD"])
@open_data_limited("api")
@cache_anonymous_response(behind_view=True)
def action(request, name):
    handler = ACTIONS.get(name)
    if handler is None:
        return failure(
            request,
            name,
            400,
            {
                "__type": "Bad Request",
                "message": f"Bad request - Action name not known: {name}",
            },
        )
    try:
        return success(request, name, handler(request, request_params(request)))
    except NotFound as error:
        return failure(
            request, name, 404, {"__type": "Not Found Error", "message": str(error)}
        )
    except ValidationError as error:
        return failure(
            request, name, 409, {"__type": "Validation Error", **error.errors}
        )
    except QueryError as error:
        return failure(
            request,
            name,
            400,
            {
                "__type": "Search Query Error",
                "message": f"Search Query is invalid: {error}",
            },
        )
    except BadRequest as error:
        return failure(
            request, name, 400, {"__type": "Bad Request", "message": str(error)}
        )


@require_http_methods(["GET", "HEAD"])
def version(request):
    return JsonResponse({"version": 3})


@require_http_methods(["GET", "HEAD"])
@open_data_limited("api")
def util_status(request):
    """CKAN's ``/api/util/status``: the ``status_show`` result without the
    action envelope (uData's CKAN harvester reads it)."""
    return JsonResponse(
        status_show(request, {}), json_dumps_params={"ensure_ascii": False}
    )
