"""The large benchmark data set, ``manage.py load_demo --scale`` (docs/performance.md).

Not part of the apps: each module of this package fills one app's pages and
objects in bulk (no revisions, no signals), after the demo is loaded, in
INSTALLED_APPS order with one ``random.Random`` of a fixed seed, so a seed gives
the same data. Every generator is idempotent (it skips what exists). The search
index rows of the new objects are added afterwards in bulk
(``search.indexing.index_missing``), so the search finds them (docs/search.md).
"""

import random
import time

from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from bench.scale import business, consultations, datasets, news, tourism
from portal.shell import invalidate
from search.indexing import index_missing, uses_index_entries

# INSTALLED_APPS order (home, datasets, tourism, business, consultations).
GENERATORS = (news, datasets, tourism, business, consultations)


def load(demo, seed, stdout):
    rng = random.Random(seed)  # reproducible benchmark data
    for module in GENERATORS:
        started = time.monotonic()
        # Looked up at call time: tests pass smaller numbers with monkeypatch.
        module.load_scale(demo, rng)
        stdout.write(
            f"  {module.__name__}.load_scale: {time.monotonic() - started:.1f} s"
        )
    # Scale pages bypass signals: index them in bulk (only objects without an
    # index row, so a second run costs one query per model) ...
    started = time.monotonic()
    if uses_index_entries(get_search_backend()):
        added = index_missing()
    else:
        call_command("update_index", verbosity=0)
        added = "all"
    stdout.write(
        f"  search index (load_scale): {added} objects, "
        f"{time.monotonic() - started:.1f} s"
    )
    # ... and make every cached page and shell stale.
    invalidate()
