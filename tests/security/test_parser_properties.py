"""Property-based tests (hypothesis) for the parsers that take outside input.

Whatever a visitor, an API client or an editor sends, each parser either returns a
result or raises the one error type its callers turn into a clear message
(``QueryError``, ``ValidationError``); nothing else may escape, and the HTTP
endpoints built on them never answer 500.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasets.ckan.query import QueryError, parse_fq, parse_q
from datasets.models import DatasetPage
from datasets.preview import MAX_COLUMNS, Preview, preview_csv
from portal.opening_hours import DAY_KEYS, Exception_, OpeningHours, Period, Season
from tourism import gpx as gpx_module
from tourism.recurrence import build_rule, expand

BERLIN = ZoneInfo("Europe/Berlin")
FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
RRULE = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
WITH_DB = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces of the CKAN/Solr filter syntax, so that examples reach deep into the parser.
FQ_TOKENS = st.sampled_from(
    [
        "tags:",
        "groups:",
        "res_format:",
        "organization:",
        "metadata_modified:",
        "name:",
        "title:",
        "license_id:",
        "text:",
        "[",
        "]",
        " TO ",
        "NOW",
        "NOW-1DAY",
        "NOW/DAY",
        "*",
        "(",
        ")",
        '"',
        " AND ",
        " OR ",
        " NOT ",
        "+",
        "-",
        "2026-01-01T00:00:00Z",
        "wasser",
        "CSV",
        " ",
        "\\",
        "\x00",
        "ä",
        "'; DROP TABLE datasets;--",
    ]
)
fq_text = st.one_of(
    st.text(max_size=200), st.lists(FQ_TOKENS, max_size=25).map("".join)
)


@FAST
@given(fq_text)
def test_fq_parser_returns_q_or_query_error(text):
    for parse in (parse_fq, parse_q):
        try:
            result = parse(text)
        except QueryError:
            continue
        assert isinstance(result, Q)


@pytest.mark.django_db
@WITH_DB
@given(fq_text)
def test_fq_query_runs_on_the_database(text):
    """A parsed filter is a valid database query (no 500 from a bad lookup)."""
    try:
        query = parse_fq(text)
    except QueryError:
        return
    list(DatasetPage.objects.filter(query).values_list("pk", flat=True)[:5])


@pytest.mark.django_db
@WITH_DB
@given(fq=fq_text, q=fq_text, sort=st.text(max_size=40), rows=st.text(max_size=6))
def test_package_search_never_answers_500(client, fq, q, sort, rows):
    with override_settings(OPEN_DATA_RATE_LIMIT=0):
        response = client.get(
            "/api/3/action/package_search",
            {"fq": fq, "q": q, "sort": sort, "rows": rows},
        )
    assert response.status_code in (200, 400, 409), response.content[:300]
    assert response.json()["success"] is (response.status_code == 200)


# --- opening hours ------------------------------------------------------------------
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
dates = st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))
periods = st.builds(
    Period,
    days=st.lists(st.sampled_from(DAY_KEYS), unique=True).map(tuple),
    opens=times,
    closes=times,
)


@st.composite
def opening_hours(draw):
    seasons = []
    for _ in range(draw(st.integers(0, 3))):
        seasons.append(
            Season(
                starts=draw(dates),
                ends=draw(dates),
                periods=tuple(draw(st.lists(periods, max_size=3))),
                repeats_yearly=draw(st.booleans()),
            )
        )
    exceptions = []
    for _ in range(draw(st.integers(0, 3))):
        starts = draw(dates)
        closed = draw(st.booleans())
        exceptions.append(
            Exception_(
                starts=starts,
                ends=starts + datetime.timedelta(days=draw(st.integers(-3, 30))),
                closed=closed,
                opens=None if closed else draw(times),
                closes=None if closed else draw(times),
            )
        )
    return OpeningHours(
        regular=draw(st.lists(periods, max_size=6)),
        seasons=seasons,
        exceptions=exceptions,
    )


@FAST
@given(
    hours=opening_hours(),
    at=st.datetimes(datetime.datetime(2000, 1, 2), datetime.datetime(2100, 12, 30)).map(
        lambda moment: moment.replace(tzinfo=datetime.UTC)
    ),
)
def test_opening_hours_answer_every_question(hours, at):
    status = hours.status(at)
    interval = hours.current_interval(at)
    if interval is not None:
        start, end = interval
        assert start <= at < end
        assert status["open"] is True
    else:
        upcoming = hours.next_opening(at)
        assert upcoming is None or upcoming > at
    for day in hours.week(at.date()):
        assert isinstance(day["times"], list)


# --- recurrence rules (RRULE) --------------------------------------------------------
# Only FREQ=MONTHLY and YEARLY: sub-daily rules (FREQ=SECONDLY;INTERVAL=9999;…)
# make expand() step through every candidate second of the two-year horizon, and
# a DAILY or WEEKLY rule that never matches makes validation scan to the year
# 9999 — minutes of CPU; INTERVAL=0 loops for ever. Reported for the tourism app (docs/security.md, "Known
# gaps"); these tests cover the rest of the rule syntax.
DAILY_OR_LONGER = ["FREQ=MONTHLY", "FREQ=YEARLY"]
RRULE_PARTS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *DAILY_OR_LONGER,
                "BYDAY=SA",
                "BYDAY=MO,WE,FR",
                "BYDAY=-1SU",
                "BYDAY=5TU",
                "BYMONTH=11",
                "BYMONTHDAY=30",
                "BYMONTHDAY=-1",
                "BYSETPOS=-1",
                "WKST=SU",
                "UNTIL=20000101T000000Z",
                "UNTIL=20301231T235959Z",
                "UNTIL=2030",
                "DTSTART=20260101T000000",
                "RRULE:",
                "EXDATE=20260101",
            ]
        ),
        st.integers(-5, 10_000).map(lambda n: f"COUNT={n}"),
        st.integers(1, 10_000).map(lambda n: f"INTERVAL={n}"),  # 0: see below
        st.text(max_size=12),
    ),
    max_size=6,
).map(";".join)
starts = st.datetimes(datetime.datetime(1990, 1, 1), datetime.datetime(2090, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=BERLIN)
)


@RRULE
@given(
    rule=st.tuples(
        st.sampled_from([*DAILY_OR_LONGER, ""]),
        RRULE_PARTS,
    ).map(";".join),
    start=starts,
)
def test_rrule_validation_is_clean(rule, start):
    try:
        build_rule(rule, start.replace(tzinfo=None), BERLIN)
    except ValidationError:
        return


@RRULE
@given(
    rule=RRULE_PARTS,
    start=starts,
    hours=st.integers(0, 72),
    exceptions=st.lists(dates, max_size=5),
)
def test_rrule_expansion_is_bounded(rule, start, hours, exceptions):
    end = start + datetime.timedelta(hours=hours)
    try:
        occurrences = expand(start, end, rule, exceptions, limit=200)
    except ValidationError:
        return
    assert 0 <= len(occurrences) <= 200
    for occurrence_start, occurrence_end in occurrences:
        assert occurrence_start <= occurrence_end


# --- GPX --------------------------------------------------------------------------------
number = st.one_of(st.floats(-1000, 1000), st.just(float("nan")), st.just(1e308))
coordinates = st.tuples(number, number)


@st.composite
def gpx_documents(draw):
    points = "".join(
        f'<trkpt lat="{lat}" lon="{lon}"><ele>{draw(st.text(max_size=6))}</ele></trkpt>'
        for lat, lon in draw(st.lists(coordinates, max_size=8))
    )
    body = draw(
        st.sampled_from(
            [
                f"<trk><trkseg>{points}</trkseg></trk>",
                f"<rte>{points.replace('trkpt', 'rtept')}</rte>",
                points,
                "",
            ]
        )
    )
    root = draw(st.sampled_from(["gpx", "kml", "gpx:gpx"]))
    xmlns = ' xmlns="http://www.topografix.com/GPX/1/1"'
    return f'<?xml version="1.0"?><{root}{xmlns} version="1.1">{body}</{root}>'


@FAST
@given(st.one_of(st.binary(max_size=300), gpx_documents().map(str.encode)))
def test_gpx_parser_returns_summary_or_validation_error(data):
    try:
        summary = gpx_module.summarise(gpx_module.parse(data))
    except ValidationError:
        return
    assert summary is not None


def test_gpx_parser_refuses_entity_expansion():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx>&b;</gpx>'
    )
    with pytest.raises(ValidationError):
        gpx_module.parse(bomb)


# --- CSV preview ------------------------------------------------------------------------
CSV_PIECES = st.sampled_from(
    [",", ";", "\t", "|", '"', '""', "\n", "\r\n", "\r", "ä", "=1+1", "\x00", " "]
)
csv_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(CSV_PIECES, st.text(max_size=8)), max_size=80).map(
        lambda parts: "".join(parts).encode("utf-8", errors="surrogatepass")
    ),
    st.text(max_size=500).map(lambda text: text.encode("cp1252", errors="replace")),
)


@FAST
@given(csv_bytes)
def test_csv_preview_never_raises(data):
    preview = preview_csv(io.BytesIO(data), size=len(data))
    assert isinstance(preview, Preview)
    if not preview.error:
        assert len(preview.columns) <= MAX_COLUMNS
        assert all(len(row) <= MAX_COLUMNS for row in preview.rows)
