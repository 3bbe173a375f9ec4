"""Council mirror objects built by tests (what an OParl sync would store)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from council.models import Body, Meeting, Membership, Organization, Person

BASE = "https://ratsinfo.test.example/oparl/"


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    oparl_id = factory.Sequence(lambda n: f"{BASE}body/{n}")
    name = factory.Sequence(lambda n: f"Gemeinde {n}")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    oparl_id = factory.Sequence(lambda n: f"{BASE}org/{n}")
    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Ausschuss {n}")
    organization_type = "Gremium"
    classification = "Ausschuss"


class PartyFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Fraktion {n}")
    organization_type = "Fraktion"
    classification = "Fraktion"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    oparl_id = factory.Sequence(lambda n: f"{BASE}person/{n}")
    given_name = "Erika"
    family_name = factory.Sequence(lambda n: f"Muster{n}")
    name = factory.LazyAttribute(lambda o: f"{o.given_name} {o.family_name}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    oparl_id = factory.Sequence(lambda n: f"{BASE}membership/{n}")
    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "Mitglied"
    voting_right = True
    start_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=400)
    )


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    oparl_id = factory.Sequence(lambda n: f"{BASE}meeting/{n}")
    name = factory.Sequence(lambda n: f"Sitzung {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)
