"""Rules and prices come from the page in the default language (issue #19, finding 3).

Each test changes a rule on the German page and publishes it, leaves the
English translation as it was (not re-synced), and then uses the English URL:
the German rule must apply, and what is stored belongs to the German page.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import IdentityLevel
from consultations.models import ConsultationPage, Participation, Response, Statement
from services.models import Application, FeeMode, ServicePage
from tests import factories
from tests.consultations.factories import translated_consultation
from tests.consultations.helpers import Q_CHOICE, Q_TEXT, valid_answers
from tests.services.factories import translated_service

DAY = datetime.timedelta(days=1)


def build_world():
    """A consultation and a service, each with its English translation, as the
    factories make them; built once for the module (primary keys, German first)."""
    consultation = [page.pk for page in translated_consultation()]
    service = [page.pk for page in translated_service()]
    return SimpleNamespace(consultation=consultation, service=service)


world = factories.module_data(build_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def fresh(model, pks):
    """The pages of the module's world, fetched afresh (a test may change them)."""
    return tuple(model.objects.get(pk=pk) for pk in pks)


def republish(page, **changes):
    """Change the German page and publish it; its translation stays as it was."""
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        if name == "resident_municipalities":
            page.resident_municipalities.set(value)
        else:
            setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def en(message, **params):
    with translation.override("en"):
        text = translation.gettext(message)
    return text % params if params else text


def answer(client, page, data):
    return client.post(page.url + "answer/", data)


# --- consultations -------------------------------------------------------------------
def test_a_closed_consultation_refuses_answers_through_the_stale_translation(
    client, world
):
    german, english = fresh(ConsultationPage, world.consultation)
    republish(german, opens_at=timezone.now() - 5 * DAY, closes_at=timezone.now() - DAY)
    assert english.is_open  # the English page still has the old dates
    client.force_login(factories.UserFactory())

    response = answer(client, english, valid_answers())

    assert response.status_code == 403
    assert en("The consultation is closed.") in response.content.decode()
    assert not Response.objects.exists()


def test_a_consultation_taken_offline_refuses_answers_through_the_translation(
    client,
    world,
):
    german, english = fresh(ConsultationPage, world.consultation)
    german.unpublish()
    client.force_login(factories.UserFactory())

    response = answer(client, english, valid_answers())

    assert response.status_code == 403
    assert not Response.objects.exists()


def test_a_raised_identity_level_applies_to_the_stale_translation(client, world):
    german, english = fresh(ConsultationPage, world.consultation)
    assert german.participation == Participation.ACCOUNT
    republish(
        german,
        participation=Participation.IDENTITY,
        min_identity_level=IdentityLevel.SUBSTANTIAL,
    )
    client.force_login(factories.UserFactory())  # e-mail confirmed, not verified

    response = answer(client, english, valid_answers())

    assert response.status_code == 403
    assert (
        en(
            "Taking part needs a verified identity (level “%(level)s”).",
            level=en("substantial"),
        )
        in response.content.decode()
    )
    assert not Response.objects.exists()


def test_the_residency_rule_of_the_german_page_applies(client):
    crivitz = factories.MunicipalityFactory(name="Crivitz", ags="13076033")
    banzkow = factories.MunicipalityFactory(name="Banzkow", ags="13076009")
    german, english = translated_consultation(
        participation=Participation.RESIDENTS,
        resident_municipalities=[crivitz, banzkow],
    )
    republish(german, resident_municipalities=[crivitz])
    assert set(english.resident_municipalities.all()) == {crivitz, banzkow}
    from_banzkow = factories.verified_citizen(municipality_ags=banzkow.ags)
    client.force_login(from_banzkow)

    response = answer(client, english, valid_answers())

    assert response.status_code == 403
    assert "Crivitz" in response.content.decode()
    assert not Response.objects.exists()

    client.force_login(factories.verified_citizen(municipality_ags=crivitz.ags))
    response = answer(client, english, valid_answers())
    assert response.status_code == 302
    assert Response.objects.get().consultation_id == german.pk


def test_a_question_made_required_in_german_is_required_in_english(client, world):
    german, english = fresh(ConsultationPage, world.consultation)
    questions = german.questions.raw_data
    for block in questions:
        if block["id"] == Q_TEXT:
            block["value"]["required"] = True
    republish(german, questions=questions)
    client.force_login(factories.UserFactory())

    response = answer(client, english, {f"q-{Q_CHOICE}": "1"})

    assert response.status_code == 400
    assert not Response.objects.exists()


def test_comments_switched_off_in_german_are_off_in_english(client):
    german, english = translated_consultation(allow_comments=True)
    republish(german, allow_comments=False)
    client.force_login(factories.UserFactory())

    response = client.post(english.url + "comment/", {"text": "Ein Kommentar."})

    assert response.status_code == 404
    assert not Statement.objects.exists()


# --- services ----------------------------------------------------------------------
def apply_url(page):
    return reverse("services:apply", args=[page.pk])


def test_the_fee_of_the_german_service_applies_through_the_english_url(client):
    german, english = translated_service(
        fee_mode=FeeMode.FIXED, fee_amount=Decimal("1")
    )
    republish(german, fee_mode=FeeMode.PER_UNIT, fee_amount=Decimal("2.50"))
    assert english.fee_mode == FeeMode.FIXED  # the English page is stale
    client.force_login(factories.UserFactory())

    response = client.post(
        apply_url(english), {"document": "Zeugnis", "number_of_copies": "3"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert application.amount == Decimal("7.50")
    assert application.quantity == 3
    assert application.service_id == german.pk
    assert application.department == german.department
    assert application.service_title == "Certified copy"


def test_the_price_shown_is_the_german_one(client, world):
    german, english = fresh(ServicePage, world.service)
    republish(german, fee_amount=Decimal("4.00"))
    client.force_login(factories.UserFactory())

    html = client.get(apply_url(english)).content.decode()

    assert "4.00" in html or "4,00" in html
    assert "2.50" not in html and "2,50" not in html


def test_the_identity_level_of_the_german_service_applies(client, world):
    german, english = fresh(ServicePage, world.service)
    republish(german, required_identity_level=IdentityLevel.SUBSTANTIAL)
    client.force_login(factories.UserFactory())

    response = client.post(
        apply_url(english), {"document": "Zeugnis", "number_of_copies": "1"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:identity"))
    assert not Application.objects.exists()


def test_a_service_no_longer_offered_online_in_german_is_not_offered_in_english(
    client,
    world,
):
    german, english = fresh(ServicePage, world.service)
    republish(german, online_application=False)
    client.force_login(factories.UserFactory())

    response = client.post(
        apply_url(english), {"document": "Zeugnis", "number_of_copies": "1"}
    )

    assert response.status_code == 404
    assert not Application.objects.exists()


def test_a_stale_english_form_falls_back_to_the_german_form(client, world):
    german, english = fresh(ServicePage, world.service)
    fields = list(german.form_fields.all())
    from services.models import ServiceFormField

    german = type(german).objects.get(pk=german.pk)
    german.form_fields.add(
        ServiceFormField(
            label="Zweck", field_type="singleline", required=True, sort_order=2
        )
    )
    german.save_revision().publish()
    assert len(fields) == 2
    client.force_login(factories.UserFactory())

    # the English form lacks the new required field: the German form is used
    response = client.post(
        apply_url(english), {"dokument": "Zeugnis", "anzahl_der_kopien": "2"}
    )
    assert response.status_code == 200
    assert not Application.objects.exists()
    response = client.post(
        apply_url(english),
        {"dokument": "Zeugnis", "anzahl_der_kopien": "2", "zweck": "Rente"},
    )
    assert response.status_code == 302
    assert Application.objects.get().amount == Decimal("5.00")
