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
        # 2 MiB + 1 byte was "2.0 MB; the limit is 2.0 MB": the refusal must show the excess.
        (b"x" * (MAX_UPLOAD_BYTES + 1), ("2.0 MB (2,097,153 bytes)", "up to 2 MB")),
        (b"Ganja " * 2000 + b"\x00" + b"Tovuz " * 10, ("not a text file",)),  # NUL after 8 KB
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


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_files_with_a_byte_order_mark_are_read(encoding: str):
    text = "Gəncə – Ganja, 17 October 2020: “à Paris”"
    data = text.encode(encoding)  # "utf-16" and "utf-32" write their own BOM
    if encoding.endswith(("le", "be")):
        data = "\ufeff".encode(encoding) + data
    uploaded = read_upload("unicode.txt", data)
    assert uploaded.text == text
    assert uploaded.encoding_note == ""


def test_latin1_french_is_read_as_western_european_and_says_so():
    for text in ("à Paris", "Le président est arrivé à Paris, où il a rencontré ses homologues."):
        uploaded = read_upload("fr.txt", text.encode("latin-1"))
        assert uploaded.text == text
        assert "Windows-1252" in uploaded.encoding_note


def test_cyrillic_in_a_legacy_code_page_is_still_recognised():
    text = "Переговоры в Москве и Баку продолжались до 10 ноября 2020 года."
    assert read_upload("ru.txt", text.encode("cp1251")).text == text


def test_a_data_folder_file_in_utf16_loads_and_a_binary_one_is_named():
    from articlemap.loading import DataValidationError, decode_text

    assert decode_text("id,name\nganja,Gəncə\n".encode("utf-16"), "places.csv").startswith("id")
    with pytest.raises(DataValidationError, match=r"places\.csv"):
        decode_text(b"id,name\n" + b"x" * 9000 + b"\x00", "places.csv")


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


def test_the_server_upload_ceiling_is_the_one_in_limits():
    """The uploader widget and server.maxUploadSize accept more than any app limit, so every
    refusal is the app's own message (the widget's own is a bare red icon)."""
    import tomllib
    from pathlib import Path

    from articlemap.limits import DEFAULT_LIMITS as LIMITS
    from articlemap.limits import MIB

    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit/config.toml").read_text())
    assert config["server"]["maxUploadSize"] == LIMITS.upload_mb
    assert LIMITS.upload_mb * MIB > max(LIMITS.text_bytes, LIMITS.file_bytes)
