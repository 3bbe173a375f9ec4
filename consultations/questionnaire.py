"""From question blocks to a form, and from a valid form to stored answers.

Answers are a dict ``{question id: value}`` (JSON): text for text questions, the
option index ("0", "1", …) for choices, a list of indexes for multiple choice, a
list of indexes in ranked order for a ranking, ``"1"``…``"n"`` for a scale,
``"yes"``/``"no"``/``"abstain"``, ``{"lat": …, "lon": …}`` for a map point and
the attachment's file name for an attachment.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import LocalFloatField, name_required_answers
from portal.uploads import check_content

SHORT_TEXT_MAX = 200
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# checked by decoding the content (portal.uploads)
ATTACHMENT_TYPES = ("pdf", "png", "jpg", "jpeg")
CLOSED_KINDS = {"single_choice", "multiple_choice", "ranking", "scale", "yes_no"}
TEXT_KINDS = {"short_text", "long_text"}
YES_NO = [("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain"))]


@dataclass
class Question:
    id: str
    kind: str
    label: str
    help_text: str = ""
    required: bool = True
    public: bool = True
    options: list = field(default_factory=list)
    steps: int = 5
    min_label: str = ""
    max_label: str = ""
    max_length: int = SHORT_TEXT_MAX

    @property
    def is_closed(self):
        return self.kind in CLOSED_KINDS

    @property
    def is_statement(self):
        return self.kind == "long_text"

    @property
    def is_public(self):
        # attachments are never published, whatever the editor ticked
        return self.public and self.kind != "attachment"

    def choices(self):
        """(value, label) of every possible answer of a closed question."""
        if self.kind == "yes_no":
            return [(value, str(label)) for value, label in YES_NO]
        if self.kind == "scale":
            return [(str(n), self.scale_label(n)) for n in range(1, self.steps + 1)]
        return [(str(index), option) for index, option in enumerate(self.options)]

    def scale_label(self, n):
        if n == 1 and self.min_label:
            return f"1 – {self.min_label}"
        if n == self.steps and self.max_label:
            return f"{n} – {self.max_label}"
        return str(n)

    def label_of(self, value):
        return dict(self.choices()).get(str(value), str(value))

    def field_names(self):
        if self.kind == "ranking":
            return [f"q-{self.id}-{index}" for index in range(len(self.options))]
        if self.kind == "map_point":
            return [f"q-{self.id}-lat", f"q-{self.id}-lon"]
        return [f"q-{self.id}"]


def questions_of(page):
    """The questions of a consultation page, in order.

    The questionnaire of the page in the default language counts (its
    questions, kinds, required flags, options and limits: the answers are
    stored and counted there); a translation gives the texts of the questions
    it has in the same form, and the German text stands in for the rest, so
    a translation that is not re-synced yet cannot change what is asked.
    """
    rules = getattr(page, "canonical", page)
    texts = {}
    if rules.pk != page.pk:
        texts = {child.id: child for child in page.questions}
    result = []
    for child in rules.questions:
        value = child.value
        translated = texts.get(child.id)
        text = value
        if translated is not None and translated.block_type == child.block_type:
            text = translated.value
        options = list(value.get("options") or [])
        if len(text.get("options") or []) == len(options):
            options = list(text.get("options") or [])
        result.append(
            Question(
                id=child.id,
                kind=child.block_type,
                label=text["question"],
                help_text=text.get("help_text") or "",
                required=bool(value.get("required")),
                public=bool(value.get("public")),
                options=options,
                steps=value.get("steps") or 5,
                min_label=text.get("min_label") or "",
                max_label=text.get("max_label") or "",
                max_length=value.get("max_length") or SHORT_TEXT_MAX,
            )
        )
    return result


def check_attachment(upload):
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Only PDF, PNG or JPEG files can be attached."), code="file_type"
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="file_size")
    check_content(upload, ATTACHMENT_TYPES)
    return upload


class ResponseForm(forms.Form):
    """The questionnaire; its fields are made from the consultation's questions.

    Hidden honeypot field ``website``: people leave it empty, simple bots fill it.
    """

    website = forms.CharField(required=False)

    def __init__(self, questions, *args, existing=None, **kwargs):
        self.questions = questions
        self.existing = existing or {}
        initial = kwargs.pop("initial", None) or {}
        initial.update(initial_from_answers(questions, self.existing))
        super().__init__(*args, initial=initial, **kwargs)
        for question in questions:
            self._add_fields(question)
        name_required_answers(self.fields.values())

    def _add_fields(self, q):
        name = f"q-{q.id}"
        common = {"label": q.label, "help_text": q.help_text, "required": q.required}
        if q.kind == "short_text":
            self.fields[name] = forms.CharField(max_length=SHORT_TEXT_MAX, **common)
        elif q.kind == "long_text":
            self.fields[name] = forms.CharField(
                max_length=q.max_length,
                widget=forms.Textarea(attrs={"rows": 8}),
                **common,
            )
        elif q.kind in {"single_choice", "scale", "yes_no"}:
            self.fields[name] = forms.ChoiceField(
                choices=q.choices(), widget=forms.RadioSelect, **common
            )
        elif q.kind == "multiple_choice":
            self.fields[name] = forms.MultipleChoiceField(
                choices=q.choices(), widget=forms.CheckboxSelectMultiple, **common
            )
        elif q.kind == "ranking":
            ranks = [("", "–")] + [
                (str(n), str(n)) for n in range(1, len(q.options) + 1)
            ]
            for index, option in enumerate(q.options):
                field = forms.ChoiceField(
                    label=option, choices=ranks, required=q.required
                )
                # the question's legend says "(optional)", not each option
                field.hide_optional_marker = True
                self.fields[f"{name}-{index}"] = field
        elif q.kind == "attachment":
            # an attachment already sent stays when no new file is chosen
            self.fields[name] = forms.FileField(
                validators=[check_attachment],
                **{**common, "required": q.required and q.id not in self.existing},
            )
        elif q.kind == "map_point":
            self.fields[f"{name}-lat"] = LocalFloatField(
                label=_("Latitude"), min_value=-90, max_value=90, required=q.required
            )
            self.fields[f"{name}-lon"] = LocalFloatField(
                label=_("Longitude"),
                min_value=-180,
                max_value=180,
                required=q.required,
            )
            # the question's legend says "(optional)", not each coordinate
            for axis in ("lat", "lon"):
                self.fields[f"{name}-{axis}"].hide_optional_marker = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("The form could not be sent. Please try again."))
        for q in self.questions:
            if q.kind == "ranking":
                names = q.field_names()
                ranks = [cleaned.get(name) for name in names]
                given = [rank for rank in ranks if rank]
                if given and len(given) != len(names):
                    # on the first option still without a rank: that is where to act
                    missing = next(
                        n for n, rank in zip(names, ranks, strict=True) if not rank
                    )
                    self.add_error(
                        missing,
                        _("Give every option a rank.")
                        if q.required
                        else _("Give every option a rank, or leave them all empty."),
                    )
                elif len(set(given)) != len(given):
                    # on the option that repeats a rank given above it
                    repeated = next(
                        name
                        for index, (name, rank) in enumerate(
                            zip(names, ranks, strict=True)
                        )
                        if rank in ranks[:index]
                    )
                    self.add_error(repeated, _("Give each rank only once."))
            if q.kind == "map_point":
                lat, lon = (cleaned.get(name) for name in q.field_names())
                if (lat is None) != (lon is None):
                    self.add_error(
                        q.field_names()[0],
                        _("Give both latitude and longitude, or neither."),
                    )
        return cleaned

    def groups(self):
        """(question, bound fields) for the template, in question order."""
        return [(q, [self[name] for name in q.field_names()]) for q in self.questions]

    def answers(self):
        """The stored answers of a valid form (attachments: see ``uploads``)."""
        cleaned = self.cleaned_data
        answers = {}
        for q in self.questions:
            name = f"q-{q.id}"
            if q.kind == "ranking":
                ranks = {
                    index: int(cleaned[f"{name}-{index}"])
                    for index in range(len(q.options))
                    if cleaned.get(f"{name}-{index}")
                }
                if ranks:
                    answers[q.id] = [
                        str(index)
                        for index, _rank in sorted(ranks.items(), key=lambda x: x[1])
                    ]
            elif q.kind == "map_point":
                lat, lon = cleaned.get(f"{name}-lat"), cleaned.get(f"{name}-lon")
                if lat is not None:
                    answers[q.id] = {"lat": lat, "lon": lon}
            elif q.kind == "attachment":
                upload = cleaned.get(name)
                if upload:
                    answers[q.id] = upload.name
                elif q.id in self.existing:
                    answers[q.id] = self.existing[q.id]
            else:
                value = cleaned.get(name)
                if value not in (None, "", []):
                    answers[q.id] = value
        return answers

    def uploads(self):
        return {
            q.id: self.cleaned_data[f"q-{q.id}"]
            for q in self.questions
            if q.kind == "attachment" and self.cleaned_data.get(f"q-{q.id}")
        }


def initial_from_answers(questions, answers):
    initial = {}
    for q in questions:
        value = answers.get(q.id)
        if value is None:
            continue
        name = f"q-{q.id}"
        if q.kind == "ranking":
            for rank, index in enumerate(value, start=1):
                initial[f"{name}-{index}"] = str(rank)
        elif q.kind == "map_point":
            initial[f"{name}-lat"] = value.get("lat")
            initial[f"{name}-lon"] = value.get("lon")
        elif q.kind != "attachment":
            initial[name] = value
    return initial


def choice_rows(questions, answers):
    """(question id, value, rank) of every closed answer, for the SQL tallies."""
    rows = []
    for q in questions:
        value = answers.get(q.id)
        if not q.is_closed or value in (None, "", []):
            continue
        if q.kind == "multiple_choice":
            rows.extend((q.id, item, None) for item in value)
        elif q.kind == "ranking":
            rows.extend((q.id, item, rank) for rank, item in enumerate(value, start=1))
        else:
            rows.append((q.id, str(value), None))
    return rows


def display_answer(question, value):
    """A readable answer for receipts and exports."""
    if value in (None, "", []):
        return ""
    if question.kind in {"single_choice", "scale", "yes_no"}:
        return question.label_of(value)
    if question.kind in {"multiple_choice", "ranking"}:
        return "; ".join(question.label_of(item) for item in value)
    if question.kind == "map_point":
        return f"{value['lat']}, {value['lon']}"
    return str(value)
