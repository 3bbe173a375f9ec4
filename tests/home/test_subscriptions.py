"""E-mail subscriptions: double opt-in, one-click unsubscribe, batched sending
(no demo data)."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from home import newsletter
from home.models import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    NewsCategory,
    NewsIndexPage,
    NewsletterDelivery,
    NewsPage,
    Subscription,
)
from portal.models import Municipality
from portal.roles import setup_roles
from tests import factories

from .factories import category, news_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def build_world():
    """The news section in both languages, two municipalities, two categories
    and the portal's roles (``setup_roles``, as a deployment runs it)."""
    news_section(factories.home_page())
    for slug, name in (("plate", "Plate"), ("banzkow", "Banzkow")):
        factories.translated_municipality(name=name, slug=slug)
    category("Bauen und Verkehr", "bauen", "Building and roads")
    category("Kultur und Vereine", "kultur", "Culture and clubs")
    setup_roles()


world = factories.module_data(build_world)


def link_in(message, word):
    return re.search(rf"http://testserver(/\S*{word}\S*)", message.body).group(1)


def subscribe(client, **data):
    payload = {"email": "anna@example.org", "topics": ["news", "announcements"]}
    payload.update(data)
    return client.post("/newsletter/", payload)


def confirmed(email, municipalities=(), categories=(), **fields):
    subscription = Subscription.objects.create(
        email=email, confirmed_at=timezone.now(), **fields
    )
    subscription.municipalities.set(
        Municipality.objects.filter(slug__in=municipalities, locale__language_code="de")
    )
    subscription.categories.set(
        NewsCategory.objects.filter(slug__in=categories, locale__language_code="de")
    )
    return subscription


class TestDoubleOptIn:
    def test_form_renders_in_both_languages(self, client):
        assert "Ihre E-Mail-Adresse" in client.get("/newsletter/").content.decode()
        assert "Your e-mail address" in client.get("/en/newsletter/").content.decode()

    def test_invalid_address_is_refused_with_a_clear_message(self, client):
        response = subscribe(client, email="anna@@example")
        assert response.status_code == 400
        html = response.content.decode()
        assert 'class="error-summary"' in html
        assert 'href="#id_email"' in html
        assert "im richtigen Format" in html
        assert not Subscription.objects.exists()
        assert mail.outbox == []

    def test_no_topic_is_refused(self, client):
        response = subscribe(client, topics=[])
        assert response.status_code == 400
        assert "Nachrichten, Bekanntmachungen oder beides" in response.content.decode()

    def test_subscribe_confirm_and_reuse_the_link(self, client):
        plate = Municipality.objects.get(slug="plate", locale__language_code="de")
        response = subscribe(
            client, email="Anna@Example.org", municipalities=[plate.pk]
        )
        assert response.status_code == 302
        assert response["Location"] == "/newsletter/gesendet/"
        subscription = Subscription.objects.get()
        assert subscription.email == "anna@example.org"
        assert not subscription.is_confirmed
        assert list(subscription.municipalities.all()) == [plate]
        assert len(mail.outbox) == 1
        url = link_in(mail.outbox[0], "bestaetigen")
        # Opening the link (or a mail scanner prefetching it) does not confirm yet.
        page = client.get(url)
        assert "Abonnement bestätigen" in page.content.decode()
        subscription.refresh_from_db()
        assert not subscription.is_confirmed
        done = client.post(url)
        assert "Ihr Abonnement ist bestätigt" in done.content.decode()
        subscription.refresh_from_db()
        assert subscription.is_confirmed
        # Re-using the link says so clearly and changes nothing.
        again = client.get(url)
        assert again.status_code == 200
        assert "bereits verwendet" in again.content.decode()

    def test_english_subscription_gets_english_mail_and_links(self, client):
        client.post("/en/newsletter/", {"email": "bob@example.org", "topics": ["news"]})
        subscription = Subscription.objects.get()
        assert subscription.language == "en"
        assert not subscription.announcements
        message = mail.outbox[0]
        assert "Please confirm your subscription" in message.subject
        assert "/en/newsletter/confirm/" in message.body

    @override_settings(NEWSLETTER_CONFIRM_MAX_AGE=-1)
    def test_expired_link(self, client):
        subscribe(client)
        url = link_in(mail.outbox[0], "bestaetigen")
        response = client.get(url)
        assert response.status_code == 400
        assert "abgelaufen" in response.content.decode()
        assert not Subscription.objects.get().is_confirmed

    def test_tampered_link(self, client):
        subscribe(client)
        url = link_in(mail.outbox[0], "bestaetigen")
        response = client.post(url.replace("/bestaetigen/", "/bestaetigen/x"))
        assert response.status_code == 400
        assert "nicht mehr" in response.content.decode()
        assert not Subscription.objects.get().is_confirmed

    def test_link_after_unsubscribing_is_refused(self, client):
        subscribe(client)
        url = link_in(mail.outbox[0], "bestaetigen")
        Subscription.objects.all().delete()
        response = client.post(url)
        assert response.status_code == 400
        assert not Subscription.objects.exists()

    def test_subscribing_again_when_confirmed_changes_nothing(self, client):
        confirmed("anna@example.org", municipalities=["plate"])
        response = subscribe(client, topics=["news"])
        assert response.status_code == 302
        subscription = Subscription.objects.get()
        assert subscription.announcements
        assert "bereits angemeldet" in mail.outbox[0].subject
        assert "/newsletter/abmelden/" in mail.outbox[0].body

    def test_expired_unconfirmed_subscriptions_are_purged(self, client):
        old = Subscription.objects.create(email="old@example.org")
        Subscription.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=8)
        )
        kept = confirmed("kept@example.org")
        Subscription.objects.filter(pk=kept.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=80)
        )
        subscribe(client)
        assert set(Subscription.objects.values_list("email", flat=True)) == {
            "kept@example.org",
            "anna@example.org",
        }


class TestUnsubscribe:
    def test_get_asks_and_post_deletes(self, client):
        subscription = confirmed("anna@example.org")
        url = f"/newsletter/abmelden/{subscription.unsubscribe_token}/"
        page = client.get(url)
        assert "anna@example.org" in page.content.decode()
        assert Subscription.objects.exists()
        done = client.post(url)
        assert "abgemeldet" in done.content.decode()
        assert not Subscription.objects.exists()

    def test_one_click_post_from_a_mail_client_without_csrf_cookie(self):
        subscription = confirmed("anna@example.org")
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            f"/newsletter/abmelden/{subscription.unsubscribe_token}/",
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        assert not Subscription.objects.exists()

    def test_unknown_token(self, client):
        response = client.get("/newsletter/abmelden/gibt-es-nicht/")
        assert response.status_code == 404
        assert "bereits abgemeldet" in response.content.decode()


class TestSending:
    @pytest.fixture
    def subscribers(self):
        return {
            "all": confirmed("alle@example.org"),
            "plate": confirmed("plate@example.org", municipalities=["plate"]),
            "banzkow": confirmed("banzkow@example.org", municipalities=["banzkow"]),
            "bauen": confirmed("bauen@example.org", categories=["bauen"]),
            "only_announcements": confirmed("amtlich@example.org", news=False),
            "english": confirmed("en@example.org", language="en"),
            "unconfirmed": Subscription.objects.create(email="offen@example.org"),
        }

    def publish_news(self, capture, **fields):
        index = NewsIndexPage.objects.get(locale__language_code="de")
        page = NewsPage(
            title="Neuer Spielplatz in Plate",
            intro="Der Spielplatz am Schulweg ist fertig.",
            municipality=Municipality.objects.get(
                slug="plate", locale__language_code="de"
            ),
            category=NewsCategory.objects.get(
                slug="kultur", locale__language_code="de"
            ),
            **fields,
        )
        with capture(execute=True):
            index.add_child(instance=page)
            page.save_revision().publish()
        return page

    def recipients(self):
        return sorted(address for message in mail.outbox for address in message.to)

    @override_settings(NEWSLETTER_BATCH_SIZE=2)
    def test_news_goes_to_matching_confirmed_subscribers_in_batches(
        self, subscribers, django_capture_on_commit_callbacks, monkeypatch
    ):
        connections = []
        real = newsletter.get_connection

        def counting_connection(*args, **kwargs):
            connections.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(newsletter, "get_connection", counting_connection)
        page = self.publish_news(django_capture_on_commit_callbacks)
        assert self.recipients() == [
            "alle@example.org",
            "en@example.org",
            "plate@example.org",
        ]
        assert len(connections) == 2  # 3 recipients in batches of 2
        delivery = NewsletterDelivery.objects.get(page=page)
        assert (delivery.recipients, delivery.sent) == (3, 3)
        assert delivery.finished_at is not None
        message = next(m for m in mail.outbox if m.to == ["plate@example.org"])
        assert message.subject == "Aktuelles: Neuer Spielplatz in Plate"
        token = subscribers["plate"].unsubscribe_token
        assert message.extra_headers["List-Unsubscribe"] == (
            f"<http://testserver/newsletter/abmelden/{token}/>"
        )
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )
        assert "http://testserver/aktuelles/neuer-spielplatz-in-plate/" in message.body
        english = next(m for m in mail.outbox if m.to == ["en@example.org"])
        assert english.subject.startswith("News:")
        assert "/en/newsletter/unsubscribe/" in english.body

    def test_never_sent_twice(self, subscribers, django_capture_on_commit_callbacks):
        page = self.publish_news(django_capture_on_commit_callbacks)
        count = len(mail.outbox)
        assert count == 3
        with django_capture_on_commit_callbacks(execute=True):
            page.title = "Neuer Spielplatz in Plate eröffnet"
            page.save_revision().publish()
        newsletter.notify_subscribers.enqueue(page.pk)
        assert len(mail.outbox) == count
        assert NewsletterDelivery.objects.filter(page=page).count() == 1

    def test_announcement_goes_to_announcement_subscribers(
        self, subscribers, django_capture_on_commit_callbacks
    ):
        archive = AnnouncementIndexPage.objects.get(locale__language_code="de")
        page = AnnouncementPage(
            title="Satzung über Hundesteuer",
            kind=AnnouncementKind.STATUTE,
            summary="Die Hundesteuer steigt.",
            municipality=Municipality.objects.get(
                slug="banzkow", locale__language_code="de"
            ),
        )
        with django_capture_on_commit_callbacks(execute=True):
            archive.add_child(instance=page)
            page.save_revision().publish()
        assert self.recipients() == [
            "alle@example.org",
            "amtlich@example.org",
            "banzkow@example.org",
            "bauen@example.org",
            "en@example.org",
        ]
        german = next(m for m in mail.outbox if m.to == ["alle@example.org"])
        assert german.subject == "Amtliche Bekanntmachung: Satzung über Hundesteuer"
        english = next(m for m in mail.outbox if m.to == ["en@example.org"])
        assert english.subject.startswith("Official announcement:")

    def test_draft_and_translations_send_nothing(
        self, subscribers, django_capture_on_commit_callbacks
    ):
        index = NewsIndexPage.objects.get(locale__language_code="de")
        draft = NewsPage(title="Entwurf", intro="x", live=False)
        with django_capture_on_commit_callbacks(execute=True):
            index.add_child(instance=draft)
            draft.save_revision()
        index_en = NewsIndexPage.objects.get(locale__language_code="en")
        english = NewsPage(title="English only", intro="x")
        with django_capture_on_commit_callbacks(execute=True):
            index_en.add_child(instance=english)
            english.save_revision().publish()
        assert mail.outbox == []


class TestAdmin:
    def test_administrator_sees_subscriptions(self, client):
        confirmed("anna@example.org")
        client.force_login(factories.StaffFactory(is_superuser=True))
        response = client.get("/admin/subscriptions/")
        assert response.status_code == 200
        assert "anna@example.org" in response.content.decode()

    def test_news_editor_is_refused(self, client):
        confirmed("anna@example.org")
        editor = factories.StaffFactory(groups=["Redaktion Allgemein und Aktuelles"])
        client.force_login(editor)
        response = client.get("/admin/subscriptions/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert "anna@example.org" not in response.content.decode()

    def test_citizen_is_sent_to_the_login(self, client):
        confirmed("anna@example.org")
        client.force_login(factories.UserFactory())
        response = client.get("/admin/subscriptions/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/login/?next=/admin/subscriptions/"
        assert "anna@example.org" not in response.content.decode()
