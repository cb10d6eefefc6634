"""One story as one .zip: written byte-for-byte the same every time, read defensively.

Export writes the files sorted by name with fixed timestamps and permissions, so exporting,
importing and exporting again gives the identical zip (people compare and version them).
Import takes a zip from anyone: before anything is decompressed its size, entry count and
central directory are bounded (a 50 MB upload or a zip of a million empty entries is
refused at once), and what it unpacks to is capped by the declared sizes and again by the
bytes actually read (zip bombs lie). Paths that climb out (``..``), absolute paths,
symbolic links and encrypted members are refused; a zip of a folder (one top-level folder)
is accepted; macOS/Windows clutter is skipped; other extra files are ignored with a note.
Every problem comes back at once, each naming the zip and the member.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass

from articlemap.limits import DEFAULT_LIMITS, Limits, size_label
from articlemap.loading import DataValidationError, RowError
from articlemap.story_files import REQUIRED_FILES, STORY_FILES, and_list

FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say
FILE_MODE = stat.S_IFREG | 0o644
UNIX = 3  # "made by" system: Unix, so the mode above is read as one
COMPRESS_LEVEL = 9
READ_CHUNK = 1024 * 1024

MAX_ENTRIES = 200  # a story has up to 6 files; a zipped folder adds folders and Mac clutter
MAX_CENTRAL_DIRECTORY = 256 * 1024
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20

# Files that operating systems add to archives; never a user's file, so no note either.
_CLUTTER_DIRS = {"__MACOSX"}
_CLUTTER_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
HOW_TO_MAKE = (
    f"A story zip holds {and_list(list(REQUIRED_FILES))} (and optionally "
    f"{and_list([n for n in STORY_FILES if n not in REQUIRED_FILES])}), at its top or in "
    "one folder: export one from Share / export, or zip a story's folder."
)


@dataclass(frozen=True)
class ZipContents:
    """The story's files by canonical name, what was ignored (sentences for the page), and
    for each file its place in the zip ("my-story.zip/my-story/places.csv") to name in the
    loader's messages about its rows."""

    files: dict[str, bytes]
    notes: tuple[str, ...]
    labels: dict[str, str]


def story_zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files as a deterministic zip: sorted names, fixed date and mode, deflate 9."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, bytes(files[name]), compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def printable(name: str) -> str:
    """A member or file name fit for a message: control characters become "?"."""
    return _CONTROL.sub("?", name)


def member_label(zip_name: str, member: str) -> str:
    return f"{printable(zip_name)}/{printable(member)}"


def _central_directory_problem(data: bytes) -> str | None:
    """Why the zip's central directory is too big to parse, found the way zipfile finds
    it (the end record at the very end, else the last one in the final 64 KB), or None.
    zipfile reads every entry the directory lists before anything else, so this check
    comes first."""
    start = len(data) - _END_RECORD_SIZE
    if not (start >= 0 and data[start : start + 4] == _END_RECORD and data[-2:] == b"\0\0"):
        start = data.rfind(_END_RECORD, max(0, len(data) - (1 << 16) - _END_RECORD_SIZE))
    if start < 0 or start + _END_RECORD_SIZE > len(data):
        return None  # not a zip: zipfile says so
    entries, directory_size = struct.unpack("<HI", data[start + 10 : start + 16])
    locator = start - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        return "is a ZIP64 archive (for more than 65,535 files or 4 GB); a story zip is small"
    if entries > MAX_ENTRIES:
        return f"lists {entries:,} entries; a story zip has a handful (at most {MAX_ENTRIES})"
    if directory_size > MAX_CENTRAL_DIRECTORY:
        return (
            f"has a table of contents of {size_label(directory_size)} (very long file "
            f"names); a story zip's is a few KB (at most {size_label(MAX_CENTRAL_DIRECTORY)})"
        )
    return None


def _is_clutter(parts: list[str]) -> bool:
    return (
        parts[0] in _CLUTTER_DIRS
        or parts[-1].lower() in _CLUTTER_FILES
        or parts[-1].startswith("._")  # macOS resource forks
    )


def _member_problem(info: zipfile.ZipInfo, path: str) -> str | None:
    if path.startswith("/") or _DRIVE.match(path):
        return "has an absolute path; refused"
    if ".." in path.split("/"):
        return "points outside the zip's folder (“..”); refused"
    if info.create_system == UNIX and stat.S_ISLNK(info.external_attr >> 16):
        return "is a symbolic link; refused"
    if info.flag_bits & 0x1:
        return "is encrypted; export the story again without a password"
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The member's bytes; ValueError when it unpacks to more than ``budget``."""
    parts: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(min(READ_CHUNK, budget - size + 1)):
            size += len(chunk)
            if size > budget:
                raise ValueError("it unpacks to more than the zip says: a damaged or hostile zip")
            parts.append(chunk)
    return b"".join(parts)


def read_story_zip(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> ZipContents:
    """The story files in an uploaded zip; raises DataValidationError listing every
    problem (each RowError's file is the zip, or "zip/member")."""
    zip_label = printable(file_name)

    def refuse(message: str) -> DataValidationError:
        return DataValidationError([RowError(zip_label, None, None, message)])

    if len(data) > limits.story_zip_bytes:
        raise refuse(
            f"is {size_label(len(data))}; a story zip may be up to "
            f"{size_label(limits.story_zip_bytes)}."
        )
    if not data:
        raise refuse(f"is empty. {HOW_TO_MAKE}")
    if problem := _central_directory_problem(data):
        raise refuse(problem + ".")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise refuse(f"is not a zip file, or it is damaged. {HOW_TO_MAKE}") from exc
    except NotImplementedError as exc:  # e.g. "zip file version 6.4"
        raise refuse(f"uses a kind of zip this app cannot read ({exc}). {HOW_TO_MAKE}") from exc

    errors: list[RowError] = []
    notes: list[str] = []
    candidates: list[tuple[list[str], zipfile.ZipInfo]] = []
    with archive:
        for info in archive.infolist():
            path = info.filename.replace("\\", "/")
            parts = [p for p in path.split("/") if p not in ("", ".")]
            if not parts or path.endswith("/") or _is_clutter(parts):
                continue
            if problem := _member_problem(info, path):
                errors.append(RowError(member_label(file_name, info.filename), None, None, problem))
                continue
            candidates.append((parts, info))

        # A zip of a folder: every file inside the same top-level folder.
        tops = {parts[0] for parts, _ in candidates}
        if len(tops) == 1 and all(len(parts) > 1 for parts, _ in candidates):
            candidates = [(parts[1:], info) for parts, info in candidates]

        chosen: dict[str, zipfile.ZipInfo] = {}
        for parts, info in candidates:
            label = member_label(file_name, info.filename)
            name = parts[-1].lower()
            if len(parts) > 1 or name not in STORY_FILES:
                where = " (it is in a subfolder)" if name in STORY_FILES else ""
                notes.append(f"{label} is not one of a story's files{where}; it was ignored.")
                continue
            if name in chosen:
                first = member_label(file_name, chosen[name].filename)
                errors.append(
                    RowError(label, None, None, f"is a second {name} (the first is {first})")
                )
                continue
            chosen[name] = info

        declared = sum(info.file_size for info in chosen.values())
        budget = limits.story_bytes
        files: dict[str, bytes] = {}
        labels: dict[str, str] = {}
        if declared > budget:
            errors.append(
                RowError(
                    zip_label,
                    None,
                    None,
                    f"its files unpack to {size_label(declared)}; a story may be up to "
                    f"{size_label(budget)}.",
                )
            )
        else:
            for name, info in sorted(chosen.items()):
                label = member_label(file_name, info.filename)
                try:
                    files[name] = _read_member(archive, info, budget)
                except (
                    zipfile.BadZipFile,
                    ValueError,
                    OSError,
                    EOFError,
                    NotImplementedError,
                    RuntimeError,
                    zlib.error,
                ) as exc:
                    errors.append(RowError(label, None, None, f"cannot be read ({exc})"))
                    continue
                budget -= len(files[name])
                labels[name] = label

    missing = [name for name in REQUIRED_FILES if name not in chosen]
    for n, name in enumerate(missing, 1):
        hint = f" {HOW_TO_MAKE}" if n == len(missing) else ""
        errors.append(RowError(zip_label, None, None, f"has no {name}.{hint}"))
    if errors:
        raise DataValidationError(errors)
    return ZipContents(files=files, notes=tuple(notes), labels=labels)
