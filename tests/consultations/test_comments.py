"""Public comments: pre- and post-moderation, flags, the moderation queue with
reasons sent to the author, spam protection."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from consultations.models import (
    Channel,
    ModerationMode,
    Participation,
    Statement,
    StatementStatus,
)

from .helpers import de, make_consultation, make_user

pytestmark = pytest.mark.django_db
QUEUE = "/admin/consultations/moderation/"


def consultation(mode, participation=Participation.ANYONE):
    return make_consultation(
        participation=participation, allow_comments=True, moderation=mode
    )


def moderator(username="moderator"):
    user = make_user(username)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Moderation"))
    return user


def test_pre_moderated_comment_waits_and_the_rejection_reason_reaches_the_author(
    client,
):
    page = consultation(ModerationMode.PRE, Participation.ACCOUNT)
    author = make_user("kommentator")
    client.force_login(author)
    response = client.post(page.url + "comment/", {"text": "Beleidigung!"})
    assert response.status_code == 302
    statement = Statement.objects.get(consultation=page)
    assert statement.status == StatementStatus.PENDING
    assert "Beleidigung!" not in client.get(page.url).content.decode()

    client.force_login(moderator())
    assert "Beleidigung!" in client.get(QUEUE).content.decode()
    prefix = f"s{statement.pk}"
    # a decision needs a reason
    client.post(QUEUE, {"statement": statement.pk, f"{prefix}-decision": "rejected"})
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PENDING
    assert mail.outbox == []
    client.post(
        QUEUE,
        {
            "statement": statement.pk,
            f"{prefix}-decision": "rejected",
            f"{prefix}-reason": "Der Kommentar beleidigt andere.",
        },
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.REJECTED
    assert statement.moderation_reason == "Der Kommentar beleidigt andere."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [author.email]
    assert "Der Kommentar beleidigt andere." in mail.outbox[0].body


def test_approved_comment_is_shown(client):
    page = consultation(ModerationMode.PRE)
    client.post(page.url + "comment/", {"text": "Gute Sache."})
    statement = Statement.objects.get(consultation=page)
    client.force_login(moderator())
    client.post(
        QUEUE,
        {
            "statement": statement.pk,
            f"s{statement.pk}-decision": "published",
            f"s{statement.pk}-reason": "Sachlich.",
        },
    )
    client.logout()
    assert "Gute Sache." in client.get(page.url).content.decode()


def test_post_moderated_comment_is_shown_at_once_and_can_be_flagged(client):
    page = consultation(ModerationMode.POST)
    client.post(page.url + "comment/", {"text": "Sofort sichtbar."})
    statement = Statement.objects.get(consultation=page)
    assert statement.status == StatementStatus.PUBLISHED
    assert "Sofort sichtbar." in client.get(page.url).content.decode()
    flag_url = f"{page.url}flag/{statement.pk}/"
    assert client.get(flag_url).status_code == 200
    client.post(flag_url)
    client.post(flag_url)  # the same visitor counts once
    statement.refresh_from_db()
    assert statement.needs_review and statement.flag_count == 1
    client.force_login(moderator("mod2"))
    assert "Sofort sichtbar." in client.get(QUEUE).content.decode()


def test_comment_on_a_section(client):
    page = make_consultation(
        participation=Participation.ANYONE,
        allow_comments=True,
        moderation=ModerationMode.POST,
        sections=[
            {
                "type": "section",
                "value": {"heading": "§ 1 Zweck", "text": "<p>Text</p>"},
            }
        ],
    )
    section_id = page.sections[0].id
    form = client.get(page.url + f"comment/?section={section_id}").content.decode()
    assert "§ 1 Zweck" in form
    client.post(page.url + "comment/", {"text": "Zu §1.", "section": section_id})
    assert Statement.objects.get(consultation=page).section == section_id
    body = client.get(page.url).content.decode()
    section_html = body.split(f'id="section-{section_id}"')[1]
    assert "Zu §1." in section_html


def test_honeypot_and_over_long_comments_are_refused(client):
    page = consultation(ModerationMode.POST)
    response = client.post(
        page.url + "comment/", {"text": "Spam", "website": "http://spam.example"}
    )
    assert response.status_code == 400
    response = client.post(page.url + "comment/", {"text": "x" * 5001})
    assert response.status_code == 400
    assert response.context["form"]["text"].value() == "x" * 5001
    assert not Statement.objects.filter(consultation=page).exists()


def test_comments_are_rate_limited(client, settings):
    settings.CONSULTATION_RATE_LIMIT = 1
    page = consultation(ModerationMode.POST)
    assert client.post(page.url + "comment/", {"text": "Eins"}).status_code == 302
    response = client.post(page.url + "comment/", {"text": "Zwei"})
    assert response.status_code == 429
    assert response.context["refusal"] == de(
        "Too many comments were sent from your network. Please try again later."
    )


def test_comments_off_means_no_comment_page(client):
    page = make_consultation(allow_comments=False)
    assert client.get(page.url + "comment/").status_code == 404


@pytest.mark.parametrize("group", ["Redaktion Beteiligung", "Fachamt", None])
def test_moderation_queue_is_refused_to_others(client, group):
    user = make_user(f"nomod-{group or 'citizen'}"[:30])
    if group:
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
    statement = Statement.objects.create(
        consultation=make_consultation(),
        channel=Channel.COMMENT,
        status=StatementStatus.PUBLISHED,
        text="Schon veröffentlicht.",
    )
    client.force_login(user)
    response = client.get(QUEUE)
    # staff without the permission land on the admin's dashboard (with a
    # message), a citizen on the admin login
    expected = "/admin/" if group else f"/admin/login/?next={QUEUE}"
    assert (response.status_code, response["Location"]) == (302, expected)
    client.post(
        QUEUE,
        {
            "statement": statement.pk,
            f"s{statement.pk}-decision": "rejected",
            f"s{statement.pk}-reason": "x",
        },
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PUBLISHED
