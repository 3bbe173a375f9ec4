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
    assert "wird zurzeit aufgenommen" not in html
    assert "<video" not in html  # the demo has no DGS video: it says so
    assert "Gebärdensprache (DGS) bieten wir auf dieser Seite noch nicht an" in html
    assert "Dolmetschen in Gebärdensprache: so geht es" in html
    assert "Gebärdensprachdolmetscher" in html and "kostenlos" in html
    english = client.get("/en/sign-language/").content.decode()
    assert "is being recorded" not in english
    assert "does not offer a video in German Sign Language" in english
    assert "How to get a sign language interpreter" in english


def test_footer_links_the_legal_pages(client):
    html = client.get("/").content.decode()
    footer = html.split("<footer")[1]
    for path in ("/datenschutz/", "/leichte-sprache/", "/gebaerdensprache/"):
        assert f'href="{path}"' in footer, path
