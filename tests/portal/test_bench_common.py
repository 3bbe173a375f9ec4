"""bench/common.py: the percentile and the figures section every bench script
writes into docs/performance.md."""

import pytest

from tests.bench_scripts import load_bench_script

START, END = "<!-- x-bench:start -->", "<!-- x-bench:end -->"


@pytest.fixture(scope="module")
def common():
    return load_bench_script("common")


def test_percentiles(common):
    values = list(range(100, 0, -1))
    assert common.percentile(values, 0.5) in (50, 51)
    assert common.percentile(values, 0.95) == 95
    assert common.percentile([7], 0.95) == 7


def test_figures_replace_the_previous_ones_between_the_markers(common, tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\n{START}\nold\n{END}\n\n## After\n")
    common.write_section(doc, f"{START}\nnew\n{END}", START, END, heading="X")
    text = doc.read_text()
    assert text == f"# Performance\n\n{START}\nnew\n{END}\n\n## After\n"


def test_a_new_section_goes_at_the_end_under_its_heading(common, tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nText.\n\n")
    common.write_section(doc, f"{START}\nnew\n{END}", START, END, heading="Scale")
    assert doc.read_text() == (
        f"# Performance\n\nText.\n\n## Scale\n\n{START}\nnew\n{END}\n"
    )
    missing = tmp_path / "new.md"
    common.write_section(
        missing, f"{START}\nfirst\n{END}", START, END, new_file="# Performance\n"
    )
    assert missing.read_text() == f"# Performance\n\n{START}\nfirst\n{END}\n"
