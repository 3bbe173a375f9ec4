"""Template helpers of the form layer (``portal/templates/portal/forms/``)."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

GROUP_WIDGETS = {"radioselect", "checkboxselectmultiple"}
SELECT_WIDGETS = {"select", "selectmultiple", "nullbooleanselect"}
DASHES = "---------"


def _describedby(field):
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def _replace_empty_label(field):
    """Show "Please choose" instead of Django's "---------" as the empty choice."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = _("Please choose")
        return
    choices = getattr(field, "choices", None)
    if choices and any(label == DASHES for _value, label in choices):
        field.choices = [
            (value, _("Please choose") if label == DASHES else label)
            for value, label in choices
        ]


@register.filter
def field_kind(field):
    """How the field template lays a bound field out: hidden, checkbox, group,
    select, file or input."""
    if field.is_hidden:
        return "hidden"
    widget_type = field.widget_type
    if widget_type in GROUP_WIDGETS:
        return "group"
    if isinstance(field.field.widget, forms.CheckboxInput):
        return "checkbox"
    if widget_type in SELECT_WIDGETS:
        return "select"
    if widget_type in {"clearablefile", "file"}:
        return "file"
    return "input"


@register.filter
def field_anchor(field):
    """The id the error summary links to: the control, or a group's first option."""
    if field.widget_type in GROUP_WIDGETS:
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def kern_widget(field):
    """Render a bound field's widget with the KERN classes and ARIA links."""
    kind = field_kind(field)
    if kind == "select":
        _replace_empty_label(field.field)
        css = "kern-form-input__select"
    elif kind == "checkbox":
        css = "kern-form-check__checkbox"
    else:
        css = "kern-form-input__input"
    if field.errors:
        css += f" {css}--error"
    classes = field.field.widget.attrs.get("class", "").split()
    classes += [name for name in css.split() if name not in classes]
    attrs = {"class": " ".join(classes)}
    described = _describedby(field)
    if described:
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def described_by(field):
    return _describedby(field)


@register.filter
def form_parts(form):
    """The visible fields of a form in order, grouped into its sections.

    A form may declare ``form_sections = [(legend, [field names]), ...]``: those
    fields are rendered together in one fieldset with the legend as a section
    heading (``portal/forms/section.html``), at the place of the section's first
    field. Returns ``("field", bound_field)`` and ``("section", legend, [bound
    fields])`` tuples.
    """
    sections = getattr(form, "form_sections", ()) or ()
    section_of = {}
    for index, (_legend, names) in enumerate(sections):
        for name in names:
            section_of[name] = index
    parts, placed = [], {}
    for field in form.visible_fields():
        index = section_of.get(field.name)
        if index is None:
            parts.append(("field", field))
        elif index in placed:
            placed[index][2].append(field)
        else:
            placed[index] = ("section", sections[index][0], [field])
            parts.append(placed[index])
    return parts
