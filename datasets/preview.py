"""Previews of distribution files without extra services.

CSV (UTF-8, UTF-8 with BOM or Windows-1252; ``;``, ``,``, tab or ``|``), XLSX
(first sheet), JSON (an array of objects) and GeoJSON: the first rows as a table
with inferred column types. Only the head of a file is read (``HEAD_BYTES``); an
XLSX file is checked for a zip bomb before openpyxl (read-only mode) opens it;
JSON is parsed only up to ``JSON_MAX_BYTES``. A broken file gives a clear
message, never an exception.

The inferred types use the Frictionless Table Schema names (``integer``,
``number``, ``boolean``, ``date``, ``string``) so that ``datapackage.json`` can
reuse them. We infer them ourselves instead of depending on the ``frictionless``
library, which pulls in a large dependency tree for this small task.
"""

import codecs
import csv
import io
import itertools
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext_lazy as _

from datasets import vocabularies as voc

HEAD_BYTES = 64 * 1024
PREVIEW_ROWS = 20
MAX_COLUMNS = 50
JSON_MAX_BYTES = 2 * 1024 * 1024
XLSX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
XLSX_MAX_RATIO = 100
DELIMITERS = [";", ",", "\t", "|"]

INTEGER_RE = re.compile(r"^[+-]?\d{1,18}$")
NUMBER_RE = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^[+-]?\d*\.\d+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}\.\d{1,2}\.\d{4}$")
DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
BOOLEANS = {"true", "false", "ja", "nein", "wahr", "falsch"}


@dataclass
class Preview:
    kind: str = ""
    columns: list = field(default_factory=list)  # [(name, type)]
    rows: list = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    error: str = ""
    truncated: bool = False
    # Whether a reader (Frictionless) finds these columns in the file as a
    # table. Not so for GeoJSON (columns made up from the features), JSON rows
    # inside an object, plain values or a single object, and JSON objects whose
    # first one lacks keys of later ones (readers take the columns from it).
    tabular: bool = True

    def as_dict(self):
        return asdict(self)

    @property
    def delimiter_label(self):
        return {";": _("semicolon"), ",": _("comma"), "\t": _("tab"), "|": "|"}.get(
            self.delimiter, self.delimiter
        )


def infer_type(values):
    """The Table Schema type that fits every non-empty value of a column."""
    values = [value.strip() for value in values if value is not None]
    values = [value for value in values if value != ""]
    if not values:
        return "string"
    if all(value.lower() in BOOLEANS for value in values):
        return "boolean"
    if all(INTEGER_RE.match(value) for value in values):
        return "integer"
    if all(INTEGER_RE.match(value) or NUMBER_RE.match(value) for value in values):
        return "number"
    if all(DATE_RE.match(value) for value in values):
        return "date"
    if all(DATETIME_RE.match(value) for value in values):
        return "datetime"
    return "string"


def native_type(values):
    """The Table Schema type of a column of typed values (JSON, Excel cells):
    text is inferred like CSV, a mix of kinds is ``any`` (a reader such as
    Frictionless gets the cells typed, so "string" would be wrong for 3)."""
    values = [value for value in values if value is not None and value != ""]
    if all(isinstance(value, str) for value in values):
        return infer_type(values)
    kinds = [
        ("boolean", lambda v: isinstance(v, bool)),
        ("integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
        ("number", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
        ("date", lambda v: isinstance(v, datetime) and v.time() == time()),
        ("datetime", lambda v: isinstance(v, datetime)),
        ("date", lambda v: isinstance(v, date) and not isinstance(v, datetime)),
        ("time", lambda v: isinstance(v, time)),
        ("object", lambda v: isinstance(v, dict)),
        ("array", lambda v: isinstance(v, list)),
    ]
    for name, test in kinds:
        if all(test(value) for value in values):
            return name
    return "any"


def native_columns(header, records):
    """(name, type) of each column of records (dicts of typed values)."""
    return [
        (str(name), native_type([record.get(name) for record in records]))
        for name in header
    ]


def typed_columns(header, rows):
    columns = []
    for index, name in enumerate(header[:MAX_COLUMNS]):
        values = [row[index] if index < len(row) else "" for row in rows]
        columns.append(
            (
                str(name) if name not in (None, "") else f"#{index + 1}",
                infer_type([str(v) if v is not None else "" for v in values]),
            )
        )
    return columns


# --- CSV ------------------------------------------------------------------------------------
def decode_head(data):
    """(text, encoding) of the first bytes: BOM, then UTF-8, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), (
            "UTF-8 (BOM)"
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: a character cut at the end of the head is no error.
        return decoder.decode(data, final=False), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def detect_delimiter(text):
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        return (
            csv.Sniffer()
            .sniff("\n".join(lines), delimiters="".join(DELIMITERS))
            .delimiter
        )
    except csv.Error:
        counts = {d: lines[0].count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def preview_csv(handle, size=None):
    data = handle.read(HEAD_BYTES)
    if b"\x00" in data[:4096]:
        return Preview(kind="csv", error=str(_("The file is not a text file.")))
    text, encoding = decode_head(data)
    truncated = len(data) == HEAD_BYTES
    if truncated and "\n" in text:
        text = text[: text.rindex("\n")]  # drop the incomplete last line
    delimiter = detect_delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = list(itertools.islice(reader, PREVIEW_ROWS + 1))
    except csv.Error as error:
        return Preview(
            kind="csv",
            encoding=encoding,
            delimiter=delimiter,
            error=str(_("The CSV file is broken: %(error)s")) % {"error": error},
        )
    if not rows:
        return Preview(
            kind="csv", encoding=encoding, error=str(_("The file is empty."))
        )
    header, body = rows[0], rows[1:]
    return Preview(
        kind="csv",
        columns=typed_columns(header, body),
        rows=[row[:MAX_COLUMNS] for row in body],
        encoding=encoding,
        delimiter=delimiter,
        truncated=truncated or len(body) == PREVIEW_ROWS,
    )


# --- XLSX -----------------------------------------------------------------------------------
def check_zip(handle):
    """Refuse zip bombs: too much uncompressed data or an absurd ratio."""
    archive = zipfile.ZipFile(handle)
    total = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > XLSX_MAX_UNCOMPRESSED or total / packed > XLSX_MAX_RATIO:
        raise ValueError(str(_("The file unpacks to too much data to preview.")))


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def preview_xlsx(handle):
    from openpyxl import load_workbook

    try:
        check_zip(handle)
        handle.seek(0)
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except ValueError as error:
        return Preview(kind="xlsx", error=str(error))
    except (zipfile.BadZipFile, KeyError, OSError, TypeError):
        return Preview(kind="xlsx", error=str(_("The Excel file is broken.")))
    try:
        sheet = workbook.worksheets[0]
        cells = [
            list(row[:MAX_COLUMNS])
            for row in sheet.iter_rows(max_row=PREVIEW_ROWS + 1, values_only=True)
        ]
    except Exception:  # noqa: BLE001 - any broken sheet is "broken file" to people
        return Preview(kind="xlsx", error=str(_("The Excel file is broken.")))
    finally:
        workbook.close()
    if not cells:
        return Preview(kind="xlsx", error=str(_("The first sheet is empty.")))
    header = [cell_text(name) or f"#{index + 1}" for index, name in enumerate(cells[0])]
    body = cells[1:]
    return Preview(
        kind="xlsx",
        columns=native_columns(
            header, [dict(zip(header, row, strict=False)) for row in body]
        ),
        rows=[[cell_text(value) for value in row] for row in body],
        truncated=len(body) == PREVIEW_ROWS,
    )


# --- JSON and GeoJSON ----------------------------------------------------------------------------
def flat(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)[:200]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_from_records(records, kind):
    header = []
    for record in records[:PREVIEW_ROWS]:
        for key in record:
            if key not in header and len(header) < MAX_COLUMNS:
                header.append(key)
    rows = [
        [flat(record.get(key)) for key in header] for record in records[:PREVIEW_ROWS]
    ]
    return Preview(
        kind=kind,
        columns=native_columns(header, records[:PREVIEW_ROWS]),
        rows=rows,
        truncated=len(records) > PREVIEW_ROWS,
    )


def preview_json(handle, size):
    if size is not None and size > JSON_MAX_BYTES:
        return Preview(kind="json", error=str(_("The file is too large to preview.")))
    data = handle.read(JSON_MAX_BYTES + 1)
    if len(data) > JSON_MAX_BYTES:
        return Preview(kind="json", error=str(_("The file is too large to preview.")))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return Preview(kind="json", error=str(_("The JSON file is broken.")))
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = [f for f in document.get("features") or [] if isinstance(f, dict)]
        records = []
        for feature in features[: PREVIEW_ROWS + 1]:
            geometry = feature.get("geometry") or {}
            record = {"geometry": geometry.get("type", "")}
            if geometry.get("type") == "Point":
                coordinates = geometry.get("coordinates") or [None, None]
                record["longitude"], record["latitude"] = coordinates[:2]
            properties = feature.get("properties") or {}
            if isinstance(properties, dict):
                record.update(properties)
            records.append(record)
        preview = table_from_records(records, "geojson")
        preview.tabular = False
        preview.truncated = len(features) > PREVIEW_ROWS
        return preview
    top_level_array = isinstance(document, list)
    if isinstance(document, dict):
        lists = [value for value in document.values() if isinstance(value, list)]
        document = lists[0] if lists else [document]
    if isinstance(document, list) and all(isinstance(item, dict) for item in document):
        preview = table_from_records(document, "json")
        header = {name for name, _type in preview.columns}
        preview.tabular = (
            top_level_array
            and bool(document)
            and header == {str(key) for key in document[0]}
        )
        return preview
    if isinstance(document, list):
        preview = table_from_records([{"value": item} for item in document], "json")
        preview.tabular = False
        return preview
    return Preview(
        kind="json", error=str(_("This JSON structure has no table preview."))
    )


def preview_distribution(distribution):
    """The preview of an uploaded distribution file, or None if there is none."""
    if not distribution.document_id:
        return None
    format_ = distribution.format
    try:
        with distribution.document.open_file() as handle:
            if format_ in {voc.FileType.CSV, voc.FileType.TSV}:
                return preview_csv(handle)
            if format_ == voc.FileType.XLSX:
                return preview_xlsx(handle)
            if format_ in {voc.FileType.JSON, voc.FileType.GEOJSON}:
                return preview_json(handle, distribution.byte_size)
    except OSError:
        return Preview(kind=format_.lower(), error=str(_("The file cannot be read.")))
    return None
