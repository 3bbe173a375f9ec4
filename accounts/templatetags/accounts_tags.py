"""Template helpers: ``{% if request.user|has_identity_level:"substantial" %}``."""

from django import template

from accounts import identity

register = template.Library()


@register.filter
def has_identity_level(user, level):
    """True if the user has reached ``level`` (a name or a number)."""
    return identity.has_identity_level(user, level)


@register.simple_tag(takes_context=True)
def identity_step_up_url(context, level):
    """URL of the step-up page for ``level`` that returns to the current page."""
    request = context["request"]
    return identity.step_up_url(level, request.get_full_path())


@register.filter
def kern_widget(field):
    """Render a bound field's widget with KERN classes and ARIA links."""
    widget_type = field.widget_type
    css = (
        "kern-form-input__select"
        if widget_type in {"select", "selectmultiple"}
        else "kern-form-input__input"
    )
    if field.errors:
        css += f" {css}--error"
    attrs = {"class": css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
