"""Layout of an official document: letterhead, content, verification block.

Made with fpdf2 as a tagged PDF: every text is marked content in the structure
tree (H1, H2, P, Table rows as P with the label, Figure with alternative text
for the logo and the QR code), rules and page numbers are artifacts, the
document language and title are set and the Fira Sans font of the design system
is embedded (Helvetica when the static files are not built). fpdf2 has no
public API for structure types other than figures and links, so
:meth:`TaggedPDF.tagged` uses the same internals as fpdf2's own figures.
"""

import functools
import hashlib
import io
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _
from fontTools.ttLib import woff2
from fpdf import FPDF, ViewerPreferences

from documents import codes

FONT_PATHS = {
    "": "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    "B": "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
}
KEYWORD_PREFIX = "verification-code:"
LINE = 5.2

logger = logging.getLogger(__name__)


@dataclass
class Letterhead:
    authority: str
    office: str = ""
    address_lines: list[str] = field(default_factory=list)
    contact_lines: list[str] = field(default_factory=list)
    logo: bytes | None = None
    logo_alt: str = ""


@dataclass
class Content:
    """What a document says: a title, label/value rows, sections of paragraphs."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


@dataclass
class Verification:
    code: str
    page_url: str
    demo: bool = False

    @property
    def url(self):
        return f"{self.page_url}?code={self.code_display()}"

    def code_display(self):
        return codes.display(self.code)

    def url_display(self):
        return self.page_url.split("://", 1)[-1]


def truetype_path(path):
    """The WOFF2 font at ``path`` as a TrueType file in ``DOCUMENTS_FONT_DIR``
    (``portal-fonts-<hash of the font>.ttf``), decompressed once and kept there
    for later processes.

    fpdf2 would decompress every glyph of a WOFF2 font for every document (about
    0.2 s of CPU per font); it reads a TrueType file lazily, only the glyphs the
    document uses. The embedded subset is the same. A process finds the file
    once per font version (path, size, modification time) and folder; after
    that a document costs a ``stat`` of the font and of its copy, no read and
    no hash. The folder belongs to the portal (not the shared temporary
    folder, where anybody could place a file under the predictable name).
    Falls back to ``path`` when the folder is not writable."""
    source = os.stat(path)
    folder = settings.DOCUMENTS_FONT_DIR
    key = (str(path), source.st_size, source.st_mtime_ns, str(folder))
    try:
        target = _truetype_copy(*key)
        if not os.path.isfile(target):  # the folder was emptied meanwhile
            _truetype_copy.cache_clear()
            target = _truetype_copy(*key)
    except OSError:
        logger.warning("font folder %s not writable; embedding from WOFF2", folder)
        return str(path)
    return target


@functools.cache
def _truetype_copy(path, size, mtime_ns, folder):
    """``truetype_path`` of one font version; OSError (not remembered) when
    the copy cannot be written."""
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = Path(folder) / f"portal-fonts-{digest}.ttf"
    if target.is_file():
        return str(target)
    target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        woff2.decompress(io.BytesIO(data), str(partial))
        os.replace(partial, target)  # a reader never sees half a file
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return str(target)


class TaggedPDF(FPDF):
    unicode_font = False

    def setup_fonts(self):
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        paths = {style: finders.find(path) for style, path in FONT_PATHS.items()}
        if all(paths.values()):
            for style, path in paths.items():
                self.add_font("Fira", style, truetype_path(path))
            self.unicode_font = True
            self.family = "Fira"
        else:
            self.family = "Helvetica"

    def text_for(self, text):
        text = str(text)
        if self.unicode_font:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size, bold=False):
        self.set_font(self.family, "B" if bold else "", size)

    @contextmanager
    def tagged(self, struct_type, alt_text=None):
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(
            struct_type=f"/{struct_type}", mcid=mcid, alt_text=alt_text
        )
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        yield
        self._out("EMC")

    @contextmanager
    def artifact(self):
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def block(self, struct_type, text, size=10.5, bold=False, height=LINE):
        """A paragraph or heading, broken over pages line by line if needed."""
        self.font(size, bold)
        lines = self.multi_cell(
            0, height, self.text_for(text), dry_run=True, output="LINES"
        )
        while lines:
            room = int((self.page_break_trigger - self.get_y()) // height)
            if room <= 0:
                self.add_page()
                continue
            chunk, lines = lines[:room], lines[room:]
            with self.tagged(struct_type):
                for line in chunk:
                    self.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-14)
        with self.artifact():
            self.font(8)
            self.set_text_color(90)
            self.cell(
                0,
                5,
                self.text_for(_("Page %(page)s of {nb}") % {"page": self.page_no()}),
                align="R",
            )
            self.set_text_color(0)


def qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def render(letterhead, content, verification, *, language, subject=""):
    """The unsigned PDF as bytes."""
    pdf = TaggedPDF(format="A4")
    pdf.setup_fonts()
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_margins(22, 18, 20)
    pdf.set_lang(language)
    pdf.set_title(content.title)
    pdf.set_author(letterhead.authority)
    pdf.set_subject(subject or content.title)
    pdf.set_creator(letterhead.authority)
    pdf.set_keywords(f"{KEYWORD_PREFIX}{verification.code}")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.add_page()

    # Letterhead: logo at the right, authority and office at the left.
    top = pdf.get_y()
    if letterhead.logo:
        try:
            pdf.image(
                io.BytesIO(letterhead.logo),
                x=pdf.w - pdf.r_margin - 40,
                y=top,
                w=40,
                keep_aspect_ratio=True,
                h=20,
                alt_text=letterhead.logo_alt or letterhead.authority,
            )
        except Exception:  # noqa: BLE001 - an unreadable logo must not stop a receipt
            logging.getLogger(__name__).warning("document logo could not be used")
    pdf.set_right_margin(pdf.r_margin + 45)
    pdf.block("P", letterhead.authority, size=15, bold=True, height=7)
    if letterhead.office:
        pdf.block("P", letterhead.office, size=11, height=6)
    pdf.set_text_color(70)
    for line in [*letterhead.address_lines, *letterhead.contact_lines]:
        pdf.block("P", line, size=9, height=4.4)
    pdf.set_text_color(0)
    pdf.set_right_margin(20)
    pdf.set_y(max(pdf.get_y(), top + 22) + 3)
    with pdf.artifact():
        pdf.set_draw_color(0, 62, 127)
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(7)

    if verification.demo:
        pdf.set_text_color(170, 0, 0)
        pdf.block(
            "P",
            _(
                "DEMO – not trustworthy: signed with the portal's demo certificate, "
                "not with a certificate of the administration."
            ),
            size=9.5,
            bold=True,
        )
        pdf.set_text_color(0)
        pdf.ln(3)

    pdf.block("H1", content.title, size=17, bold=True, height=8)
    pdf.ln(3)
    label_width = 58
    for label, value in content.rows:
        pdf.font(10.5, bold=True)
        value_lines = pdf.multi_cell(
            pdf.epw - label_width,
            LINE,
            pdf.text_for(value),
            dry_run=True,
            output="LINES",
        )
        if pdf.get_y() + LINE * len(value_lines) > pdf.page_break_trigger:
            pdf.add_page()
        with pdf.tagged("P"):
            pdf.cell(label_width, LINE, pdf.text_for(label))
            pdf.font(10.5)
            pdf.multi_cell(
                pdf.epw - label_width,
                LINE,
                pdf.text_for(value),
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(1)
    for heading, paragraphs in content.sections:
        pdf.ln(3)
        if heading:
            pdf.block("H2", heading, size=12.5, bold=True, height=6.5)
            pdf.ln(1)
        for paragraph in paragraphs:
            pdf.block("P", paragraph)
            pdf.ln(2)
    for paragraph in content.closing:
        pdf.ln(2)
        pdf.block("P", paragraph, size=9)

    # Verification block: code, address, QR code.
    needed = 45
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    with pdf.artifact():
        pdf.set_draw_color(150)
        pdf.set_line_width(0.2)
        pdf.rect(pdf.l_margin, top, pdf.epw, 38)
    pdf.set_xy(pdf.l_margin + 4, top + 3)
    pdf.set_left_margin(pdf.l_margin + 4)
    pdf.set_right_margin(pdf.r_margin + 42)
    pdf.block("H2", _("Check this document"), size=11, bold=True, height=6)
    pdf.block(
        "P", _("Verification code: %(code)s") % {"code": verification.code_display()}
    )
    pdf.block(
        "P",
        _(
            "Enter the code or upload this PDF at %(url)s, or scan the QR code. "
            "The document is electronically signed; any change breaks the signature."
        )
        % {"url": verification.url_display()},
        size=9,
        height=4.4,
    )
    pdf.set_left_margin(pdf.l_margin - 4)
    pdf.set_right_margin(pdf.r_margin - 42)
    pdf.image(
        io.BytesIO(qr_png(verification.url)),
        x=pdf.w - pdf.r_margin - 36,
        y=top + 2,
        w=34,
        h=34,
        alt_text=_("QR code with the address of the verification page"),
    )
    pdf.set_y(top + 40)
    return bytes(pdf.output())
