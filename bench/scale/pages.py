"""Bulk insertion of live pages for the benchmark data set."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page


def bulk_pages(parent, model, pages, batch_size=500):
    """Append many live pages below ``parent`` at once (benchmark scale data).

    ``pages`` are unsaved ``model`` instances with at least ``title`` and
    ``slug``. Tree paths, depth, URL paths and the parent's ``numchild`` are
    computed here and the rows of each table of the page type's inheritance
    chain are inserted in batches: no revisions, no search index entries, no
    signals. Returns the saved pages. Skips everything if ``parent`` already
    has a child with the first page's slug (idempotent).
    """
    pages = list(pages)
    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)  # fresh path and numchild
    if parent.get_children().filter(slug=pages[0].slug).exists():
        return []
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    for page in pages:
        step += 1
        page.path = parent.path + Page._int2str(step).rjust(Page.steplen, "0")
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now
    chain = [*reversed(model._meta.get_parent_list()), model]
    with transaction.atomic():
        for start in range(0, len(pages), batch_size):
            batch = pages[start : start + batch_size]
            Page.objects.bulk_create(batch)
            for page in batch:
                for link in model._meta.parents.values():
                    setattr(page, link.attname, page.id)
                for ancestor in model._meta.get_parent_list():
                    for link in ancestor._meta.parents.values():
                        setattr(page, link.attname, page.id)
            for table_model in chain[1:]:
                table_model._base_manager._insert(
                    batch, fields=table_model._meta.local_concrete_fields
                )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages
