"""The member search of the council section (a filter: every field optional)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models import Membership, Organization
from portal.listing import FilterForm


def party_label(organization):
    return organization.short_name or organization.name


class MemberFilterForm(FilterForm):
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    party = forms.ChoiceField(label=_("Party or group"), required=False)
    committee = forms.ModelChoiceField(
        label=_("Council or committee"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("All councils and committees"),
    )

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        labels = sorted({party_label(o) for o in Organization.objects.parties(day)})
        self.fields["party"].choices = [("", _("All parties and groups"))] + [
            (label, label) for label in labels
        ]
        self.fields["committee"].queryset = Organization.objects.committees(
            day
        ).order_by("name")

    def filter(self, persons):
        data = self.cleaned_data
        if name := data.get("name", "").strip():
            for word in name.split():
                persons = persons.filter(
                    Q(name__icontains=word)
                    | Q(family_name__icontains=word)
                    | Q(given_name__icontains=word)
                )
        current = Membership.objects.current(self.day).filter(person__in=persons)
        if label := data.get("party"):
            parties = Organization.objects.parties(self.day).filter(
                Q(short_name=label) | Q(short_name="", name=label)
            )
            persons = persons.filter(
                pk__in=current.filter(organization__in=parties).values("person")
            )
        if organization := data.get("committee"):
            persons = persons.filter(
                pk__in=current.filter(organization=organization).values("person")
            )
        return persons
