"""Which files editors may upload as documents for the open data catalogue."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from portal.models import PortalDocument

pytestmark = pytest.mark.django_db

GEOJSON = b'{"type": "FeatureCollection", "features": []}'


def checked(filename):
    document = PortalDocument(title=filename, file=ContentFile(GEOJSON, name=filename))
    document.full_clean()  # what the upload form runs (AbstractDocument.clean)
    return document


@pytest.mark.parametrize(
    "filename", ["spielplaetze.geojson", "daten.json", "daten.csv", "daten.xlsx"]
)
def test_open_data_formats_may_be_uploaded(filename):
    checked(filename)


def test_other_extensions_are_refused_with_a_message():
    with pytest.raises(ValidationError) as refused:
        checked("programm.exe")
    assert "file" in refused.value.message_dict
