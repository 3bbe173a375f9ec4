"""Citizen proposals and participatory budgets at scale (#25): the proposal
list and its Atom feed with 1,000 and 10,000 proposals, the budget results and
their CSV/XLSX export with 1,000 and 50,000 ballots.

Usage (a migrated database with the demo, e.g. after ``make demo``)::

    .venv/bin/python bench/participation.py [--proposals 10000] \\
        [--ballots 50000] [--runs 20] [--write docs/performance.md]

The script adds a proposal process in its supporting phase and a budget with
published results below the demo's participation section (German pages
``bench-vorschlaege`` and ``bench-buergerbudget``). The process gets generated
proposals (published, spread over the topics and two months, one in ten
answered by the administration, one in twenty with an image) with 0 to 40
supports each; the budget gets 30 projects and generated ballots (knapsack,
one in ten on paper, 1 to 6 projects each), all written with ``bulk_create``.
This happens in two steps, 1,000 proposals and ballots and then up to
``--proposals`` and ``--ballots``, and after each step every address is timed
in-process with Django's test client: median and 95th percentile over ``--runs``
requests, each one a fresh render (the cache is cleared before every request,
so no page or fragment cache helps), and the number of SQL queries of one
request. Equal query counts at both sizes are what "queries constant" means; the
tallies (supports per proposal, votes per project, ballots) are ``COUNT``s in
SQL, so the number of rows read into Python does not grow with the ballots.
Both pages, with everything on them, are deleted at the end.
"""

import argparse
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from common import percentile, setup_django, table, write_section

setup_django()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from consultations.models import (  # noqa: E402
    Assessment,
    Ballot,
    BallotChannel,
    BudgetPage,
    BudgetProject,
    ConsultationIndexPage,
    Participation,
    Proposal,
    ProposalProcessPage,
    ProposalStatus,
    ProposalSupport,
    Topic,
    VotingRule,
)
from portal.demo import Demo  # noqa: E402
from portal.models import PortalImage  # noqa: E402

START = "<!-- participation-bench:start -->"
END = "<!-- participation-bench:end -->"
PROCESS_SLUG = "bench-vorschlaege"
BUDGET_SLUG = "bench-buergerbudget"
IMAGE_TITLE = "Benchmark-Vorschlag {n}"
BATCH = 2000
PROJECTS = 30
TOTAL_AMOUNT = 100_000


def create_pages(demo):
    """The proposal process and the budget, both German and live."""
    index = ConsultationIndexPage.objects.filter(locale=demo.de).first()
    if index is None:
        sys.exit("No participation section: load the demo first (make demo).")
    now = timezone.now()
    day = timedelta(days=1)
    process = demo.page(
        index,
        ProposalProcessPage,
        PROCESS_SLUG,
        title="Benchmark: Vorschläge",
        intro="Erzeugte Vorschläge für den Benchmark.",
        opens_at=now - 60 * day,
        collecting_until=now - day,
        closes_at=now + 30 * day,
        participation=Participation.ACCOUNT,
        support_threshold=30,
    )
    budget = demo.page(
        index,
        BudgetPage,
        BUDGET_SLUG,
        title="Benchmark: Bürgerbudget",
        intro="Erzeugte Stimmzettel für den Benchmark.",
        total_amount=TOTAL_AMOUNT,
        voting_rule=VotingRule.KNAPSACK,
        opens_at=now - 60 * day,
        closes_at=now - 30 * day,
        results_published_at=now - 20 * day,
        participation=Participation.ACCOUNT,
    )
    rng = random.Random(25)
    BudgetProject.objects.bulk_create(
        BudgetProject(
            budget=budget,
            title=f"Projekt {n:02d}: {rng.choice(['Bänke', 'Bäume', 'Spielplatz'])}",
            description="Erzeugt für den Benchmark.",
            cost=rng.randrange(2_000, 40_000, 500),
            sort_order=n,
        )
        for n in range(1, PROJECTS + 1)
    )
    images = [
        demo.image(IMAGE_TITLE.format(n=n), "Erzeugtes Bild", subject=subject)
        for n, subject in enumerate(("lake", "meadow", "forest"), start=1)
    ]
    return process, budget, images


def add_proposals(process, images, count, rng):
    """``count`` published proposals with supports, in batches."""
    topics = Topic.values
    answers = Assessment.values
    now = timezone.now()
    made = process.proposals.count()
    goal = made + count
    while made < goal:
        batch, dates = [], []
        for n in range(made, min(made + BATCH, goal)):
            created = now - timedelta(minutes=rng.randint(60, 59 * 24 * 60))
            dates.append(created)
            assessed = n % 10 == 0
            batch.append(
                Proposal(
                    process=process,
                    title=f"Vorschlag {n}: mehr Grün am Platz {rng.randint(1, 400)}",
                    text="Generiert für den Benchmark. " * rng.randint(3, 30),
                    topic=rng.choice(topics),
                    place=f"Straße {rng.randint(1, 400)}",
                    estimated_cost=rng.randrange(500, 50_000, 500),
                    image=images[n % len(images)] if n % 20 == 0 else None,
                    status=ProposalStatus.PUBLISHED,
                    threshold_reached_at=created + timedelta(days=3)
                    if assessed
                    else None,
                    assessment=rng.choice(answers) if assessed else "",
                    assessment_text="Begründung der Verwaltung." if assessed else "",
                    assessed_at=created + timedelta(days=10) if assessed else None,
                )
            )
        proposals = Proposal.objects.bulk_create(batch)
        # created_at is auto_now_add: spread it over two months afterwards
        for proposal, created in zip(proposals, dates, strict=True):
            proposal.created_at = created
        Proposal.objects.bulk_update(proposals, ["created_at"], batch_size=500)
        ProposalSupport.objects.bulk_create(
            (
                ProposalSupport(
                    proposal=proposal, person_hash=f"bench-{rng.getrandbits(96):024x}"
                )
                for proposal in proposals
                for _support in range(rng.randint(0, 40))
            ),
            batch_size=5000,
        )
        made += len(batch)


def add_ballots(budget, count, rng):
    """``count`` ballots (one in ten on paper) within the budget, in batches."""
    projects = list(budget.projects.all())
    Choice = Ballot.projects.through
    made = 0
    while made < count:
        ballots = Ballot.objects.bulk_create(
            Ballot(
                budget=budget,
                person_hash=f"bench-{rng.getrandbits(96):024x}",
                channel=BallotChannel.PAPER if rng.random() < 0.1 else "online",
            )
            for _n in range(min(BATCH, count - made))
        )
        choices = []
        for ballot in ballots:
            total = 0
            for project in rng.sample(projects, rng.randint(1, 6)):
                if total + project.cost <= budget.total_amount:
                    total += project.cost
                    choices.append(Choice(ballot=ballot, budgetproject=project))
        Choice.objects.bulk_create(choices, batch_size=5000)
        made += len(ballots)


def addresses(process, budget):
    """(label, URL) of what is timed, the German addresses."""
    proposals = process.get_url()
    results = budget.get_url() + budget.reverse_subpage("results")
    return [
        ("proposal list", proposals),
        ("proposal list, page 50", proposals + "?page=50"),
        (
            "proposal list, one topic, newest first",
            proposals + "?topic=traffic&sort=newest",
        ),
        ("proposal Atom feed", proposals + "feed/"),
        ("budget results", results),
        ("budget results CSV", budget.get_url() + "results/csv/"),
        ("budget results XLSX", budget.get_url() + "results/xlsx/"),
    ]


def measure(runs, targets):
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0].lstrip(".") or "localhost")
    figures = []
    for label, url in targets:
        timings = []
        for _run in range(runs):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        figures.append(
            (
                label,
                url,
                percentile(timings, 0.5),
                percentile(timings, 0.95),
                len(queries),
            )
        )
        print(
            f"{label}: {figures[-1][2]:.0f} ms, {len(queries)} queries", file=sys.stderr
        )
    return figures


def remove():
    """The bench pages with their proposals, supports and ballots, and the
    bench images (rows first in bulk, so the page delete has little to do)."""
    for page in ProposalProcessPage.objects.filter(slug=PROCESS_SLUG):
        ProposalSupport.objects.filter(proposal__process=page).delete()
        Proposal.objects.filter(process=page).delete()
        page.delete()
    for page in BudgetPage.objects.filter(slug=BUDGET_SLUG):
        Ballot.projects.through.objects.filter(ballot__budget=page).delete()
        Ballot.objects.filter(budget=page).delete()
        page.delete()
    for n in range(1, 4):
        for image in PortalImage.objects.filter(title=IMAGE_TITLE.format(n=n)):
            image.delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--ballots", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--write", help="a Markdown file to write the section into")
    args = parser.parse_args()

    rng = random.Random(25)
    demo = Demo()
    remove()
    results = []
    try:
        process, budget, images = create_pages(demo)
        targets = addresses(process, budget)
        add_proposals(process, images, 1000, rng)
        add_ballots(budget, 1000, rng)
        small = (process.proposals.count(), budget.ballots.count())
        results.append(measure(args.runs, targets))
        add_proposals(process, images, max(0, args.proposals - 1000), rng)
        add_ballots(budget, max(0, args.ballots - 1000), rng)
        full = (process.proposals.count(), budget.ballots.count())
        supports = ProposalSupport.objects.filter(proposal__process=process).count()
        choices = Ballot.projects.through.objects.filter(ballot__budget=budget).count()
        results.append(measure(args.runs, targets))
    finally:
        remove()

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    text = "\n".join(
        [
            START,
            f"Measured {stamp} on {platform.node()} ({os.cpu_count()} cores, load "
            f"average {load} at the end), {connection.vendor}, development settings "
            "with DEBUG off, in-process test client; "
            f"{args.runs} fresh renders per address (cache cleared before each). "
            f"Proposals: {small[0]:,} and {full[0]:,} ({supports:,} supports at the "
            f"full size); ballots: {small[1]:,} and {full[1]:,} ({choices:,} chosen "
            f"projects at the full size), {PROJECTS} projects. Command: "
            f"`.venv/bin/python bench/participation.py --proposals {args.proposals} "
            f"--ballots {args.ballots} --runs {args.runs}`.",
            "",
            *table(results),
            END,
        ]
    )
    print(text)
    if args.write:
        write_section(
            args.write,
            text,
            START,
            END,
            heading="Citizen proposals and participatory budgets at scale",
        )


if __name__ == "__main__":
    main()
