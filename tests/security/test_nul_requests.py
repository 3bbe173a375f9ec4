"""A NUL character in the address is refused with 400 before any view runs."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/suche/", {"q": "amt\x00"}),
        ("/wirtschaft/verzeichnis/", {"gemeinde": "\x00"}),
        ("/tourismus/veranstaltungen/", {"\x00": "1"}),
    ],
)
def test_nul_in_a_page_address_gets_a_translated_400_page(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Die Adresse enthält ein Zeichen, das nicht erlaubt ist." in html
    # Answered inside the header middlewares: the page keeps its security headers.
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_nul_in_the_english_site_gets_an_english_page(client):
    response = client.get("/en/search/", {"q": "\x00"})
    assert response.status_code == 400
    assert "The address contains a character" in response.content.decode()


def test_nul_in_an_api_call_gets_a_ckan_error(client):
    response = client.get("/api/3/action/package_search", {"q": "wasser\x00"})
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": {
            "__type": "Validation Error",
            "message": "The address contains a character that is not allowed.",
        },
    }


def test_nul_in_the_path_is_refused(client):
    assert client.get("/amt/%00/").status_code == 400


def test_ordinary_requests_pass(client):
    assert client.get("/suche/", {"q": "Amt"}).status_code == 200
