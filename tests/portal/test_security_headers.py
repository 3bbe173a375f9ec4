import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_have_strict_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_admin_gets_the_relaxed_policy_it_needs(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
