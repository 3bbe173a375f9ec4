"""The home page's slots that feature apps fill (latest news, next events, …).

An app registers a function with the Wagtail hook ``portal_home_sections``. It
receives ``(request, home_page)`` and returns a ``HomeSection`` or ``None``.
Sections are shown in ascending ``order``. The home app never imports a
feature app; adding an app never means editing the home page.
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK_NAME = "portal_home_sections"


@dataclass
class HomeSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    more_url: str = ""
    more_label: str = ""


def collect_home_sections(request, page):
    sections = []
    for hook in hooks.get_hooks(HOOK_NAME):
        section = hook(request, page)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: section.order)
