"""The demo session collects only the files that name the demo marker, and no
demo-marked test can hide from it (``tests/demo_selection.py``)."""

from types import SimpleNamespace

import pytest

from tests import demo_selection


@pytest.mark.parametrize(
    ("markexpr", "demo_only"),
    [
        ("demo and not browser", True),
        ("demo", True),
        ("demo and postgres", True),
        ("(demo or demo) and not (browser or postgres)", True),
        ("", False),
        ("not demo", False),
        ("not browser and not demo", False),
        ("demo or browser", False),
        ("not (demo or browser)", False),
        ("browser", False),
        ("demo or not postgres", False),
    ],
)
def test_a_mark_expression_selects_demo_tests_only(markexpr, demo_only):
    assert demo_selection.selects_demo_only(markexpr) is demo_only


def test_a_file_names_the_marker_in_its_text(tmp_path):
    named, other = tmp_path / "test_named.py", tmp_path / "test_other.py"
    named.write_bytes(b"pytestmark = pytest." + demo_selection.NAMED + b"\n")
    other.write_bytes(b"pytestmark = pytest.mark.django_db\n")
    assert demo_selection.names_marker(named)
    assert not demo_selection.names_marker(other)


def config(markexpr):
    return SimpleNamespace(
        option=SimpleNamespace(markexpr=markexpr),
        getini=lambda name: {"python_files": ["test_*.py"]}[name],
    )


def test_a_demo_session_skips_test_files_without_the_marker(tmp_path):
    named, other = tmp_path / "test_named.py", tmp_path / "test_other.py"
    helper = tmp_path / "helpers.py"
    named.write_bytes(b"pytestmark = pytest." + demo_selection.NAMED + b"\n")
    other.write_bytes(b"")
    helper.write_bytes(b"")
    demo = config("demo and not browser")
    assert demo_selection.ignore(other, demo) is True
    assert demo_selection.ignore(named, demo) is None
    assert demo_selection.ignore(helper, demo) is None
    assert demo_selection.ignore(tmp_path, demo) is None
    for markexpr in ("", "not browser and not demo"):
        assert demo_selection.ignore(other, config(markexpr)) is None


def report(*nodes):
    return SimpleNamespace(passed=True, outcome="passed", longrepr=None, result=nodes)


def test_a_demo_test_in_a_file_without_the_marker_is_a_collection_error(request):
    # This file does not name the marker: a test marked demo here (as by a
    # variable or a conftest) would be missed by the demo session.
    unmarked = report(request.node)
    demo_selection.check(unmarked)
    assert unmarked.outcome == "passed"

    request.node.add_marker(getattr(pytest.mark, demo_selection.MARKER))
    marked = report(request.node)
    demo_selection.check(marked)
    assert marked.outcome == "failed"
    assert request.node.name in marked.longrepr
    assert "would not collect" in marked.longrepr


def test_demo_tests_beside_other_tests_in_one_file_are_a_collection_error(
    request, monkeypatch
):
    # Taken as a file that names the marker, so that only the mixing is wrong.
    monkeypatch.setattr(demo_selection, "names_marker", lambda path: True)
    neighbour = next(
        item
        for item in request.session.items
        if item.path == request.node.path and item is not request.node
    )
    unmixed = report(request.node, neighbour)
    demo_selection.check(unmixed)
    assert unmixed.outcome == "passed"

    request.node.add_marker(getattr(pytest.mark, demo_selection.MARKER))
    mixed = report(request.node, neighbour)
    demo_selection.check(mixed)
    assert mixed.outcome == "failed"
    assert "beside tests that build their own data" in mixed.longrepr
    assert not neighbour.get_closest_marker(demo_selection.MARKER)
