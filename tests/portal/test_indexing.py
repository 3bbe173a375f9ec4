"""``portal.indexing.indexing_deferred``: the search index and Wagtail's reference
index are updated once when a load ends, not at every save; ``indexed_once``:
the same for the saves of one model's objects (creating and publishing a page)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from home.models import StandardPage
from portal.indexing import indexed_once, indexing_deferred
from portal.models import PortalImage
from search import vocabulary
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


@pytest.fixture
def index_writes(monkeypatch):
    """The objects each index write was for (every search backend here records
    the vocabulary of what it indexed, ``search.vocabulary.add_objects``)."""
    writes = []
    record = vocabulary.add_objects

    def add_objects(objects):
        objects = list(objects)
        writes.append([obj.pk for obj in objects])
        return record(objects)

    monkeypatch.setattr(vocabulary, "add_objects", add_objects)
    return writes


def new_page(**fields):
    return StandardPage(title="Kranichwiese", slug="erst", **fields)


def found(word, page):
    """Whether the search index finds ``page`` by ``word`` (on every backend)."""
    results = get_search_backend().search(word, StandardPage.objects.filter(pk=page.pk))
    return [hit.pk for hit in results] == [page.pk]


def test_indexed_once_indexes_the_state_it_ends_with_once(index_writes):
    image = ImageFactory()
    index_writes.clear()
    with indexed_once(StandardPage):
        page = home_page().add_child(instance=new_page())
        page.save_revision()
        assert not indexed(page)
        page.title = "Storchenwiese"
        page.teaser_image = image
        page.save_revision().publish()
        assert not indexed(page)
        assert references(page) == set()
    assert index_writes == [[page.pk]]
    assert found("Storchenwiese", page)
    assert not found("Kranichwiese", page)
    assert references(page) == {image_reference(image)}
    # the receivers are connected again: a later save indexes as it saves
    page.title = "Reiherwiese"
    page.save()
    assert found("Reiherwiese", page)


def test_add_page_writes_the_index_once(index_writes):
    page = add_page(home_page(), StandardPage, title="Kiebitzwiese")
    assert index_writes == [[page.pk]]
    assert found("Kiebitzwiese", page)


def test_indexed_once_leaves_other_models_indexing_as_they_save():
    with indexed_once(StandardPage):
        image = ImageFactory()
        assert IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(PortalImage),
            object_id=str(image.pk),
        ).exists()


def test_indexed_once_forgets_what_was_deleted_inside():
    with indexed_once(StandardPage):
        page = home_page().add_child(instance=new_page())
        page_pk = page.pk
        page.delete()
    assert not IndexEntry.objects.filter(object_id=str(page_pk)).exists()


def test_indexed_once_indexes_what_exists_after_an_error():
    with pytest.raises(RuntimeError), indexed_once(StandardPage):
        page = home_page().add_child(instance=new_page())
        raise RuntimeError("stops")
    assert indexed(page)


def test_indexed_once_inside_indexing_deferred_leaves_it_to_the_end_of_the_load():
    with indexing_deferred():
        with indexed_once(StandardPage):
            page = add_page(home_page(), StandardPage)
        assert not indexed(page)
    assert indexed(page)


def test_a_child_object_saved_inside_is_recorded_with_its_page():
    """A child object (``ParentalKey``) saved on its own records the references
    of its page, as Wagtail's task does; the page is recorded once for all."""
    from datasets.models import DatasetPage, Distribution
    from tests.datasets.factories import dataset, document

    page = dataset(files=[("a.csv", "a;b\n")])
    with indexing_deferred():
        for name in ("b.csv", "c.csv"):
            Distribution.objects.create(
                page=page, title=name, document=document("c;d\n", name)
            )
    page = DatasetPage.objects.get(pk=page.pk)
    documents = {str(d.document_id) for d in page.distributions.all()}
    found = set(
        ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type__model="portaldocument")
        .values_list("to_object_id", flat=True)
    )
    assert len(documents) == 3
    assert found == documents
