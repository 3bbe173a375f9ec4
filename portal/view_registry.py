"""The views of a page type, kept out of its model.

A routable page's sub-pages (answer, vote, results, …) and the extra context of
its main view need forms, services and templates: they live in the app's views
modules, which import the models. Models import neither views nor forms
(docs/architecture.md, checked by ``make lint``), so a views module registers
its page views here and the model calls them by name::

    # consultations/views.py
    @page_view(ConsultationPage, "answer")
    def answer(request, page): ...

    # consultations/models/pages.py
    @path("answer/")
    def answer(self, request):
        return call_page_view(self, "answer", request)

Each app's ``AppConfig.ready()`` imports its views modules, so every page view
is registered before the first request.
"""

from django.core.exceptions import ImproperlyConfigured

_views = {}


def page_view(model, name):
    """Register the decorated ``view(request, page, *args, **kwargs)`` as the
    view ``name`` of ``model`` and its subclasses."""

    def register(view):
        if (model, name) in _views:
            raise ImproperlyConfigured(
                f"Page view {name!r} of {model.__name__} is registered twice."
            )
        _views[(model, name)] = view
        return view

    return register


def call_page_view(page, name, request, *args, **kwargs):
    """Call the view ``name`` registered for ``page``'s type (or a base type)."""
    for model in type(page).__mro__:
        view = _views.get((model, name))
        if view is not None:
            return view(request, page, *args, **kwargs)
    raise ImproperlyConfigured(
        f"No page view {name!r} is registered for {type(page).__name__}; "
        "does the app's AppConfig.ready() import its views?"
    )
