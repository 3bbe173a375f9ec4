"""Index once at the end of a load instead of at every save.

While ``load_demo`` creates a page it saves it five to ten times (created,
validated, revised, published, translated, moved), and every save of an
indexed model updates the search index and Wagtail's reference index (the
"usage" of images, snippets and pages) through ``post_save`` receivers: about
2,600 index updates for the demo, a third of its CPU time.

Inside :func:`indexing_deferred` those two receivers are disconnected (Django's
``post_save.disconnect`` for the handler functions of ``modelsearch`` and
Wagtail, which stay connected for ``post_delete``). The objects saved meanwhile
are remembered; on leaving, each of them gets its references recorded once, by
Wagtail's own task (``update_reference_index_task``), and on success the search
index is rebuilt once with ``update_index`` (the search backends record the
vocabulary there as for single saves, ``search.vocabulary``). Only for a
command that saves many objects in one process (``load_demo``); a request or a
shell save keeps indexing as it saves.
"""

from contextlib import contextmanager

from django.apps import apps
from django.core.management import call_command
from django.db.models.signals import post_save
from modelsearch import signal_handlers as search_signals
from modelsearch.index import get_indexed_models
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save
from wagtail.tasks import update_reference_index_task

_RECORD_UID = "portal.indexing.record_saved"


@contextmanager
def indexing_deferred():
    search_models = [
        model
        for model in get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    reference_models = list(ReferenceIndex.tracked_models)
    saved = {}  # (app label, model name, pk) in the order first saved

    def record_saved(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[(sender._meta.app_label, sender._meta.model_name, instance.pk)] = 1

    for model in search_models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
    for model in reference_models:
        post_save.disconnect(update_reference_index_on_save, sender=model)
        post_save.connect(
            record_saved, sender=model, weak=False, dispatch_uid=_RECORD_UID
        )
    succeeded = False
    try:
        yield
        succeeded = True
    finally:
        for model in reference_models:
            post_save.disconnect(sender=model, dispatch_uid=_RECORD_UID)
            post_save.connect(update_reference_index_on_save, sender=model)
        for model in search_models:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
        _update_references(saved)
    if succeeded:
        call_command("update_index", verbosity=0)


def _update_references(saved):
    for app_label, model_name, pk in saved:
        model = apps.get_model(app_label, model_name)
        if model._default_manager.filter(pk=pk).exists():  # not deleted since
            update_reference_index_task.call(app_label, model_name, pk)
