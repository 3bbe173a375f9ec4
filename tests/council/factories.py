"""Council mirror objects built by tests (what an OParl sync would store)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from council.models import (
    AgendaItem,
    Body,
    CouncilIndexPage,
    File,
    FileLink,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from tests.factories import add_page, translate

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


class PaperFactory(DjangoModelFactory):
    class Meta:
        model = Paper

    oparl_id = factory.Sequence(lambda n: f"{BASE}paper/{n}")
    name = factory.Sequence(lambda n: f"Vorlage {n}")
    reference = factory.Sequence(lambda n: f"SV/{n:04d}")
    paper_type = "Beschlussvorlage"
    date = factory.LazyFunction(timezone.localdate)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    oparl_id = factory.Sequence(lambda n: f"{BASE}agendaitem/{n}")
    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: f"{n}")
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")
    public = True


class FileFactory(DjangoModelFactory):
    class Meta:
        model = File

    oparl_id = factory.Sequence(lambda n: f"{BASE}file/{n}")
    name = factory.Sequence(lambda n: f"Dokument {n}")
    file_name = factory.Sequence(lambda n: f"dokument-{n}.pdf")
    mime_type = "application/pdf"
    size = 24000
    access_url = factory.Sequence(
        lambda n: f"https://ratsinfo.test.example/dokumente/{n}.pdf"
    )


def file_link(owner, role, file=None, **kwargs):
    """``file`` (a new one if not given) used by a meeting, agenda item or paper."""
    field = {Meeting: "meeting", AgendaItem: "agenda_item", Paper: "paper"}[type(owner)]
    return FileLink.objects.create(
        file=file or FileFactory(), role=role, **{field: owner}, **kwargs
    )


def council_section(home, english=True):
    """The council section below the home page, and its English translation."""
    page = add_page(
        home, CouncilIndexPage, title="Gremien", slug="gremien", source_name="RIS"
    )
    if english:
        translate(page, title="Council", slug="council")
    return page
