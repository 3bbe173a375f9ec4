"""The portal's one rate limiter (portal/ratelimit.py) on every form that sends
mail, changes counts or checks a password (issue #19, finding 7), and the open
data limit counting answers from the cache too.

Each throttle: the limit reached answers 429 with ``Retry-After`` and the
translated page, nothing is sent or counted, and another client is unaffected.
"""

import pytest
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.models import User
from business.models import (
    BusinessIndexPage,
    ProjectIndexPage,
    ProjectItem,
    ProjectPage,
    ProjectResponse,
)
from consultations.models import (
    Channel,
    ModerationMode,
    Participation,
    Statement,
    StatementStatus,
)
from home.models import Subscription
from portal import ratelimit
from tests import factories
from tests.consultations.factories import consultation

pytestmark = pytest.mark.django_db
OTHER = "192.0.2.77"


def assert_throttled(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Zu viele Anfragen" in html
    assert "Minute" in html


# --- the limiter itself ----------------------------------------------------------


def request_from(address, user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    if user is not None:
        request.user = user
    return request


def test_fixed_window_per_scope_and_address():
    first = request_from("198.51.100.1")
    assert ratelimit.hit(first, "a", 2, 60) is None
    assert ratelimit.hit(first, "a", 2, 60) is None
    retry_after = ratelimit.hit(first, "a", 2, 60)
    assert 1 <= retry_after <= 60
    assert ratelimit.hit(first, "b", 2, 60) is None  # another scope
    assert ratelimit.hit(request_from("198.51.100.2"), "a", 2, 60) is None
    assert ratelimit.hit(first, "a", 0, 60) is None  # 0: off


def test_by_user_counts_the_account_across_addresses():
    user = factories.UserFactory()
    for address in ("198.51.100.1", "198.51.100.2"):
        ratelimit.hit(request_from(address, user), "u", 2, 60, by=ratelimit.BY_USER)
    blocked = request_from("198.51.100.3", user)
    assert ratelimit.hit(blocked, "u", 2, 60, by=ratelimit.BY_USER) is not None
    other = request_from("198.51.100.3", factories.UserFactory())
    assert ratelimit.hit(other, "u", 2, 60, by=ratelimit.BY_USER) is None


def test_user_and_ip_counts_both():
    address = "198.51.100.9"
    for _ in range(2):
        ratelimit.hit(request_from(address), "both", 2, 60)
    # another account from the same (exhausted) address is refused too
    signed_in = request_from(address, factories.UserFactory())
    assert (
        ratelimit.hit(signed_in, "both", 2, 60, by=ratelimit.BY_USER_AND_IP) is not None
    )


# --- newsletter sign-up ----------------------------------------------------------


@override_settings(NEWSLETTER_RATE_LIMIT=2, NEWSLETTER_RATE_WINDOW=3600)
def test_newsletter_sign_up_is_throttled(client):
    data = {"email": "opfer@example.org", "topics": ["news"]}
    for _ in range(2):
        assert client.post("/newsletter/", data).status_code == 302
    sent = len(mail.outbox)
    assert_throttled(client.post("/newsletter/", data))
    assert len(mail.outbox) == sent
    assert client.get("/newsletter/").status_code == 200  # the form still shows
    other = Client(REMOTE_ADDR=OTHER).post("/newsletter/", data)
    assert other.status_code == 302
    assert Subscription.objects.filter(email="opfer@example.org").count() == 1


# --- "I can help" ----------------------------------------------------------------


def project_item():
    business = factories.add_page(
        factories.home_page(), BusinessIndexPage, title="Wirtschaft"
    )
    index = factories.add_page(business, ProjectIndexPage, title="Projekte")
    project = factories.add_page(
        index,
        ProjectPage,
        title="Regionalmarkt",
        contact_email="projekt@example.org",
    )
    return ProjectItem.objects.create(project=project, title="Pavillons")


@override_settings(PROJECT_RESPOND_RATE_LIMIT=2, PROJECT_RESPOND_RATE_WINDOW=3600)
def test_i_can_help_is_throttled_per_account():
    item = project_item()
    url = reverse("business:project_respond", args=[item.pk])
    helper = factories.UserFactory()
    browser = Client()
    browser.force_login(helper)
    for _ in range(2):
        assert browser.post(url, {"message": "Ich helfe."}).status_code == 302
    sent = len(mail.outbox)
    # from another address too: the account is counted
    moved = Client(REMOTE_ADDR="198.51.100.40")
    moved.force_login(helper)
    assert_throttled(moved.post(url, {"message": "Ich helfe."}))
    assert len(mail.outbox) == sent
    assert ProjectResponse.objects.filter(item=item, user=helper).count() == 2
    other = Client(REMOTE_ADDR=OTHER)
    other.force_login(factories.UserFactory())
    assert other.post(url, {"message": "Ich auch."}).status_code == 302


# --- comment flags ---------------------------------------------------------------


@override_settings(FLAG_RATE_LIMIT=2, FLAG_RATE_WINDOW=3600)
def test_comment_flags_are_throttled_per_address():
    page = consultation(
        participation=Participation.ANYONE,
        allow_comments=True,
        moderation=ModerationMode.POST,
    )
    statement = Statement.objects.create(
        consultation=page,
        channel=Channel.COMMENT,
        text="Ein Kommentar.",
        is_public=True,
        status=StatementStatus.PUBLISHED,
    )
    url = f"{page.url}flag/{statement.pk}/"
    for _ in range(2):
        assert Client().post(url).status_code == 302  # a fresh session each time
    assert_throttled(Client().post(url))
    statement.refresh_from_db()
    assert statement.flag_count == 2
    assert Client().get(url).status_code == 200  # the confirmation page shows
    assert Client(REMOTE_ADDR=OTHER).post(url).status_code == 302
    statement.refresh_from_db()
    assert statement.flag_count == 3


# --- account deletion ------------------------------------------------------------


@override_settings(ACCOUNT_DELETE_RATE_LIMIT=3, ACCOUNT_DELETE_RATE_WINDOW=900)
def test_account_deletion_is_no_password_oracle():
    user = factories.UserFactory(password="richtig-und-lang-1")
    browser = Client()
    browser.force_login(user)
    url = reverse("accounts:delete")
    for guess in ("a", "b", "c"):
        assert browser.post(url, {"password": guess}).status_code == 200
    # the right password, once the limit is reached, is not even checked
    assert_throttled(browser.post(url, {"password": "richtig-und-lang-1"}))
    assert User.objects.filter(pk=user.pk).exists()
    other_user = factories.UserFactory(password="auch-richtig-2")
    other = Client(REMOTE_ADDR=OTHER)
    other.force_login(other_user)
    assert other.post(url, {"password": "auch-richtig-2"}).status_code == 302
    assert not User.objects.filter(pk=other_user.pk).exists()


# --- the open data interfaces: answers from the cache count too ------------------


@override_settings(
    OPEN_DATA_RATE_LIMIT=3, OPEN_DATA_RATE_WINDOW=60, PORTAL_PAGE_CACHE_SECONDS=300
)
@pytest.mark.parametrize("path", ["/api/3/action/status_show", "/catalog.ttl"])
def test_open_data_limit_counts_cached_answers(path):
    first = Client().get(path)
    assert first.status_code == 200
    for _ in range(2):
        cached = Client().get(path)
        assert cached.status_code == 200
        assert cached["X-Portal-Cache"] == "hit"
    blocked = Client().get(path)
    assert blocked.status_code == 429
    assert blocked.json()["success"] is False
    assert 1 <= int(blocked["Retry-After"]) <= 60
    assert Client(REMOTE_ADDR=OTHER).get(path).status_code == 200
