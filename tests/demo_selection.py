"""What the demo session collects: only the test files that name the demo marker.

The demo session (``-m "demo and not browser"``, ``scripts/test_sessions.sh``)
runs a few dozen tests, but it imported and collected the whole suite (~2,600
tests) to find them: about 7 s of CPU. When the ``-m`` expression can select
only demo-marked tests (:func:`selects_demo_only`), ``tests/conftest.py`` skips
every test file whose text does not name the marker (``mark.demo``), as no test
in it can be marked.

So that no demo test is lost that way (a marker given by a variable or by a
conftest, say), every session checks each test it collects (:func:`check`): a
demo-marked test in a file that does not name the marker is a collection error,
which stops the session. The
factory session (``-m "not demo"``) collects every file before it deselects the
demo tests, so ``make test`` refuses to run while such a file exists.
"""

import functools
import itertools
import re

import pytest
from _pytest.mark.expression import Expression

MARKER = "demo"
NAMED = b"mark.demo"
# The names in a -m expression (pytest's grammar, _pytest/mark/expression.py).
_NAME = re.compile(r"[\w:+\-.\[\]\\/]+")
_KEYWORDS = {"and", "or", "not"}


@functools.cache
def selects_demo_only(markexpr):
    """True if the ``-m`` expression ``markexpr`` selects no test without the
    demo marker: it is false for every choice of its other names while
    ``demo`` is false."""
    if not markexpr:
        return False
    expression = Expression.compile(markexpr)
    names = sorted(set(_NAME.findall(markexpr)) - _KEYWORDS - {MARKER})
    for values in itertools.product((False, True), repeat=len(names)):
        present = {name for name, value in zip(names, values, strict=True) if value}
        if expression.evaluate(_matcher(present)):
            return False
    return True


def _matcher(present):
    def matches(name, /, **kwargs):
        return name in present

    return matches


@functools.cache
def names_marker(path):
    """True if the file at ``path`` names the demo marker (``mark.demo``)."""
    with open(path, "rb") as handle:
        return NAMED in handle.read()


def ignore(path, config):
    """``pytest_ignore_collect``: True for a test file without the marker in a
    session that selects only demo tests; None (no opinion) otherwise."""
    if (
        path.suffix == ".py"
        and any(path.match(pattern) for pattern in config.getini("python_files"))
        and selects_demo_only(config.option.markexpr)
        and not names_marker(path)
    ):
        return True
    return None


def check(report):
    """``pytest_make_collect_report``: a collection error for a demo-marked test
    whose file does not name the marker (a demo session would not collect it),
    reported like a file that fails to import, with and without pytest-xdist."""
    if not report.passed:
        return
    unnamed = [
        node.name
        for node in report.result
        if isinstance(node, pytest.Item)
        and node.get_closest_marker(MARKER)
        and not names_marker(node.path)
    ]
    if unnamed:
        report.outcome = "failed"
        report.longrepr = (
            f"{', '.join(unnamed)}: marked demo, but the file does not say "
            f"'{NAMED.decode()}', so the demo session would not collect it "
            "(tests/demo_selection.py); mark it with pytest.mark.demo in its file."
        )
        return
    items = [node for node in report.result if isinstance(node, pytest.Item)]
    demo = [node for node in items if node.get_closest_marker(MARKER)]
    if demo and len(demo) != len(items):
        # A file is either demo smoke tests or tests that build their own data,
        # so that the demo session collects only the former (docs/architecture.md).
        report.outcome = "failed"
        report.longrepr = (
            f"{', '.join(node.name for node in demo)}: demo tests beside tests "
            "that build their own data; move them to a file of demo tests "
            "(e.g. <name>_demo.py) marked with pytest.mark.demo."
        )
