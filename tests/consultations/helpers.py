"""Building consultations and respondents in tests."""

import datetime
import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import IdentityLevel, IdentityVerification, VerificationMethod
from consultations.models import ConsultationPage, Participation
from tests.factories import add_page

DAY = datetime.timedelta(days=1)
Q_CHOICE = "11111111-1111-4111-8111-111111111111"
Q_MULTI = "22222222-2222-4222-8222-222222222222"
Q_TEXT = "33333333-3333-4333-8333-333333333333"
Q_SECRET = "44444444-4444-4444-8444-444444444444"
Q_SECRET_CHOICE = "55555555-5555-4555-8555-555555555555"
Q_RANK = "66666666-6666-4666-8666-666666666666"
Q_FILE = "77777777-7777-4777-8777-777777777777"
_counter = itertools.count(1)


def questions():
    def block(qid, kind, question, **value):
        return {
            "type": kind,
            "id": qid,
            "value": {
                "question": question,
                "help_text": "",
                "required": value.pop("required", True),
                "public": value.pop("public", True),
                **value,
            },
        }

    return [
        block(
            Q_CHOICE,
            "single_choice",
            "Favourite colour",
            options=["Red", "Blue", "Green"],
        ),
        block(
            Q_MULTI, "multiple_choice", "Pets", required=False, options=["Cat", "Dog"]
        ),
        block(Q_TEXT, "long_text", "Your statement", required=False, max_length=200),
        block(Q_SECRET, "short_text", "Street (secret)", required=False, public=False),
        block(
            Q_SECRET_CHOICE,
            "yes_no",
            "Secret vote",
            required=False,
            public=False,
        ),
        block(Q_RANK, "ranking", "Priorities", required=False, options=["A", "B", "C"]),
        block(Q_FILE, "attachment", "Attachment", required=False, public=False),
    ]


def make_consultation(**fields):
    from .factories import consultation_index

    index = consultation_index()
    now = timezone.now()
    values = {
        "title": "Testbeteiligung",
        "intro": "Eine Beteiligung für Tests.",
        "opens_at": now - DAY,
        "closes_at": now + 10 * DAY,
        "participation": Participation.ACCOUNT,
        "questions": questions(),
    }
    values.update(fields)
    return add_page(index, ConsultationPage, slug=f"test-{next(_counter)}", **values)


def make_user(username, level=IdentityLevel.EMAIL, person_hash=None, ags=""):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw"
    )
    if level >= IdentityLevel.EMAIL:
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
    if level > IdentityLevel.EMAIL:
        IdentityVerification.objects.create(
            user=user,
            level=level,
            method=VerificationMethod.DEV_SIMULATION,
            person_hash=person_hash,
            municipality_ags=ags,
        )
    return user


def answer_url(page):
    return page.url + "answer/"


def valid_answers(**extra):
    data = {f"q-{Q_CHOICE}": "1", f"q-{Q_TEXT}": "Mehr Bäume bitte."}
    data.update(extra)
    return data


def de(message, **params):
    """A UI text as the German page shows it."""
    from django.utils import translation

    with translation.override("de"):
        text = translation.gettext(message)
    return text % params if params else text


def project_ids(page, *titles):
    """The form values (primary keys) of a budget's projects, by title."""
    from consultations.models import BudgetProject

    return [str(BudgetProject.objects.get(budget=page, title=t).pk) for t in titles]


def respond(page, answers, user=None):
    """Save a response directly (as the questionnaire view does)."""
    from django.contrib.auth.models import AnonymousUser

    from consultations import services
    from consultations.questionnaire import ResponseForm, questions_of

    form = ResponseForm(questions_of(page), answers)
    assert form.is_valid(), form.errors
    return services.save_response(page, user or AnonymousUser(), form)


def publish_results(page):
    """Close the consultation and publish its results."""
    now = timezone.now()
    page.opens_at = now - 20 * DAY
    page.closes_at = now - 2 * DAY
    page.results_published_at = now - DAY
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)
