"""Index once at the end of a load instead of at every save.

While ``load_demo`` creates a page it saves it five to ten times (created,
validated, revised, published, translated, moved), and every save of an
indexed model updates the search index and Wagtail's reference index (the
"usage" of images, snippets and pages) through ``post_save`` receivers: about
2,600 index updates for the demo, a third of its CPU time.

Inside :func:`indexing_deferred` those two receivers are disconnected (Django's
``post_save.disconnect`` for the handler functions of ``modelsearch`` and
Wagtail, which stay connected for ``post_delete``). The objects saved meanwhile
are remembered; on leaving, each of them gets its references recorded once, as
Wagtail's own task (``update_reference_index_task``) records them, and on success the search
index is rebuilt once with ``update_index`` (the search backends record the
vocabulary there as for single saves, ``search.vocabulary``). Only for a
command that saves many objects in one process (``load_demo``); a request or a
shell save keeps indexing as it saves.

:func:`indexed_once` does the same for the saves of one model's objects in a
short stretch of code: creating and publishing a page (``add_child``,
``save_revision``, ``publish``) saves it three times, and each save indexed
it (search and references) again, from the state it had at that moment.
Inside, the objects of the model are indexed once, when it ends, by the same
receivers, so from the state they end with: what the last of those saves
wrote, at a third of the cost (#23). The test factories use it
(``tests/factories.py``: ``add_page``, ``translate``).
"""

from contextlib import contextmanager

from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from modelsearch import signal_handlers as search_signals
from modelsearch.index import get_indexed_models
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save

_RECORD_UID = "portal.indexing.record_saved"
_ONCE_UID = "portal.indexing.saved_once"


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
    """The references of the objects saved, recorded as Wagtail's
    ``update_reference_index_task`` records them (a child object's, one with a
    ``ParentalKey``, against its parent), but with the objects of a model
    fetched in one query and each indexed object recorded once: the task
    fetched every object again (after a query whether it still exists) and
    recorded a page once more for every one of its child objects saved (#23).
    In the order first saved; objects deleted since are left out."""
    pks = {}
    for app_label, model_name, pk in saved:
        pks.setdefault((app_label, model_name), []).append(pk)
    found = {}
    for (app_label, model_name), model_pks in pks.items():
        model = apps.get_model(app_label, model_name)
        for instance in model._default_manager.filter(pk__in=model_pks):
            found[(app_label, model_name, instance.pk)] = instance
    recorded = set()
    for key in saved:
        instance = _indexed_object(found.get(key))
        if instance is None:
            continue
        identity = (instance._meta.concrete_model, instance.pk)
        if identity in recorded:
            continue
        recorded.add(identity)
        if ReferenceIndex.is_indexed(instance._meta.model):
            with transaction.atomic():
                ReferenceIndex.create_or_update_for_object(instance)


def _indexed_object(instance):
    """What Wagtail's ``update_reference_index_task`` records ``instance``
    against: its parent through the first ``ParentalKey``, up to an object
    without one (None when a parent is missing)."""
    while instance is not None:
        parental_keys = [
            field
            for field in instance._meta.get_fields()
            if isinstance(field, ParentalKey)
        ]
        if not parental_keys:
            return instance
        instance = getattr(instance, parental_keys[0].name)
    return None


@contextmanager
def indexed_once(model):
    """Index the objects of ``model`` saved inside once, when it ends.

    Disconnects the ``post_save`` receivers of ``modelsearch`` (search index)
    and Wagtail (reference index) for ``model`` alone (those of other models,
    and every ``post_delete`` receiver, stay), remembers the last instance of
    each object saved meanwhile, and on leaving calls the receivers it
    disconnected once per object, as its last save would have. An object
    deleted inside is forgotten (its ``post_delete`` receivers removed it from
    the indexes as before). When it ends with an error, the objects that
    still exist are indexed. A receiver that is not connected (inside
    :func:`indexing_deferred`, or a model with ``search_auto_update = False``)
    stays so and is not called.

    Like :func:`indexing_deferred` it changes the receivers of the process, not
    of a thread: for the test factories and commands, not for request code
    (gunicorn serves requests in threads, whose saves it would take over).
    """
    receivers = []
    if post_save.disconnect(search_signals.post_save_signal_handler, sender=model):
        receivers.append(search_signals.post_save_signal_handler)
    if post_save.disconnect(update_reference_index_on_save, sender=model):
        receivers.append(update_reference_index_on_save)
    if not receivers:
        yield
        return
    saved = {}  # pk -> the instance last saved, in the order first saved

    def record_saved(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[instance.pk] = instance

    def forget_deleted(sender, instance, **kwargs):
        saved.pop(instance.pk, None)

    post_save.connect(record_saved, sender=model, weak=False, dispatch_uid=_ONCE_UID)
    post_delete.connect(
        forget_deleted, sender=model, weak=False, dispatch_uid=_ONCE_UID
    )
    succeeded = False
    try:
        yield
        succeeded = True
    finally:
        post_save.disconnect(sender=model, dispatch_uid=_ONCE_UID)
        post_delete.disconnect(sender=model, dispatch_uid=_ONCE_UID)
        for receiver in receivers:
            post_save.connect(receiver, sender=model)
        for instance in saved.values():
            if not succeeded and not _still_exists(model, instance.pk):
                continue
            for receiver in receivers:
                receiver(sender=model, instance=instance, created=False, raw=False)


def _still_exists(model, pk):
    try:
        return model._default_manager.filter(pk=pk).exists()
    except DatabaseError:  # the transaction it was saved in is broken
        return False
