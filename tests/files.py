"""Real and hostile files for upload tests (issue #19, finding 7)."""

import io
import struct
import subprocess
import zlib

from fpdf import FPDF
from PIL import Image

HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def pdf_bytes(text="Lageplan"):
    """A small, valid one-page PDF."""
    document = FPDF()
    document.add_page()
    document.set_font("helvetica")
    document.cell(text=text)
    return bytes(document.output())


def png_bytes(width=40, height=30, colour="white"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def truncated_huge_png(width=30_000, height=30_000):
    """A PNG of a few hundred bytes that declares ``width`` × ``height`` pixels
    and stops after its first rows (no IEND): the pen test's file."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # greyscale
    rows = zlib.compress((b"\x00" + b"\x00" * width) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)


def truncated_png(width=200, height=200):
    """A real PNG cut in the middle of its pixel data (size below every limit)."""
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 64).save(buffer, "PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def pdf_html_polyglot():
    """A file that starts as a PDF and is an HTML page with a script."""
    return b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"


def pdf_with_html_inside():
    """A structurally valid PDF with a script page in its first kilobyte (a
    comment line after the header), which a sniffing browser renders."""
    data = pdf_bytes()
    header_end = data.index(b"\n") + 1
    comment = b"%" + HTML + b"\n"
    # keep the cross-reference offsets right: pad by shifting nothing, i.e.
    # replace the binary comment line pyFPDF writes, if any, else insert and
    # let a tolerant reader rebuild the table
    return data[:header_end] + comment + data[header_end:]


def pdf_text(data, tmp_path):
    """The text of a PDF as ``pdftotext -layout`` reads it (poppler-utils)."""
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
