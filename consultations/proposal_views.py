"""Front-end views of a proposal process (routes on ProposalProcessPage)."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.listing import filtered_listing
from portal.models import PortalRendition
from portal.view_registry import page_view

from . import implementation
from . import proposals as rules_of
from .forms import ProposalFilterForm, ProposalForm
from .models import (
    Assessment,
    Proposal,
    ProposalPhase,
    ProposalProcessPage,
    ProposalStatus,
)
from .services import over_rate_limit

PAGE_SIZE = 20
CARD_THUMBNAIL = "fill-240x160"  # as in proposal_process_page.html
FEED_SIZE = 30


@page_view(ProposalProcessPage, "process_context")
def process_context(request, page):
    rules = page.canonical
    # the cards' thumbnails in one query, not one per card with an image
    thumbnails = Prefetch(
        "image__renditions",
        queryset=PortalRendition.objects.filter(filter_spec=CARD_THUMBNAIL),
    )
    listing = filtered_listing(
        request,
        rules.public_proposals().prefetch_related(thumbnails),
        PAGE_SIZE,
        form_class=ProposalFilterForm,
    )
    counts = Proposal.objects.filter(
        process=rules, status=ProposalStatus.PUBLISHED
    ).aggregate(
        total=Count("id"),
        assessed=Count("id", filter=~Q(assessment="")),
    )
    return {
        "rules": rules,
        "phase": rules.phase,
        "ProposalPhase": ProposalPhase,
        "page_obj": listing.page_obj,
        "filter_form": listing.form,
        "counts": counts,
    }


def _render(request, page, template, context, status=200):
    context = {"page": page, "self": page, "rules": page.canonical, **context}
    return TemplateResponse(request, template, context, status=status)


def _public_or_own(page, request, proposal_id):
    """A published proposal, or the author's own (pending or withdrawn)."""
    proposal = (
        Proposal.objects.filter(pk=proposal_id, process=page.canonical)
        .select_related("process", "council_paper", "merged_into", "image")
        .first()
    )
    if proposal is None:
        raise Http404
    own = request.user.is_authenticated and proposal.author_id == request.user.pk
    if not (proposal.is_public or own or proposal.status == ProposalStatus.MERGED):
        raise Http404
    return proposal


def similar_proposals(page, title, exclude=None):
    """Published proposals whose title shares a longer word with ``title``."""
    words = [w for w in title.split() if len(w) >= 5][:6]
    if not words:
        return []
    query = Q()
    for word in words:
        query |= Q(title__icontains=word.strip(".,;:!?\"'()"))
    items = page.canonical.public_proposals().filter(query)
    if exclude:
        items = items.exclude(pk=exclude.pk)
    return list(items.order_by("-support_count")[:5])


@page_view(ProposalProcessPage, "submit")
def submit(request, page, proposal_id=None):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    url = page.get_url(request) + (
        "new/" if proposal_id is None else f"{proposal_id}/edit/"
    )
    eligibility = rules_of.propose_eligibility(request, page, url)
    instance = None
    if proposal_id is not None:
        instance = _public_or_own(page, request, proposal_id)
        if not rules_of.may_edit(instance, request.user):
            raise Http404
    form = ProposalForm(request.POST or None, request.FILES or None, instance=instance)
    context = {
        "form": form,
        "eligibility": eligibility,
        "refusal": "",
        "proposal": instance,
        "similar": [],
    }
    if request.method == "GET":
        return _render(request, page, "consultations/proposal_form.html", context)
    if not eligibility.allowed:
        context["refusal"] = eligibility.reason
        return _render(request, page, "consultations/proposal_form.html", context, 403)
    retry_after = None if instance is not None else over_rate_limit(request, "proposal")
    if retry_after is not None:
        context["refusal"] = _(
            "Too many proposals were sent from your network. Please try again later."
        )
        response = _render(
            request, page, "consultations/proposal_form.html", context, 429
        )
        response["Retry-After"] = str(retry_after)
        return response
    if not form.is_valid():
        return _render(request, page, "consultations/proposal_form.html", context, 400)
    similar = similar_proposals(page, form.cleaned_data["title"], exclude=instance)
    if instance is None and similar and not form.cleaned_data["confirm_new"]:
        context["similar"] = similar
        context["image_again"] = form.clean_photo is not None
        return _render(request, page, "consultations/proposal_form.html", context)
    proposal = rules_of.save_proposal(page, request.user, form)
    if instance is not None:
        messages.success(request, _("Your proposal was changed."))
    elif proposal.is_public:
        messages.success(request, _("Thank you: your proposal is published."))
    else:
        messages.success(
            request,
            _(
                "Thank you: your proposal is published as soon as a moderator has "
                "read it."
            ),
        )
    return redirect(page.get_url(request) + f"{proposal.pk}/")


@page_view(ProposalProcessPage, "detail")
def detail(request, page, proposal_id):
    proposal = _public_or_own(page, request, proposal_id)
    if proposal.status == ProposalStatus.MERGED and proposal.merged_into_id:
        return redirect(page.get_url(request) + f"{proposal.merged_into_id}/")
    user = request.user
    tracked = implementation.public_items_of("proposal", [proposal.pk]).get(proposal.pk)
    context = {
        "proposal": proposal,
        "tracked": tracked,
        "tracked_url": implementation.item_url(tracked, request) if tracked else "",
        "support_count": proposal.supports.count(),
        "supported": rules_of.has_supported(proposal, user),
        "own": user.is_authenticated and proposal.author_id == user.pk,
        "may_edit": rules_of.may_edit(proposal, user),
        "may_withdraw": rules_of.may_withdraw(proposal, user),
        "support_eligibility": rules_of.support_eligibility(
            request, page, page.get_url(request) + f"{proposal.pk}/"
        ),
        "Assessment": Assessment,
    }
    return _render(request, page, "consultations/proposal.html", context)


@page_view(ProposalProcessPage, "support")
def support(request, page, proposal_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    proposal = _public_or_own(page, request, proposal_id)
    target = page.get_url(request) + f"{proposal.pk}/"
    eligibility = rules_of.support_eligibility(request, page, target)
    if not eligibility.allowed:
        messages.error(request, eligibility.reason)
        return redirect(eligibility.action_url or target)
    try:
        rules_of.support(proposal, request.user)
    except rules_of.SupportRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Thank you for your support."))
    return redirect(target)


@page_view(ProposalProcessPage, "withdraw")
def withdraw(request, page, proposal_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    proposal = _public_or_own(page, request, proposal_id)
    if not rules_of.may_withdraw(proposal, request.user):
        raise Http404
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    messages.success(request, _("Your proposal was withdrawn."))
    return redirect(page.get_url(request))


# --- Atom feed of new proposals ----------------------------------------------------------
class ProposalFeed(Feed):
    """The newest published proposals of one process (no author, no pending,
    rejected or withdrawn proposal)."""

    feed_type = Atom1Feed

    def __init__(self, request, page):
        super().__init__()
        self.page = page
        self.base = page.get_full_url(request)

    def title(self):
        return _("New proposals: %(title)s") % {"title": self.page.title}

    def link(self):
        return self.base

    def feed_url(self):
        return f"{self.base}feed/"

    def subtitle(self):
        return self.page.intro

    def items(self):
        return Proposal.objects.filter(
            process=self.page.canonical, status=ProposalStatus.PUBLISHED
        ).order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, proposal):
        return proposal.title

    def item_description(self, proposal):
        return proposal.text

    def item_link(self, proposal):
        return f"{self.base}{proposal.pk}/"

    def item_guid(self, proposal):
        return self.item_link(proposal)

    def item_pubdate(self, proposal):
        return proposal.created_at

    def item_updateddate(self, proposal):
        return proposal.updated_at

    def item_categories(self, proposal):
        return [proposal.get_topic_display()]


@page_view(ProposalProcessPage, "feed")
def feed(request, page):
    response = ProposalFeed(request, page)(request)
    response["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response
