"""Front-end views: the consultation's sub-pages and "my responses".

The consultation page's routes (``answer/``, ``receipt/…``, ``results/``,
``comment/``, ``flag/…``) call these functions; the page model stays small.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import ratelimit
from portal.fragments import Deferred
from portal.listing import filtered_listing, paginate
from portal.shell import versioned_key
from portal.storage import private_file_response
from portal.view_registry import page_view

from . import services
from .forms import CommentForm, ConsultationFilterForm
from .models import (
    Attachment,
    Channel,
    ConsultationIndexPage,
    ConsultationPage,
    ModerationMode,
    Phase,
    Response,
    Statement,
    StatementFlag,
    StatementStatus,
    consultation_phase,
)
from .questionnaire import ResponseForm, display_answer, questions_of
from .receipt import issue_receipt

SESSION_RECEIPTS = "consultation_receipts"
STATEMENTS_PER_PAGE = 20
COMMENTS_SHOWN = 100

CONSULTATIONS_PER_PAGE = 12
FIGURES_CACHE_SECONDS = 60 * 60


def load_cards(pks):
    """``{pk: consultation}`` with what a card shows (its municipality)."""
    return (
        ConsultationPage.objects.filter(pk__in=pks)
        .select_related("municipality")
        .in_bulk()
    )


@page_view(ConsultationIndexPage, "listing_context")
def listing_context(request, page, items, municipalities, now, phase_dates):
    """The consultations below the index, filtered by status (phase), topic and
    municipality; count and pages of keys are cached for a minute (the phases
    follow the clock) and until content changes.

    The cards (``includes/card.html``) are cached like listing cards and keyed
    by the phase they show too (``Deferred``'s variants), computed for the
    current moment from the consultations' dates (``phase_dates``, cached per
    content version): when a consultation opens or closes, its card's key
    changes, so no stale phase is ever served and only that card is rendered
    anew. Phases only move forward in time, so a card rendered a moment after
    its phase was computed (it shows the later phase) sits under a key that
    is never asked for again."""
    listing = filtered_listing(
        request,
        items,
        CONSULTATIONS_PER_PAGE,
        form_class=ConsultationFilterForm,
        form_kwargs={"municipalities": municipalities, "now": now},
        load=load_cards,
        count_timeout=60,
    )
    cards = listing.items
    moment = timezone.now()
    missing = [pk for pk in cards.pks if pk not in phase_dates]
    if missing:  # not in the cached dates (never expected): read them
        phase_dates = {
            **phase_dates,
            **{
                pk: dates
                for pk, *dates in ConsultationPage.objects.filter(
                    pk__in=missing
                ).values_list("pk", "opens_at", "closes_at", "results_published_at")
            },
        }
    cards.variants = {
        # a card without dates (gone meanwhile) gets a key of its own moment
        pk: str(consultation_phase(*phase_dates[pk], moment))
        if pk in phase_dates
        else moment.isoformat()
        for pk in cards.pks
    }
    filters = listing.form.cleaned_data
    chosen = [filters.get(name, "") for name in ("status", "topic", "municipality")]
    return {
        "page_obj": listing.page_obj,
        "cards": cards,
        # the status links and filter selects (``includes/listing_filters.html``)
        # cached like a card of the page, per chosen values; a preview renders
        # them
        "filter_bar": None
        if getattr(request, "is_preview", False)
        else Deferred(
            type(page), [page.pk], lambda pks: {page.pk: page}, {page.pk: repr(chosen)}
        ),
        "status": filters.get("status", ""),
        "filter_form": listing.form,
    }


@page_view(ConsultationPage, "consultation_context")
def consultation_context(request, page):
    """Context of the main page: the same for every visitor (cacheable).

    ``rules`` is the page in the default language: its dates and settings
    count for every language version (``PortalPageMixin.canonical``).
    """
    rules = page.canonical
    sections = [
        {"id": child.id, "heading": child.value["heading"], "text": child.value["text"]}
        for child in page.sections
    ]
    comments = []
    if rules.allow_comments:
        comments = list(
            Statement.objects.filter(
                consultation=page.canonical,
                channel=Channel.COMMENT,
                is_public=True,
                status=StatementStatus.PUBLISHED,
            ).order_by("-created_at")[:COMMENTS_SHOWN]
        )
    by_section = {}
    for comment in comments:
        by_section.setdefault(comment.section, []).append(comment)
    for section in sections:
        section["comments"] = by_section.get(section["id"], [])
    return {
        "rules": rules,
        "phase": rules.phase,
        "Phase": Phase,
        "doc_sections": sections,
        "general_comments": by_section.get("", []),
        "has_questions": bool(rules.questions),
    }


def _page_url(request, page, suffix=""):
    return page.get_url(request) + suffix


def _render(request, page, template, context, status=200):
    context = {
        "page": page,
        "self": page,
        "rules": page.canonical,
        "request": request,
        **context,
    }
    return TemplateResponse(request, template, context, status=status)


# --- questionnaire ------------------------------------------------------------------------
@page_view(ConsultationPage, "answer")
def answer(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    url = _page_url(request, page, "answer/")
    eligibility = services.answer_eligibility(request, page, url)
    existing = services.existing_response(page, request.user)
    questions = questions_of(page)
    kwargs = {"existing": existing.answers if existing else {}}
    if request.method == "POST":
        form = ResponseForm(questions, request.POST, request.FILES, **kwargs)
    else:
        form = ResponseForm(questions, **kwargs)
    context = {
        "form": form,
        "eligibility": eligibility,
        "existing": existing,
        "refusal": "",
    }
    if request.method == "GET":
        return _render(request, page, "consultations/answer.html", context)

    # POST: whatever goes wrong, the typed answers come back in the form
    if not eligibility.allowed:
        context["refusal"] = eligibility.reason
        return _render(request, page, "consultations/answer.html", context, 403)
    retry_after = (
        None
        if request.user.is_authenticated
        else services.over_rate_limit(request, "answer")
    )
    if retry_after is not None:
        context["refusal"] = _(
            "Too many responses were sent from your network. Please try again later."
        )
        return _too_many(
            request, page, "consultations/answer.html", context, retry_after
        )
    if not form.is_valid():
        return _render(request, page, "consultations/answer.html", context, 400)
    try:
        response = services.save_response(
            page, request.user, form, language=get_language(), response=existing
        )
    except services.DuplicateResponse:
        context["refusal"] = _(
            "You have already responded to this consultation; a second response is "
            "not possible. Reload the page to change your response."
        )
        return _render(request, page, "consultations/answer.html", context, 409)
    services.send_receipt(response, page, request, changed=existing is not None)
    if not request.user.is_authenticated:
        receipts = request.session.get(SESSION_RECEIPTS, [])
        request.session[SESSION_RECEIPTS] = [*receipts, response.receipt][-20:]
    messages.success(
        request,
        _("Your response was changed.")
        if existing
        else _("Thank you for taking part."),
    )
    return redirect(_page_url(request, page, f"receipt/{response.receipt}/"))


def _too_many(request, page, template, context, retry_after):
    """The form again with the refusal, 429 and ``Retry-After``."""
    response = _render(request, page, template, context, 429)
    response["Retry-After"] = str(retry_after)
    return response


def _own_response(request, page, receipt):
    response = (
        Response.objects.filter(consultation=page.canonical, receipt=receipt)
        .select_related("consultation")
        .first()
    )
    if response is None:
        raise Http404
    own = (
        request.user.is_authenticated and response.user_id == request.user.pk
    ) or receipt in request.session.get(SESSION_RECEIPTS, [])
    if not own:
        raise Http404
    return response


@page_view(ConsultationPage, "receipt")
def receipt(request, page, receipt):
    response = _own_response(request, page, receipt)
    # the files the signed-in respondent attached, as links to the
    # permission-checked download (a respondent known only by the session
    # sees the file name: the download asks for the account)
    files = {}
    if request.user.is_authenticated and response.user_id == request.user.pk:
        files = {item.question: item for item in response.attachments.all()}
    answers = [
        (
            question,
            display_answer(question, response.answers.get(question.id)),
            files.get(question.id),
        )
        for question in questions_of(page)
    ]
    return _render(
        request,
        page,
        "consultations/receipt.html",
        {
            "response": response,
            "answers": answers,
            "can_edit": page.canonical.is_open and response.user_id is not None,
        },
    )


@page_view(ConsultationPage, "receipt_pdf")
def receipt_pdf(request, page, receipt):
    """The signed receipt (PDF with verification code) of one's own response."""
    response = _own_response(request, page, receipt)
    document = issue_receipt(response, page)
    download = HttpResponse(document.read(), content_type="application/pdf")
    download["Content-Disposition"] = (
        f'attachment; filename="eingangsbestaetigung-{response.receipt}.pdf"'
    )
    return download


# --- results ---------------------------------------------------------------------------
def with_bars(rows, values):
    """The rows of a horizontal bar chart (``includes/bar_chart.html``), each with
    ``bar_percent``: its value in per cent of the largest one.

    Each row is a dict with ``label`` and ``value`` (the text beside the bar).
    The template draws labels and values as HTML text (they wrap and keep
    their size on a phone) and each bar as a small SVG stretched to its
    row's width (no inline styles: CSP).
    """
    top = max(values, default=0) or 1
    return [
        {**row, "bar_percent": round(100 * value / top, 1)}
        for row, value in zip(rows, values, strict=True)
    ]


def chart_geometry(figure):
    """The bar chart of one closed question: a ranking gives the best (lowest)
    average rank the longest bar; other questions the most answers."""
    items = figure["items"]
    if figure["question"].kind == "ranking":
        values = [
            len(items) + 1 - item["avg_rank"] if item["avg_rank"] else 0
            for item in items
        ]
        texts = [
            _("rank %(rank)s") % {"rank": number_format(item["avg_rank"], 2)}
            if item["avg_rank"]
            else "–"
            for item in items
        ]
    else:
        values = [item["count"] for item in items]
        texts = [
            f"{localize(item['count'])} ({number_format(item['percent'], 1)} %)"
            for item in items
        ]
    rows = [{**item, "value": text} for item, text in zip(items, texts, strict=True)]
    return {**figure, "rows": with_bars(rows, values)}


@page_view(ConsultationPage, "results")
def results(request, page):
    if not services.may_see_results(page, request.user):
        if page.canonical.council_interim_results and not (
            request.user.is_authenticated
        ):
            # The link on the consultation page: council members log in first.
            return redirect_to_login(request.get_full_path())
        raise Http404
    interim = page.canonical.phase != Phase.RESULTS
    total, figures = services.tallies(page)
    version = services.results_version(page.canonical.pk)
    # the count per results version (every statement saved or deleted bumps it)
    page_obj = paginate(
        request,
        services.public_statements(page),
        STATEMENTS_PER_PAGE,
        cached=True,
        count_key=f"consultation-statements:{page.canonical.pk}:{version}",
    )
    return _render(
        request,
        page,
        "consultations/results.html",
        {
            "total": total,
            "figures_html": figures_html(request, page, figures, interim),
            "statements_html": statements_html(request, page, page_obj, version),
            "page_obj": page_obj,
            "interim": interim,
        },
    )


def statements_html(request, page, page_obj, version):
    """The page's public statements with their replies
    (``includes/result_statements.html``), rendered once per results version
    (every statement saved or deleted bumps it), content version (the
    questions' labels), language page and page number, then kept in the
    cache: on a hit the statements are not loaded (issue #27). A preview
    renders them every time."""
    key = versioned_key(
        "consultation-statements",
        page.pk,
        version,
        get_language(),
        page_obj.number,
    )
    preview = getattr(request, "is_preview", False)
    html = None if preview else cache.get(key)
    if html is None:
        questions = {q.id: q for q in questions_of(page)}
        sections = {child.id: child.value["heading"] for child in page.sections}
        statements = list(page_obj)
        for statement in statements:
            question = questions.get(statement.question)
            statement.topic_label = (
                question.label if question else sections.get(statement.section, "")
            )
        html = render_to_string(
            "consultations/includes/result_statements.html",
            {"statements": statements},
        )
        if not preview:
            cache.set(key, html, FIGURES_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine


def figures_html(request, page, figures, interim):
    """The charts and tables of the closed questions
    (``includes/result_figures.html``), rendered once per count of the
    answers (``services.results_version``, bumped by every response and
    statement), content version (the questions' labels), language and
    phase, then kept in the cache: a fresh render of the results page reads
    them with one cache read (issue #27). A preview renders them every time."""
    canonical = page.canonical
    key = versioned_key(
        "consultation-figures",
        page.pk,
        services.results_version(canonical.pk),
        get_language(),
        interim,
    )
    preview = getattr(request, "is_preview", False)
    html = None if preview else cache.get(key)
    if html is None:
        html = render_to_string(
            "consultations/includes/result_figures.html",
            {"figures": [chart_geometry(figure) for figure in figures]},
        )
        if not preview:
            cache.set(key, html, FIGURES_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine


# --- comments and flags ------------------------------------------------------------------
@page_view(ConsultationPage, "comment")
def comment(request, page):
    rules = page.canonical
    if not rules.allow_comments:
        raise Http404
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    url = _page_url(request, page, "comment/")
    eligibility = services.eligibility(request, page, url)
    sections = [(child.id, child.value["heading"]) for child in page.sections]
    signed_in = request.user.is_authenticated
    form = CommentForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        signed_in=signed_in,
        initial={"section": request.GET.get("section", "")},
    )
    context = {"form": form, "eligibility": eligibility, "refusal": ""}
    if request.method == "GET":
        return _render(request, page, "consultations/comment.html", context)
    if not eligibility.allowed:
        context["refusal"] = eligibility.reason
        return _render(request, page, "consultations/comment.html", context, 403)
    retry_after = services.over_rate_limit(request, "comment")
    if retry_after is not None:
        context["refusal"] = _(
            "Too many comments were sent from your network. Please try again later."
        )
        return _too_many(
            request, page, "consultations/comment.html", context, retry_after
        )
    if not form.is_valid():
        return _render(request, page, "consultations/comment.html", context, 400)
    pre = rules.moderation == ModerationMode.PRE
    statement = Statement.objects.create(
        consultation=page.canonical,
        channel=Channel.COMMENT,
        section=form.cleaned_data.get("section") or "",
        author=request.user if signed_in else None,
        author_name=form.cleaned_data["author_name"],
        author_contact=form.cleaned_data.get("author_contact") or "",
        text=form.cleaned_data["text"],
        is_public=True,
        status=StatementStatus.PENDING if pre else StatementStatus.PUBLISHED,
    )
    if not pre:
        services.statement_changed(statement)
    messages.success(
        request,
        _("Thank you. Your comment will appear after moderation.")
        if pre
        else _("Thank you. Your comment is published."),
    )
    return redirect(_page_url(request, page) + "#comments")


def _fingerprint(request):
    if request.user.is_authenticated:
        source = f"user:{request.user.pk}"
    else:
        if not request.session.session_key:
            request.session.save()
        source = f"session:{request.session.session_key}"
    return hashlib.sha256(source.encode()).hexdigest()


@page_view(ConsultationPage, "flag")
@ratelimit.throttle("comment-flag", "FLAG")
def flag(request, page, statement_id):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    statement = Statement.objects.filter(
        pk=statement_id,
        consultation=page.canonical,
        channel=Channel.COMMENT,
        status=StatementStatus.PUBLISHED,
    ).first()
    if statement is None:
        raise Http404
    if request.method == "GET":
        return _render(
            request, page, "consultations/flag.html", {"statement": statement}
        )
    try:
        with transaction.atomic():
            StatementFlag.objects.create(
                statement=statement, fingerprint=_fingerprint(request)
            )
            Statement.objects.filter(pk=statement.pk).update(
                flag_count=F("flag_count") + 1, needs_review=True
            )
    except IntegrityError:
        pass  # flagged by this visitor before: once is enough
    messages.success(request, _("Thank you. A moderator will look at the comment."))
    return redirect(_page_url(request, page) + "#comments")


# --- account area --------------------------------------------------------------------------
@login_required
def my_responses(request):
    responses = (
        Response.objects.filter(user=request.user)
        .select_related("consultation")
        .prefetch_related("attachments")
        .order_by("-created_at")
    )
    statements = (
        Statement.objects.filter(author=request.user)
        .exclude(channel=Channel.QUESTIONNAIRE)
        .select_related("consultation")
        .order_by("-created_at")
    )
    items = []
    for response in responses:
        rules = response.consultation  # the German page: its dates count
        consultation = rules.localized
        items.append(
            {
                "response": response,
                "consultation": consultation,
                "url": consultation.get_url(request),
                "open": rules.phase_at(timezone.now()) == Phase.OPEN,
                "results": rules.phase == Phase.RESULTS,
                "attachments": list(response.attachments.all()),
            }
        )
    return TemplateResponse(
        request,
        "consultations/my_responses.html",
        {"items": items, "statements": statements},
    )


@login_required
def attachment(request, pk):
    """A file the signed-in user attached to their own response (staff read
    attachments in the admin: ``admin_views.attachment``)."""
    item = get_object_or_404(Attachment, pk=pk, response__user=request.user)
    return private_file_response(item.file, item.original_name)
