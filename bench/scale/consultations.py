"""Benchmark data of the consultations: 100 consultations, 100,000 responses."""

import datetime
from pathlib import Path

from django.utils import timezone

from consultations.demo import generate_responses, qid
from consultations.models import (
    Channel,
    ConsultationIndexPage,
    ConsultationPage,
    Participation,
    Statement,
    Topic,
)
from portal.demo_loader import read

# The questionnaire and the replied statements of every scale consultation
# (bench data: nothing here depends on a demo page or demo data file).
QUESTIONNAIRE_FILE = Path(__file__).parent / "questionnaire.yaml"
STATEMENTS_FILE = Path(__file__).parent / "statements.yaml"


def load_scale(demo, rng, consultations=100, responses=100_000):
    """100 consultations with 100,000 responses in total (benchmark data).

    One large consultation with published results carries half the responses
    (``/beteiligung/skala-ergebnisse/`` and its export are the bench targets).
    """
    big = responses // 2
    rest, extra = divmod(responses - big, consultations - 1)
    index = ConsultationIndexPage.objects.get(locale=demo.de)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    day = datetime.timedelta(days=1)
    topics = Topic.values
    template, statements = read(QUESTIONNAIRE_FILE), read(STATEMENTS_FILE)

    def questionnaire(slug):
        """The bench questionnaire with block ids of the consultation's own,
        as ``generate_responses`` expects them."""
        return [
            {**block, "id": qid(slug, n)} for n, block in enumerate(template, start=1)
        ]

    for n in range(consultations):
        slug = "skala-ergebnisse" if n == 0 else f"skala-{n:03d}"
        if index.get_children().filter(slug=slug).exists():
            continue
        closed = n % 3 == 0
        page = demo.page(
            index,
            ConsultationPage,
            slug,
            title=f"Skalierungs-Beteiligung {n:03d}",
            intro="Erzeugte Beteiligung für den Lasttest.",
            topic=topics[n % len(topics)],
            participation=Participation.ANYONE,
            opens_at=now - (200 if closed else 10) * day,
            closes_at=now - 100 * day if closed else now + 20 * day,
            results_published_at=now - 50 * day if closed else None,
            questions=questionnaire(slug),
        )
        count = big if n == 0 else rest + (1 if n <= extra else 0)
        generate_responses(page, count, rng)
        Statement.objects.bulk_create(
            Statement(
                consultation=page,
                channel=Channel.QUESTIONNAIRE,
                question=qid(slug, 6),
                text=f"{row['text']} ({i})",
                reply_outcome=row["reply_outcome"],
                reply_text=row["reply_text"],
            )
            for i in range(50 if n == 0 else 5)
            for row in statements
        )
