"""The sections of the account area ("Mein Konto") that apps add to.

An app registers a function with the Wagtail hook ``portal_account_sections``.
It receives ``(request)`` and returns an ``AccountSection`` (or a list of them,
or ``None``). Sections are shown in ascending ``order``; the account app never
imports a feature app.

    @hooks.register("portal_account_sections")
    def my_responses(request):
        return AccountSection(
            title=_("My responses"),
            url=reverse("consultations:my_responses"),
            description=_("Statements you submitted to consultations."),
            order=200,
        )
"""

from dataclasses import dataclass

from wagtail import hooks

HOOK_NAME = "portal_account_sections"


@dataclass
class AccountSection:
    title: str
    url: str = ""
    description: str = ""
    order: int = 100
    # Optional: a template rendered inside the account overview with ``context``.
    template: str = ""
    context: dict | None = None


def collect_account_sections(request):
    sections = []
    for hook in hooks.get_hooks(HOOK_NAME):
        result = hook(request)
        if result is None:
            continue
        if isinstance(result, AccountSection):
            result = [result]
        sections.extend(result)
    return sorted(sections, key=lambda section: section.order)
