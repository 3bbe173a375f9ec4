"""Staff enter paper statements and reply to statements in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations.models import Channel, Outcome, Participation, Statement

from .helpers import (
    Q_CHOICE,
    Q_TEXT,
    make_consultation,
    make_user,
    publish_results,
    respond,
)

pytestmark = pytest.mark.django_db


def editor(username="beteiligung"):
    user = make_user(username)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Redaktion Beteiligung"))
    return user


def test_paper_statement_is_entered_with_its_channel(client):
    page = make_consultation()
    user = editor()
    client.force_login(user)
    response = client.post(
        reverse("statements:add"),
        {
            "consultation": page.pk,
            "channel": Channel.PAPER,
            "author_name": "Ortsbeirat Sukow",
            "author_contact": "Dorfstraße 1, 19089 Sukow",
            "text": "Brief vom 3. März: Wir bitten um eine Bushaltestelle.",
            "is_public": "on",
            "tags": "Verkehr",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    statement = Statement.objects.get(consultation=page)
    assert statement.channel == Channel.PAPER
    assert statement.entered_by == user
    assert [tag.name for tag in statement.tags.all()] == ["Verkehr"]


def test_staff_cannot_enter_a_statement_as_a_questionnaire_answer(client):
    page = make_consultation()
    client.force_login(editor())
    response = client.post(
        reverse("statements:add"),
        {"consultation": page.pk, "channel": Channel.QUESTIONNAIRE, "text": "Fake"},
    )
    assert response.status_code == 200
    assert "channel" in response.context["form"].errors
    assert not Statement.objects.filter(consultation=page).exists()


def test_reply_needs_an_outcome_and_reasons_and_is_published_with_the_results(client):
    page = make_consultation(participation=Participation.ANYONE)
    respond(page, {f"q-{Q_CHOICE}": "0", f"q-{Q_TEXT}": "Mehr Parkplätze."})
    statement = Statement.objects.get(consultation=page)
    user = editor("antworter")
    client.force_login(user)
    url = reverse("statements:edit", args=[statement.pk])
    form = client.get(url).context["form"]
    assert form.fields["text"].disabled  # the citizen's text stays as written
    response = client.post(
        url,
        {"reply_outcome": Outcome.REJECTED, "reply_text": "", "group": "Verkehr"},
    )
    assert "reply_text" in response.context["form"].errors
    response = client.post(
        url,
        {
            "reply_outcome": Outcome.REJECTED,
            "reply_text": "Der Platz reicht nicht; am Bahnhof entstehen 20 Plätze.",
            "group": "Verkehr",
            "text": "Manipuliert",
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Mehr Parkplätze."
    assert statement.replied_by == user and statement.group == "Verkehr"
    page = publish_results(page)
    body = client.get(page.url + "results/").content.decode()
    assert "Der Platz reicht nicht" in body


def test_general_editors_may_not_enter_statements(client):
    user = make_user("allgemein")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Redaktion Allgemein und Aktuelles"))
    client.force_login(user)
    response = client.get(reverse("statements:add"))
    assert response.status_code in (302, 403)
