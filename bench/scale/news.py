"""Benchmark data of the home app: 50,000 news items."""

import datetime

from bench.scale.pages import bulk_pages
from home.models import NewsCategory, NewsIndexPage, NewsPage
from portal.models import Municipality

SCALE_NEWS = 50_000
SCALE_WORDS = [
    "Gemeinde",
    "Amt",
    "Straße",
    "Schule",
    "Kita",
    "Feuerwehr",
    "Haushalt",
    "Sitzung",
    "Wahl",
    "Fest",
    "Bauarbeiten",
    "Umleitung",
    "Sprechzeiten",
    "Bürgerbüro",
    "Abfall",
    "Wasser",
    "Radweg",
    "Spielplatz",
    "Verein",
    "Ehrenamt",
]


def load_scale(demo, rng):
    """50,000 news items below the news index (benchmark data, bulk inserted)."""
    index = NewsIndexPage.objects.filter(locale=demo.de).first()
    if index is None:
        return
    cats = list(NewsCategory.objects.filter(locale=demo.de).order_by("pk"))
    municipalities = list(Municipality.objects.filter(locale=demo.de))
    images = [
        page.teaser_image
        for page in NewsPage.objects.filter(locale=demo.de).exclude(teaser_image=None)
    ] or [None]
    start = datetime.date(2016, 1, 1)
    pages = []
    for number in range(1, SCALE_NEWS + 1):
        words = " ".join(rng.choice(SCALE_WORDS) for _ in range(5))
        title = f"{words} ({number})"
        intro = f"Meldung {number}: {words}. " * 3
        pages.append(
            NewsPage(
                title=title,
                slug=f"meldung-{number}",
                date=start + datetime.timedelta(days=rng.randrange(3650)),
                category=rng.choice(cats),
                municipality=rng.choice(municipalities),
                intro=intro.strip(),
                teaser_image=rng.choice(images),
                body=[("paragraph", f"<p>{intro}</p>")],
            )
        )
    bulk_pages(index, NewsPage, pages)
    demo.log(f"    {len(pages)} news items")
