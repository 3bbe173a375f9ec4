import pytest
from django.core.files.base import ContentFile
from wagtail.blocks import StructBlockValidationError

from portal.blocks import BodyStreamBlock, ExternalMediaBlock, LinkBlock, VideoBlock
from tests.factories import DocumentFactory, ImageFactory

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


# --- a video on our own host (sign language) -------------------------------------
VTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nWillkommen beim Amt.\n"


def video_documents():
    video = DocumentFactory(
        title="DGS-Video", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", "dgs.mp4")
    )
    captions = DocumentFactory(
        title="Untertitel", file=ContentFile(VTT, "dgs.vtt"), language="de"
    )
    return video, captions


def video_value(block, video, captions, poster=None):
    return block.to_python(
        {
            "title": "Das Portal in Gebärdensprache",
            "video": video.pk,
            "captions": captions.pk,
            "poster": poster.pk if poster else None,
            "transcript": "<p>Willkommen beim Amt.</p>",
        }
    )


def test_video_plays_from_our_host_with_captions_and_a_transcript():
    video, captions = video_documents()
    poster = ImageFactory()
    block = VideoBlock()

    html = block.render(block.clean(video_value(block, video, captions, poster)))

    assert '<video class="video-block__player" controls' in html
    assert f'<source src="{video.url}" type="video/mp4">' in html
    assert (
        f'<track kind="captions" src="{captions.url}" srclang="de" label="Deutsch"'
        " default>" in html
    )
    assert 'poster="/' in html  # a rendition of our own
    assert "<details" in html and "Willkommen beim Amt." in html  # the transcript
    assert f'href="{video.url}" download' in html
    assert video.url.startswith("/documents/")
    assert captions.url.startswith("/documents/")
    assert "://" not in html  # nothing from another host


def test_video_and_captions_are_served_by_the_portal_with_their_types(client):
    video, captions = video_documents()

    track = client.get(captions.url)
    film = client.get(video.url)

    assert track.status_code == 200 and track["Content-Type"] == "text/vtt"
    assert b"".join(track.streaming_content) == VTT
    assert film.status_code == 200 and film["Content-Type"] == "video/mp4"


def test_video_block_refuses_other_file_types():
    video, captions = video_documents()
    pdf = DocumentFactory()
    block = VideoBlock()

    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(video_value(block, pdf, pdf))

    assert set(refused.value.block_errors) == {"video", "captions"}
    assert block.clean(video_value(block, video, captions))["title"]


def test_video_block_is_a_body_block():
    assert isinstance(BodyStreamBlock().child_blocks["video"], VideoBlock)
