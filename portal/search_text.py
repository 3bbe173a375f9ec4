"""What visitors type into a search field, made safe for every search backend."""

import re

from wagtail.search.utils import normalise_query_string

# Characters search engines read as syntax (quotes, brackets, operators).
QUERY_SYNTAX = re.compile(r"[^\w\s\-'.,&]")


def clean_query(query):
    """The words of a query, without characters that search engines read as syntax.

    Visitors type words, not query languages: quotes, brackets and operators
    would otherwise reach SQLite FTS or tsquery parsers and fail.
    """
    return normalise_query_string(QUERY_SYNTAX.sub(" ", query or ""))
