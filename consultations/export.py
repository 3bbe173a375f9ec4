"""Exports for authorised staff: one row per response, one column per question.

CSV streams row by row from a server-side cursor; XLSX is written with
openpyxl's write-only mode into a temporary file and sent from there. Both use
constant memory whatever the number of responses. Codes of closed answers are
explained in the codebook (option index → label).
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from portal.spreadsheets import safe_cell

from .models import Response
from .questionnaire import questions_of

CHUNK = 2000
PERSONAL_PERMISSION = "consultations.view_personal_data"
EXPORT_PERMISSION = "consultations.export_response"
KIND_LABELS = {
    "short_text": "short text",
    "long_text": "long text",
    "single_choice": "single choice",
    "multiple_choice": "multiple choice",
    "ranking": "ranking",
    "scale": "scale",
    "yes_no": "yes/no/abstain",
    "attachment": "attachment",
    "map_point": "map point",
}


def column_name(index):
    return f"Q{index + 1}"


def encode(question, value):
    """The cell of one answer: codes for closed questions, text otherwise."""
    if value in (None, "", []):
        return ""
    if question.kind in {"multiple_choice", "ranking"}:
        return ";".join(str(item) for item in value)
    if question.kind == "map_point":
        return f"{value['lat']},{value['lon']}"
    return str(value)


def header(questions, personal):
    columns = ["receipt", "submitted_at", "changed_at", "language", "channel"]
    if personal:
        columns += ["account", "email", "municipality_ags"]
    return columns + [column_name(i) for i in range(len(questions))]


def rows(page, personal):
    """Header, then one list per response (a generator; chunks from the database)."""
    questions = questions_of(page)
    yield header(questions, personal)
    fields = ["receipt", "created_at", "updated_at", "language", "answers"]
    if personal:
        fields += ["user__username", "user__email", "municipality_ags"]
    queryset = (
        Response.objects.filter(consultation=page.canonical)
        .order_by("id")
        .values_list(*fields)
    )
    for record in queryset.iterator(chunk_size=CHUNK):
        receipt, created, updated, language, answers = record[:5]
        row = [
            receipt,
            timezone.localtime(created).isoformat(timespec="seconds"),
            timezone.localtime(updated).isoformat(timespec="seconds"),
            language,
            "online",
        ]
        if personal:
            row += [record[5] or "", record[6] or "", record[7] or ""]
        row += [safe_cell(encode(q, answers.get(q.id))) for q in questions]
        yield row


def codebook_rows(page):
    yield [
        "column",
        "question_id",
        "question",
        "type",
        "required",
        "public",
        "code",
        "label",
    ]
    for index, q in enumerate(questions_of(page)):
        base = [
            column_name(index),
            q.id,
            q.label,
            KIND_LABELS[q.kind],
            "yes" if q.required else "no",
            "yes" if q.is_public else "no",
        ]
        if q.is_closed:
            for value, label in q.choices():
                yield [*base, value, label]
        else:
            note = {
                "map_point": "latitude,longitude (WGS 84)",
                "attachment": "file name; the file is in the admin",
            }.get(q.kind, "text")
            yield [*base, "", note]


class Echo:
    def write(self, value):
        return value


def csv_response(row_iter, filename):
    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow([safe_cell(cell) for cell in row]) for row in row_iter),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(page, personal, filename):
    return xlsx_sheets_response(
        [
            (_("Responses"), rows(page, personal)),
            (_("Codebook"), codebook_rows(page)),
        ],
        filename,
    )


def xlsx_sheets_response(sheets, filename):
    """An XLSX file of ``(sheet title, rows)`` pairs, cells made safe."""
    workbook = Workbook(write_only=True)
    for title, sheet_rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in sheet_rows:
            sheet.append([_xlsx_text(cell) for cell in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _xlsx_text(value):
    if isinstance(value, str):
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value
