"""Page rules, rendering in both languages, the listing's filters, the home and
account sections, cookies and query budgets."""

import random
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import IdentityLevel
from bench.scale.consultations import load_scale
from consultations.demo import qid
from consultations.models import (
    BudgetPage,
    Channel,
    ChoiceAnswer,
    ConsultationIndexPage,
    ConsultationPage,
    ImplementationPage,
    ModerationMode,
    Participation,
    Phase,
    ProposalProcessPage,
    Response,
    Statement,
    Topic,
)
from consultations.models.implementation import ImplementationStatus
from consultations.views import CONSULTATIONS_PER_PAGE
from home.models import HomePage
from portal.demo import Demo
from portal.roles import setup_roles
from tests import factories

from .factories import (
    DAY,
    QUESTION_TYPES,
    consultation,
    consultation_index,
    every_question_type,
    implementation_page,
    question_id,
    tracked_item,
    translated_consultation,
)
from .helpers import make_user, respond

# The slug of the world's consultation with published results. (The scale
# generator, bench/scale/consultations.py, once copied the questionnaire of the
# demo page with this slug; it has its own now, bench/scale/questionnaire.yaml.)
SCALE_TEMPLATE = "dorfplatz-banzkow"


def _sections():
    return [
        {
            "type": "section",
            "id": f"0000000{n}-0000-4000-8000-000000000000",
            "value": {"heading": heading, "text": f"<p>{heading}: der Entwurf.</p>"},
        }
        for n, heading in enumerate(["1. Trasse", "2. Querungen"], start=1)
    ]


def build_world():
    """The participation section in German and English with one consultation
    in every phase and under every participation rule (some translated), and
    the implementation page with an item of every status."""
    now = timezone.now()
    index = consultation_index()
    plate = factories.translated_municipality(name="Plate", slug="plate")
    crivitz = factories.translated_municipality(name="Crivitz", slug="crivitz")
    cycle_path, _english = translated_consultation(
        english={"title": "Cycle path Crivitz–Banzkow", "slug": "cycle-path"},
        title="Radweg Crivitz–Banzkow",
        slug="radweg-crivitz-banzkow",
        topic=Topic.TRAFFIC,
        participation=Participation.ANYONE,
        allow_comments=True,
        moderation=ModerationMode.POST,
        phase=Phase.OPEN,
        now=now,
        closes_at=now + 14 * DAY,  # the first of the open ones to close
        questions=every_question_type("radweg"),
        sections=_sections(),
    )
    playground = consultation(
        title="Neuer Spielplatz in Plate",
        slug="spielplatz-plate",
        topic=Topic.SOCIAL,
        municipality=plate,
        participation=Participation.ACCOUNT,
        allow_comments=True,
        phase=Phase.OPEN,
        now=now,
    )
    hall, _english = translated_consultation(
        english={"title": "Village hall Crivitz"},
        title="Dorfgemeinschaftshaus Crivitz",
        slug="dorfgemeinschaftshaus-crivitz",
        topic=Topic.PLANNING,
        municipality=crivitz,
        participation=Participation.RESIDENTS,
        min_identity_level=IdentityLevel.BASIC,
        council_interim_results=True,
        phase=Phase.OPEN,
        now=now,
    )
    hall.resident_municipalities.add(crivitz)
    hall.save_revision().publish()
    budget = consultation(
        title="Bürgerhaushalt 2027",
        slug="buergerhaushalt-2027",
        topic=Topic.BUDGET,
        participation=Participation.IDENTITY,
        phase=Phase.ANNOUNCED,
        now=now,
    )
    noise = consultation(
        title="Lärmaktionsplan 2026",
        slug="laermaktionsplan-2026",
        topic=Topic.ENVIRONMENT,
        phase=Phase.EVALUATION,
        now=now,
    )
    # answered while it was open (the questionnaire refuses nothing by date)
    square, _english = translated_consultation(
        english={"title": "Redesign of the village square in Banzkow"},
        title="Neugestaltung Dorfplatz Banzkow",
        slug=SCALE_TEMPLATE,
        topic=Topic.PLANNING,
        participation=Participation.ANYONE,
        questions=every_question_type(SCALE_TEMPLATE),
        phase=Phase.RESULTS,
        now=now,
    )
    for n in range(3):
        respond(
            square,
            {
                f"q-{question_id(SCALE_TEMPLATE, 1)}": str(n),
                f"q-{question_id(SCALE_TEMPLATE, 2)}": "4",
                f"q-{question_id(SCALE_TEMPLATE, 4)}": "yes",
                f"q-{question_id(SCALE_TEMPLATE, 6)}": f"Mehr Bäume ({n}).",
            },
        )
    Statement.objects.filter(consultation=square).update(
        reply_text="Zwölf Bäume werden gepflanzt."
    )
    implementation = implementation_page(index)
    items = [
        tracked_item(
            consultation=square, title=f"Dorfplatz: {status.label}", status=status
        )
        for status in ImplementationStatus
    ]
    # The roles once more, now that the world's pages exist (the folder's
    # conftest ran setup_roles before this module's world was built).
    setup_roles()
    return SimpleNamespace(
        now=now,
        index=index,
        cycle_path=cycle_path,
        playground=playground,
        hall=hall,
        budget=budget,
        noise=noise,
        square=square,
        implementation=implementation,
        items=items,
    )


world = factories.module_data(build_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def test_tree_rules(home):
    assert set(ConsultationIndexPage.allowed_parent_page_models()) == {HomePage}
    assert set(ConsultationIndexPage.allowed_subpage_models()) == {
        ConsultationPage,
        ProposalProcessPage,
        BudgetPage,
        ImplementationPage,
    }
    assert set(ConsultationPage.allowed_parent_page_models()) == {ConsultationIndexPage}
    assert set(ConsultationPage.allowed_subpage_models()) == set()
    # one participation section per home page, and the world has it
    assert not ConsultationIndexPage.can_create_at(home)


def test_every_page_renders_in_both_languages(client):
    for model in (ConsultationIndexPage, ConsultationPage):
        for language in ("de", "en"):
            pages = model.objects.live().filter(locale__language_code=language)
            assert pages.exists(), (model, language)
            for page in pages:
                with translation.override(language):
                    response = client.get(page.url)
                assert response.status_code == 200, page.url


def test_implementation_page_shows_what_became_of_participation_in_both_languages(
    client, world
):
    from consultations.models import TrackedItem

    items = TrackedItem.objects.filter(is_public=True)
    assert {i.status for i in items} == set(ImplementationStatus.values)
    for language in ("de", "en"):
        page = ImplementationPage.objects.live().get(locale__language_code=language)
        with translation.override(language):
            listing = client.get(page.url)
            detail = client.get(f"{page.url}{items.first().pk}/")
            feed = client.get(f"{page.url}feed/")
        assert listing.status_code == detail.status_code == feed.status_code == 200
        assert items.first().title in listing.content.decode()


def test_every_phase_and_rule_is_shown_on_the_page(client, world):
    pages = ConsultationPage.objects.filter(locale__language_code="de")
    assert {p.participation for p in pages} == set(Participation.values)
    assert {p.phase for p in pages} == set(Phase.values)
    for page in pages:
        html = client.get(page.url).content.decode()
        assert f"consultation-phase--{page.phase}" in html, page.url
    results = ConsultationPage.objects.get(pk=world.square.pk)
    assert results.responses.count() == 3
    assert results.statements.exclude(reply_text="").exists()


def test_main_page_sets_no_cookie_for_anonymous_visitors(client):
    pages = ConsultationPage.objects.live()
    assert pages.count() >= 2 * len(Phase.values)
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        assert not response.cookies, page.url


def test_listing_filters_by_status_topic_and_municipality(client, world):
    index = ConsultationIndexPage.objects.get(locale__language_code="de")

    def titles(**params):
        response = client.get(index.url, params)
        return {item.title for item in response.context["cards"]}

    assert "Neugestaltung Dorfplatz Banzkow" in titles(status="results")
    assert "Neugestaltung Dorfplatz Banzkow" not in titles(status="open")
    assert "Lärmaktionsplan 2026" in titles(status="closed")
    assert "Lärmaktionsplan 2026" not in titles(status="open")
    assert titles(topic=Topic.BUDGET) == {"Bürgerhaushalt 2027"}
    assert titles(municipality="plate") == {"Neuer Spielplatz in Plate"}
    consultation(title="Bald", opens_at=timezone.now() + DAY)
    assert "Bald" in titles(status="upcoming")
    assert "Bald" not in titles(status="open")
    # an unknown value filters nothing, the other filters still apply
    assert titles(topic=Topic.BUDGET, status="evil") == {"Bürgerhaushalt 2027"}
    assert titles(municipality="gone", status="open") == titles(status="open")


def test_listing_pages_keep_the_filters(client, world, monkeypatch):
    monkeypatch.setattr("consultations.views.CONSULTATIONS_PER_PAGE", 1)
    index = ConsultationIndexPage.objects.get(locale__language_code="de")
    response = client.get(index.url, {"topic": "planning", "page": "2"})
    page_obj = response.context["page_obj"]
    assert page_obj.number == 2
    html = response.content.decode()
    assert 'href="?topic=planning" rel="prev"' in html
    assert '<option value="planning" selected>' in html  # the filter bar keeps it
    # past the end: the last page
    last = client.get(index.url, {"topic": "planning", "page": "999"})
    assert last.context["page_obj"].number == page_obj.paginator.num_pages


def test_results_link_on_the_main_page_when_published(client, world):
    page = world.square
    assert f'href="{page.url}results/"' in client.get(page.url).content.decode()
    english = ConsultationPage.objects.get(
        translation_key=page.translation_key, locale__language_code="en"
    )
    response = client.get(english.url + "results/")
    assert response.status_code == 200
    assert response.context["total"] == page.responses.count() == 3


def test_home_page_shows_open_consultations(client):
    body = client.get("/").content.decode()
    assert "Radweg Crivitz–Banzkow" in body
    assert "Lärmaktionsplan 2026" not in body


def test_account_area_links_my_responses(client):
    client.force_login(make_user("konto"))
    body = client.get(reverse("accounts:home")).content.decode()
    assert reverse("consultations:my_responses") in body


def _count(client, url):
    client.get(url)  # warm the site shell cache (publishing empties it)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_budget_of_listing_and_page(client, world):
    index = ConsultationIndexPage.objects.get(locale__language_code="de")
    page = ConsultationPage.objects.get(pk=world.cycle_path.pk)
    before = (_count(client, index.url), _count(client, page.url))
    # enough more for a full first page of the listing with a page behind it
    for n in range(7):
        consultation(title=f"Mehr {n}", allow_comments=True)
    Statement.objects.bulk_create(
        Statement(consultation=page, channel=Channel.COMMENT, text=f"K {n}")
        for n in range(40)
    )
    after = (_count(client, index.url), _count(client, page.url))
    assert max(after) <= 20
    assert after == before
    listed = client.get(index.url).context["page_obj"]
    assert len(listed.object_list) == CONSULTATIONS_PER_PAGE and listed.has_next()


def test_scale_loader_builds_consultations_in_bulk():
    # No page of the demo's slug is needed: the bench has its own questionnaire.
    ConsultationPage.objects.filter(slug=SCALE_TEMPLATE).update(slug="umbenannt")
    load_scale(Demo(), random.Random(7), consultations=4, responses=400)
    big = ConsultationPage.objects.get(slug="skala-ergebnisse")
    assert big.phase == "results"
    assert (
        Response.objects.filter(consultation__slug__startswith="skala-").count() == 400
    )
    assert big.responses.count() == 200
    # every question type, with ids of the page's own that the responses answer
    assert [block.block_type for block in big.questions] == QUESTION_TYPES
    assert [block.id for block in big.questions] == [
        qid("skala-ergebnisse", n) for n in range(1, 10)
    ]
    answered = set(big.responses.first().answers)
    assert answered and answered <= {block.id for block in big.questions}
    assert ChoiceAnswer.objects.filter(consultation=big).exists()
    # the bench's replied statements (bench/scale/statements.yaml), 50 of each
    replied = Statement.objects.filter(consultation=big, question=qid(big.slug, 6))
    assert replied.count() == 200
    assert not replied.filter(reply_text="").exists()


def test_editors_open_the_consultation_in_the_admin(client, world):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.hall.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "resident_municipalities" in body and "questions" in body
    add = reverse(
        "wagtailadmin_pages:add",
        args=["consultations", "consultationpage", world.index.pk],
    )
    assert client.get(add).status_code == 200
