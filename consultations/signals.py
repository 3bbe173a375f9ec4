"""Signal receivers: results notices, stale caches, account deletion."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published

from accounts.privacy import account_deleting
from portal.shell import invalidate
from portal.storage import delete_file_with_row

from . import budgets, implementation, proposals, services
from .models import (
    Attachment,
    Ballot,
    BudgetProject,
    ConsultationPage,
    Milestone,
    Phase,
    Proposal,
    ProposalSupport,
    Response,
    Statement,
    TrackedItem,
)

# a replaced attachment, a deleted response (retention) leave no file behind
delete_file_with_row(Attachment, "file")


@receiver(page_published)
def results_published(sender, instance, **kwargs):
    page = instance.specific if hasattr(instance, "specific") else instance
    # the dates of the German page count, whichever version was published
    if isinstance(page, ConsultationPage) and page.canonical.phase == Phase.RESULTS:
        services.notify_results(page)


@receiver(post_save, sender=TrackedItem)
@receiver(post_delete, sender=TrackedItem)
@receiver(post_save, sender=Milestone)
@receiver(post_delete, sender=Milestone)
def tracked_item_saved(sender, instance, **kwargs):
    # the implementation, proposal and budget pages show the item
    invalidate()
    if kwargs.get("signal") is post_delete:
        return
    # the admin form saves the milestones after the item: tell the followers
    # of new milestones once everything is stored (each milestone once)
    item_id = instance.item_id if sender is Milestone else instance.pk
    transaction.on_commit(lambda: implementation.notify_milestones(item_id))


@receiver(post_save, sender=Proposal)
@receiver(post_delete, sender=Proposal)
def proposal_saved(sender, instance, **kwargs):
    # cached public pages and the feed list proposals
    invalidate()
    if kwargs.get("signal") is post_save and not instance.is_public:
        # rejected, withdrawn or merged: out of the site search (Wagtail's own
        # handler only adds published proposals, Proposal.get_indexed_objects)
        index.remove_object(instance)


@receiver(post_save, sender=BudgetProject)
@receiver(post_delete, sender=BudgetProject)
def budget_project_saved(sender, instance, **kwargs):
    invalidate()


@receiver(post_save, sender=Statement)
@receiver(post_delete, sender=Statement)
def statement_saved(sender, instance, **kwargs):
    services.statement_changed(instance)


@receiver(account_deleting)
def pseudonymise_account(sender, user, pseudonym, **kwargs):
    """Responses and comments stay (they were given to the consultation),
    detached from the account; the name shown on a comment becomes the pseudonym.
    A keyed marker per consultation keeps the person from answering again with a
    new account (``accounts.markers``)."""
    services.keep_response_markers(user)
    Response.objects.filter(user=user).update(user=None, person_hash=None)
    Statement.objects.filter(author=user).exclude(author_name="").update(
        author_name=pseudonym
    )
    Statement.objects.filter(author=user).update(author=None, author_contact="")


@receiver(account_deleting)
def detach_proposals(sender, user, pseudonym, **kwargs):
    """Proposals and supports stay (they count for the process), detached from
    the account; markers keep one support per person (``accounts.markers``)."""
    proposals.keep_support_markers(user)
    ProposalSupport.objects.filter(user=user).update(user=None, person_hash=None)
    Proposal.objects.filter(author=user).update(author=None)


@receiver(account_deleting)
def detach_ballots(sender, user, pseudonym, **kwargs):
    """Ballots stay counted, detached from the account; a marker keeps the
    person from voting again with a new account."""
    budgets.keep_ballot_markers(user)
    Ballot.objects.filter(user=user).update(user=None, person_hash=None)
