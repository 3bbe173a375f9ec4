"""The one form-rendering layer of the public site (issue #20).

``FORM_RENDERER`` points here, so ``{{ form }}`` and ``{{ field.as_field_group }}``
render every public form with the same KERN UX field templates in
``portal/templates/portal/forms/``: labels, hints, errors, inputs, selects in the
KERN select wrapper, checkbox and radio groups in a fieldset with a legend. The
Wagtail admin renders its fields with its own templates and is not affected.
See docs/frontend.md.
"""

from django.forms.renderers import DjangoTemplates


class PortalFormRenderer(DjangoTemplates):
    form_template_name = "portal/forms/form.html"
    field_template_name = "portal/forms/field.html"
