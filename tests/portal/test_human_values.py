"""Human input and output: decimal comma, file types and sizes, column types."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from portal.forms import LocalDecimalField, LocalFloatField
from portal.templatetags.portal_format import column_type, file_kind, human_size


@pytest.mark.parametrize("field_class", [LocalFloatField, LocalDecimalField])
@pytest.mark.parametrize("typed", ["53,57", "53.57", " 53,57 "])
def test_decimal_comma_and_point_are_accepted(field_class, typed):
    assert field_class(required=False).clean(typed) == type(
        field_class().to_python("1")
    )("53.57")


def test_ambiguous_numbers_get_the_fields_own_error():
    with pytest.raises(forms.ValidationError):
        LocalFloatField().clean("53,57,1")


def test_decimal_input_is_a_text_box_with_the_number_keyboard():
    html = LocalDecimalField(min_value=-90).widget.render("lat", Decimal("53.5"))
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert "min=" not in html


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("application/pdf", "PDF"),
        ("text/csv; charset=utf-8", "CSV"),
        ("Bescheid.PDF", "PDF"),
        ("application/x-foo", "FOO"),
        ("", ""),
    ],
)
def test_file_kinds(value, label):
    assert file_kind(value) == label


def test_sizes_are_rounded_as_people_say_them():
    with translation.override("de"):
        assert human_size(48_230) == "47 KB"
        assert human_size(1_300_000) == "1,2 MB"
        assert human_size(200) == "200 Byte"
    with translation.override("en"):
        assert human_size(1_300_000) == "1.2 MB"
    assert human_size(None) == ""


def test_column_types_in_german():
    with translation.override("de"):
        assert column_type("string") == "Text"
        assert column_type("integer") == "Ganzzahl"
        assert column_type("number") == "Dezimalzahl"
        assert column_type("other") == "other"
