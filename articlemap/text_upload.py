"""Bytes from a person or a data folder to text, or a clear message why not.

Uploads come from anyone: the file-type filter of a browser uploader only looks at the name,
so the bytes are sniffed here (a renamed image or spreadsheet must give a message naming the
file, not a traceback or pages of mojibake). The one decoder for uploads *and* data files:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE): Windows "Unicode" text
   files are UTF-16 with a BOM and full of NUL bytes, which are not a sign of binary there;
2. otherwise a NUL byte anywhere, or many control characters, means binary;
3. then strict UTF-8;
4. then a legacy 8-bit code page: charset-normalizer ranks the candidates, and among those it
   cannot tell apart (same noise, about the same coherence) Windows-1252 wins, since short
   Western European text fits a dozen code pages equally well ("à Paris" was read as
   Windows-1257, "ą Paris"). The encoding used is reported, so a page can say so.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from articlemap.limits import DEFAULT_LIMITS, Limits, size_label

MAX_UPLOAD_BYTES = DEFAULT_LIMITS.text_bytes
SNIFF_BYTES = 8192
MAX_CONTROL_RATIO = 0.05  # share of control characters above which a file is not text
_TEXT_CONTROLS = {9, 10, 12, 13}  # tab, line feed, form feed, carriage return
# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
PREFERRED_LEGACY = "cp1252"
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32-le": "UTF-32",
    "utf-32-be": "UTF-32",
    "cp1252": "Windows-1252 (Western European)",
}


class UploadError(ValueError):
    """A file that cannot be used as text; the message is for the person and names the file."""


class NotText(UploadError):
    """The bytes are binary (an image, a spreadsheet, a PDF) or not decodable."""


@dataclass(frozen=True)
class UploadedText:
    text: str
    encoding: str

    @property
    def encoding_note(self) -> str:
        """A sentence for the page when the file was not UTF-8 ("" when it was)."""
        if self.encoding.startswith("utf"):
            return ""
        name = ENCODING_NAMES.get(self.encoding, self.encoding)
        return (
            f"The file is not UTF-8; it was read as {name}. If letters look wrong, "
            "save it as UTF-8 and upload it again."
        )


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def looks_binary(data: bytes) -> bool:
    """A NUL byte anywhere, or many control characters in the first 8 KB (no BOM)."""
    if b"\x00" in data:
        return True
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    controls = sum(1 for b in head if (b < 32 and b not in _TEXT_CONTROLS) or b == 127)
    return controls / len(head) > MAX_CONTROL_RATIO


def _legacy(data: bytes) -> UploadedText:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: Windows-1252 covers most old Western text files
        return UploadedText(data.decode("cp1252", errors="replace"), "cp1252")
    matches = list(from_bytes(data))
    if not matches:
        return UploadedText(data.decode("cp1252", errors="replace"), "cp1252")
    best = matches[0]
    for m in matches:
        tied = abs(m.chaos - best.chaos) < 0.01 and m.coherence >= best.coherence - 0.05
        if tied and m.encoding == PREFERRED_LEGACY:
            return UploadedText(str(m), m.encoding)
    return UploadedText(str(best), best.encoding)


def decode(data: bytes, name: str = "the file") -> UploadedText:
    """The text of ``data``; raises NotText (naming ``name``) for binary bytes."""
    marked = _bom(data)
    if marked is not None:
        encoding, skip = marked
        try:
            text = data[skip:].decode(encoding)
        except UnicodeDecodeError as exc:
            raise NotText(
                f"“{name}” starts like {ENCODING_NAMES[encoding]} text but is not valid "
                f"{ENCODING_NAMES[encoding]} (byte {exc.start + skip:,})."
            ) from exc
        if "\x00" in text:
            raise NotText(f"“{name}” is not a text file (it contains NUL characters).")
        return UploadedText(text, encoding)
    if looks_binary(data):
        raise NotText(
            f"“{name}” is not a text file (it looks like a binary file, e.g. an image, a "
            "spreadsheet, a PDF or a Word document)."
        )
    try:
        return UploadedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _legacy(data)


def read_upload(name: str, data: bytes, limits: Limits | int = DEFAULT_LIMITS) -> UploadedText:
    """The text of an uploaded .txt/.md file; raises UploadError with a clear message."""
    limit = limits if isinstance(limits, int) else limits.text_bytes
    if len(data) > limit:
        raise UploadError(
            f"“{name}” is {size_label(len(data))}; text files may be up to {size_label(limit)}. "
            "Upload a shorter text or paste the part you need."
        )
    if not data.strip():
        raise UploadError(f"“{name}” is empty: there is no text to read.")
    try:
        uploaded = decode(data, name)
    except NotText as exc:
        raise NotText(f"{exc} Upload a .txt or .md file, or paste the text.") from exc
    if not uploaded.text.strip():
        raise UploadError(f"“{name}” has no text in it.")
    return uploaded


def check_pasted(text: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Pasted text, or UploadError when there is nothing to read or too much."""
    if not text or not text.strip():
        raise UploadError("There is no text: paste an article or upload a file first.")
    size = len(text.encode("utf-8", errors="replace"))
    if size > limits.text_bytes:
        raise UploadError(
            f"The pasted text is {size_label(size)}; the limit is {size_label(limits.text_bytes)}. "
            "Paste the part you need."
        )
    return text
