"""Citizen proposals (issue #25): phases, participation rules, one support per
person, the threshold, moderation, assessment and what the public sees."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import IdentityLevel
from accounts.privacy import collect_user_data, delete_account
from consultations import proposals as rules
from consultations.forms import ProposalAdminForm
from consultations.models import (
    Assessment,
    ModerationMode,
    Participation,
    Proposal,
    ProposalPhase,
    ProposalStatus,
    ProposalSupport,
)
from portal.roles import MODERATORS, REVIEWERS
from tests import factories
from tests.consultations.factories import proposal, proposal_process
from tests.consultations.helpers import DAY

pytestmark = pytest.mark.django_db


def en(message, **params):
    with translation.override("en"):
        text = translation.gettext(message)
    return text % params if params else text


def de(message, **params):
    with translation.override("de"):
        text = translation.gettext(message)
    return text % params if params else text


FORM = {
    "title": "Ein Trinkwasserbrunnen am Markt",
    "text": "Im Sommer fehlt Wasser für Kinder und Radfahrer.",
    "topic": "environment",
    "place": "Marktplatz",
    "estimated_cost": "4000",
}


# --- phases ------------------------------------------------------------------------------
def test_phases_follow_the_dates():
    now = timezone.now()
    page = proposal_process()
    assert page.phase_at(now - 2 * DAY) == ProposalPhase.ANNOUNCED
    assert page.phase_at(now) == ProposalPhase.COLLECTING
    assert page.phase_at(now + 15 * DAY) == ProposalPhase.SUPPORTING
    assert page.phase_at(now + 25 * DAY) == ProposalPhase.ASSESSMENT
    page.decided_at = now + 30 * DAY
    assert page.phase_at(now + 31 * DAY) == ProposalPhase.DECIDED


def test_dates_out_of_order_are_refused_with_a_message():
    page = proposal_process()
    page.closes_at = page.opens_at
    with pytest.raises(Exception) as error:
        page.full_clean()
    assert "closes_at" in error.value.message_dict


# --- proposing ---------------------------------------------------------------------------
def test_a_citizen_proposes_and_sees_the_proposal(client):
    page = proposal_process()
    client.force_login(factories.UserFactory())

    response = client.post(page.url + "new/", FORM)

    created = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page.url + f"{created.pk}/"
    assert created.process_id == page.pk
    assert created.status == ProposalStatus.PUBLISHED  # post-moderation
    assert created.estimated_cost == 4000
    assert "Trinkwasserbrunnen" in client.get(page.url).content.decode()


def test_pre_moderation_keeps_a_proposal_off_the_public_list(client):
    page = proposal_process(moderation=ModerationMode.PRE)
    author = factories.UserFactory()
    client.force_login(author)
    client.post(page.url + "new/", FORM)
    created = Proposal.objects.get()
    assert created.status == ProposalStatus.PENDING
    # the author sees it with its status; nobody else does
    assert client.get(page.url + f"{created.pk}/").status_code == 200
    client.logout()
    assert "Trinkwasserbrunnen" not in client.get(page.url).content.decode()
    assert client.get(page.url + f"{created.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    page = proposal_process(participation=Participation.ANYONE)

    response = client.post(page.url + "new/", FORM)

    assert response.status_code == 403
    assert reverse("account_login") in response.content.decode()
    assert not Proposal.objects.exists()


def test_verified_identity_rule_refuses_an_unverified_account(client):
    page = proposal_process(
        participation=Participation.IDENTITY,
        min_identity_level=IdentityLevel.SUBSTANTIAL,
    )
    client.force_login(factories.UserFactory())

    response = client.post(page.url + "new/", FORM)

    assert response.status_code == 403
    assert not Proposal.objects.exists()
    client.force_login(factories.verified_citizen())
    assert client.post(page.url + "new/", FORM).status_code == 302


def test_residents_rule_refuses_people_from_elsewhere(client):
    plate = factories.MunicipalityFactory(name="Plate", ags="13076108")
    page = proposal_process(participation=Participation.RESIDENTS)
    page.resident_municipalities.set([plate])
    page.save_revision().publish()
    client.force_login(factories.verified_citizen(municipality_ags="13076033"))

    response = client.post(page.url + "new/", FORM)

    assert response.status_code == 403
    client.force_login(factories.verified_citizen(municipality_ags="13076108"))
    assert client.post(page.url + "new/", FORM).status_code == 302


def test_no_new_proposals_after_the_collecting_phase(client):
    now = timezone.now()
    page = proposal_process(
        opens_at=now - 10 * DAY, collecting_until=now - DAY, closes_at=now + DAY
    )
    client.force_login(factories.UserFactory())

    response = client.post(page.url + "new/", FORM)

    assert response.status_code == 403
    assert de("New proposals are no longer accepted.") in response.content.decode()
    assert not Proposal.objects.exists()


def test_invalid_input_keeps_what_was_typed(client):
    page = proposal_process()
    client.force_login(factories.UserFactory())

    response = client.post(
        page.url + "new/", {**FORM, "title": "Bau", "estimated_cost": "viel"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Im Sommer fehlt Wasser" in body
    assert "error-summary" in body
    assert not Proposal.objects.exists()


def test_similar_titles_are_suggested_before_a_duplicate_is_filed(client):
    page = proposal_process()
    existing = proposal(page, title="Trinkwasserbrunnen für den Marktplatz")
    client.force_login(factories.UserFactory())

    first = client.post(page.url + "new/", FORM)

    assert first.status_code == 200
    assert f"{existing.pk}/" in first.content.decode()
    assert Proposal.objects.count() == 1
    confirmed = client.post(page.url + "new/", {**FORM, "confirm_new": "on"})
    assert confirmed.status_code == 302
    assert Proposal.objects.count() == 2


def test_the_author_edits_until_the_first_support_and_withdraws(client):
    page = proposal_process()
    author = factories.UserFactory()
    item = proposal(page, author=author)
    client.force_login(author)

    edited = client.post(
        page.url + f"{item.pk}/edit/", {**FORM, "title": "Zwei Bänke am Badesee"}
    )

    assert edited.status_code == 302
    item.refresh_from_db()
    assert item.title == "Zwei Bänke am Badesee"
    ProposalSupport.objects.create(proposal=item, user=factories.UserFactory())
    assert client.get(page.url + f"{item.pk}/edit/").status_code == 404
    # somebody else can never edit
    client.force_login(factories.UserFactory())
    assert client.post(page.url + f"{item.pk}/withdraw/").status_code == 404
    client.force_login(author)
    assert client.post(page.url + f"{item.pk}/withdraw/").status_code == 302
    item.refresh_from_db()
    assert item.status == ProposalStatus.WITHDRAWN


# --- supporting --------------------------------------------------------------------------
def test_one_support_per_account(client):
    page = proposal_process(support_threshold=10)
    item = proposal(page)
    client.force_login(factories.UserFactory())

    client.post(page.url + f"{item.pk}/support/")
    again = client.post(page.url + f"{item.pk}/support/", follow=True)

    assert ProposalSupport.objects.filter(proposal=item).count() == 1
    assert de("You have already supported this proposal.") in again.content.decode()


def test_one_support_per_verified_person_across_accounts():
    page = proposal_process(support_threshold=10)
    item = proposal(page)
    first = factories.verified_citizen(person_hash="p" * 64)
    rules.support(item, first)
    # the same person with a second account (the verification moved to it)
    first.identity_verification.delete()
    second = factories.verified_citizen(person_hash="p" * 64)

    with pytest.raises(rules.SupportRefused):
        rules.support(item, second)
    assert item.supports.count() == 1


def test_the_database_refuses_a_second_support_of_one_person():
    item = proposal(proposal_process())
    ProposalSupport.objects.create(proposal=item, person_hash="x" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSupport.objects.create(proposal=item, person_hash="x" * 64)


def test_one_support_per_person_survives_account_deletion():
    page = proposal_process(support_threshold=10)
    item = proposal(page)
    citizen = factories.verified_citizen(person_hash="q" * 64)
    rules.support(item, citizen)

    delete_account(citizen)
    newcomer = factories.verified_citizen(person_hash="q" * 64)

    with pytest.raises(rules.SupportRefused):
        rules.support(item, newcomer)
    assert item.supports.count() == 1  # the first support still counts


def test_authors_do_not_support_their_own_proposal():
    item = proposal(proposal_process())
    with pytest.raises(rules.SupportRefused):
        rules.support(item, item.author)
    assert not item.supports.exists()


def test_supporting_ends_with_the_supporting_phase(client):
    now = timezone.now()
    page = proposal_process(
        opens_at=now - 10 * DAY, collecting_until=now - 5 * DAY, closes_at=now - DAY
    )
    item = proposal(page)
    client.force_login(factories.UserFactory())

    response = client.post(page.url + f"{item.pk}/support/", follow=True)

    assert not item.supports.exists()
    assert de("Proposals can no longer be supported.") in response.content.decode()


def test_reaching_the_threshold_notifies_the_office_once():
    page = proposal_process(support_threshold=2)
    item = proposal(page)
    rules.support(item, factories.UserFactory())
    assert mail.outbox == []

    rules.support(item, factories.UserFactory())
    rules.support(item, factories.UserFactory())

    item.refresh_from_db()
    assert item.threshold_reached_at is not None
    assert [m.to for m in mail.outbox] == [["buergerbeteiligung@amt.example"]]
    assert item.title in mail.outbox[0].subject


def test_a_hidden_proposal_cannot_be_supported():
    item = proposal(proposal_process(), status=ProposalStatus.PENDING)
    with pytest.raises(rules.SupportRefused):
        rules.support(item, factories.UserFactory())


# --- assessment --------------------------------------------------------------------------
def test_an_assessment_needs_reasons_and_notifies_author_and_supporters(
    django_capture_on_commit_callbacks,
):
    page = proposal_process(support_threshold=5)
    item = proposal(page)
    supporter = factories.UserFactory()
    rules.support(item, supporter)
    staff = factories.StaffFactory()
    data = {
        "title": item.title,
        "text": item.text,
        "topic": item.topic,
        "place": "",
        "estimated_cost": "",
        "status": ProposalStatus.PUBLISHED,
        "merged_into": "",
        "assessment": Assessment.FEASIBLE,
        "assessment_text": "",
        "council_paper": "",
    }
    form_class = _admin_form_class()

    form = form_class(data, instance=item, for_user=staff)
    assert not form.is_valid()
    assert "assessment_text" in form.errors

    form = form_class(
        {**data, "assessment_text": "Der Bauhof stellt 2027 zwei Bänke auf."},
        instance=item,
        for_user=staff,
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        form.save()

    item.refresh_from_db()
    assert item.assessed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [item.author.email, supporter.email]
    )


def _admin_form_class():
    from consultations.wagtail_hooks import proposal_viewset

    form_class = proposal_viewset.get_edit_handler().get_form_class()
    assert issubclass(form_class, ProposalAdminForm)
    return form_class


def test_the_public_page_shows_the_answer_and_no_personal_data(client):
    page = proposal_process()
    author = factories.UserFactory(first_name="Erika", last_name="Mustermann")
    item = proposal(
        page,
        author=author,
        assessment=Assessment.PLANNED,
        assessment_text="Steht schon im Haushalt 2027.",
        assessed_at=timezone.now(),
    )

    body = client.get(page.url + f"{item.pk}/").content.decode()

    assert "Steht schon im Haushalt 2027." in body
    assert de("Already planned") in body
    for personal in (author.email, author.username, "Mustermann"):
        assert personal not in body
    listing = client.get(page.url).content.decode()
    assert author.email not in listing


# The groups and their rights: setup_roles, once per module (conftest.py).


def test_reviewers_without_the_permission_cannot_open_the_proposal_admin(client):
    client.force_login(factories.StaffFactory(groups=[REVIEWERS]))
    response = client.get(reverse("proposals:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_moderators_assess_proposals_in_the_admin(client):
    item = proposal(proposal_process())
    client.force_login(factories.StaffFactory(groups=[MODERATORS]))
    assert item.title in client.get(reverse("proposals:index")).content.decode()
    assert client.get(reverse("proposals:edit", args=[item.pk])).status_code == 200


def test_merging_sends_visitors_to_the_proposal_it_was_merged_into(client):
    page = proposal_process()
    target = proposal(page)
    merged = proposal(page, status=ProposalStatus.MERGED, merged_into=target)

    response = client.get(page.url + f"{merged.pk}/")

    assert response.status_code == 302
    assert response["Location"] == page.url + f"{target.pk}/"


def test_the_english_page_stores_on_the_german_process(client):
    page = proposal_process()
    english = factories.translate(page, title="Ideas for the village")
    client.force_login(factories.UserFactory())

    with translation.override("en"):
        response = client.post(english.url + "new/", FORM)

    assert response.status_code == 302
    assert Proposal.objects.get().process_id == page.pk


def test_the_data_export_holds_own_proposals_and_supports():
    page = proposal_process(support_threshold=10)
    citizen = factories.UserFactory()
    own = proposal(page, author=citizen, title="Eigener Vorschlag")
    other = proposal(page, title="Fremder Vorschlag")
    rules.support(other, citizen)

    data = collect_user_data(citizen)["consultations"]

    assert [p["title"] for p in data["proposals"]] == [own.title]
    assert [s["proposal"] for s in data["supports"]] == [other.title]
