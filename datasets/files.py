"""Format detection for uploaded distribution files (extension and content)."""

from datasets import vocabularies as voc


def detect_format(filename, head):
    """The EU file type of a file from its name and first bytes (or '')."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    by_extension = voc.EXTENSIONS.get(extension, "")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return voc.FileType.PDF
    if head.startswith(b"PK\x03\x04"):
        if by_extension in {
            voc.FileType.XLSX,
            voc.FileType.DOCX,
            voc.FileType.ODS,
            voc.FileType.ODT,
            voc.FileType.SHP,
        }:
            return by_extension
        return voc.FileType.ZIP
    if stripped.startswith((b"{", b"[")):
        if by_extension in {voc.FileType.GEOJSON, voc.FileType.JSON_LD}:
            return by_extension
        if b'"FeatureCollection"' in head or b'"Feature"' in head:
            return voc.FileType.GEOJSON
        if b'"@context"' in head:
            return voc.FileType.JSON_LD
        return voc.FileType.JSON
    if stripped.startswith(b"<"):
        if by_extension:
            return by_extension
        if b"<rdf:RDF" in head:
            return voc.FileType.RDF_XML
        if b"<html" in head.lower():
            return voc.FileType.HTML
        return voc.FileType.XML
    return by_extension
