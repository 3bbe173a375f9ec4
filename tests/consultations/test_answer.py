"""The questionnaire: phase and requirement gating, bad input, one response,
editing, receipts."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import IdentityLevel
from consultations import services
from consultations.models import (
    Channel,
    ChoiceAnswer,
    ConsultationPage,
    Participation,
    Response,
    Statement,
)
from consultations.questionnaire import Question, ResponseForm, questions_of
from tests import factories
from tests.files import pdf_bytes

from .factories import translated_consultation
from .helpers import (
    DAY,
    Q_CHOICE,
    Q_FILE,
    Q_MULTI,
    Q_RANK,
    Q_TEXT,
    answer_url,
    de,
    make_consultation,
    make_user,
    valid_answers,
)


def build_consultations():
    """The primary keys of two open consultations with the questions of
    ``helpers.questions``: one for account holders (``make_consultation``'s
    default) and one open to anyone, built once for the module."""
    return {
        "account": make_consultation().pk,
        "anyone": make_consultation(participation=Participation.ANYONE).pk,
    }


open_consultations = factories.module_data(build_consultations)

pytestmark = pytest.mark.django_db


@pytest.fixture
def account_page(open_consultations):
    """The module's consultation for account holders, fetched afresh."""
    return ConsultationPage.objects.get(pk=open_consultations["account"])


@pytest.fixture
def anyone_page(open_consultations):
    """The module's consultation open to anyone, fetched afresh."""
    return ConsultationPage.objects.get(pk=open_consultations["anyone"])


def post(client, page, data):
    return client.post(answer_url(page), data)


# --- phases ------------------------------------------------------------------------------
def test_submitting_before_the_start_is_refused_and_keeps_the_answers(client):
    page = make_consultation(
        opens_at=timezone.now() + DAY, closes_at=timezone.now() + 5 * DAY
    )
    client.force_login(make_user("early"))
    response = post(client, page, valid_answers())
    assert response.status_code == 403
    assert (
        de("The consultation opens on %(date)s.").split("%")[0]
        in response.content.decode()
    )
    assert "Mehr Bäume bitte." in response.content.decode()  # answers kept
    assert not Response.objects.filter(consultation=page).exists()


def test_submitting_after_the_end_is_refused(client):
    now = timezone.now()
    page = make_consultation(opens_at=now - 5 * DAY, closes_at=now - DAY)
    client.force_login(make_user("late"))
    response = post(client, page, valid_answers())
    assert response.status_code == 403
    assert de("The consultation is closed.") in response.content.decode()
    assert "Mehr Bäume bitte." in response.content.decode()
    assert not Response.objects.filter(consultation=page).exists()


def test_phase_follows_the_dates():
    now = timezone.now()
    page = make_consultation(opens_at=now - 5 * DAY, closes_at=now - DAY)
    assert page.phase_at(now - 6 * DAY) == "announced"
    assert page.phase_at(now - 2 * DAY) == "open"
    assert page.phase_at(now) == "evaluation"
    page.results_published_at = now - DAY / 2
    assert page.phase_at(now) == "results"


# --- who may take part -------------------------------------------------------------------------
def test_anyone_may_answer_without_an_account(client, anyone_page):
    page = anyone_page
    response = post(client, page, valid_answers())
    assert response.status_code == 302
    saved = Response.objects.get(consultation=page)
    assert saved.user is None
    assert response["Location"].endswith(f"receipt/{saved.receipt}/")
    receipt = client.get(response["Location"])
    assert saved.receipt in receipt.content.decode()


def test_account_consultation_sends_anonymous_visitors_to_the_login(
    client, account_page
):
    page = account_page
    response = client.get(answer_url(page))
    assert de("Please log in to take part.") in response.content.decode()
    refused = post(client, page, valid_answers())
    assert refused.status_code == 403
    assert not Response.objects.filter(consultation=page).exists()


def test_account_consultation_needs_a_confirmed_email(client, account_page):
    page = account_page
    client.force_login(make_user("unconfirmed", level=IdentityLevel.NONE))
    assert post(client, page, valid_answers()).status_code == 403
    client.force_login(make_user("confirmed"))
    assert post(client, page, valid_answers()).status_code == 302


def test_identity_consultation_needs_the_minimum_level(client):
    page = make_consultation(
        participation=Participation.IDENTITY,
        min_identity_level=IdentityLevel.SUBSTANTIAL,
    )
    client.force_login(make_user("basic", level=IdentityLevel.BASIC))
    response = client.get(answer_url(page))
    assert "/konto/identity/?level=substantial" in response.content.decode()
    assert post(client, page, valid_answers()).status_code == 403
    client.force_login(make_user("subst", level=IdentityLevel.SUBSTANTIAL))
    assert post(client, page, valid_answers()).status_code == 302


def test_residents_consultation_checks_the_verified_municipality(client):
    crivitz = factories.MunicipalityFactory(name="Crivitz", ags="13076021")
    page = make_consultation(
        participation=Participation.RESIDENTS,
        min_identity_level=IdentityLevel.BASIC,
    )
    page.resident_municipalities.add(crivitz)
    page.save_revision().publish()
    client.force_login(
        make_user("plater", level=IdentityLevel.BASIC, ags="13076112")  # Plate
    )
    response = post(client, page, valid_answers())
    assert response.status_code == 403
    assert "Crivitz" in response.content.decode()
    assert response.context["refusal"] == de(
        "Only residents of %(places)s may take part; your verified address is not "
        "in one of them.",
        places="Crivitz",
    )
    client.force_login(
        make_user("crivitzer", level=IdentityLevel.BASIC, ags=crivitz.ags)
    )
    assert post(client, page, valid_answers()).status_code == 302
    assert Response.objects.get(consultation=page).municipality_ags == crivitz.ags


# --- bad input -----------------------------------------------------------------------------
def test_missing_required_answer_keeps_the_other_answers(client, account_page):
    page = account_page
    client.force_login(make_user("forgetful"))
    response = post(client, page, {f"q-{Q_TEXT}": "Mein Text bleibt."})
    assert response.status_code == 400
    body = response.content.decode()
    assert de("There is a problem") in body
    assert f'href="#id_q-{Q_CHOICE}_0"' in body or f'href="#id_q-{Q_CHOICE}"' in body
    assert "Mein Text bleibt." in body
    assert not Response.objects.filter(consultation=page).exists()
    assert not Statement.objects.filter(consultation=page).exists()


def test_over_long_text_is_refused(client, account_page):
    page = account_page
    client.force_login(make_user("verbose"))
    response = post(client, page, valid_answers(**{f"q-{Q_TEXT}": "x" * 201}))
    assert response.status_code == 400
    assert response.context["form"].errors[f"q-{Q_TEXT}"]
    assert not Response.objects.filter(consultation=page).exists()


def test_wrong_file_type_is_refused_and_nothing_is_saved(client, account_page):
    page = account_page
    client.force_login(make_user("uploader"))
    data = valid_answers()
    data[f"q-{Q_FILE}"] = SimpleUploadedFile(
        "virus.exe", b"MZ\x90\x00", "application/pdf"
    )
    response = client.post(answer_url(page), data)
    assert response.status_code == 400
    assert (
        de("Only PDF, PNG or JPEG files can be attached.") in response.content.decode()
    )
    data[f"q-{Q_FILE}"] = SimpleUploadedFile(
        "fake.pdf", b"not a pdf", "application/pdf"
    )
    response = client.post(answer_url(page), data)
    assert response.context["form"].errors[f"q-{Q_FILE}"] == [
        de(
            "The file's content does not match its type (.%(extension)s).",
            extension="pdf",
        )
    ]
    assert not Response.objects.filter(consultation=page).exists()


def test_valid_attachment_is_stored(client, account_page):
    page = account_page
    client.force_login(make_user("pdfer"))
    data = valid_answers()
    data[f"q-{Q_FILE}"] = SimpleUploadedFile("plan.pdf", pdf_bytes(), "application/pdf")
    assert client.post(answer_url(page), data).status_code == 302
    response = Response.objects.get(consultation=page)
    assert response.attachments.get().original_name == "plan.pdf"


def test_ranking_needs_distinct_ranks(client, account_page):
    page = account_page
    client.force_login(make_user("ranker"))
    data = valid_answers(
        **{f"q-{Q_RANK}-0": "1", f"q-{Q_RANK}-1": "1", f"q-{Q_RANK}-2": "2"}
    )
    response = post(client, page, data)
    assert response.status_code == 400
    assert de("Give each rank only once.") in response.content.decode()


def test_honeypot_refuses_bots(client, anyone_page):
    page = anyone_page
    response = post(client, page, valid_answers(website="http://spam.example"))
    assert response.status_code == 400
    assert not Response.objects.filter(consultation=page).exists()


def test_anonymous_submits_are_rate_limited(client, settings, anyone_page):
    settings.CONSULTATION_RATE_LIMIT = 2
    page = anyone_page
    assert post(client, page, valid_answers()).status_code == 302
    assert post(client, page, valid_answers()).status_code == 302
    third = post(client, page, valid_answers())
    assert third.status_code == 429
    assert "Mehr Bäume bitte." in third.content.decode()
    assert Response.objects.filter(consultation=page).count() == 2


# --- one response, editing, receipt ---------------------------------------------------------
def test_saving_stores_answers_tallies_and_statement_and_mails_a_receipt(
    client, account_page
):
    page = account_page
    user = make_user("citizen")
    client.force_login(user)
    data = valid_answers(**{f"q-{Q_MULTI}": ["0", "1"]})
    assert post(client, page, data).status_code == 302
    response = Response.objects.get(consultation=page, user=user)
    assert response.answers[Q_CHOICE] == "1"
    assert response.answers[Q_MULTI] == ["0", "1"]
    assert set(
        ChoiceAnswer.objects.filter(response=response).values_list("question", "value")
    ) == {(Q_CHOICE, "1"), (Q_MULTI, "0"), (Q_MULTI, "1")}
    statement = Statement.objects.get(response=response)
    assert statement.channel == Channel.QUESTIONNAIRE
    assert statement.text == "Mehr Bäume bitte."
    assert len(mail.outbox) == 1
    assert response.receipt in mail.outbox[0].body


def test_editing_a_response_replaces_the_answers_and_keeps_the_receipt(
    client, account_page
):
    page = account_page
    user = make_user("changer")
    client.force_login(user)
    post(client, page, valid_answers())
    first = Response.objects.get(consultation=page, user=user)
    form = client.get(answer_url(page)).content.decode()
    assert first.receipt in form  # "you already responded"
    assert "Mehr Bäume bitte." in form  # the form is filled in
    assert (
        post(
            client,
            page,
            valid_answers(**{f"q-{Q_CHOICE}": "2", f"q-{Q_TEXT}": "Anders."}),
        ).status_code
        == 302
    )
    changed = Response.objects.get(consultation=page, user=user)
    assert changed.pk == first.pk and changed.receipt == first.receipt
    assert changed.answers[Q_CHOICE] == "2"
    assert list(
        ChoiceAnswer.objects.filter(response=changed).values_list("value", flat=True)
    ) == ["2"]
    assert Statement.objects.get(response=changed).text == "Anders."


def test_second_response_of_the_same_person_through_another_account_is_refused(client):
    page = make_consultation(
        participation=Participation.IDENTITY, min_identity_level=IdentityLevel.BASIC
    )
    first = make_user("first", level=IdentityLevel.BASIC, person_hash="p" * 64)
    client.force_login(first)
    assert post(client, page, valid_answers()).status_code == 302
    # the person hash decides even when the account is another one
    other = make_user("other", level=IdentityLevel.BASIC, person_hash="q" * 64)
    form = ResponseForm(questions_of(page), valid_answers())
    assert form.is_valid()
    Response.objects.filter(consultation=page).update(person_hash="q" * 64)
    with pytest.raises(services.DuplicateResponse):
        services.save_response(page, other, form)
    assert Response.objects.filter(consultation=page).count() == 1


def test_receipt_is_shown_only_to_the_respondent(client, account_page):
    page = account_page
    owner = make_user("owner")
    client.force_login(owner)
    post(client, page, valid_answers())
    receipt = Response.objects.get(consultation=page).receipt
    url = f"{page.url}receipt/{receipt}/"
    assert client.get(url).status_code == 200
    client.force_login(make_user("snoop"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_my_responses_lists_the_response(client, account_page):
    page = account_page
    user = make_user("mine")
    client.force_login(user)
    post(client, page, valid_answers())
    body = client.get(reverse("consultations:my_responses")).content.decode()
    assert page.title in body
    assert Response.objects.get(user=user).receipt in body


def test_english_page_counts_for_the_german_consultation(client):
    german, english = translated_consultation()
    user = make_user("english")
    client.force_login(user)
    assert client.post(english.url + "answer/", valid_answers()).status_code == 302
    assert Response.objects.get(user=user).consultation_id == german.pk


def test_ranking_errors_sit_on_the_option_to_change(client, account_page):
    page = account_page
    client.force_login(make_user("ranker2"))
    twice = post(
        client,
        page,
        valid_answers(
            **{f"q-{Q_RANK}-0": "1", f"q-{Q_RANK}-1": "2", f"q-{Q_RANK}-2": "1"}
        ),
    )
    assert twice.context["form"].errors[f"q-{Q_RANK}-2"] == [
        de("Give each rank only once.")
    ]
    partly = post(client, page, valid_answers(**{f"q-{Q_RANK}-0": "1"}))
    errors = partly.context["form"].errors
    # the question is optional: the message says so, on the first empty option
    assert errors[f"q-{Q_RANK}-1"] == [
        de("Give every option a rank, or leave them all empty.")
    ]
    assert f"q-{Q_RANK}-0" not in errors
    html = partly.content.decode()
    option = html[html.index(f'for="id_q-{Q_RANK}-1"') :]
    assert "kern-label__optional" not in option[: option.index("</label>")]


def test_a_required_question_left_empty_is_named_in_the_error(client, account_page):
    page = account_page
    client.force_login(make_user("forgetful"))
    response = post(client, page, valid_answers(**{f"q-{Q_CHOICE}": ""}))
    assert response.status_code == 400
    assert response.context["form"].errors[f"q-{Q_CHOICE}"] == [
        de("Choose “%(label)s”.", label="Favourite colour")
    ]
    html = response.content.decode()
    summary = html[html.index('class="error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    # the summary links the message, without the label a second time in front
    assert ">Wählen Sie „Favourite colour“ aus.</a>" in summary
    assert not Response.objects.filter(consultation=page).exists()


def test_coordinates_of_a_map_question_name_themselves_and_share_one_optional_mark():
    required = Question(id="pin", kind="map_point", label="Where?")
    optional = Question(
        id="spot", kind="map_point", label="Where else?", required=False
    )
    with translation.override("de"):
        form = ResponseForm([required, optional], {})
        assert not form.is_valid()
        assert form.errors["q-pin-lat"] == [
            de("Enter “%(label)s”.", label=de("Latitude"))
        ]
        assert "q-spot-lat" not in form.errors
    assert all(
        form.fields[f"q-spot-{axis}"].hide_optional_marker for axis in ("lat", "lon")
    )
