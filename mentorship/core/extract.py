"""The text of a PDF or an office file, for full-text search, where it can be read.

`text_of(data, ext)` returns plain text (bounded to `MAX_CHARS`), or '' when the
format holds no text we read (images) or the file cannot be parsed: extraction
never refuses an upload. PDFs are read by pypdf (pure Python, no external
program); Office Open XML (docx, pptx, xlsx) and OpenDocument files are ZIPs of
XML read with the standard library, entry by entry and bounded in size (the ZIP was
checked for bombs by `core.uploads` first).
"""

import io
import logging
import re
import xml.etree.ElementTree as ET

from .uploads import read_zip_entry

MAX_CHARS = 200_000
MAX_PAGES = 200
log = logging.getLogger(__name__)

_PARTS = {
    "docx": ("word/document.xml",),
    "pptx": tuple(f"ppt/slides/slide{n}.xml" for n in range(1, 101)),
    "xlsx": ("xl/sharedStrings.xml",),
    "odt": ("content.xml",),
    "ods": ("content.xml",),
    "odp": ("content.xml",),
}


def text_of(data, ext):
    """The file's text, or '' when none can be read."""
    try:
        if ext == "pdf":
            text = _pdf(data)
        elif ext in _PARTS:
            text = "\n".join(_xml_text(read_zip_entry(data, p)) for p in _PARTS[ext])
        else:
            return ""
    except Exception as error:  # a damaged file is stored, just not searchable
        log.info("no text extracted (%s: %s)", type(error).__name__, error)
        return ""
    return re.sub(r"\s+", " ", text).strip()[:MAX_CHARS]


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts, size = [], 0
    for page in reader.pages[:MAX_PAGES]:
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
        if size > MAX_CHARS:
            break
    return "\n".join(parts)


def _xml_text(raw):
    if not raw:
        return ""
    if b"<!DOCTYPE" in raw[:2048] or b"<!ENTITY" in raw:
        return ""  # no entity expansion, ever
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        return ""
    return " ".join(t.strip() for t in root.itertext() if t and t.strip())
