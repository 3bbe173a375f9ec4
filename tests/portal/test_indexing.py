"""``portal.indexing.indexing_deferred``: the search index and Wagtail's reference
index are updated once when a load ends, not at every save."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex
from wagtail.search.models import IndexEntry

from home.models import StandardPage
from portal.indexing import indexing_deferred
from portal.models import PortalImage
from tests.factories import ImageFactory, add_page, home_page

pytestmark = pytest.mark.django_db


def indexed(page):
    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StandardPage),
        object_id=str(page.pk),
    ).exists()


def references(page):
    return set(
        ReferenceIndex.get_references_for_object(page).values_list(
            "to_content_type__model", "to_object_id"
        )
    )


def image_reference(image):
    return ("portalimage", str(image.pk))


def test_saves_inside_are_indexed_once_when_it_ends():
    image = ImageFactory()
    with indexing_deferred():
        page = add_page(home_page(), StandardPage, teaser_image=image)
        assert not indexed(page)
        assert references(page) == set()
        # The state it ends with counts, not the first save's.
        page.teaser_image = ImageFactory()
        page.save_revision().publish()
    assert indexed(page)
    assert references(page) == {image_reference(page.teaser_image)}


def test_saves_after_it_are_indexed_as_they_happen_again():
    with indexing_deferred():
        pass
    image = ImageFactory()
    page = add_page(home_page(), StandardPage, teaser_image=image)
    assert indexed(page)
    assert references(page) == {image_reference(image)}


def test_an_error_inside_still_records_the_references_of_what_was_saved():
    image = ImageFactory()
    with pytest.raises(RuntimeError), indexing_deferred():
        page = add_page(home_page(), StandardPage, teaser_image=image)
        PortalImage.objects.filter(pk=ImageFactory().pk).delete()  # deleted: skipped
        raise RuntimeError("the load stops")
    assert references(page) == {image_reference(image)}
    page.title = "Danach"
    page.save_revision().publish()
    assert indexed(page)
