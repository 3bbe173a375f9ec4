"""Front-end forms that are not the questionnaire (see questionnaire.py)."""

import re
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.models import IdentityVerification
from portal import photos
from portal.listing import FilterChoiceField, FilterForm, municipality_field

from .budgets import id_data_person_hash
from .models import (
    LISTING_FILTERS,
    STAFF_CHANNELS,
    Channel,
    ImplementationStatus,
    Outcome,
    Proposal,
    ProposalStatus,
    StatementStatus,
    Topic,
    phase_filter,
)
from .models.pages import SLUG
from .proposals import notify_assessment

NUMBER = re.compile(r"[0-9]{1,12}")

COMMENT_MAX = 5000
LOCKED_FIELDS = [
    "consultation",
    "channel",
    "text",
    "author_name",
    "author_contact",
    "section",
    "is_public",
]


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Document section"), required=False)
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    author_name = forms.CharField(
        label=_("Name shown with the comment"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to comment without a name."),
    )
    author_contact = forms.EmailField(
        label=_("E-mail address for the moderation's answer"),
        required=False,
        help_text=_("Never published."),
    )
    # honeypot: hidden from people, filled by simple bots
    website = forms.CharField(required=False)

    def __init__(self, *args, sections=(), signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The consultation as a whole"))] + [
            (section_id, heading) for section_id, heading in sections
        ]
        if not sections:
            del self.fields["section"]
        if signed_in:
            del self.fields["author_contact"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("The form could not be sent. Please try again."))
        return cleaned


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (StatementStatus.PUBLISHED, _("Publish")),
            (StatementStatus.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the author)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReplyCheckMixin:
    """Admin form rule: an outcome needs reasons, reasons need an outcome."""

    def clean(self):
        cleaned = super().clean()
        outcome, reply = cleaned.get("reply_outcome"), cleaned.get("reply_text")
        if outcome and not (reply or "").strip():
            self.add_error("reply_text", _("Give the reasons for the outcome."))
        if reply and not outcome:
            self.add_error(
                "reply_outcome",
                _("Choose an outcome: %(outcomes)s.")
                % {"outcomes": ", ".join(str(label) for _v, label in Outcome.choices)},
            )
        return cleaned


class StatementAdminForm(ReplyCheckMixin, WagtailAdminModelForm):
    """Staff enter statements received by letter, e-mail or at a meeting, and
    reply to every statement. Statements made on the site keep their text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from_site = self.instance.pk and self.instance.channel not in STAFF_CHANNELS
        if from_site:
            for name in LOCKED_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
        elif "channel" in self.fields:
            self.fields["channel"].choices = [
                (value, label)
                for value, label in Channel.choices
                if value in STAFF_CHANNELS
            ]

    def clean(self):
        cleaned = super().clean()
        consultation = cleaned.get("consultation")
        if consultation is not None:
            # statements belong to the consultation in the default language
            cleaned["consultation"] = consultation.canonical
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        if instance.pk is None:
            instance.entered_by = self.for_user
        if {"reply_outcome", "reply_text"} & set(self.changed_data):
            instance.replied_by = self.for_user
            instance.replied_at = timezone.now()
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class ProposalForm(forms.ModelForm):
    """A citizen's proposal; ``confirm_new`` is asked only when similar
    proposals exist (shown above the form) so that supporters are not split.

    One optional image: checked, resized and stripped of all metadata by the
    portal's photo check (``portal.photos.clean``, the same as report photos),
    with alt text and the proposer's statement that it may be published. It is
    public only with the published proposal (moderation decides both)."""

    image_upload = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_(
            "One photo or drawing (JPEG, PNG or WebP). We remove all metadata, "
            "including the position. Do not show people who can be recognised."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    image_alt = forms.CharField(
        label=_("What the image shows"),
        max_length=255,
        required=False,
        help_text=_("A short description for people who cannot see the image."),
    )
    image_rights = forms.BooleanField(
        label=_("I took this image myself or may publish it with the proposal"),
        required=False,
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)
    confirm_new = forms.BooleanField(
        label=_("My proposal is a different one: submit it anyway"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clean_photo = None
        image = self.instance.image if self.instance.pk else None
        if image is None:
            del self.fields["remove_image"]
        else:
            self.fields["image_alt"].initial = image.alt_text
            self.fields["image_upload"].label = _("Replace the image (optional)")

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        if not upload:
            return None
        try:
            self.clean_photo = photos.clean(upload)
        except photos.PhotoError as error:
            raise ValidationError(str(error), code="invalid_image") from error
        return upload

    def clean(self):
        cleaned = super().clean()
        has_image = self.clean_photo is not None or (
            self.instance.pk
            and self.instance.image_id
            and not cleaned.get("remove_image")
        )
        if has_image and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", _("Please describe what the image shows."))
        if self.clean_photo is not None and not cleaned.get("image_rights"):
            self.add_error(
                "image_rights",
                _("Please confirm that you may publish the image."),
            )
        return cleaned

    class Meta:
        model = Proposal
        fields = ["title", "text", "topic", "place", "estimated_cost"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "title": _("A short title that says what you propose."),
            "text": _(
                "What should be done, where and why? Do not write personal data of "
                "other people."
            ),
            "estimated_cost": _("If you know it: a rough figure in whole euros."),
        }

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise ValidationError(
                _("Please give your proposal a title of at least 5 characters.")
            )
        return title


class ProposalAdminForm(WagtailAdminModelForm):
    """Moderation and assessment. An assessment always carries its reasons; saving
    a new or changed assessment tells the author and the supporters."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("assessment") and not cleaned.get("assessment_text", "").strip():
            self.add_error(
                "assessment_text",
                _("Give the reasons for the assessment; they are published with it."),
            )
        merged_into = cleaned.get("merged_into")
        if cleaned.get("status") == ProposalStatus.MERGED:
            if merged_into is None:
                self.add_error(
                    "merged_into", _("Choose the proposal this one is merged into.")
                )
            elif (
                merged_into.pk == self.instance.pk
                or merged_into.process_id != self.instance.process_id
            ):
                self.add_error(
                    "merged_into",
                    _("Choose another proposal of the same process."),
                )
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        assessed = bool(
            {"assessment", "assessment_text"} & set(self.changed_data)
            and instance.assessment
        )
        if assessed:
            instance.assessed_at = timezone.now()
        if commit:
            instance.save()
            self.save_m2m()
            if assessed:
                transaction.on_commit(lambda: notify_assessment(instance))
        return instance


class PaperBallotForm(forms.Form):
    """A paper ballot entered by staff: who the person is (so that they cannot
    vote twice, in any channel) and the projects they ticked."""

    ACCOUNT = "account"
    ID_CARD = "id_card"

    identified_by = forms.ChoiceField(
        label=_("How was the person identified?"),
        choices=[
            (ACCOUNT, _("Verified portal account (BundID)")),
            (ID_CARD, _("Identity card (no verified portal account)")),
        ],
        widget=forms.RadioSelect,
        initial=ID_CARD,
    )
    account = forms.CharField(
        label=_("User name or e-mail address of the account"),
        max_length=254,
        required=False,
        help_text=_(
            "The ballot then counts against the same pseudonym as an online vote."
        ),
    )
    family_name = forms.CharField(
        label=_("Family name (as on the identity card)"), max_length=120, required=False
    )
    given_names = forms.CharField(
        label=_("Given names (as on the identity card)"), max_length=120, required=False
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place_of_birth = forms.CharField(
        label=_("Place of birth (as on the identity card)"),
        max_length=120,
        required=False,
    )
    projects = forms.MultipleChoiceField(
        label=_("Projects ticked on the ballot"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all empty for an empty ballot."),
    )
    checked = forms.BooleanField(
        label=_(
            "I have seen the identity card and checked that the person may vote "
            "in this budget (residence)."
        )
    )

    ID_FIELD_MESSAGES = {
        "family_name": _("Enter the family name."),
        "given_names": _("Enter the given names."),
        "date_of_birth": _("Enter the date of birth."),
        "place_of_birth": _("Enter the place of birth."),
    }

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_projects = list(budget.projects.all())
        self.fields["projects"].choices = [
            (
                str(project.pk),
                f"{project.title} ({number_format(project.cost, force_grouping=True)} €)",
            )
            for project in self.budget_projects
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("identified_by") == self.ACCOUNT:
            name = (cleaned.get("account") or "").strip()
            if not name:
                self.add_error("account", _("Enter the user name or e-mail address."))
                return cleaned
            users = list(
                get_user_model().objects.filter(
                    Q(username__iexact=name) | Q(email__iexact=name)
                )[:2]
            )
            if len(users) != 1:
                self.add_error(
                    "account",
                    _("No account has this user name or e-mail address.")
                    if not users
                    else _("Several accounts match; enter the user name."),
                )
                return cleaned
            verification = IdentityVerification.objects.filter(
                user=users[0], person_hash__isnull=False
            ).first()
            if verification is None or not verification.person_hash:
                self.add_error(
                    "account",
                    _(
                        "This account has no identity verified with BundID. "
                        "Identify the person with their identity card instead."
                    ),
                )
                return cleaned
            cleaned["person_hash"] = verification.person_hash
        elif cleaned.get("identified_by") == self.ID_CARD:
            missing = False
            for name, message in self.ID_FIELD_MESSAGES.items():
                value = cleaned.get(name)
                if value in (None, "") or not str(value).strip():
                    if name not in self.errors:
                        self.add_error(name, message)
                    missing = True
            if not missing:
                cleaned["person_hash"] = id_data_person_hash(
                    *(cleaned[name] for name in self.ID_FIELD_MESSAGES)
                )
        wanted = set(cleaned.get("projects") or [])
        cleaned["chosen"] = [p for p in self.budget_projects if str(p.pk) in wanted]
        return cleaned


class ConsultationFilterForm(FilterForm):
    """The consultation listing's filters (``status``, ``topic``,
    ``municipality``). A value the listing does not know filters nothing, the
    other filters still apply: links from elsewhere may name a topic or a
    municipality that is gone. The status is chosen by the links above the
    bar (a hidden value in it)."""

    status = FilterChoiceField(required=False, widget=forms.HiddenInput)
    topic = FilterChoiceField(label=_("Topic"), required=False)
    municipality = municipality_field()

    def __init__(self, *args, municipalities, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_slugs = {item.slug for item in municipalities}
        self.now = now
        self.fields["topic"].choices = topic_choices()
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *((item.slug, item.name) for item in municipalities),
        ]

    def clean_status(self):
        value = self.cleaned_data["status"]
        return value if value in LISTING_FILTERS else ""

    def clean_topic(self):
        value = self.cleaned_data["topic"]
        return value if value in Topic.values else ""

    def clean_municipality(self):
        value = self.cleaned_data["municipality"]
        return value if value in self.municipality_slugs else ""

    def filter(self, items):
        data = self.cleaned_data
        if status := data.get("status"):
            items = phase_filter(items, LISTING_FILTERS[status], now=self.now)
            items = items.order_by("-closes_at" if status != "upcoming" else "opens_at")
        else:
            items = items.order_by("-opens_at")
        if topic := data.get("topic"):
            items = items.filter(topic=topic)
        if municipality := data.get("municipality"):
            items = items.filter(municipality__slug=municipality)
        return items


def topic_choices():
    """The topic select's choices (the consultation and proposal filters)."""
    return [("", _("All topics")), *Topic.choices]


class ImplementationFilterForm(FilterForm):
    """The filters of the implementation listing and its feed (``process``,
    ``status``, ``municipality``); unknown values filter nothing (they come
    from bookmarked URLs), and only a slug or a number reaches the database.
    The listing passes the processes and municipalities to choose from
    (``(value, name)`` pairs); the feed only reads the query string."""

    process = FilterChoiceField(label=_("Process"), required=False)
    status = FilterChoiceField(label=_("Status"), required=False)
    municipality = municipality_field()

    def __init__(self, *args, processes=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = [("", _("All processes")), *processes]
        self.fields["status"].choices = [
            ("", _("Every status")),
            *ImplementationStatus.choices,
        ]
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *municipalities,
        ]

    def clean_process(self):
        value = self.cleaned_data["process"]
        return value if NUMBER.fullmatch(value) else ""

    def clean_status(self):
        value = self.cleaned_data["status"]
        return value if value in ImplementationStatus.values else ""

    def clean_municipality(self):
        value = self.cleaned_data["municipality"]
        return value if SLUG.fullmatch(value) else ""

    def filter(self, items, prefix=""):
        data = self.cleaned_data
        if status := data.get("status"):
            items = items.filter(**{f"{prefix}status": status})
        if municipality := data.get("municipality"):
            items = items.filter(**{f"{prefix}municipality__slug": municipality})
        if process := data.get("process"):
            items = items.filter(**{f"{prefix}process_id": int(process)})
        return items

    def query_string(self):
        data = self.cleaned_data
        values = {name: data.get(name, "") for name in self.fields}
        return urlencode({k: v for k, v in values.items() if v})


PROPOSAL_SORTS = {
    "supports": ["-support_count", "-created_at"],
    "newest": ["-created_at"],
}


class ProposalFilterForm(FilterForm):
    """The proposals of a process by ``topic``, sorted by ``sort`` (supports
    first unless ``newest``); unknown values filter nothing."""

    sort_fields = ("sort",)
    topic = FilterChoiceField(label=_("Topic"), required=False)
    sort = FilterChoiceField(
        label=_("Order"),
        required=False,
        initial="supports",
        choices=[
            ("supports", _("Most supported first")),
            ("newest", _("Newest first")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices()

    def clean_topic(self):
        value = self.cleaned_data["topic"]
        return value if value in Topic.values else ""

    def clean_sort(self):
        value = self.cleaned_data["sort"]
        return value if value in PROPOSAL_SORTS else "supports"

    def filter(self, items):
        if topic := self.cleaned_data.get("topic"):
            items = items.filter(topic=topic)
        sort = self.cleaned_data.get("sort") or "supports"
        return items.order_by(*PROPOSAL_SORTS[sort])
