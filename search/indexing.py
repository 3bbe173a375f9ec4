"""Index rows for objects that were inserted without signals (bulk data).

``load_demo --scale`` inserts tens of thousands of pages in bulk, bypassing
the signals through which Wagtail indexes a saved page. ``index_missing``
adds the search index rows of every indexed object that has none, in chunks
through the search backend's own bulk API (``backend.add_bulk``, one
``INSERT … ON CONFLICT`` per chunk on PostgreSQL). It only looks at objects
without a row, so running it again costs one query per indexed model.

It works for Wagtail's database backend (the ``IndexEntry`` table). For an
OpenSearch/Elasticsearch backend, run ``manage.py update_index`` instead.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import TextField
from django.db.models.functions import Cast
from modelsearch.index import get_indexed_models
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

CHUNK_SIZE = 1000


def uses_index_entries(backend):
    """Whether ``backend`` is (a subclass of) Wagtail's database backend."""
    return any(
        cls.__module__.startswith("modelsearch.backends.database.")
        for cls in type(backend).__mro__
    )


def index_missing(backend_name="default", chunk_size=CHUNK_SIZE):
    """Add index rows for indexed objects that have none; returns how many."""
    backend = get_search_backend(backend_name)
    if not uses_index_entries(backend):
        raise ValueError(f"{backend_name}: not a database search backend")
    added = 0
    for model in get_indexed_models():
        content_type = ContentType.objects.get_for_model(model)
        indexed = IndexEntry.objects.filter(content_type=content_type).values(
            "object_id"
        )
        missing = list(
            model.get_indexed_objects()
            .annotate(index_object_id=Cast("pk", TextField()))
            .exclude(index_object_id__in=indexed)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(missing), chunk_size):
            chunk = list(
                model.get_indexed_objects().filter(
                    pk__in=missing[start : start + chunk_size]
                )
            )
            backend.add_bulk(model, chunk)
            added += len(chunk)
    return added
