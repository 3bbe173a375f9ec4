"""The PDFs' font as a TrueType copy (``documents.pdf.truetype_path``): made in
the portal's own folder (``DOCUMENTS_FONT_DIR``, never the shared temporary
folder), found once per process and font version, made again when removed, and
embedded exactly as the WOFF2 font would be."""

import builtins
import io
import os
import re
import shutil

import pytest
from django.contrib.staticfiles import finders

from documents import pdf
from documents.pdf import Content, Letterhead, Verification


@pytest.fixture
def woff2():
    path = finders.find(pdf.FONT_PATHS[""])
    if path is None:
        pytest.skip("static files not built: the PDFs use Helvetica")
    return path


@pytest.fixture
def font_dir(settings, tmp_path):
    settings.DOCUMENTS_FONT_DIR = str(tmp_path / "fonts")
    return tmp_path / "fonts"


def test_the_copy_is_made_in_the_portals_folder(woff2, font_dir):
    path = pdf.truetype_path(woff2)
    assert os.path.dirname(path) == str(font_dir)
    with open(path, "rb") as handle:
        assert handle.read(4) == b"\x00\x01\x00\x00"  # TrueType, not wOF2


def test_a_process_reads_and_hashes_the_font_once(woff2, font_dir, monkeypatch):
    path = pdf.truetype_path(woff2)
    reads = []
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, str | os.PathLike) and os.fspath(file) == woff2:
            reads.append(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    for _ in range(3):
        assert pdf.truetype_path(woff2) == path
    assert reads == []


def test_a_new_font_version_and_a_removed_copy_are_noticed(woff2, font_dir, tmp_path):
    font = tmp_path / "FiraSans.woff2"
    shutil.copyfile(woff2, font)
    regular = pdf.truetype_path(str(font))
    shutil.copyfile(finders.find(pdf.FONT_PATHS["B"]), font)  # another size
    bold = pdf.truetype_path(str(font))
    assert bold != regular
    os.remove(bold)
    assert pdf.truetype_path(str(font)) == bold
    assert os.path.isfile(bold)


def test_an_unwritable_folder_falls_back_to_the_woff2_font(woff2, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.DOCUMENTS_FONT_DIR = str(blocker / "fonts")
    assert pdf.truetype_path(woff2) == woff2


def test_the_embedded_font_is_that_of_the_woff2(woff2, font_dir, monkeypatch):
    """The same document made from the copy and from the WOFF2 directly: the
    same PDF, byte for byte (the signature is made over these bytes)."""
    args = (
        Letterhead(authority="Amt Crivitz", office="Ordnungsamt"),
        Content(title="Zahlungsbestätigung", rows=[("Betrag", "30,00 €")]),
        Verification(code="ABCDEFGHJKMNP", page_url="https://portal.example/pruefen/"),
    )

    def render():
        document = pdf.render(*args, language="de")
        # fpdf2 stamps the time of making (and the file id made from it)
        document = re.sub(rb"/CreationDate \(D:[^)]*\)", b"", document)
        return re.sub(rb"/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"", document)

    from_copy = render()
    monkeypatch.setattr(pdf, "truetype_path", lambda path: path)
    from_woff2 = render()
    assert b"+FiraSans" in from_copy
    assert from_copy == from_woff2
