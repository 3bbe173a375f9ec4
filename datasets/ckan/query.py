"""A small, strict parser for the Solr-style ``fq`` (and ``q``) of CKAN's package_search.

Harvesters send filter queries such as::

    metadata_modified:[2025-01-01T00:00:00Z TO *]
    organization:amt-crivitz OR organization:gemeinde-plate
    -organization:amt-crivitz
    groups:envi tags:"Öffentliche Toiletten" res_format:CSV

The parser accepts this subset of the Lucene syntax: ``field:value`` clauses with
bare, quoted, ranged (``[a TO b]``, ``{a TO b}``, ``*`` for open ends) or grouped
(``field:(a OR b)``) values; ``AND``, ``OR``, ``NOT``, ``+``, ``-``, ``&&``, ``||``
and parentheses; adjacent clauses are joined with AND (looser than OR, so that
space-joined filter terms each stay whole). ``*:*`` matches all.
Anything else raises :class:`QueryError`, which the API turns into a CKAN
"Search Query Error" (HTTP 400) — never a server error.

The result is a ``Q`` object on :class:`datasets.models.DatasetPage`.
"""

import re
from datetime import UTC, datetime, time, timedelta

from django.db.models import Q

from datasets import vocabularies as voc

MAX_LENGTH = 2000
MAX_DEPTH = 20
MAX_CLAUSES = 100


class QueryError(ValueError):
    """The query is not in the supported syntax."""


# CKAN field -> (ORM lookup, kind)
FIELDS = {
    "organization": ("publisher__slug", "text"),
    "owner_org": ("publisher__slug", "text"),
    "groups": ("themes__code", "group"),
    "tags": ("tagged_items__tag__name", "text"),
    "res_format": ("distributions__format", "format"),
    "license_id": ("licence", "licence"),
    "name": ("slug", "text"),
    "id": ("translation_key", "uuid"),
    "title": ("title", "contains"),
    "text": ("", "fulltext"),
    "metadata_modified": ("metadata_modified", "date"),
    "metadata_created": ("first_published_at", "date"),
}

TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<quoted>"(?:[^"\\]|\\.)*")
  | (?P<and>&&)
  | (?P<or>\|\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<lrange>[\[{])
  | (?P<rrange>[\]}])
  | (?P<colon>:)
  | (?P<plus>\+)
  | (?P<minus>-)
  | (?P<bang>!)
  | (?P<word>(?:[^\s"():\[\]{}\\]|\\.|(?<=\d):)+)
    """,
    re.VERBOSE,
)


def tokenize(text):
    tokens = []
    position = 0
    while position < len(text):
        match = TOKEN_RE.match(text, position)
        if match is None:
            raise QueryError(f"Unexpected character at position {position}")
        kind = match.lastgroup
        value = match.group()
        position = match.end()
        if kind == "ws":
            continue
        if kind == "word":
            # A minus inside a word (dates, slugs) belongs to the word; a
            # leading one was matched as "minus" above.
            if value in {"AND", "OR", "NOT", "TO"}:
                kind = value.lower()
            value = re.sub(r"\\(.)", r"\1", value)
        elif kind == "quoted":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        elif kind == "and":
            kind = "and"
        elif kind == "or":
            kind = "or"
        elif kind == "bang":
            kind = "not"
        tokens.append((kind, value))
    return tokens


class Parser:
    def __init__(self, text):
        if len(text) > MAX_LENGTH:
            raise QueryError("The query is too long")
        self.tokens = tokenize(text)
        self.position = 0
        self.depth = 0
        self.clauses = 0

    # --- helpers -----------------------------------------------------------------------
    def peek(self, offset=0):
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self, kind=None):
        token = self.peek()
        if token[0] is None:
            raise QueryError("Unexpected end of query")
        if kind is not None and token[0] != kind:
            raise QueryError(f"Expected {kind}, found '{token[1]}'")
        self.position += 1
        return token

    # --- grammar -----------------------------------------------------------------------
    def parse(self):
        if not self.tokens:
            return Q()
        result = self.expression()
        if self.peek()[0] is not None:
            raise QueryError(f"Unexpected '{self.peek()[1]}'")
        return result

    def expression(self):
        """Clauses side by side are ANDed, and bind looser than ``OR``.

        Harvesters join their filter terms with spaces (ckanext-harvest sends
        ``organization:a OR organization:b metadata_modified:[... TO *]``); each
        term is meant as a whole, so ``a OR b c`` is ``(a OR b) AND c``.
        """
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError("The query is nested too deeply")
        result = self.disjunction()
        while self.peek()[0] in {"word", "quoted", "lparen", "minus", "plus", "not"}:
            result = result & self.disjunction()
        self.depth -= 1
        return result

    def disjunction(self):
        result = self.conjunction()
        while self.peek()[0] == "or":
            self.take()
            result = result | self.conjunction()
        return result

    def conjunction(self):
        result = self.unary()
        while self.peek()[0] == "and":
            self.take()
            result = result & self.unary()
        return result

    def unary(self):
        kind = self.peek()[0]
        if kind in {"minus", "not"}:
            self.take()
            return ~self.unary()
        if kind == "plus":
            self.take()
            return self.unary()
        return self.primary()

    def primary(self):
        kind, value = self.peek()
        if kind == "lparen":
            self.take()
            result = self.expression()
            self.take("rparen")
            return result
        if kind not in {"word", "quoted"}:
            raise QueryError(f"Expected a field:value clause, found '{value}'")
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError("The query has too many clauses")
        self.take()
        if self.peek()[0] != "colon":
            if kind == "word" and value == "*:*":
                return Q()
            raise QueryError(f"Expected field:value, found '{value}'")
        self.take("colon")
        if value == "*" and self.peek() == ("word", "*"):
            self.take()
            return Q()
        if value not in FIELDS:
            raise QueryError(f"Unknown field '{value}'")
        return self.field_value(value)

    def field_value(self, field):
        kind, value = self.peek()
        if kind == "lrange":
            return self.range(field)
        if kind == "lparen":
            self.take()
            result = self.value_group(field)
            self.take("rparen")
            return result
        if kind in {"word", "quoted"}:
            self.take()
            return clause(field, value)
        raise QueryError(f"Missing value for field '{field}'")

    def value_group(self, field):
        result = self.value_term(field)
        while True:
            kind = self.peek()[0]
            if kind == "or":
                self.take()
                result = result | self.value_term(field)
            elif kind == "and":
                self.take()
                result = result & self.value_term(field)
            elif kind in {"word", "quoted"}:
                result = result | self.value_term(field)
            else:
                return result

    def value_term(self, field):
        kind, value = self.take()
        if kind not in {"word", "quoted"}:
            raise QueryError(f"Expected a value for '{field}', found '{value}'")
        return clause(field, value)

    def range(self, field):
        opening = self.take("lrange")[1]
        low = self.take()
        if low[0] not in {"word", "quoted"}:
            raise QueryError("Expected the lower end of the range")
        self.take("to")
        high = self.take()
        if high[0] not in {"word", "quoted"}:
            raise QueryError("Expected the upper end of the range")
        closing = self.take("rrange")[1]
        return range_clause(field, low[1], high[1], opening == "[", closing == "]")


def clause(field, value):
    lookup, kind = FIELDS[field]
    if value == "*":
        if kind == "fulltext":
            return Q()
        return ~Q(**{f"{lookup}__isnull": True})
    if kind == "group":
        return Q(**{lookup: value.upper()})
    if kind == "format":
        return Q(**{f"{lookup}__iexact": value.replace("-", "_")})
    if kind == "licence":
        prefix = voc.LICENCE_SCHEME + "/"
        return Q(**{lookup: value.removeprefix(prefix)})
    if kind == "uuid":
        if not re.fullmatch(r"[0-9a-fA-F-]{32,36}", value):
            return Q(pk__in=[])
        return Q(**{lookup: value})
    if kind == "contains":
        return Q(**{f"{lookup}__icontains": value})
    if kind == "fulltext":
        return (
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(tagged_items__tag__name__icontains=value)
        )
    if kind == "date":
        moment = parse_date(value)
        return Q(**{lookup: moment})
    return Q(**{lookup: value})


def range_clause(field, low, high, include_low, include_high):
    lookup, kind = FIELDS[field]
    if kind != "date":
        raise QueryError(f"Ranges are only supported on dates, not on '{field}'")
    result = Q()
    if low != "*":
        operator = "gte" if include_low else "gt"
        result &= Q(**{f"{lookup}__{operator}": parse_date(low)})
    if high != "*":
        operator = "lte" if include_high else "lt"
        result &= Q(**{f"{lookup}__{operator}": parse_date(high)})
    return result


DATE_MATH_RE = re.compile(
    r"^NOW(?:(?P<sign>[+-])(?P<amount>\d{1,6})(?P<unit>YEARS?|MONTHS?|DAYS?|HOURS?|MINUTES?|SECONDS?))?(?:/(?P<round>DAY|HOUR))?$"
)
UNIT_SECONDS = {
    "YEAR": 365 * 86400,
    "MONTH": 30 * 86400,
    "DAY": 86400,
    "HOUR": 3600,
    "MINUTE": 60,
    "SECOND": 1,
}


def parse_date(value):
    """An aware datetime from ISO 8601 (``Z`` or offset) or Solr's ``NOW±N UNIT``."""
    text = value.strip()
    match = DATE_MATH_RE.match(text)
    if match:
        moment = datetime.now(UTC)
        if match.group("amount"):
            seconds = (
                int(match.group("amount"))
                * UNIT_SECONDS[match.group("unit").rstrip("S")]
            )
            delta = timedelta(seconds=seconds)
            moment = moment + delta if match.group("sign") == "+" else moment - delta
        if match.group("round") == "DAY":
            moment = datetime.combine(moment.date(), time(), tzinfo=UTC)
        elif match.group("round") == "HOUR":
            moment = moment.replace(minute=0, second=0, microsecond=0)
        return moment
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"Invalid date '{value}'") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def parse_fq(text):
    """The ``Q`` for a filter query (raises :class:`QueryError`)."""
    return Parser(text or "").parse()


FIELD_CLAUSE_RE = re.compile(r"(^|[\s(+-])[A-Za-z_]+:")


def parse_q(text):
    """``q``: field queries like ``fq``, otherwise words that must all match."""
    text = (text or "").strip()
    if not text or text == "*:*":
        return Q()
    if FIELD_CLAUSE_RE.search(text):
        return parse_fq(text)
    result = Q()
    for word in text.split()[:20]:
        result &= clause("text", word.strip('"'))
    return result
