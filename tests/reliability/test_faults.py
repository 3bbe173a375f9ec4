"""Failing parts: the database, Redis, the mail server and the task worker.

See docs/reliability.md for what the portal promises in each case.
"""

import datetime
import socket
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal import mail as portal_mail
from tests import factories

pytestmark = pytest.mark.django_db

# pages of every kind, a dataset and the search index: the shared ``world``
# fixture (tests/world.py, built once for all the modules that use it)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def closed_port():
    """A loopback port nobody listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- database down ------------------------------------------------------------------
def test_database_down_gives_friendly_error_page_and_readyz_503(client, world):
    client.raise_request_exception = False
    url = world.legal.imprint.url
    with mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("connection refused"),
    ):
        page = client.get(url)
        ready = client.get("/readyz")
    assert page.status_code == 500
    body = page.content.decode()
    assert "Ein technischer Fehler ist aufgetreten" in body
    assert "A technical error occurred" in body
    for leak in ("Traceback", "OperationalError", "connection refused", 'File "'):
        assert leak not in body
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "error"


def test_error_page_loads_nothing_but_own_static_files(client):
    client.raise_request_exception = False
    with mock.patch("portal.views.JsonResponse", side_effect=RuntimeError("boom")):
        response = client.get("/healthz")
    assert response.status_code == 500
    assert "boom" not in response.content.decode()
    assert "<script" not in response.content.decode()


# --- Redis down ------------------------------------------------------------------------
def redis_down_caches():
    location = f"redis://127.0.0.1:{closed_port()}/0"
    options = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
    }
    return {
        alias: {
            # as in production: the default cache reads ahead (issue #27)
            "BACKEND": "portal.cache.ReadAheadRedisCache"
            if alias == "default"
            else "portal.cache.FailOpenRedisCache",
            "LOCATION": location,
            "OPTIONS": options,
        }
        for alias in ("default", "renditions")
    }


def test_pages_and_login_work_while_redis_is_down(client, world):
    """The production cache configuration against a closed port: pages are still
    served (uncached), sessions live in the database, /readyz reports it."""
    user = factories.UserFactory()
    with override_settings(
        CACHES=redis_down_caches(),
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        PORTAL_PAGE_CACHE_SECONDS=300,
    ):
        for path in (
            "/",
            world.legal.imprint.url,
            "/en/",
            "/suche/?q=see",
            "/api/v2/pages/",
            "/api/3/action/package_search?q=badestellen",
            "/catalog.ttl",
        ):
            response = client.get(path)
            assert response.status_code == 200, path
        with translation.override("de"):
            login = reverse("account_login")
        refused = client.post(login, {"login": user.username, "password": "falsch"})
        assert refused.status_code == 200  # the form again, not 429 or 500
        client.force_login(user)
        account = client.get("/konto/")
        assert account.status_code == 200
        assert account.wsgi_request.user == user
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": "ok", "cache": "error"}


def test_consultation_answers_and_comments_are_taken_while_redis_is_down(client):
    """The anonymous rate limit counts in the cache; while Redis is down the counter
    is unknown (django-redis answers None): the limit is off, nothing is refused or
    lost, and no 500."""
    from consultations.models import ModerationMode, Participation, Response, Statement
    from tests.consultations.helpers import answer_url, make_consultation, valid_answers

    page = make_consultation(
        participation=Participation.ANYONE,
        allow_comments=True,
        moderation=ModerationMode.POST,
    )
    with override_settings(
        CACHES=redis_down_caches(),
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        CONSULTATION_RATE_LIMIT=5,
    ):
        answered = client.post(answer_url(page), valid_answers())
        commented = client.post(page.url + "comment/", {"text": "Ohne Redis."})
    assert answered.status_code == 302, answered.status_code
    receipt = answered["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert Response.objects.filter(consultation=page, receipt=receipt).count() == 1
    assert commented.status_code == 302, commented.status_code
    assert Statement.objects.filter(consultation=page, text="Ohne Redis.").count() == 1


# --- mail server down ------------------------------------------------------------------
def test_mail_is_queued_and_retried_while_the_server_is_down(settings):
    # Only the settings fixture here: mixed with @override_settings, its teardown
    # would leave the decorator's settings active for every later test.
    settings.EMAIL_BACKEND = "portal.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_RETRY_ATTEMPTS = 3
    settings.TASKS = DUMMY_TASKS
    settings.EMAIL_PORT = closed_port()
    assert send_mail("Betreff", "Text", "portal@example.org", ["a@example.org"]) == 1
    assert mail.outbox == []
    (queued,) = default_task_backend.results
    assert queued.task.func is portal_mail.deliver_email.func
    data = queued.args[0]

    # The worker runs it: the SMTP server refuses, the task re-queues itself later.
    before = timezone.now()
    assert portal_mail.deliver_email.call(data) == "retry"
    retry = default_task_backend.results[-1]
    assert retry.kwargs == {"attempt": 2}
    assert retry.task.run_after >= before + datetime.timedelta(seconds=60)

    # Still down at the last attempt: the failure is raised (task marked failed).
    with pytest.raises(OSError):
        portal_mail.deliver_email.call(data, attempt=3)

    # The server is back: the retry delivers the message unchanged.
    settings.EMAIL_DELIVERY_BACKEND = LOCMEM
    assert portal_mail.deliver_email.call(*retry.args, **retry.kwargs) == "sent"
    (message,) = mail.outbox
    assert (message.subject, message.body, message.to) == (
        "Betreff",
        "Text",
        ["a@example.org"],
    )


def test_retry_delay_grows_and_is_capped(settings):
    settings.EMAIL_RETRY_MAX_DELAY = 600
    assert [portal_mail.retry_delay(n) for n in (1, 2, 3, 4, 5, 9)] == [
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_html_alternatives_and_headers_survive_the_queue():
    message = mail.EmailMultiAlternatives(
        "S", "plain", "from@example.org", ["to@example.org"], headers={"X-A": "1"}
    )
    message.attach_alternative("<p>html</p>", "text/html")
    copy = portal_mail.deserialize(portal_mail.serialize(message))
    assert copy.alternatives[0][0] == "<p>html</p>"
    assert copy.extra_headers == {"X-A": "1"}
    assert copy.recipients() == ["to@example.org"]


# --- task worker crash ----------------------------------------------------------------
@override_settings(
    TASKS=DB_TASKS,
    EMAIL_BACKEND="portal.mail.QueuedEmailBackend",
    EMAIL_DELIVERY_BACKEND=LOCMEM,
)
def test_task_of_a_killed_worker_is_requeued_and_done():
    send_mail("Nach dem Absturz", "Text", "portal@example.org", ["b@example.org"])
    row = DBTaskResult.objects.get(task_path="portal.mail.deliver_email")
    assert row.status == TaskResultStatus.READY  # stored, not lost with no worker

    # A worker claims it and is killed (SIGKILL): the row stays RUNNING.
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("requeue_stale_tasks", "--older-than", "30", stdout=mock.Mock())
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY

    # A fresh task that is running right now is left alone.
    send_mail("Läuft", "Text", "portal@example.org", ["c@example.org"])
    running = DBTaskResult.objects.exclude(pk=row.pk).get()
    running.claim("busy-worker")
    call_command("requeue_stale_tasks", stdout=mock.Mock())
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING

    # The worker drops "old" connections between tasks; inside the test's
    # transaction Django would count PostgreSQL's connection as one and close it.
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0
        )
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert [message.subject for message in mail.outbox] == ["Nach dem Absturz"]
