"""Sign-up does not reveal whether an e-mail address has an account (issue #19,
finding 7): the same answer, the same mail count and the same expensive work
(one password hash) for a known and for a new address."""

from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db
SIGNUP = "/konto/signup/"
PASSWORD = "ein-langes-Passwort-2026"


def sign_up(email, username):
    """POST the sign-up form; the response, the mails sent, the password hashes."""
    hasher = type(get_hasher())
    mail.outbox.clear()
    with mock.patch.object(
        hasher, "encode", autospec=True, side_effect=hasher.encode
    ) as encode:
        response = Client().post(
            SIGNUP,
            {
                "email": email,
                "username": username,
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    return response, list(mail.outbox), encode.call_count


def test_a_known_address_gets_the_same_answer_and_work_as_a_new_one():
    known = factories.UserFactory(email="bekannt@example.org")
    assert EmailAddress.objects.filter(user=known, verified=True).exists()

    new, new_mails, new_hashes = sign_up("neu@example.org", "neu")
    again, again_mails, again_hashes = sign_up("bekannt@example.org", "jemand")

    assert new.status_code == again.status_code == 302
    assert new["Location"] == again["Location"]
    # one mail each: the confirmation link, or "you already have an account"
    assert [m.to for m in new_mails] == [["neu@example.org"]]
    assert [m.to for m in again_mails] == [["bekannt@example.org"]]
    assert new_hashes == again_hashes == 1
    # nothing was created or changed for the known address
    users = get_user_model().objects.filter(email="bekannt@example.org")
    assert list(users) == [known]
    assert not get_user_model().objects.filter(username="jemand").exists()
    known.refresh_from_db()
    assert not known.check_password(PASSWORD)


def test_the_known_address_mail_points_to_password_reset():
    factories.UserFactory(email="bekannt@example.org")
    _response, mails, _hashes = sign_up("BEKANNT@example.org", "jemand2")
    assert len(mails) == 1
    assert "/konto/password/reset/" in mails[0].body
