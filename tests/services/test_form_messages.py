"""The application form says which answer is missing (issue #20)."""

import pytest
from django.utils import translation

from services.models import ServiceFormField

from .factories import QUANTITY_LABEL, service_page

pytestmark = pytest.mark.django_db


def test_each_missing_answer_is_named_in_the_message():
    page = service_page()
    ServiceFormField.objects.create(
        page=page,
        label="Abholung",
        field_type="dropdown",
        choices="Crivitz\nBanzkow",
        required=True,
        sort_order=2,
    )
    ServiceFormField.objects.create(
        page=page,
        label="Ich bringe das Original mit",
        field_type="checkbox",
        required=True,
        sort_order=3,
    )
    with translation.override("de"):
        form = page.get_form_class()(data={})
        assert not form.is_valid()
        errors = {
            form.fields[name].label: messages for name, messages in form.errors.items()
        }
    assert errors == {
        "Dokument": ["Geben Sie „Dokument“ an."],
        QUANTITY_LABEL: [f"Geben Sie „{QUANTITY_LABEL}“ an."],
        "Abholung": ["Wählen Sie „Abholung“ aus."],
        "Ich bringe das Original mit": [
            "Kreuzen Sie „Ich bringe das Original mit“ an."
        ],
    }


def test_the_quantity_says_what_it_accepts():
    page = service_page()
    with translation.override("de"):
        form = page.get_form_class()()
        quantity = next(f for f in form.fields.values() if f.label == QUANTITY_LABEL)
        assert str(quantity.help_text) == "Eine ganze Zahl von 1 bis 99."
        dokument = next(f for f in form.fields.values() if f.label == "Dokument")
        assert dokument.help_text == ""
