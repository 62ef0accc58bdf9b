"""Uploaded files checked before anything is stored: what a feature accepts.

`check(raw, filename, accepted=DOCUMENTS)` returns a `Checked` upload or raises
`UploadRejected` with a code the page turns into a translated sentence
(`MESSAGES`). The type is read from the content, never from the name: a PDF starts
with `%PDF-`, an office file is a ZIP holding the parts of its format, an image has
its signature. The name only has to agree with what the content is. Refused:

- anything over `max_bytes` (UPLOAD_MAX_BYTES, 10 MB by default);
- executables (Windows PE, ELF, Mach-O, scripts with `#!`), whatever their name;
- ZIP-based files whose entries would expand past `MAX_UNCOMPRESSED` in total or
  at a ratio above `MAX_RATIO` (a zip bomb), read from the ZIP's directory before
  anything is extracted, or with too many entries;
- a name that does not match the content (`report.pdf` holding a Word file).

The stored name is generated (`core.storage`); the name shown keeps only its last
path component (`safe_name`), and downloads carry it in a `Content-Disposition`
built by `content_disposition` (ASCII fallback plus RFC 5987 UTF-8 form).
"""

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from flask_babel import lazy_gettext as _l

MAX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000

# extension -> MIME type, per kind of content
PDF = {"pdf": "application/pdf"}
OFFICE = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
IMAGES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
DOCUMENTS = {**PDF, **OFFICE, **IMAGES}

# The part that tells an Office Open XML file's kind.
_OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}

MESSAGES = {
    "empty": _l("Choose a file to upload."),
    "too_large": _l("The file is larger than %(limit)s MB."),
    "executable": _l("Programs cannot be uploaded."),
    "unknown_type": _l(
        "This type of file is not accepted: upload a PDF, an office document "
        "(Word, Excel, PowerPoint, OpenDocument) or an image (PNG, JPEG)."
    ),
    "name_mismatch": _l(
        "The file's content does not match its name: a file named .%(ext)s must "
        "be a %(ext)s file."
    ),
    "zip_bomb": _l("The file would expand to far more than its size: refused."),
    "damaged": _l("The file is damaged and cannot be read."),
}


class UploadRejected(ValueError):
    """The upload is refused; `code` says why (a key of MESSAGES)."""

    def __init__(self, code, **values):
        super().__init__(code)
        self.code = code
        self.values = values

    def message(self):
        """The translated sentence for the person who uploaded."""
        return MESSAGES[self.code] % self.values if self.values else MESSAGES[self.code]


@dataclass(frozen=True)
class Checked:
    data: bytes
    filename: str  # the name shown (no path), with the extension of its content
    ext: str
    mime: str


def check(raw, filename, accepted=DOCUMENTS, max_bytes=MAX_BYTES):
    """The upload, checked; raises UploadRejected."""
    if not raw:
        raise UploadRejected("empty")
    if len(raw) > max_bytes:
        raise UploadRejected("too_large", limit=max_bytes // (1024 * 1024))
    if is_executable(raw):
        raise UploadRejected("executable")
    ext = sniff(raw)
    if ext is None or ext not in accepted:
        raise UploadRejected("unknown_type")
    name = safe_name(filename)
    stem, _dot, given = name.rpartition(".")
    given = given.lower() if stem else ""
    if given in ("jpg", "jpeg") and ext in ("jpg", "jpeg"):
        given = ext
    if given and given != ext:
        if given in _EXECUTABLE_NAMES:
            raise UploadRejected("executable")
        raise UploadRejected("name_mismatch", ext=given)
    if not given:
        name = f"{name or 'file'}.{ext}"
    return Checked(data=raw, filename=name, ext=ext, mime=accepted[ext])


_EXECUTABLE_NAMES = {"exe", "dll", "com", "bat", "cmd", "msi", "sh", "scr", "js", "vbs"}


def is_executable(raw):
    """Windows PE, ELF, Mach-O or a script with a #! line."""
    head = raw[:4]
    return (
        raw[:2] == b"MZ"
        or head == b"\x7fELF"
        or head
        in (
            b"\xfe\xed\xfa\xce",
            b"\xfe\xed\xfa\xcf",
            b"\xce\xfa\xed\xfe",
            b"\xcf\xfa\xed\xfe",
            b"\xca\xfe\xba\xbe",
        )
        or raw[:2] == b"#!"
    )


def sniff(raw):
    """The extension the content is (pdf, docx, odt, png...), or None."""
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if raw.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if raw.startswith(b"PK\x03\x04"):
        return _office_kind(raw)
    return None


def _office_kind(raw):
    """The office format of a ZIP, after checking its directory for a bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UploadRejected("damaged") from None
    check_zip_entries(entries, len(raw))
    names = {entry.filename for entry in entries}
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
            raise UploadRejected("damaged") from None
        for ext, mime in OFFICE.items():
            if mimetype.strip() == mime:
                return ext
        return None
    if "[Content_Types].xml" not in names:
        return None
    for ext, part in _OOXML_PARTS.items():
        if part in names:
            return ext
    return None


def check_zip_entries(entries, compressed_size):
    """Refuse a ZIP whose entries expand too far (read from its directory)."""
    if len(entries) > MAX_ENTRIES:
        raise UploadRejected("zip_bomb")
    total = sum(max(entry.file_size, 0) for entry in entries)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(compressed_size, 1):
        raise UploadRejected("zip_bomb")
    for entry in entries:
        if entry.file_size > MAX_RATIO * max(entry.compress_size, 1) and (
            entry.file_size > 1024 * 1024
        ):
            raise UploadRejected("zip_bomb")


def read_zip_entry(raw, name, limit=MAX_UNCOMPRESSED):
    """One entry of an already checked ZIP, read at most `limit` bytes (the
    directory's sizes may lie: the read itself is bounded too); b'' if absent."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open(name) as f:
            return f.read(limit)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
        return b""


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def safe_name(filename):
    """The file's name without any path, control or odd characters, bounded."""
    name = unicodedata.normalize("NFC", str(filename or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = os.path.basename(name)
    name = _UNSAFE.sub("_", name).strip(" ._")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext[:8]) if dot else name[:120]
    return name


def content_disposition(filename, inline=False):
    """A Content-Disposition header value for `filename` that no browser can read
    as a path or a second header: an ASCII fallback and the UTF-8 name (RFC 6266)."""
    name = safe_name(filename) or "download"
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    )
    ascii_name = re.sub(r"[^A-Za-z0-9.\-_ ()]", "_", ascii_name) or "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
