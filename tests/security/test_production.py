"""Under production settings: HSTS and the redirect to HTTPS, and hostile request
bodies answer 4xx, never 500 (#19, finding 9; the same bodies under the test
settings: tests/security/test_hostile_bodies.py).

One real process under ``portal.settings.production`` answers both probes,
together with the other tests about production start-up
(``tests/production_process.py``, the ``production_process`` fixture), on a copy
of the test database, so that the hostile bodies reach views that read it.
"""


def test_production_sends_hsts_and_redirects_to_https(production_process):
    result = production_process["headers"]
    assert result["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert result["plain_status"] == 301
    assert result["plain_location"] == "https://portal.example/amt/"
    # Load balancers probe the health check over plain HTTP.
    assert result["health_status"] == 200


def test_hostile_bodies_under_production_settings(production_process):
    assert production_process["bodies"] == {
        "form_nul": 400,
        "json_nul": 400,
        "nesting": 400,
        "huge_rows": 409,
        "saml_empty": 404,
        "saml_xxe": 404,
        "saml_big": 404,
        "pay_dummy": 404,
        "pay_xbezahl": 404,
    }
