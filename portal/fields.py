"""Model fields shared by several apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MultipleChoiceJSONField(models.JSONField):
    """A list of choice values stored as JSON, edited as checkboxes.

    Works the same on SQLite and PostgreSQL (no ``ArrayField``). Editors tick
    boxes; templates get the labels through ``labels_for``.
    """

    def __init__(self, *args, choices_list=(), **kwargs):
        self.choices_list = list(choices_list)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_list"] = self.choices_list
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _label in self.choices_list}
        if not isinstance(value, list) or not set(value) <= allowed:
            raise ValidationError(
                _("Choose only from the listed options."), code="invalid_choice"
            )

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices_list,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def labels_for(self, value):
        names = dict(self.choices_list)
        return [names[key] for key in value or [] if key in names]


class AccessibilityFeature(models.TextChoices):
    """Accessibility facts visitors ask for (listed in the order they ask)."""

    STEP_FREE = "step_free", _("Step-free access")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    ACCESSIBLE_PARKING = "accessible_parking", _("Disabled parking")
    ASSISTANCE_DOGS = "assistance_dogs", _("Assistance dogs welcome")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    TACTILE_GUIDANCE = "tactile_guidance", _("Tactile guidance")
    EASY_LANGUAGE = "easy_language", _("Information in easy language")
    SEATING = "seating", _("Seating along the way")
