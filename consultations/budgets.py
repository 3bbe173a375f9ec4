"""Business rules of participatory budgets: who may vote, a valid ballot, one
ballot per person, the tally in SQL and the winners by the stated rule."""

import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts import markers

from .models import Ballot, BallotChannel, BudgetPhase, BudgetProject, VotingRule
from .proposals import require_account
from .services import Eligibility, participant_eligibility, person_of

BALLOT_SCOPE = "consultations.budget_ballot"
ID_DATA_SALT = "consultations.budgets.paper_ballot_id_data"
# paper ballots are entered while the vote runs and while it is counted
PAPER_PHASES = (BudgetPhase.VOTING, BudgetPhase.COUNTING)


class BallotRefused(Exception):
    """A ballot the rules do not allow; the message says why."""


def vote_eligibility(request, page, next_url):
    rules = page.canonical
    phase = rules.phase
    if not rules.live or phase != BudgetPhase.VOTING:
        if rules.live and phase == BudgetPhase.ANNOUNCED:
            return Eligibility(
                False,
                _("Voting opens on %(date)s.")
                % {"date": timezone.localtime(rules.opens_at).strftime("%d.%m.%Y")},
            )
        return Eligibility(False, _("The vote is closed."))
    result = participant_eligibility(request, rules, next_url)
    result = require_account(request, result, next_url)
    if result.allowed:
        person_hash, _ags = person_of(request.user)
        if markers.is_marked(person_hash, BALLOT_SCOPE, rules.pk):
            return Eligibility(
                False, _("You have already voted with an earlier account.")
            )
    return result


def check_choice(budget, projects):
    """Refuse a ballot over the budget or over the number of choices."""
    if budget.voting_rule == VotingRule.KNAPSACK:
        total = sum(project.cost for project in projects)
        if total > budget.total_amount:
            raise BallotRefused(
                _(
                    "Your choice costs %(total)s euros, more than the budget of "
                    "%(budget)s euros. Please remove a project."
                )
                % {
                    "total": number_format(total, force_grouping=True),
                    "budget": number_format(budget.total_amount, force_grouping=True),
                }
            )
    elif len(projects) > budget.max_choices:
        raise BallotRefused(
            _("Please choose at most %(count)s projects.")
            % {"count": budget.max_choices}
        )


def existing_ballot(budget, user):
    if not getattr(user, "is_authenticated", False):
        return None
    return Ballot.objects.filter(budget=budget.canonical, user=user).first()


def save_ballot(page, user, projects):
    """Create or change ``user``'s online ballot; all or nothing. An empty
    choice is a valid ballot (the voter chose none)."""
    budget = page.canonical
    check_choice(budget, projects)
    person_hash, _ags = person_of(user)
    try:
        with transaction.atomic():
            ballot = (
                Ballot.objects.select_for_update()
                .filter(budget=budget, user=user)
                .first()
            )
            if ballot is None:
                if (
                    person_hash
                    and Ballot.objects.filter(
                        budget=budget, person_hash=person_hash
                    ).exists()
                ):
                    raise BallotRefused(_("You have already voted."))
                ballot = Ballot.objects.create(
                    budget=budget,
                    user=user,
                    person_hash=person_hash,
                    channel=BallotChannel.ONLINE,
                )
            ballot.projects.set(projects)
            ballot.save(update_fields=["updated_at"])
    except IntegrityError as error:
        raise BallotRefused(_("You have already voted.")) from error
    return ballot


def save_paper_ballot(budget, person_hash, projects):
    """A paper ballot entered by staff; the person's verified pseudonym (from
    the identity check at the counter) stops a second vote in any channel."""
    budget = budget.canonical
    check_choice(budget, projects)
    if not person_hash or markers.is_marked(person_hash, BALLOT_SCOPE, budget.pk):
        raise BallotRefused(_("This person has already voted."))
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                budget=budget, person_hash=person_hash, channel=BallotChannel.PAPER
            )
            ballot.projects.set(projects)
    except IntegrityError as error:
        raise BallotRefused(_("This person has already voted.")) from error
    return ballot


def _normalised(value):
    """Case, accents as typed (NFKC), spaces and hyphen spacing do not matter."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return " ".join(text.replace("-", " - ").split())


def id_data_person_hash(family_name, given_names, date_of_birth, place_of_birth):
    """The pseudonym of a person identified at the counter by the data of their
    identity card (for people without a verified portal account).

    A keyed hash (``SAML_BPK_SALT``, or ``SECRET_KEY`` without BundID, with a
    salt of its own) of the normalised data: the same card read at any counter
    gives the same value, so one person gets one paper ballot, and the data
    cannot be read back from it. It is 64 hex digits like the pseudonym hash of
    a BundID login but never equal to one (BundID sends only the bPK2
    pseudonym, no name): a person with a verified account is identified by
    that account instead (``PaperBallotForm``)."""
    value = "\x1f".join(
        [
            _normalised(family_name),
            _normalised(given_names),
            date_of_birth.isoformat(),
            _normalised(place_of_birth),
        ]
    )
    secret = settings.SAML_BPK_SALT or settings.SECRET_KEY
    return salted_hmac(
        ID_DATA_SALT, value, secret=secret, algorithm="sha256"
    ).hexdigest()


def tally(budget):
    """Votes per project (one query) and the winners: most votes first, taken
    while they fit in the budget; ties are broken by the lower cost, then by
    the order on the ballot, so the result never depends on chance."""
    budget = budget.canonical
    projects = list(
        BudgetProject.objects.filter(budget=budget).annotate(votes=Count("ballots"))
    )
    projects.sort(key=lambda p: (-p.votes, p.cost, p.sort_order, p.pk))
    remaining = budget.total_amount
    for project in projects:
        project.wins = project.votes > 0 and project.cost <= remaining
        if project.wins:
            remaining -= project.cost
    ballots = Ballot.objects.filter(budget=budget)
    return {
        "projects": projects,
        "ballots": ballots.count(),
        "paper": ballots.filter(channel=BallotChannel.PAPER).count(),
        "spent": budget.total_amount - remaining,
        "remaining": remaining,
    }


def keep_ballot_markers(user):
    for budget_id, person_hash in Ballot.objects.filter(
        user=user, person_hash__isnull=False
    ).values_list("budget_id", "person_hash"):
        markers.keep(person_hash, BALLOT_SCOPE, budget_id)
