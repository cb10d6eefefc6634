"""A story as one .zip: identical bytes on every export, and every broken zip refused with
messages that name the zip and the member — all of its problems at once."""

from __future__ import annotations

import io
import random
import stat
import struct
import warnings
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlemap.limits import DEFAULT_LIMITS, MIB, Limits
from articlemap.loading import DataValidationError
from articlemap.story_files import REQUIRED_FILES, STORY_FILES
from articlemap.story_zip import (
    FIXED_DATE,
    MAX_ENTRIES,
    ZipContents,
    read_story_zip,
    story_zip_bytes,
)


def story_files(**overrides: bytes) -> dict[str, bytes]:
    files = {
        "story.toml": b'id = "kars"\ntitle = "Kars, 1921"\n',
        "article.md": "# The treaty\n\nŞuşa, “quotes”, NUL \0.\n".encode(),
        "places.csv": b"id,name\nkars,Kars\n",
        "events.csv": b"id,date\ntreaty,1921-10-13\n",
    }
    files.update(overrides)
    return files


def make_zip(members: list[tuple[str | zipfile.ZipInfo, bytes]], **kwargs) -> bytes:
    """A zip with exactly these members (duplicates allowed), as other tools make them."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **kwargs) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return buffer.getvalue()


def problems(data: bytes, name: str = "story.zip", **kwargs) -> list[str]:
    with pytest.raises(DataValidationError) as refused:
        read_story_zip(data, name, **kwargs)
    return [str(e) for e in refused.value.errors]


def valid_members(prefix: str = "") -> list[tuple[str, bytes]]:
    return [(prefix + name, data) for name, data in story_files().items()]


# --- export ----------------------------------------------------------------------------------


def test_export_import_export_is_byte_identical() -> None:
    files = story_files(**{"areas.geojson": b'{"type": "FeatureCollection", "features": []}'})
    first = story_zip_bytes(files)
    contents = read_story_zip(first, "kars.zip")
    assert contents.files == files
    assert contents.notes == ()
    assert contents.labels == {name: f"kars.zip/{name}" for name in files}
    assert story_zip_bytes(contents.files) == first


def test_export_does_not_depend_on_order_or_time() -> None:
    files = story_files()
    reordered = dict(reversed(list(files.items())))
    assert story_zip_bytes(files) == story_zip_bytes(reordered)
    with zipfile.ZipFile(io.BytesIO(story_zip_bytes(files))) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(files)
    for info in infos:
        assert info.date_time == FIXED_DATE
        assert stat.S_IMODE(info.external_attr >> 16) == 0o644
        assert info.compress_type == zipfile.ZIP_DEFLATED


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(st.sampled_from(STORY_FILES), st.binary(max_size=5000)).map(
        lambda extra: {**story_files(), **extra}
    )
)
def test_any_story_round_trips(files: dict[str, bytes]) -> None:
    data = story_zip_bytes(files)
    contents = read_story_zip(data, "s.zip")
    assert contents.files == files
    assert story_zip_bytes(contents.files) == data


# --- accepted shapes -------------------------------------------------------------------------


def test_a_zipped_folder_is_accepted_and_clutter_skipped() -> None:
    data = make_zip(
        [
            ("My story/", b""),
            *valid_members("My story/"),
            ("My story/.DS_Store", b"\0\0"),
            ("__MACOSX/My story/._article.md", b"\0\5\26\7"),
            ("__MACOSX/._My story", b""),
        ]
    )
    contents = read_story_zip(data, "folder.zip")
    assert contents.files == story_files()
    assert contents.notes == ()
    assert contents.labels["places.csv"] == "folder.zip/My story/places.csv"


def test_windows_separators_and_upper_case_names() -> None:
    members = [(f"story\\{name.upper()}", data) for name, data in story_files().items()]
    assert read_story_zip(make_zip(members), "win.zip").files == story_files()


def test_nameless_and_dot_members_are_skipped() -> None:
    """Found by fuzzing: zipfile's own is_dir() fails on a member with no name."""
    data = make_zip([*valid_members(), (zipfile.ZipInfo(""), b"x"), ("./", b""), ("//", b"")])
    assert read_story_zip(data, "odd.zip").files == story_files()


def test_extra_files_are_ignored_with_a_note() -> None:
    data = make_zip(
        [*valid_members(), ("notes.txt", b"hi"), ("img/photo.jpg", b"\xff"), ("x/events.csv", b"")]
    )
    contents = read_story_zip(data, "extra.zip")
    assert isinstance(contents, ZipContents)
    assert contents.files == story_files()
    assert contents.notes == (
        "extra.zip/notes.txt is not one of a story's files; it was ignored.",
        "extra.zip/img/photo.jpg is not one of a story's files; it was ignored.",
        "extra.zip/x/events.csv is not one of a story's files (it is in a subfolder); "
        "it was ignored.",
    )


# --- refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"%PDF-1.7\n" + b"x" * 1000, b"PK\x03\x04" + b"\0" * 40],
    ids=["empty", "text", "pdf", "zip-magic-only"],
)
def test_not_a_zip(data: bytes) -> None:
    found = problems(data, "upload.zip")
    assert len(found) == 1
    assert found[0].startswith("upload.zip: ")
    assert "zip" in found[0] and "story.toml" in found[0]


def test_a_truncated_zip() -> None:
    data = story_zip_bytes(story_files())
    found = problems(data[: len(data) // 2], "cut.zip")
    assert found == [found[0]] and "not a zip file, or it is damaged" in found[0]


def test_a_50_mb_upload_is_refused_before_it_is_opened() -> None:
    """Not even a zip: the size alone refuses it (nothing is parsed or decompressed)."""
    found = problems(b"\0" * (50 * MIB), "huge.zip")
    assert found == ["huge.zip: is 50 MB; a story zip may be up to 32 MB."]


def test_a_real_zip_over_the_cap_is_refused_by_its_size() -> None:
    big = zipfile.ZipInfo("article.md")  # stored, not compressed: the zip is as big
    data = make_zip([(big, b"a" * (DEFAULT_LIMITS.story_zip_bytes + 1)), *valid_members()[2:]])
    (found,) = problems(data, "big.zip")
    assert found.startswith("big.zip: is 32.0 MB") and "may be up to 32 MB" in found


def test_a_zip_bomb_is_refused_by_its_declared_sizes() -> None:
    bomb = b"\0" * (DEFAULT_LIMITS.story_bytes + 1)
    data = make_zip([*valid_members()[:3], ("events.csv", bomb)])
    assert len(data) < MIB  # zeros compress 1000:1
    total = len(bomb) + sum(len(d) for _, d in valid_members()[:3])
    assert problems(data, "bomb.zip") == [
        f"bomb.zip: its files unpack to 30.0 MB ({total:,} bytes); a story may be up to 30 MB."
    ]


def test_members_together_over_the_cap() -> None:
    limits = Limits(story_bytes=100)
    members = [(name, b"x" * 30) for name in REQUIRED_FILES]
    (found,) = problems(make_zip(members), "four.zip", limits=limits)
    assert "unpack to 120 bytes" in found


def _patch_headers(data: bytes, name: str, local_at: int, central_at: int, fmt: str, value):
    """The zip with one field of ``name``'s local and central headers rewritten (a
    hostile zip: the data inside is unchanged)."""
    out = bytearray(data)
    encoded = name.encode()
    local = 0  # the first local header
    while True:
        compressed, _, name_length, extra_length = struct.unpack_from("<IIHH", out, local + 18)
        if out[local + 30 : local + 30 + name_length] == encoded:
            struct.pack_into(fmt, out, local + local_at, value)
            break
        local += 30 + name_length + extra_length + compressed
    central = out.index(b"PK\x01\x02")
    while True:
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", out, central + 28)
        if out[central + 46 : central + 46 + name_length] == encoded:
            struct.pack_into(fmt, out, central + central_at, value)
            return bytes(out)
        central += 46 + name_length + extra_length + comment_length


def test_a_member_that_lies_about_its_size_cannot_be_read() -> None:
    honest = make_zip([*valid_members()[:3], ("events.csv", b"\0" * MIB)])
    lying = _patch_headers(honest, "events.csv", 22, 24, "<I", 100)  # uncompressed size
    (found,) = problems(lying, "liar.zip")
    assert found.startswith("liar.zip/events.csv: cannot be read (")


def test_a_damaged_member_cannot_be_read() -> None:
    noise = random.Random(0).randbytes(10_000)  # does not compress: the member is long
    data = bytearray(story_zip_bytes(story_files(**{"article.md": noise})))
    assert data[30:40] == b"article.md"  # the first member; its data follows its header
    data[30 + 10 + 5000 : 30 + 10 + 5020] = b"\xff" * 20
    found = problems(bytes(data), "damaged.zip")
    assert [f for f in found if f.startswith("damaged.zip/article.md: cannot be read")]


def test_too_many_entries_are_refused_before_parsing() -> None:
    members = [(f"{i}.txt", b"") for i in range(MAX_ENTRIES + 1)] + valid_members()
    (found,) = problems(make_zip(members), "many.zip")
    assert found == f"many.zip: lists {MAX_ENTRIES + 5:,} entries; a story zip has a handful " + (
        f"(at most {MAX_ENTRIES})."
    )


def test_a_huge_table_of_contents_is_refused_before_parsing() -> None:
    members = [("x" * 60_000 + str(i), b"") for i in range(10)]
    (found,) = problems(make_zip(members), "names.zip")
    assert "table of contents" in found


def test_zip64_is_refused() -> None:
    data = story_zip_bytes(story_files())
    end = data.rindex(b"PK\x05\x06")
    fake_locator = b"PK\x06\x07" + b"\0" * 16
    (found,) = problems(data[:end] + fake_locator + data[end:], "z64.zip")
    assert "ZIP64" in found


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../places.csv", "points outside the zip's folder"),
        ("story/../../places.csv", "points outside the zip's folder"),
        ("/etc/places.csv", "absolute path"),
        ("C:\\Users\\places.csv", "absolute path"),
        (_symlink("places.csv"), "symbolic link"),
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "drive", "symlink"],
)
def test_unsafe_members_are_refused(member, message) -> None:
    members = [m for m in valid_members() if m[0] != "places.csv"]
    data = make_zip([*members, (member, b"/etc/passwd")])
    found = problems(data, "unsafe.zip")
    name = member.filename if isinstance(member, zipfile.ZipInfo) else member
    assert f"unsafe.zip/{name}: " + found[0].split(": ", 1)[1] == found[0]
    assert message in found[0]
    assert found[1] == "unsafe.zip: has no places.csv. " + found[1].split(". ", 1)[1]


def test_an_encrypted_member_is_refused() -> None:
    data = _patch_headers(story_zip_bytes(story_files()), "places.csv", 6, 8, "<H", 0x1)
    found = problems(data, "locked.zip")
    assert found[0] == (
        "locked.zip/places.csv: is encrypted; export the story again without a password"
    )
    assert found[1].startswith("locked.zip: has no places.csv.")


@pytest.mark.parametrize("second", ["places.csv", "PLACES.CSV"])
def test_duplicate_names(second: str) -> None:
    data = make_zip([*valid_members(), (second, b"id,name\n")])
    assert problems(data, "dup.zip") == [
        f"dup.zip/{second}: is a second places.csv (the first is dup.zip/places.csv)"
    ]


def test_every_missing_file_is_listed() -> None:
    found = problems(make_zip([("article.md", b"# Only the article")]), "thin.zip")
    assert [f.split(".", 2)[:2] for f in found] == [
        ["thin", "zip: has no story"],
        ["thin", "zip: has no places"],
        ["thin", "zip: has no events"],
    ]
    assert "A story zip holds" in found[-1] and "A story zip holds" not in found[0]


def test_two_top_level_folders_are_not_one_story() -> None:
    data = make_zip([("a/story.toml", b""), ("a/article.md", b""), ("b/places.csv", b"")])
    found = problems(data, "two.zip")
    assert len(found) == 4  # nothing at the top: all four required files missing


def test_all_problems_at_once() -> None:
    data = make_zip(
        [
            ("../evil.sh", b"rm -rf /"),
            (_symlink("story.toml"), b"/etc/passwd"),
            ("article.md", b"one"),
            ("Article.md", b"two"),
            ("notes.txt", b"ignored"),
        ]
    )
    found = problems(data, "broken.zip")
    assert found[:3] == [
        "broken.zip/../evil.sh: points outside the zip's folder (“..”); refused",
        "broken.zip/story.toml: is a symbolic link; refused",
        "broken.zip/Article.md: is a second article.md (the first is broken.zip/article.md)",
    ]
    assert [f.split(".")[1] for f in found[3:]] == [
        "zip: has no story",
        "zip: has no places",
        "zip: has no events",
    ]


def test_control_characters_in_names_are_not_echoed() -> None:
    data = make_zip([*valid_members(), ("evil\x1b[31m.md", b"")])
    (note,) = read_story_zip(data, "ctl\n.zip").notes
    assert note.startswith("ctl?.zip/evil?[31m.md ")


# --- fuzz ------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_contents_or_a_validation_error(data: bytes) -> None:
    try:
        read_story_zip(data, "fuzz.zip")
    except DataValidationError as exc:
        assert exc.errors and all(str(e).startswith("fuzz.zip") for e in exc.errors)


VALID_ZIP = story_zip_bytes(story_files(**{"areas.geojson": b"{}" * 100}))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID_ZIP) - 1), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_damaged_zips_give_contents_or_a_validation_error(flips) -> None:
    data = bytearray(VALID_ZIP)
    for offset, value in flips:
        data[offset] = value
    try:
        contents = read_story_zip(bytes(data), "flipped.zip")
    except DataValidationError as exc:
        assert exc.errors and all(str(e).startswith("flipped.zip") for e in exc.errors)
    else:
        assert set(contents.files) <= set(STORY_FILES)
