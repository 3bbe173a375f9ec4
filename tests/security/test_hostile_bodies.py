"""Hostile request bodies answer 4xx, never 500 (#19, finding 9).

An outside test got 500s under production settings on PostgreSQL for NUL inside
POST bodies (the NUL guard read only the path and the query), CKAN POST bodies
nested 100,000 deep or with ``1e400`` for rows/start, ``POST /saml/acs/`` with an
empty, junk, XXE or 2 MB body while SAML is not configured, and
``/payments/process/<variant>/`` for both payment providers.
"""

import json
import uuid
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

XXE = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<samlp:Response>&x;</samlp:Response>"
)


@pytest.fixture
def client(db):
    return Client(raise_request_exception=False)


# --- NUL in bodies ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [{"q": "amt\x00"}, {"\x00": "1"}, {"ok": ["a", "b\x00"]}],
)
def test_nul_in_a_form_field_gets_a_translated_400(client, data):
    response = client.post("/suche/", data)
    assert response.status_code == 400
    assert "Das Formular enthält ein Zeichen" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_nul_in_a_multipart_field_is_refused_but_files_may_hold_nul(client):
    upload = SimpleUploadedFile("a.bin", b"\x00\x01", content_type="application/pdf")
    response = client.post("/suche/", {"name": "x\x00", "file": upload})
    assert response.status_code == 400
    upload = SimpleUploadedFile("a.bin", b"\x00\x01", content_type="application/pdf")
    response = client.post("/suche/", {"name": "x", "file": upload})
    assert response.status_code != 400


@pytest.mark.parametrize("body", ['{"q": "wasser\\u0000"}', '{"q": "wasser\x00"}'])
def test_nul_in_a_json_body_gets_a_ckan_error(client, body):
    response = client.post(
        "/api/3/action/package_search", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "The form contains a character that is not allowed."
    )


def test_a_body_over_the_size_limit_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/api/3/action/package_search",
        json.dumps({"q": "x" * 5000}),
        content_type="application/json",
    )
    assert response.status_code == 400


def test_ordinary_bodies_pass(client):
    response = client.post(
        "/api/3/action/package_search",
        json.dumps({"q": "wasser", "rows": 1}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["success"] is True


# --- the CKAN API -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("[" * 100_000, 400),
        ('{"q": ' + "[" * 100_000 + "}", 400),
        # CKAN answers invalid parameters with 409 "Validation Error"
        ('{"rows": 1e400}', 409),
        ('{"start": 1e400}', 409),
        ('{"rows": -1e400}', 409),
        ('{"rows": NaN}', 409),
        ('{"rows": Infinity}', 409),
        ('{"facet.field": "' + "[" * 50_000 + '"}', 400),
    ],
)
def test_hostile_ckan_bodies_get_4xx(client, body, status):
    response = client.post(
        "/api/3/action/package_search", body, content_type="application/json"
    )
    assert response.status_code == status, response.content[:300]
    assert response.json()["success"] is False


def test_deep_nesting_without_a_json_content_type_gets_400(client):
    response = client.post(
        "/api/3/action/package_search", "[" * 100_000, content_type="text/plain"
    )
    assert response.status_code == 400


# --- SAML ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"SAMLResponse": ""},
        {"SAMLResponse": "junk%%%"},
        {"SAMLResponse": XXE},
        {"SAMLResponse": "A" * 2_000_000},
    ],
)
def test_saml_acs_answers_404_when_saml_is_not_configured(client, data):
    assert client.post("/saml/acs/", data).status_code == 404
    assert client.get("/saml/acs/").status_code in (404, 405)


def test_saml_acs_refuses_an_oversized_answer_before_parsing(client):
    with (
        mock.patch("accounts.saml.is_configured", return_value=True),
        mock.patch("accounts.saml.parse_response") as parse,
    ):
        response = client.post("/saml/acs/", {"SAMLResponse": "A" * 2_000_000})
        empty = client.post("/saml/acs/", {})
    assert response.status_code == 400
    assert empty.status_code == 400
    parse.assert_not_called()


# --- payments -----------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["dummy", "xbezahldienste", "unknown"])
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("junk", "text/plain"),
        ('{"token": "x"}', "application/json"),
        ("[" * 10_000, "application/json"),
    ],
)
def test_static_payment_callbacks_answer_404(client, variant, body, content_type):
    url = f"/payments/process/{variant}/"
    assert client.post(url, body, content_type=content_type).status_code == 404
    assert client.get(url, {"verification_result": "confirmed"}).status_code == 404


def test_callback_of_an_unknown_payment_answers_404(client):
    response = client.post(f"/payments/process/{uuid.uuid4()}/", "junk", "text/plain")
    assert response.status_code == 404


# The same under production settings: tests/security/test_production.py
