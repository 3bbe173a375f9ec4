"""Business rules of citizen proposals: who may propose and support, saving,
one support per person, the support threshold and its notification.

The participation rule is the consultations' one
(:func:`consultations.services.participant_eligibility`); the phases are the
process's own. Authors do not support their own proposal: submitting it is
their support, and counting it again would let a threshold of 1 be reached
by the author alone (docs/participation.md).
"""

import uuid

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from accounts import markers
from portal.models import Licence

from .models import (
    ModerationMode,
    Proposal,
    ProposalPhase,
    ProposalStatus,
    ProposalSupport,
)
from .services import Eligibility, _mail, participant_eligibility, person_of

SUPPORT_SCOPE = "consultations.proposal_support"


class SupportRefused(Exception):
    """A support that the rules do not allow; the message says why."""


def propose_eligibility(request, page, next_url):
    rules = page.canonical
    if not rules.may_propose:
        if rules.live and rules.phase == ProposalPhase.ANNOUNCED:
            return Eligibility(
                False,
                _("Proposals can be made from %(date)s.")
                % {"date": timezone.localtime(rules.opens_at).strftime("%d.%m.%Y")},
            )
        return Eligibility(False, _("New proposals are no longer accepted."))
    return require_account(
        request, participant_eligibility(request, rules, next_url), next_url
    )


def support_eligibility(request, page, next_url):
    rules = page.canonical
    if not rules.may_support:
        return Eligibility(False, _("Proposals can no longer be supported."))
    return require_account(
        request, participant_eligibility(request, rules, next_url), next_url
    )


def require_account(request, result, next_url):
    """Proposals and supports always need an account (one support per account),
    also where the process lets anyone take part."""
    if result.allowed and not request.user.is_authenticated:
        query = urlencode({REDIRECT_FIELD_NAME: next_url})
        return Eligibility(
            False,
            _("Please log in to take part."),
            f"{reverse('account_login')}?{query}",
            _("Log in"),
        )
    return result


def may_edit(proposal, user):
    """The author may change the text until the first support, while the process
    still collects proposals."""
    return (
        getattr(user, "is_authenticated", False)
        and proposal.author_id == user.pk
        and proposal.status in (ProposalStatus.PENDING, ProposalStatus.PUBLISHED)
        and proposal.process.may_propose
        and not proposal.supports.exists()
    )


def may_withdraw(proposal, user):
    return (
        getattr(user, "is_authenticated", False)
        and proposal.author_id == user.pk
        and proposal.status in (ProposalStatus.PENDING, ProposalStatus.PUBLISHED)
        and not proposal.assessment
    )


def save_proposal(page, user, form):
    """Create (or, for the author, change) a proposal from a valid form."""
    rules = page.canonical
    proposal = form.save(commit=False)
    if proposal.pk is None:
        proposal.process = rules
        proposal.author = user
        proposal.status = (
            ProposalStatus.PENDING
            if rules.moderation == ModerationMode.PRE
            else ProposalStatus.PUBLISHED
        )
    with transaction.atomic():
        attach_image(proposal, form)
        proposal.save()
    return proposal


def attach_image(proposal, form):
    """Store the form's cleaned photo as the proposal's image (replacing or
    removing the old one); change the alt text of the image it keeps.

    The file gets a name nobody can guess (not the uploader's), like a business
    logo before approval: templates show it only with a published proposal, or
    to its author."""
    old = proposal.image if proposal.image_id else None
    photo = form.clean_photo
    alt_text = " ".join(form.cleaned_data.get("image_alt", "").split())
    if photo is not None or form.cleaned_data.get("remove_image"):
        proposal.image = None
        if old is not None:
            old.delete()
    if photo is not None:
        photo.content.name = f"proposal-{uuid.uuid4().hex}.jpg"
        image = get_image_model()(
            title=proposal.title[:255],
            alt_text=alt_text,
            credit="",
            licence=Licence.PERMISSION,
            file=photo.content,
            width=photo.width,
            height=photo.height,
        )
        image.save()
        proposal.image = image
    elif proposal.image is not None and alt_text != proposal.image.alt_text:
        proposal.image.alt_text = alt_text
        proposal.image.save(update_fields=["alt_text"])


def has_supported(proposal, user):
    if not getattr(user, "is_authenticated", False):
        return False
    person_hash, _ags = person_of(user)
    supports = ProposalSupport.objects.filter(proposal=proposal)
    if supports.filter(user=user).exists():
        return True
    return bool(person_hash) and (
        supports.filter(person_hash=person_hash).exists()
        or markers.is_marked(person_hash, SUPPORT_SCOPE, proposal.pk)
    )


def support(proposal, user):
    """Record ``user``'s support; the unique constraints decide a race."""
    if not proposal.is_public:
        raise SupportRefused(_("This proposal cannot be supported."))
    if proposal.author_id == user.pk:
        raise SupportRefused(
            _("You made this proposal; your own proposal counts as your support.")
        )
    person_hash, _ags = person_of(user)
    if markers.is_marked(person_hash, SUPPORT_SCOPE, proposal.pk):
        raise SupportRefused(_("You have already supported this proposal."))
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(
                proposal=proposal, user=user, person_hash=person_hash
            )
    except IntegrityError as error:
        raise SupportRefused(_("You have already supported this proposal.")) from error
    check_threshold(proposal)


def check_threshold(proposal):
    """Mark the proposal for assessment and tell the office, once."""
    rules = proposal.process
    count = proposal.supports.count()
    if count < rules.support_threshold or proposal.threshold_reached_at:
        return False
    updated = Proposal.objects.filter(
        pk=proposal.pk, threshold_reached_at__isnull=True
    ).update(threshold_reached_at=timezone.now(), updated_at=F("updated_at"))
    if not updated:  # a concurrent support got there first
        return False
    if rules.contact_email:
        _mail(
            rules.contact_email,
            _("Proposal “%(title)s” reached %(count)s supports")
            % {"title": proposal.title, "count": count},
            "consultations/email/proposal_threshold.txt",
            {"proposal": proposal, "process": rules, "count": count},
            language="de",
        )
    return True


def notify_assessment(proposal, request=None):
    """Tell the author and every supporter with an account the reasoned answer."""
    recipients = {s.user for s in proposal.supports.select_related("user") if s.user}
    if proposal.author:
        recipients.add(proposal.author)
    url = proposal.process.get_full_url(request) + f"{proposal.pk}/"
    for user in recipients:
        _mail(
            user,
            _("Assessment of the proposal “%(title)s”") % {"title": proposal.title},
            "consultations/email/proposal_assessed.txt",
            {"proposal": proposal, "url": url},
        )
    return len(recipients)


def keep_support_markers(user):
    """Before an account is deleted: one support per person stays one."""
    for proposal_id, person_hash in ProposalSupport.objects.filter(
        user=user, person_hash__isnull=False
    ).values_list("proposal_id", "person_hash"):
        markers.keep(person_hash, SUPPORT_SCOPE, proposal_id)
