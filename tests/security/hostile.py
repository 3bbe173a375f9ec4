"""Hostile values shared by the hostile-input sweeps (tests/security/test_hostile_*.py)."""

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTRIBUTE = '"><img src=x onerror=alert(1)>'
XSS_CLOSE_SCRIPT = "</script><script>alert(1)</script>"
SQL = "' OR 1=1 --"
FORMULA = '=HYPERLINK("http://evil.example","x")'

# value name -> value, for form fields and query parameters
PAYLOADS = {
    "xss-script": XSS_SCRIPT,
    "xss-attribute": XSS_ATTRIBUTE,
    "xss-close-script": XSS_CLOSE_SCRIPT,
    "sql": SQL,
    "formula": FORMULA,
    "nul": "a\x00b",
    "long": "x" * 100_000,
}

# Markup that must never appear unescaped in an HTML page.
RAW_MARKUP = ("<script>alert(1)", "<img src=x onerror")

# Percent-encoded bytes that are not UTF-8, for query strings and paths.
INVALID_UTF8 = "%ff%fe%00%c3%28"


def assert_no_raw_markup(content, where):
    text = content.decode("utf-8", "replace")
    for raw in RAW_MARKUP:
        assert raw not in text, f"unescaped {raw!r} in {where}"


def assert_not_500(response, where):
    assert response.status_code < 500, (
        f"{where}: {response.status_code} {response.content[:300]!r}"
    )
