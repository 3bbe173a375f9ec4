"""What the bench scripts share: Django set up outside ``manage.py``, the
percentile of a list of timings, the machine's CPU, and a figures section of a
Markdown file (docs/performance.md, docs/search.md) replaced in place.

The scripts are run as ``python bench/<name>.py``, so this directory is on
``sys.path`` and they import it as ``common``.
"""

import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(settings="portal.settings.dev"):
    """Make the project importable and set Django up. ``settings`` is the
    default settings module (``DJANGO_SETTINGS_MODULE`` wins). DEBUG is off
    unless the environment says otherwise, so no query log or debug toolbar
    distorts the figures (the production settings have it off anyway)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def percentile(values, fraction):
    """The value at ``fraction`` (0.5 the median, 0.95 the 95th percentile)
    of ``values``, nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def cpu_model():
    """The CPU's model name (from /proc/cpuinfo), else the architecture."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def write_section(path, text, start, end, heading=None, new_file=None):
    """Put ``text`` (which begins with the marker ``start`` and ends with
    ``end``) into the Markdown file ``path`` in place of what stood between
    the two markers. A file without the markers gets the text at its end,
    under ``## heading`` if one is given; a missing file is created with
    ``new_file`` (text before the section) if given."""
    path = Path(path)
    if path.exists():
        current = path.read_text(encoding="utf-8")
    elif new_file is not None:
        current = new_file
    else:
        raise FileNotFoundError(path)
    if start in current and end in current:
        current = current.split(start, 1)[0] + text + current.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n"
        if heading:
            current += f"## {heading}\n\n"
        current += text + "\n"
    path.write_text(current, encoding="utf-8")


def table(results):
    """Markdown rows comparing the small and the full size: (label, url, p50,
    p95, queries) per address, in the same order for both sizes."""
    lines = [
        "| address | queries (1,000) | queries (full) | p50 / p95 ms (1,000) "
        "| p50 / p95 ms (full) |",
        "|---|---|---|---|---|",
    ]
    small, full = results
    for (label, url, p50a, p95a, qa), (_l, _u, p50b, p95b, qb) in zip(
        small, full, strict=True
    ):
        lines.append(
            f"| {label} (`{url}`) | {qa} | {qb} | {p50a:.0f} / {p95a:.0f} "
            f"| {p50b:.0f} / {p95b:.0f} |"
        )
    return lines
