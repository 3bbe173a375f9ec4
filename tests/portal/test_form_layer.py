"""The one form-rendering layer (portal/forms_rendering.py, portal/forms/*.html)."""

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from portal.models import Municipality


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your ID card.")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(label="Kind", choices=[("", "---------"), ("a", "A")])
    colours = forms.MultipleChoiceField(
        label="Colours",
        choices=[("r", "Red"), ("g", "Green")],
        widget=forms.CheckboxSelectMultiple,
    )
    size = forms.ChoiceField(
        label="Size", choices=[("s", "S"), ("m", "M")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree", help_text="Long help text here.")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def render(template, **context):
    return Template(template).render(Context(context))


def test_the_portal_renderer_is_the_default():
    assert settings.FORM_RENDERER == "portal.forms_rendering.PortalFormRenderer"


def test_text_input_with_label_hint_and_kern_classes():
    html = str(SampleForm()["name"].as_field_group())
    assert '<label class="kern-label" for="id_name">Name</label>' in html
    assert 'id="id_name-hint"' in html
    assert 'class="kern-form-input__input"' in html
    assert 'aria-describedby="id_name-hint"' in html


def test_optional_fields_are_marked():
    assert "kern-label__optional" in str(SampleForm()["note"].as_field_group())
    assert "kern-label__optional" not in str(SampleForm()["name"].as_field_group())


def test_select_sits_in_the_kern_wrapper_and_says_please_choose():
    with translation.override("de"):
        html = str(SampleForm()["kind"].as_field_group())
    assert '<div class="kern-form-input__select-wrapper"><select' in html
    assert 'class="kern-form-input__select"' in html
    assert "Bitte wählen" in html
    assert "---------" not in html
    with translation.override("en"):
        assert "Please choose" in str(SampleForm()["kind"].as_field_group())


@pytest.mark.django_db
def test_model_choice_empty_label_is_please_choose():
    class PlaceForm(forms.Form):
        place = forms.ModelChoiceField(Municipality.objects.all(), label="Place")

    with translation.override("en"):
        html = str(PlaceForm()["place"].as_field_group())
    assert '<option value="" selected>Please choose</option>' in html


@pytest.mark.parametrize(("name", "kind"), [("colours", "checkbox"), ("size", "radio")])
def test_choice_groups_are_fieldsets_with_a_legend(name, kind):
    html = str(SampleForm()[name].as_field_group())
    assert html.strip().startswith("<fieldset")
    assert '<legend class="kern-label">' in html
    assert f'class="kern-form-check__{kind}"' in html
    assert f'id="id_{name}_0"' in html


def test_single_checkbox_keeps_hint_beside_the_box():
    html = str(SampleForm()["agree"].as_field_group())
    assert "form-field--checkbox kern-form-check" in html
    assert 'class="kern-form-check__checkbox"' in html
    assert '<p class="kern-hint" id="id_agree-hint">' in html


def test_errors_next_to_the_field_and_in_the_summary():
    form = SampleForm(data={"kind": ""})
    assert not form.is_valid()
    html = str(form["name"].as_field_group())
    assert 'id="id_name-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert "kern-form-input__input--error" in html
    summary = render('{% include "portal/forms/error_summary.html" %}', form=form)
    assert 'href="#id_name"' in summary
    assert 'href="#id_colours_0"' in summary  # a group links to its first option
    assert 'href="#id_size_0"' in summary


def test_whole_form_renders_hidden_fields_once():
    html = str(SampleForm())
    assert html.count('name="secret"') == 1
    assert html.count("<fieldset") == 2


def test_filter_forms_do_not_mark_fields_optional():
    class Filter(forms.Form):
        hide_optional_marker = True
        q = forms.CharField(required=False)

    assert "kern-label__optional" not in str(Filter()["q"].as_field_group())


def test_no_app_keeps_its_own_field_templates():
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    own = [
        path
        for path in root.glob("*/templates/**/includes/*.html")
        if path.name
        in {"field.html", "fields.html", "error_summary.html", "select_field.html"}
    ]
    assert own == []


def test_form_sections_group_their_fields_under_one_legend():
    class Sectioned(SampleForm):
        form_sections = [("About you", ["note", "kind"])]

    html = str(Sectioned())
    section = html[html.index('<fieldset class="form-section') :]
    section = section[: section.index('<div class="kern-fieldset__body')]
    assert '<legend class="form-section__legend">About you</legend>' in section
    # the section stands where its first field was, with its fields in order
    assert html.index('id="id_name"') < html.index("About you")
    assert section.index('id="id_note"') < section.index('id="id_kind"')
    assert html.count('id="id_note"') == 1
    assert html.index('id="id_kind"') < html.index('id="id_colours_0"')
