"""Check an uploaded file and turn it into text, or say clearly why not.

Uploads come from anyone: the file-type filter of a browser uploader only looks at the name,
so the bytes are sniffed here (a renamed image or spreadsheet must give a message naming the
file, not a traceback or pages of mojibake). Decoding tries UTF-8 (with or without BOM), then
charset-normalizer when it is installed (it ships with Streamlit's dependencies), else
Windows-1252, which never fails.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SNIFF_BYTES = 8192
MAX_CONTROL_RATIO = 0.05  # share of control characters above which a file is not text
_TEXT_CONTROLS = {9, 10, 12, 13}  # tab, line feed, form feed, carriage return


class UploadError(ValueError):
    """A file that cannot be used as article text; the message is for the user."""


@dataclass(frozen=True)
class UploadedText:
    text: str
    encoding: str


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def looks_binary(data: bytes) -> bool:
    """A NUL byte, or many control characters, in the first 8 KB."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if (b < 32 and b not in _TEXT_CONTROLS) or b == 127)
    return controls / len(head) > MAX_CONTROL_RATIO


def decode(data: bytes) -> UploadedText:
    try:
        return UploadedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: Windows-1252 covers most old Western text files
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(data).best()
        if best is not None:
            return UploadedText(str(best), best.encoding)
    return UploadedText(data.decode("cp1252", errors="replace"), "cp1252")


def read_upload(name: str, data: bytes, limit: int = MAX_UPLOAD_BYTES) -> UploadedText:
    """The text of an uploaded .txt/.md file; raises UploadError with a clear message."""
    if len(data) > limit:
        raise UploadError(
            f"“{name}” is {_size(len(data))}; the limit is {_size(limit)}. "
            "Upload a shorter text or paste the part you need."
        )
    if not data.strip():
        raise UploadError(f"“{name}” is empty: there is no text to read.")
    if looks_binary(data):
        raise UploadError(
            f"“{name}” is not a text file (it looks like a binary file, e.g. an image, a PDF "
            "or a Word document). Upload a .txt or .md file, or paste the text."
        )
    uploaded = decode(data)
    if not uploaded.text.strip():
        raise UploadError(f"“{name}” has no text in it.")
    return uploaded


def check_pasted(text: str) -> str:
    """Pasted text, or UploadError when there is nothing to read."""
    if not text or not text.strip():
        raise UploadError("There is no text: paste an article or upload a file first.")
    if len(text.encode("utf-8", errors="replace")) > MAX_UPLOAD_BYTES:
        raise UploadError(f"The pasted text is longer than {_size(MAX_UPLOAD_BYTES)}.")
    return text
