"""The participation section and the portal's roles, built for every test."""

import pytest

from portal.roles import setup_roles

from .factories import consultation_index


@pytest.fixture(autouse=True)
def participation_section(request):
    """The section page in both languages, and the groups with their admin access
    and section permissions (``setup_roles``, as a deployment runs it)."""
    if "django_db" not in {marker.name for marker in request.node.iter_markers()}:
        yield None
        return
    request.getfixturevalue("db")
    index = consultation_index()
    setup_roles()
    yield index
