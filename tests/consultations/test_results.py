"""The results page: figures counted in SQL, charts with data tables, replies,
confidential answers nowhere public, gating before publication, query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RoleKind, UserRole
from consultations import services
from consultations.models import ConsultationPage, Outcome, Participation, Statement
from tests import factories

from .helpers import (
    DAY,
    Q_CHOICE,
    Q_MULTI,
    Q_RANK,
    Q_SECRET,
    Q_SECRET_CHOICE,
    Q_TEXT,
    make_consultation,
    make_user,
    publish_results,
    respond,
)


def answers(choice, pets=(), text="", secret="", vote="", ranks=None):
    data = {f"q-{Q_CHOICE}": choice, f"q-{Q_MULTI}": list(pets), f"q-{Q_TEXT}": text}
    if secret:
        data[f"q-{Q_SECRET}"] = secret
    if vote:
        data[f"q-{Q_SECRET_CHOICE}"] = vote
    for index, rank in enumerate(ranks or []):
        data[f"q-{Q_RANK}-{index}"] = str(rank)
    return data


def build_answered_consultation():
    """A consultation open to anyone with four responses, built once for the
    module (its primary key)."""
    page = make_consultation(participation=Participation.ANYONE)
    respond(page, answers("0", ["0"], "Mehr Licht.", "Geheimweg 7", "yes", [1, 2, 3]))
    respond(page, answers("0", ["0", "1"], ranks=[2, 1, 3]))
    respond(page, answers("1", secret="Verborgene Gasse 3", vote="no"))
    respond(page, answers("2", ["1"], ranks=[1, 3, 2]))
    return page.pk


answered = factories.module_data(build_answered_consultation)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("answered")]


@pytest.fixture
def consultation(db, answered):
    """The module's answered consultation, fetched afresh (tests change it)."""
    return ConsultationPage.objects.get(pk=answered)


def test_figures_are_counted_correctly(consultation):
    total, figures = services.tallies(consultation)
    assert total == 4
    by_question = {figure["question"].id: figure for figure in figures}
    colour = by_question[Q_CHOICE]
    assert colour["answered"] == 4
    assert [(i["label"], i["count"], i["percent"]) for i in colour["items"]] == [
        ("Red", 2, 50.0),
        ("Blue", 1, 25.0),
        ("Green", 1, 25.0),
    ]
    pets = by_question[Q_MULTI]
    assert pets["answered"] == 3
    assert [(i["label"], i["count"]) for i in pets["items"]] == [("Cat", 2), ("Dog", 2)]
    ranking = by_question[Q_RANK]
    # A: ranks 1, 2, 1 -> 1.33; B: 2, 1, 3 -> 2.0; C: 3, 3, 2 -> 2.67
    assert [(i["label"], i["avg_rank"]) for i in ranking["items"]] == [
        ("A", 1.33),
        ("B", 2.0),
        ("C", 2.67),
    ]
    # the confidential yes/no question has no public figure
    assert Q_SECRET_CHOICE not in by_question


def test_editing_a_response_updates_the_figures(consultation):
    services.tallies(consultation)  # cached
    response = consultation.responses.order_by("id").first()
    from consultations.questionnaire import ResponseForm, questions_of

    form = ResponseForm(questions_of(consultation), answers("2"))
    assert form.is_valid()
    services.save_response(consultation, response.user, form, response=response)
    services.bump(consultation.pk)
    _total, figures = services.tallies(consultation)
    colour = next(f for f in figures if f["question"].id == Q_CHOICE)
    assert [i["count"] for i in colour["items"]] == [1, 1, 2]


def test_results_are_hidden_until_published(client, consultation):
    url = consultation.url + "results/"
    assert client.get(url).status_code == 404
    published = publish_results(consultation)
    assert client.get(published.url + "results/").status_code == 200


def test_results_page_shows_chart_table_and_replies_but_no_confidential_answer(
    client, consultation
):
    statement = Statement.objects.get(consultation=consultation, text="Mehr Licht.")
    statement.reply_outcome = Outcome.ACCEPTED
    statement.reply_text = "Zwei neue Laternen kommen."
    statement.save()
    page = publish_results(consultation)
    body = client.get(page.url + "results/").content.decode()
    # the chart is drawn for the eye; the table carries the figures for everyone
    assert '<ul class="bar-chart" role="list" aria-hidden="true">' in body
    assert '<th scope="row">Red</th><td>2</td><td>50,0 %</td>' in body
    assert "Mehr Licht." in body and "Zwei neue Laternen kommen." in body
    for secret in (
        "Geheimweg 7",
        "Verborgene Gasse 3",
        "Secret vote",
        "Street (secret)",
    ):
        assert secret not in body
    main = client.get(page.url).content.decode()
    assert "Geheimweg 7" not in main


def test_confidential_statement_is_not_published(client):
    page = make_consultation(participation=Participation.ANYONE)
    page.questions[2].value["public"] = False  # the long text question
    page.save_revision().publish()
    respond(page, answers("0", text="Nur für die Verwaltung."))
    statement = Statement.objects.get(consultation=page)
    assert statement.is_public is False
    page = publish_results(page)
    assert (
        "Nur für die Verwaltung."
        not in client.get(page.url + "results/").content.decode()
    )


def test_council_member_sees_interim_results_of_their_municipality(client):
    crivitz = factories.MunicipalityFactory(name="Crivitz")
    plate = factories.MunicipalityFactory(name="Plate")
    page = make_consultation(municipality=crivitz, council_interim_results=True)
    respond(page, answers("0"))
    member = make_user("ratsmitglied-test")
    role = UserRole.objects.create(
        user=member, role=RoleKind.COUNCIL, municipality=crivitz
    )
    client.force_login(member)
    url = page.url + "results/"
    assert client.get(url).status_code == 404  # role not confirmed yet
    from django.utils import timezone

    role.confirmed_at = timezone.now()
    role.save()
    response = client.get(url)
    assert response.status_code == 200 and response.context["interim"] is True
    role.municipality = plate
    role.save()
    assert client.get(url).status_code == 404
    page.council_interim_results = False
    page.save_revision().publish()
    role.municipality = crivitz
    role.save()
    assert client.get(url).status_code == 404


def _results_queries(client, page):
    client.get(page.url + "results/")  # warm the site shell cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url + "results/")
    assert response.status_code == 200
    return len(queries)


def test_results_page_query_budget_does_not_grow_with_responses(client):
    small = make_consultation(participation=Participation.ANYONE)
    respond(small, answers("0", ["0"], "Eins."))
    small = publish_results(small)
    large = make_consultation(participation=Participation.ANYONE)
    for n in range(60):
        respond(
            large,
            answers(str(n % 3), ["0", "1"][: n % 3], f"Text {n}.", ranks=[1, 2, 3]),
        )
    large = publish_results(large)
    small_count = _results_queries(client, small)
    large_count = _results_queries(client, large)
    assert large_count <= 20
    assert large_count == small_count


def test_participants_are_told_once_when_results_are_published():
    from django.core import mail

    page = make_consultation()
    respond(page, answers("0"), user=make_user("teilnehmerin"))
    respond(page, answers("1"))  # anonymous: nobody to tell
    mail.outbox.clear()
    page = publish_results(page)
    assert [message.to for message in mail.outbox] == [["teilnehmerin@example.org"]]
    assert page.url + "results/" in mail.outbox[0].body
    page.save_revision().publish()  # publishing again sends nothing
    assert len(mail.outbox) == 1


def test_ranking_chart_gives_the_best_average_rank_the_longest_bar(consultation):
    from consultations.views import chart_geometry

    _total, figures = services.tallies(consultation)
    ranking = chart_geometry(next(f for f in figures if f["question"].id == Q_RANK))
    widths = [row["bar_percent"] for row in ranking["rows"]]
    assert [row["label"] for row in ranking["rows"]] == ["A", "B", "C"]
    assert widths[0] == 100 > widths[1] > widths[2] > 0


def test_ranking_chart_shows_readable_labels_and_the_rank(client, consultation):
    page = publish_results(consultation)
    body = client.get(page.url + "results/").content.decode()
    chart = body[body.index("<strong>Priorities</strong>") :]
    chart = chart[: chart.index("</ul>")]
    # labels are HTML text (they wrap on a phone), most important first and longest
    assert [line.split("<")[0] for line in chart.split('bar-chart__label">')[1:]] == [
        "A",
        "B",
        "C",
    ]
    assert 'width="100.0"' in chart.split('bar-chart__label">')[1]
    assert "Rang 1,33" in chart
    assert "das Wichtigste zuerst, mit dem längsten Balken" in chart


def test_command_notifies_results_whose_date_was_reached_later():
    from io import StringIO

    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from consultations.models import ConsultationPage, ResultsNotice

    page = make_consultation()
    respond(page, answers("0"), user=make_user("spaeter"))
    # published with a future results date: no e-mail yet
    now = timezone.now()
    ConsultationPage.objects.filter(pk=page.pk).update(
        opens_at=now - 10 * DAY, closes_at=now - 2 * DAY, results_published_at=now - DAY
    )
    assert not ResultsNotice.objects.filter(consultation=page).exists()
    mail.outbox.clear()
    call_command("notify_consultation_results", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["spaeter@example.org"]]
    call_command("notify_consultation_results", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_figures_come_from_the_cache_until_the_answers_change(
    client, consultation, monkeypatch
):
    """The charts and tables are rendered once per count of the answers
    (issue #27): a later fresh render draws no chart, an edited response shows
    at once, and the cached page is the one rendered without the cache."""
    from django.core.cache import cache

    from consultations import views
    from consultations.questionnaire import ResponseForm, questions_of

    page = publish_results(consultation)
    url = page.url + "results/"
    client.cookies["sessionid"] = "signed-in"  # past the page cache
    drawn = []
    geometry = views.chart_geometry

    def counting(figure):
        drawn.append(figure["question"].id)
        return geometry(figure)

    monkeypatch.setattr(views, "chart_geometry", counting)
    first = client.get(url).content.decode()
    assert drawn
    drawn.clear()
    assert client.get(url).content.decode() == first
    assert not drawn  # from the cache
    cache.clear()
    assert client.get(url).content.decode() == first
    assert '<th scope="row">Red</th><td>2</td><td>50,0 %</td>' in first
    # an edited response (bumps the results' version) shows at once
    response = page.responses.order_by("id").first()
    form = ResponseForm(questions_of(page), answers("2"))
    assert form.is_valid()
    services.save_response(page, response.user, form, response=response)
    html = client.get(url).content.decode()
    assert '<th scope="row">Red</th><td>1</td><td>25,0 %</td>' in html


def test_statements_come_from_the_cache_until_one_changes(client, consultation):
    """The statements list is kept per results version and page number (issue
    #27): a later fresh render loads no statement, a reply saved by the
    moderation shows at once, the cached list is the uncached one."""
    from django.core.cache import cache

    page = publish_results(consultation)
    url = page.url + "results/"
    client.cookies["sessionid"] = "signed-in"  # past the page cache
    first = client.get(url).content.decode()
    assert "Mehr Licht." in first and "Zwei neue Laternen" not in first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content.decode() == first
    assert not [q for q in queries if "consultations_statement" in q["sql"]]
    cache.clear()
    assert client.get(url).content.decode() == first
    statement = Statement.objects.get(consultation=page, text="Mehr Licht.")
    statement.reply_outcome = Outcome.ACCEPTED
    statement.reply_text = "Zwei neue Laternen kommen."
    statement.save()
    assert "Zwei neue Laternen kommen." in client.get(url).content.decode()
