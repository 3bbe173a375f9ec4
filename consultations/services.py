"""Business rules: who may take part, saving a response, tallies, notifications."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import markers
from accounts.identity import get_identity_level, step_up_url
from accounts.models import IdentityLevel, IdentityVerification, RoleKind, UserRole
from portal import ratelimit
from portal.shell import invalidate

from .models import (
    Attachment,
    Channel,
    ChoiceAnswer,
    Participation,
    Phase,
    Response,
    ResultsNotice,
    Statement,
    StatementStatus,
)
from .questionnaire import choice_rows, questions_of


# --- who may take part -------------------------------------------------------------------
@dataclass
class Eligibility:
    allowed: bool
    reason: str = ""
    action_url: str = ""
    action_label: str = ""


def eligibility(request, page, next_url):
    """May this visitor answer ``page`` now? If not, why and what to do.

    The rules are those of the published page in the default language
    (``page.canonical``), whichever language version was requested: a
    translation that is not re-synced yet must not apply older dates or rules.
    """
    rules = page.canonical
    phase = rules.phase
    if phase == Phase.ANNOUNCED and rules.live:
        return Eligibility(
            False,
            _("The consultation opens on %(date)s.")
            % {"date": timezone.localtime(rules.opens_at).strftime("%d.%m.%Y %H:%M")},
        )
    if phase != Phase.OPEN or not rules.live:
        return Eligibility(False, _("The consultation is closed."))
    return participant_eligibility(request, rules, next_url)


def participant_eligibility(request, rules, next_url):
    """Does this visitor meet the participation rule of ``rules`` (a consultation
    or a proposal process in the default language)? Phases are the caller's."""
    user = request.user
    rule = rules.participation
    if rule == Participation.ANYONE:
        return Eligibility(True)
    if not user.is_authenticated:
        from django.contrib.auth import REDIRECT_FIELD_NAME
        from django.urls import reverse

        return Eligibility(
            False,
            _("Please log in to take part."),
            f"{reverse('account_login')}?{REDIRECT_FIELD_NAME}={next_url}",
            _("Log in"),
        )
    level = get_identity_level(user)
    if rule == Participation.ACCOUNT:
        if level < IdentityLevel.EMAIL:
            return Eligibility(
                False, _("Please confirm your e-mail address to take part.")
            )
        return Eligibility(True)
    if level < rules.min_identity_level:
        return Eligibility(
            False,
            _("Taking part needs a verified identity (level “%(level)s”).")
            % {"level": IdentityLevel(rules.min_identity_level).label},
            step_up_url(rules.min_identity_level, next_url),
            _("Verify your identity"),
        )
    if rule == Participation.RESIDENTS:
        verification = IdentityVerification.objects.filter(user=user).first()
        ags = verification.municipality_ags if verification else ""
        places = list(rules.resident_municipalities.all())
        if not ags or ags not in {m.ags for m in places}:
            return Eligibility(
                False,
                _(
                    "Only residents of %(places)s may take part; your verified "
                    "address is not in one of them."
                )
                % {"places": ", ".join(sorted(m.localized.name for m in places))},
            )
    return Eligibility(True)


# One response per person, also after account deletion (accounts.markers).
RESPONSE_SCOPE = "consultations.response"


def answer_eligibility(request, page, next_url):
    """May this visitor answer now? :func:`eligibility` plus the one-response
    rule for people whose earlier account (with a response) was deleted."""
    result = eligibility(request, page, next_url)
    if result.allowed and answered_with_deleted_account(page, request.user):
        return Eligibility(
            False,
            _(
                "You have already answered this consultation with an earlier "
                "account. Each person can answer once."
            ),
        )
    return result


def answered_with_deleted_account(page, user):
    person_hash, _ags = person_of(user)
    return markers.is_marked(person_hash, RESPONSE_SCOPE, page.canonical.pk)


def keep_response_markers(user):
    """Before ``user``'s account is deleted: mark the consultations the verified
    person answered, so that a new account of the same person cannot answer
    them again."""
    for consultation_id, person_hash in Response.objects.filter(
        user=user, person_hash__isnull=False
    ).values_list("consultation_id", "person_hash"):
        markers.keep(person_hash, RESPONSE_SCOPE, consultation_id)


def person_of(user):
    """(person hash, municipality key) of a verified user, else (None, "")."""
    if not getattr(user, "is_authenticated", False):
        return None, ""
    verification = IdentityVerification.objects.filter(user=user).first()
    if verification is None:
        return None, ""
    return verification.person_hash or None, verification.municipality_ags


def existing_response(page, user):
    if not getattr(user, "is_authenticated", False):
        return None
    person_hash, _ags = person_of(user)
    canonical = page.canonical
    response = Response.objects.filter(consultation=canonical, user=user).first()
    if response is None and person_hash:
        response = Response.objects.filter(
            consultation=canonical, person_hash=person_hash
        ).first()
    return response


# --- anonymous rate limit ------------------------------------------------------------------
def over_rate_limit(request, scope):
    """Seconds to wait if the client address is over ``CONSULTATION_RATE_LIMIT``
    (per ``CONSULTATION_RATE_WINDOW`` seconds and scope), else None."""
    return ratelimit.check(request, f"consultation-{scope}", "CONSULTATION")


# --- saving a response ------------------------------------------------------------------
class DuplicateResponse(Exception):
    """The person already has a response (a concurrent submit won)."""


def save_response(page, user, form, language="", response=None):
    """Create or update a response in one transaction; all or nothing.

    A new response of someone who already has one raises ``DuplicateResponse``
    (the unique constraints decide, so two simultaneous submits cannot both win).
    """
    canonical = page.canonical
    questions = questions_of(page)
    answers = form.answers()
    uploads = form.uploads()
    person_hash, ags = person_of(user)
    if response is None and markers.is_marked(
        person_hash, RESPONSE_SCOPE, canonical.pk
    ):
        raise DuplicateResponse
    try:
        with transaction.atomic():
            if response is None:
                response = Response.objects.create(
                    consultation=canonical,
                    user=user if getattr(user, "is_authenticated", False) else None,
                    person_hash=person_hash,
                    municipality_ags=ags,
                    answers=answers,
                    language=language,
                )
            else:
                response = Response.objects.select_for_update().get(pk=response.pk)
                response.answers = answers
                response.language = language
                response.save(update_fields=["answers", "language", "updated_at"])
                response.choice_answers.all().delete()
            ChoiceAnswer.objects.bulk_create(
                ChoiceAnswer(
                    response=response,
                    consultation=canonical,
                    question=question,
                    value=value,
                    rank=rank,
                )
                for question, value, rank in choice_rows(questions, answers)
            )
            sync_statements(response, questions, answers, user)
            for question_id, upload in uploads.items():
                Attachment.objects.filter(
                    response=response, question=question_id
                ).delete()
                Attachment.objects.create(
                    response=response,
                    question=question_id,
                    file=upload,
                    original_name=upload.name[:255],
                )
    except IntegrityError as error:
        raise DuplicateResponse from error
    bump(canonical.pk)
    return response


def sync_statements(response, questions, answers, user):
    """One statement per long-text answer; its evaluation stays when the text does."""
    existing = {s.question: s for s in response.statements.all()}
    for question in questions:
        if not question.is_statement:
            continue
        text = answers.get(question.id, "")
        statement = existing.get(question.id)
        if not text:
            if statement is not None:
                statement.delete()
            continue
        if statement is None:
            Statement.objects.create(
                consultation=response.consultation,
                response=response,
                question=question.id,
                channel=Channel.QUESTIONNAIRE,
                author=user if getattr(user, "is_authenticated", False) else None,
                text=text,
                is_public=question.is_public,
                status=StatementStatus.PUBLISHED,
            )
        elif statement.text != text or statement.is_public != question.is_public:
            statement.text = text
            statement.is_public = question.is_public
            statement.save(update_fields=["text", "is_public"])


# --- results ---------------------------------------------------------------------------
def tallies(page):
    """Figures of every public closed question, counted by the database.

    Two grouped queries, whatever the number of responses; the result is cached
    per consultation and refreshed when a response changes (``bump``).
    """
    canonical = page.canonical
    key = f"consultation-tallies:{canonical.pk}:{results_version(canonical.pk)}"
    counts = cache.get(key)
    if counts is None:
        rows = (
            ChoiceAnswer.objects.filter(consultation=canonical)
            .values("question", "value")
            .annotate(n=Count("id"), avg_rank=Avg("rank"))
            .order_by()
        )
        answered = (
            ChoiceAnswer.objects.filter(consultation=canonical)
            .values("question")
            .annotate(n=Count("response", distinct=True))
            .order_by()
        )
        counts = {
            "values": {
                (row["question"], row["value"]): (row["n"], row["avg_rank"])
                for row in rows
            },
            "answered": {row["question"]: row["n"] for row in answered},
            "responses": Response.objects.filter(consultation=canonical).count(),
        }
        # no expiry: the key changes with every response (``bump``), and after
        # the end nothing changes, so a published result is counted once
        cache.set(key, counts, None)
    figures = []
    for question in questions_of(page):
        if not question.is_closed or not question.is_public:
            continue
        answered = counts["answered"].get(question.id, 0)
        items = []
        for value, label in question.choices():
            n, avg_rank = counts["values"].get((question.id, value), (0, None))
            items.append(
                {
                    "value": value,
                    "label": label,
                    "count": n,
                    "percent": round(100 * n / answered, 1) if answered else 0,
                    "avg_rank": round(avg_rank, 2) if avg_rank is not None else None,
                }
            )
        if question.kind == "ranking":
            items.sort(key=lambda item: item["avg_rank"] or 1e9)
        figures.append({"question": question, "answered": answered, "items": items})
    return counts["responses"], figures


def results_version(consultation_id):
    return cache.get(f"consultation-results-version:{consultation_id}", 1)


def bump(consultation_id):
    key = f"consultation-results-version:{consultation_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def may_see_results(page, user):
    """Published results are public; interim figures for staff and council
    (the dates and settings of the page in the default language count)."""
    page = page.canonical
    if page.phase == Phase.RESULTS:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm("consultations.view_interim_results"):
        return True
    if page.council_interim_results and page.municipality_id:
        return UserRole.objects.filter(
            user=user,
            role=RoleKind.COUNCIL,
            confirmed_at__isnull=False,
            municipality__slug=page.municipality.slug,
        ).exists()
    return False


def public_statements(page):
    return Statement.objects.filter(
        consultation=page.canonical,
        is_public=True,
        status=StatementStatus.PUBLISHED,
    ).order_by("created_at", "id")


# --- e-mails ---------------------------------------------------------------------------
def _mail(user_or_address, subject, template, context, language=None):
    address = getattr(user_or_address, "email", user_or_address)
    if not address:
        return
    with translation.override(language or translation.get_language()):
        body = render_to_string(template, context)
        send_mail(str(subject), body, None, [address])


def send_receipt(response, page, request, changed=False):
    if response.user is None:
        return
    _mail(
        response.user,
        _("Your response to “%(title)s”") % {"title": page.title},
        "consultations/email/receipt.txt",
        {
            "page": page,
            "response": response,
            "changed": changed,
            "url": page.get_full_url(request),
        },
    )


def send_moderation_notice(statement, request=None):
    recipient = statement.author or (
        statement.author_contact if "@" in statement.author_contact else ""
    )
    if not recipient:
        return
    _mail(
        recipient,
        _("Your comment on “%(title)s”") % {"title": statement.consultation.title},
        "consultations/email/moderation.txt",
        {"statement": statement},
    )


def notify_results(page):
    """Tell every participant with an account that the results are out (once)."""
    canonical = page.canonical
    notice, created = ResultsNotice.objects.get_or_create(consultation=canonical)
    if not created:
        return 0
    tallies(canonical)  # count once now, not on the first visitor's request
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.filter(
        consultation_responses__consultation=canonical
    ) | User.objects.filter(consultation_statements__consultation=canonical)
    recipients = 0
    for user in users.distinct().iterator():
        _mail(
            user,
            _("Results of “%(title)s”") % {"title": canonical.title},
            "consultations/email/results.txt",
            {"page": canonical, "url": canonical.get_full_url() + "results/"},
        )
        recipients += 1
    notice.recipients = recipients
    notice.save(update_fields=["recipients"])
    return recipients


def statement_changed(statement):
    """Cached public pages show comments and replies: make them stale.

    A questionnaire statement without a reply is on no cached page (results are
    public only after the end), so saving responses never empties the page cache.
    """
    bump(statement.consultation_id)
    if statement.channel != Channel.QUESTIONNAIRE or statement.reply_outcome:
        invalidate()
