"""Building business pages in tests."""

from wagtail.models import Workflow

from business.models import BusinessDirectoryPage, BusinessEntryPage


def directory(language="de"):
    return BusinessDirectoryPage.objects.get(locale__language_code=language)


def entry(slug, language="de"):
    return BusinessEntryPage.objects.get(slug=slug, locale__language_code=language)


def add_entry(parent, title, **fields):
    from django.utils.text import slugify

    page = BusinessEntryPage(title=title, slug=slugify(title), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def standard_workflow():
    return Workflow.objects.get(name="Fachprüfung und Amtsleitung")
