"""Uploaded files: refused with a message naming the file, or decoded to the right text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlemap.text_upload import (
    MAX_UPLOAD_BYTES,
    UploadError,
    check_pasted,
    looks_binary,
    read_upload,
)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("not a text file",)),
        (bytes(range(1, 32)) * 20, ("not a text file",)),
        (b"", ("empty",)),
        (b"  \n\t\n", ("empty",)),
        (b"x" * (MAX_UPLOAD_BYTES + 1), ("2.0 MB", "limit")),
    ],
)
def test_refused_files_are_named_in_the_message(data: bytes, words: tuple[str, ...]):
    with pytest.raises(UploadError) as err:
        read_upload("my file.txt", data)
    message = str(err.value)
    assert "“my file.txt”" in message
    assert all(w in message for w in words)


def test_utf8_with_bom_and_windows_1252_are_read():
    assert read_upload("a.txt", "\ufeffGəncə – Ganja".encode()).text == "Gəncə – Ganja"
    cp1252 = "Ganja – “the city” café".encode("cp1252")
    assert read_upload("b.txt", cp1252).text == "Ganja – “the city” café"


def test_tabs_and_newlines_are_text():
    assert not looks_binary(b"a\tb\r\nc\n\x0cd")


def test_pasted_text_must_not_be_empty():
    with pytest.raises(UploadError, match="no text"):
        check_pasted("   \n")
    assert check_pasted("Ganja") == "Ganja"


@given(st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t))
def test_utf8_text_comes_back_unchanged_or_is_refused_as_binary(text: str):
    data = text.encode("utf-8")
    if looks_binary(data):
        with pytest.raises(UploadError):
            read_upload("t.txt", data)
    else:
        assert read_upload("t.txt", data).text == text.removeprefix("\ufeff")
