"""The recurrence builder of the providers' event form (issue #20).

People choose "every week on Saturday", "every month on the first Sunday", an
end date or a number of dates, and the days without the event in date boxes;
the server writes the iCalendar RRULE and the exception list from that. Works
without JavaScript: every box is on the page; the ones that do not apply to
the chosen repetition are ignored.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import recurrence

WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
POSITIONS = [
    ("1", _("first")),
    ("2", _("second")),
    ("3", _("third")),
    ("4", _("fourth")),
    ("-1", _("last")),
]
EXTRA_EXCEPTION_BOXES = 3
BUILDER_FIELDS = [
    "repeat",
    "interval",
    "weekdays",
    "month_position",
    "month_weekday",
    "ends",
    "until",
    "count",
    "exceptions",
]


class DateListWidget(forms.MultiWidget):
    """A few date boxes side by side."""

    template_name = "tourism/widgets/date_list.html"

    def __init__(self, size, attrs=None):
        super().__init__(
            [forms.DateInput(attrs={"type": "date"}) for _i in range(size)], attrs
        )

    def decompress(self, value):
        value = list(value or [])
        return value + [None] * (len(self.widgets) - len(value))


class DateListField(forms.MultiValueField):
    """Dates from several date boxes; empty boxes are skipped."""

    def __init__(self, size, **kwargs):
        fields = [forms.DateField(required=False) for _i in range(size)]
        super().__init__(
            fields,
            widget=DateListWidget(size),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list):
        return sorted({day for day in data_list or [] if day})


def parse_rule(rule_text, tz):
    """The builder's initial values for a stored rule, or None if the builder
    cannot show it (a rule the editors wrote by hand)."""
    rule_text = recurrence.normalise_rule(rule_text)
    if not rule_text:
        return {"repeat": ""}
    parts = dict(part.partition("=")[::2] for part in rule_text.split(";") if part)
    known = {"FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"}
    if set(parts) - known or "BYDAY" not in parts:
        return None
    days = parts["BYDAY"].split(",")
    initial = {"interval": int(parts.get("INTERVAL", "1") or 1)}
    codes = {code for code, _label in WEEKDAYS}
    if parts["FREQ"] == "WEEKLY" and all(day in codes for day in days):
        initial.update(repeat="weekly", weekdays=days)
    elif parts["FREQ"] == "MONTHLY" and len(days) == 1 and days[0][-2:] in codes:
        position = days[0][:-2].lstrip("+")
        if position not in {value for value, _label in POSITIONS}:
            return None
        initial.update(
            repeat="monthly", month_position=position, month_weekday=days[0][-2:]
        )
    else:
        return None
    ends = []
    if "COUNT" in parts:
        initial["count"] = int(parts["COUNT"])
        ends.append("count")
    if "UNTIL" in parts:
        value = parts["UNTIL"]
        try:
            if value.endswith("Z"):
                moment = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ")
                until = moment.replace(tzinfo=datetime.UTC).astimezone(tz).date()
            else:
                until = datetime.date.fromisoformat(value[:8])
        except ValueError:
            return None
        initial["until"] = until
        ends.append("until")
    # A rule stored with both ends (RFC 5545 allows one) shows both values
    # and asks which one: saving it unchanged is refused at "ends".
    initial["ends"] = ends[0] if len(ends) == 1 else ""
    return initial


class RecurrenceBuilderMixin:
    """Adds the builder's fields to a ModelForm with ``recurrence_rule`` and
    ``recurrence_exceptions`` (kept as hidden fields so the model's own
    checks still apply) and writes both from the builder in ``clean()``."""

    def add_recurrence_builder(self, tz):
        # the builder's questions form one section of the form (portal/forms/section.html)
        self.form_sections = [(_("Repetition"), BUILDER_FIELDS)]
        self.recurrence_tz = tz
        rule = self.instance.recurrence_rule if self.instance.pk else ""
        initial = parse_rule(rule, tz)
        repeat_choices = [
            ("", _("Does not repeat")),
            ("weekly", _("Every week, on the weekdays chosen below")),
            ("monthly", _("Every month, on the weekday chosen below")),
        ]
        if initial is None:
            repeat_choices.append(("keep", _("Keep the repetition set by the editors")))
            initial = {"repeat": "keep"}
        existing = []
        if self.instance.pk:
            try:
                existing = recurrence.parse_exception_dates(
                    self.instance.recurrence_exceptions
                )
            except ValidationError:
                existing = []
        initial["exceptions"] = existing
        boxes = len(existing) + EXTRA_EXCEPTION_BOXES
        fields = {
            "repeat": forms.ChoiceField(
                label=_("Does the event repeat?"),
                choices=repeat_choices,
                required=False,
                widget=forms.RadioSelect,
            ),
            "interval": forms.IntegerField(
                label=_("Every how many weeks or months"),
                help_text=_("1 for every week or month, 2 for every other one."),
                min_value=1,
                max_value=52,
                required=False,
                initial=1,
            ),
            "weekdays": forms.MultipleChoiceField(
                label=_("Weekdays (for every week)"),
                choices=WEEKDAYS,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            ),
            "month_position": forms.ChoiceField(
                label=_("Which one in the month (for every month)"),
                choices=POSITIONS,
                required=False,
            ),
            "month_weekday": forms.ChoiceField(
                label=_("Weekday (for every month)"),
                choices=WEEKDAYS,
                required=False,
            ),
            "ends": forms.ChoiceField(
                label=_("When does the repetition end?"),
                choices=[
                    ("until", _("On a date")),
                    ("count", _("After a number of dates")),
                ],
                required=False,
                widget=forms.RadioSelect,
            ),
            "until": forms.DateField(
                label=_("Last day"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            ),
            "count": forms.IntegerField(
                label=_("Number of dates"),
                help_text=_("Counting the first one."),
                min_value=2,
                max_value=recurrence.MAX_OCCURRENCES,
                required=False,
            ),
            "exceptions": DateListField(
                boxes,
                label=_("Days without the event"),
                help_text=_(
                    "For example a holiday. Leave the boxes you do not need empty; "
                    "save and edit again for more boxes."
                ),
            ),
        }
        self.fields.update(fields)
        for name, value in initial.items():
            self.initial.setdefault(name, value)
        for name in ("recurrence_rule", "recurrence_exceptions"):
            self.fields[name].widget = forms.HiddenInput()
            self.fields[name].required = False

    def clean_recurrence(self, cleaned):
        repeat = cleaned.get("repeat") or ""
        if repeat == "keep":
            cleaned["recurrence_rule"] = self.instance.recurrence_rule
        elif not repeat:
            cleaned["recurrence_rule"] = ""
        else:
            cleaned["recurrence_rule"] = self._build_rule(repeat, cleaned)
        exceptions = cleaned.get("exceptions") or []
        if exceptions and not cleaned["recurrence_rule"]:
            self.add_error("exceptions", _("Days without the event need a repetition."))
        cleaned["recurrence_exceptions"] = "\n".join(
            day.isoformat() for day in exceptions
        )
        return cleaned

    def _build_rule(self, repeat, cleaned):
        interval = cleaned.get("interval") or 1
        if repeat == "weekly":
            days = cleaned.get("weekdays") or []
            if not days:
                self.add_error("weekdays", _("Choose at least one weekday."))
                return ""
            order = [code for code, _label in WEEKDAYS]
            parts = ["FREQ=WEEKLY", "BYDAY=" + ",".join(sorted(days, key=order.index))]
        else:
            position = cleaned.get("month_position")
            weekday = cleaned.get("month_weekday")
            if not position or not weekday:
                self.add_error(
                    "month_position", _("Choose which weekday of the month.")
                )
                return ""
            parts = ["FREQ=MONTHLY", f"BYDAY={position}{weekday}"]
        if interval > 1:
            parts.insert(1, f"INTERVAL={interval}")
        ends = cleaned.get("ends")
        if ends == "until":
            until = cleaned.get("until")
            if not until:
                self.add_error("until", _("Enter the last day."))
                return ""
            last = datetime.datetime.combine(until, datetime.time(23, 59, 59))
            moment = last.replace(tzinfo=self.recurrence_tz).astimezone(datetime.UTC)
            parts.append("UNTIL=" + moment.strftime("%Y%m%dT%H%M%SZ"))
        elif ends == "count":
            count = cleaned.get("count")
            if not count:
                self.add_error("count", _("Enter the number of dates."))
                return ""
            parts.append(f"COUNT={count}")
        else:
            self.add_error("ends", _("Choose when the repetition ends."))
            return ""
        return ";".join(parts)

    def _post_clean(self):
        super()._post_clean()
        # The model checks the rule it was given; show its message at the builder.
        for hidden, visible in (
            ("recurrence_rule", "repeat"),
            ("recurrence_exceptions", "exceptions"),
        ):
            if hidden in self._errors:
                for error in self._errors.pop(hidden):
                    self._errors.setdefault(visible, self.error_class()).append(error)
