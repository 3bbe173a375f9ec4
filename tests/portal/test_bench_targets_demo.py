"""bench/compare_sites.py's portal targets answer on the demo (issue #27); the
script's own logic is tested without the demo in test_bench_compare_sites.py."""

import pytest

from tests.bench_scripts import load_bench_script as load

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_every_portal_target_answers_on_the_demo(client):
    for kind, path, _other in load("compare_sites").TARGETS:
        assert client.get(path).status_code == 200, (kind, path)
