"""The pager of a cached result set (``search.views.CachedSearch``) counts
with the search's own ``Counted``: one class for "results whose number is
known", in ``search/query.py``."""

from types import SimpleNamespace

from search.query import PAGE_SIZE, Counted
from search.views import CachedSearch


def test_the_cached_pager_counts_with_the_one_counted_and_reads_nothing():
    cached = CachedSearch(
        outcome=SimpleNamespace(total=2 * PAGE_SIZE + 3),
        number=2,
        promotions=[],
        hits_html="",
        best_html="",
    )
    page = cached.page_obj()
    assert isinstance(page.paginator.object_list, Counted)
    assert page.paginator.count == 2 * PAGE_SIZE + 3
    assert page.paginator.num_pages == 3
    assert (page.number, page.start_index(), page.end_index()) == (
        2,
        PAGE_SIZE + 1,
        2 * PAGE_SIZE,
    )
    assert list(page.object_list) == []
