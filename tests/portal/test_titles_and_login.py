"""Document titles name the authority once; the login page's words (#20)."""

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def title_of(html):
    return html.split("<title>", 1)[1].split("</title>", 1)[0].strip()


def test_page_title_is_followed_by_the_authority(client):
    assert title_of(client.get("/").content.decode()) == "Startseite – Testamt"


def test_title_that_names_the_authority_is_not_repeated(client, home):
    home.seo_title = "Testamt – Regionalportal"
    home.save_revision().publish()
    assert title_of(client.get("/").content.decode()) == "Testamt – Regionalportal"


@pytest.mark.parametrize(
    "title, name, expected",
    [
        ("Müll &amp; Abfall", "Amt A & B", "Müll &amp; Abfall – Amt A &amp; B"),
        ("  Suche:\n  Müll ", "Amt", "Suche: Müll – Amt"),
        ("", "Amt", "Amt"),
        ("Amt – Portal", "Amt", "Amt – Portal"),
    ],
)
def test_with_site_name_filter(title, name, expected):
    template = Template(
        "{% load portal_tags %}{% filter with_site_name:name %}{{ title|safe }}"
        "{% endfilter %}"
    )
    assert template.render(Context({"title": title, "name": name})) == expected


def test_login_page_says_anmeldung_no_more(client):
    html = client.get("/konto/login/").content.decode()
    assert "Anmeldung" not in html
    assert title_of(html) == "Anmelden – Testamt"
    assert 'for="id_login">E-Mail-Adresse oder Anmeldename</label>' in html
