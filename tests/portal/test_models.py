import pytest
from django.core.exceptions import ValidationError

from portal.models import Licence, Municipality, PortalImage
from tests import factories

pytestmark = pytest.mark.django_db


def test_image_requires_alt_text_and_credit():
    image = PortalImage(title="Test", width=1, height=1, file="x.jpg")
    with pytest.raises(ValidationError) as error:
        image.full_clean(exclude=["file"])
    assert {"alt_text", "credit"} <= set(error.value.message_dict)


def test_decorative_image_has_empty_alt():
    assert PortalImage(title="Deko", alt_text="-").default_alt_text == ""
    assert PortalImage(title="See", alt_text="Ein See").default_alt_text == "Ein See"


def test_licence_urls_come_from_the_dcat_ap_de_list():
    assert Licence.url_for(Licence.CC_BY) == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert Licence.url_for(Licence.OWN) == ""


def test_municipality_keys_are_validated(locale_de):
    municipality = Municipality(
        locale=locale_de,
        name="X",
        slug="x",
        ars="123",
        ags="1234567a",
        latitude=100,
        longitude=10,
    )
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert {"ars", "ags", "latitude"} <= set(error.value.message_dict)


def test_municipality_geocoding_uri():
    crivitz = factories.MunicipalityFactory(name="Crivitz", ags="13076021")
    assert crivitz.geocoding_uri.endswith("/municipalityKey/13076021")
