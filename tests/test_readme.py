"""The README says what the code does: its column lists and its command lines.

A person edits places.csv / events.csv from the README's column lists and runs the commands
it shows; both drift silently when the schema or the CLI changes, so they are checked here
against ``articlemap/schema.py`` and the CLI's own parser.
"""

from __future__ import annotations

import argparse
import itertools
import re
import shlex

import pytest

from articlemap import cli
from articlemap.paths import PROJECT_ROOT
from articlemap.schema import AREA_STATE_COLUMNS, EVENT_COLUMNS, PLACE_COLUMNS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
CLI = "python -m articlemap"


def section(heading: str) -> str:
    """The text under a Markdown heading, up to the next heading."""
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#)", README + "\n#", re.M | re.S)
    assert match, f"README has no section {heading!r}"
    return match[1]


def listed_columns(heading: str) -> list[str]:
    """``a, b (what b is), c`` in the section's first code span -> ["a", "b", "c"]."""
    span = re.search(r"`([^`]+)`", section(heading), re.S)
    assert span, f"no column list in README section {heading!r}"
    text = span[1]
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "", text)  # the explanations, nested ones too
    return [name.strip() for name in text.split(",")]


@pytest.mark.parametrize(
    ("heading", "columns"),
    [
        ("events.csv columns", EVENT_COLUMNS),
        ("places.csv columns", PLACE_COLUMNS),
        ("area_states.csv columns", AREA_STATE_COLUMNS),
    ],
)
def test_the_readme_lists_the_columns_in_order(heading, columns):
    assert listed_columns(heading) == list(columns)


def readme_command_lines() -> list[str]:
    """Every ``python -m articlemap …`` the README shows, without its trailing comment."""
    lines = []
    for match in re.finditer(rf"(?:^|`){re.escape(CLI)}([^`\n]*)", README, re.M):
        lines.append(match[1].split("#")[0].strip())
    return lines


def subparsers() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in cli.parser()._actions if a.dest == "command")
    assert isinstance(sub.choices, dict)
    return sub.choices


def parser_commands() -> set[str]:
    return set(subparsers())


def test_the_readme_shows_every_command_and_no_other():
    shown = {line.split()[0] for line in readme_command_lines() if line}
    assert shown == parser_commands(), (
        f"README only: {sorted(shown - parser_commands())}; "
        f"not in the README: {sorted(parser_commands() - shown)}"
    )


def variants(line: str) -> list[list[str]]:
    """``export events --format json|csv`` -> one argument list per choice; ``[DIR]`` drops."""
    words = shlex.split(re.sub(r"\[[^\]]*\]", "", line))
    return [list(choice) for choice in itertools.product(*(w.split("|") for w in words))]


@pytest.mark.parametrize("line", readme_command_lines())
def test_every_command_line_in_the_readme_parses(line):
    parser = cli.parser()
    for argv in variants(line):
        try:
            parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"README: `{CLI} {' '.join(argv)}` is refused by the CLI's parser")


def test_every_option_the_readme_names_exists():
    """Also the inline mentions ("`extract --curated`") outside whole command lines."""
    inline = re.findall(r"`([a-z][a-z-]*) (--[^`]*)`", README)
    mentions = [(line.split()[0], line) for line in readme_command_lines()]
    mentions += [(name, f"{name} {rest}") for name, rest in inline if name in parser_commands()]
    assert any(name == "extract" for name, _ in mentions)
    for name, line in mentions:
        known = {s for action in subparsers()[name]._actions for s in action.option_strings}
        unknown = [w for w in line.split() if w.startswith("--") and w not in known]
        assert not unknown, f"README: `{line}`: {name} has no option {unknown}"


def test_the_checks_read_what_they_check():
    """A README section with a wrong column or a stale option must be seen."""
    assert variants("export places --format geojson|csv [--data DIR]") == [
        ["export", "places", "--format", "geojson"],
        ["export", "places", "--format", "csv"],
    ]
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["site"])  # OUTDIR is required
    assert "site" in parser_commands() and "extract" in parser_commands()
    assert len(readme_command_lines()) >= len(parser_commands())
