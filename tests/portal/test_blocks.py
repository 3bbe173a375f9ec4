import pytest
from wagtail.blocks import StructBlockValidationError

from portal.blocks import BodyStreamBlock, ExternalMediaBlock, LinkBlock

pytestmark = pytest.mark.django_db


def test_external_media_only_from_allowed_hosts():
    block = ExternalMediaBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({"title": "Video", "embed_url": "https://evil.example/x"})
        )
    value = block.clean(
        block.to_python(
            {
                "title": "Video",
                "embed_url": "https://www.youtube-nocookie.com/embed/abc",
            }
        )
    )
    assert value["title"] == "Video"


def test_external_media_renders_no_iframe_before_the_click():
    block = ExternalMediaBlock()
    html = block.render(
        block.to_python(
            {
                "title": "Video",
                "embed_url": "https://www.youtube-nocookie.com/embed/abc",
            }
        )
    )
    assert "<iframe" not in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/abc"' in html


def test_link_block_needs_exactly_one_target(home):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": home.pk, "url": "https://example.org"}))


def test_every_body_block_renders(home):
    stream = BodyStreamBlock()
    value = stream.to_python(
        [
            {"type": "heading", "value": {"text": "Titel", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Text</p>"},
            {"type": "quote", "value": {"text": "Zitat", "attribution": "Jemand"}},
            {
                "type": "call_to_action",
                "value": {
                    "title": "Los",
                    "text": "",
                    "link": {"page": home.pk, "url": ""},
                    "button_label": "Weiter",
                },
            },
            {
                "type": "accordion",
                "value": {
                    "title": "FAQ",
                    "items": [{"question": "Wie?", "answer": "<p>So.</p>"}],
                },
            },
            {
                "type": "contact",
                "value": {
                    "name": "Bürgerbüro",
                    "role": "",
                    "phone": "123",
                    "email": "",
                    "address": "",
                    "hours": "",
                },
            },
            {
                "type": "table",
                "value": {
                    "data": [["A", "B"], ["1", "2"]],
                    "first_row_is_table_header": True,
                },
            },
        ]
    )
    html = stream.render(value)
    for expected in ("<h2", "Zitat", "Weiter", "<details", "Bürgerbüro", "<table"):
        assert expected in html
