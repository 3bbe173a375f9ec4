"""Abuse limits: 429 with Retry-After for login, registration and the APIs.

The counters live in Django's cache; with Redis every app server shares them. A
second client (own cookies, same address) therefore meets the same limit, and a
client behind the trusted proxies is counted by its own address.
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def login_url():
    with translation.override("de"):
        return reverse("account_login")


def signup_url():
    with translation.override("de"):
        return reverse("account_signup")


@override_settings(
    ACCOUNT_RATE_LIMITS={"login_failed": None, "login": "3/m/ip", "signup": False}
)
def test_login_is_limited_with_retry_after():
    first, second = Client(), Client()  # two browsers, one address
    data = {"login": "niemand", "password": "falsch"}
    statuses = [first.post(login_url(), data).status_code for _ in range(2)]
    statuses.append(second.post(login_url(), data).status_code)
    assert 429 not in statuses
    blocked = second.post(login_url(), data)
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"
    assert "Too many requests" in blocked.content.decode() or (
        "Zu viele Anfragen" in blocked.content.decode()
    )
    # another address is not affected
    other = Client(REMOTE_ADDR="192.0.2.7").post(login_url(), data)
    assert other.status_code != 429


@override_settings(
    ACCOUNT_RATE_LIMITS={"login_failed": None, "login": False, "signup": False},
    SIGNUP_RATE_LIMIT=2,
    SIGNUP_RATE_WINDOW=3600,
)
def test_registration_is_limited_with_retry_after(client, mailoutbox):
    """Sign-up goes through the portal's limiter (portal/ratelimit.py): the
    translated 429 page with Retry-After, nothing created or sent, another
    address unaffected, the form itself (GET) still shown."""
    from django.contrib.auth import get_user_model

    data = {
        "email": "neu@example.org",
        "username": "neu",
        "password1": "x",
        "password2": "y",
    }
    for _ in range(2):
        assert client.post(signup_url(), data).status_code != 429
    valid = {
        "email": "spam@example.org",
        "username": "spam",
        "password1": "Ein-langes-Passwort-42",
        "password2": "Ein-langes-Passwort-42",
    }
    blocked = client.post(signup_url(), valid)
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 3600
    assert "Zu viele Anfragen" in blocked.content.decode()
    assert not get_user_model().objects.filter(username="spam").exists()
    assert mailoutbox == []
    assert client.get(signup_url()).status_code == 200
    other = Client(REMOTE_ADDR="192.0.2.7").post(signup_url(), data)
    assert other.status_code == 200  # the form again, with its errors


@override_settings(SIGNUP_RATE_LIMIT=0)
def test_registration_limit_can_be_switched_off(client):
    data = {"email": "neu@example.org", "username": "neu", "password1": "x"}
    for _ in range(25):
        assert client.post(signup_url(), data).status_code == 200


@override_settings(OPEN_DATA_RATE_LIMIT=2, OPEN_DATA_RATE_WINDOW=60)
@pytest.mark.parametrize(
    "path", ["/api/v2/pages/", "/api/3/action/package_list", "/catalog.ttl"]
)
def test_apis_are_limited_with_retry_after(path):
    clients = [Client(), Client()]
    assert clients[0].get(path).status_code == 200
    assert clients[1].get(path).status_code == 200
    blocked = clients[0].get(path)
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 61


@override_settings(OPEN_DATA_RATE_LIMIT=1, TRUSTED_PROXY_COUNT=2)
def test_clients_behind_the_proxies_are_counted_by_their_own_address():
    from portal.middleware import TrustedProxyMiddleware

    assert TrustedProxyMiddleware(lambda request: None).count == 2

    def get(forwarded):
        # nginx appends the visitor's address, Varnish appends nginx's.
        return Client().get("/api/v2/pages/", headers={"x-forwarded-for": forwarded})

    assert get("198.51.100.1, 127.0.0.1").status_code == 200
    assert get("198.51.100.2, 127.0.0.1").status_code == 200
    assert get("198.51.100.1, 127.0.0.1").status_code == 429
    # a forged first entry does not give a fresh address
    assert get("203.0.113.9, 198.51.100.2, 127.0.0.1").status_code == 429
