"""Demo smoke test: privacy, sign-language and easy-language pages say what
the portal really does, in both languages, and the footer links them."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_privacy_notice_names_what_the_portal_processes(client):
    html = client.get("/datenschutz/").content.decode()
    for topic in (
        "sessionid",
        "csrftoken",
        "BundID",
        "Beteiligungen",
        "Mängelmelder",
        "ePayBL",
        "Server-Protokolle",
        "90 Tage",
        "365 Tage",
        "Landesbeauftragten für Datenschutz",
    ):
        assert topic in html, topic
    english = client.get("/en/privacy/").content.decode()
    assert "sessionid" in english and "BundID" in english


def test_sign_language_page_promises_no_missing_videos(client):
    html = client.get("/gebaerdensprache/").content.decode()
    assert "Hier finden Sie Videos" not in html
    assert "Inhalt des Videos als Text" in html
    assert "Gebärdensprachdolmetscher" in html
    assert client.get("/en/sign-language/").status_code == 200


def test_footer_links_the_legal_pages(client):
    html = client.get("/").content.decode()
    footer = html.split("<footer")[1]
    for path in ("/datenschutz/", "/leichte-sprache/", "/gebaerdensprache/"):
        assert f'href="{path}"' in footer, path
