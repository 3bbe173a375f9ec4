"""Objects other than pages that the site search finds as hits of their own.

The site search (``search``) runs on pages. A feature app whose public content
also lives in plain models (a citizen's proposal, a project of a participatory
budget) registers them with the Wagtail hook ``portal_search_objects``: a
function without arguments that returns a list of :class:`SearchableObjects`.
The search app never imports the feature app, and the feature app never
imports the search app.

The model must be ``index.Indexed`` with ``index.FilterField("id")`` (the
search narrows it to the public objects by id), a ``FilterField`` for
``title`` and for each field of ``newest`` (the sort orders), and should keep
only public objects in its index (``get_indexed_objects``). Its hits come after
the pages (docs/search.md), so an object never pushes a page down.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "portal_search_objects"


@dataclass(frozen=True)
class SearchableObjects:
    model: type
    kind: str  # the result kind, e.g. "proposal" (CSS class of the hit)
    label: str  # the kind's label on each hit and in the type facet (lazy)
    # ``(pages) -> queryset``: the objects visitors may see, given ``pages``,
    # the live, public pages of the visitor's language (the search's own
    # queryset, so the view restrictions are read once per search)
    public: Callable
    # ``(objects, locale) -> [(url, title, snippet), …]`` in the same order,
    # in one or two queries for all of them (never one per object); never
    # personal data (no author)
    describe: Callable
    # lookup from the model to ``portal.Municipality`` for the municipality
    # facet ("" if it has none: then a municipality selection leaves it out)
    municipality: str = ""
    newest: tuple = ("-id",)  # order for "newest first"

    @property
    def key(self):
        """The type facet's key (``typ=``), like a page type's."""
        return self.model._meta.label_lower


def searchable_objects():
    """Every registered :class:`SearchableObjects`, in hook order."""
    found = []
    for hook in hooks.get_hooks(HOOK_NAME):
        found.extend(hook())
    return found
