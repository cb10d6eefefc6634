"""The browser code (articlemap/web, articlemap/site_template) is linted and unit-tested.

Biome (pinned in package.json, installed by ``npm ci``) checks lint and format; node's own
test runner runs ``articlemap/web/tests/*.test.js`` and ``*.test.mjs``. Without node_modules
or node the tests skip locally, and fail on CI (``CI=true``), which must not skip them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "articlemap" / "web"
CHECKED = ("articlemap/web", "articlemap/site_template")
BIOME = ROOT / "node_modules" / ".bin" / "biome"


def need(ok: bool, message: str) -> None:
    """Skip without a tool locally; on CI a missing tool is a failure."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message + " — CI must not skip the browser code's checks")
    pytest.skip(message)


def node_tests(web: Path) -> subprocess.CompletedProcess[str]:
    files = sorted(str(p) for p in (web / "tests").glob("*.test.*js"))
    assert files, f"no node tests in {web / 'tests'}"
    return subprocess.run(
        ["node", "--test", *files], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_biome_finds_nothing_in_the_browser_code():
    need(BIOME.exists(), "node_modules/.bin/biome is missing (run `npm ci`)")
    need(shutil.which("npx") is not None, "npx is not installed")
    result = subprocess.run(
        ["npx", "--no-install", "biome", "check", "--error-on-warnings", *CHECKED],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    checked = re.search(r"Checked (\d+) files?", output)
    assert checked and int(checked.group(1)) >= 5, output  # the JS, CSS and HTML files


def test_node_unit_tests_of_the_browser_code_pass():
    need(shutil.which("node") is not None, "node is not installed")
    result = node_tests(WEB)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    passed = re.search(r"^# pass (\d+)$", result.stdout, re.MULTILINE)
    assert passed and int(passed.group(1)) >= 10, result.stdout[-2000:]
    assert re.search(r"^# fail 0$", result.stdout, re.MULTILINE), result.stdout[-2000:]


# A broken copy of each function the node tests cover must make them fail.
BREAKAGES = [
    ("map_view.js", 'return "release";', "return null;"),  # Escape no longer releases the focus
    ("map_view.js", 'pageKeys.indexOf(key) >= 0 ? "forward"', 'pageKeys.length ? "forward"'),
    ("map_view.js", "{ value: e[name] }", "{ value: 0 }"),  # keyCode lost (Space ignored)
    ("map_view.js", "p.events > limit", "p.events > limit + 1"),  # the rest not counted
    ("map_view.js", '" \\u2014 \\u201c" + e.written', '" \\u2014 \\u201c" + e.date'),
    ("map_view.js", "length >= config.canvas_from", "length > config.canvas_from"),
    (  # text put in as HTML
        "render.js",
        'node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);',
        'if (typeof child === "string") node.innerHTML = child; else node.appendChild(child);',
    ),
    ("render.js", ".reverse()", ""),  # oldest first
    ("area_look.js", "color: look.outline ? OUTLINE : area.colour", "color: area.colour"),
    ("area_look.js", "state.fillOpacity * factor.fillOpacity", "state.fillOpacity"),
    ("area_look.js", 'return Object.hasOwn(STATE_STYLES, style || "");', "return !!style;"),
    ("render.js", "placeNames.length > 1 ?", "placeNames.length > 2 ?"),
    ("render.js", 'event.source === "context"', 'event.date_source === "context"'),
    ("event_cards.mjs", "node.textContent = text;", "node.innerHTML = text;"),
    (
        "event_cards.mjs",
        'setTriggerValue("more", data.shown)',
        'setTriggerValue("more", data.shown + 1)',
    ),
    ("event_cards.mjs", "root.replaceChildren();", ""),  # the old cards stay
    ("event_cards.mjs", "Boolean(data.height)", "true"),
    ("map_view.js", "box.focus({ preventScroll: true });", "box.focus();"),  # the page jumps
    ("event_cards.mjs", "if (host.amFocused === focus) return;", ""),  # yanks the reader back
    ("event_cards.mjs", "return Math.max(0, cardTop - 8);", "return cardTop - 8;"),
    ("event_cards.mjs", "showChosen(root, data.focus || null, parentElement);", ""),
]


@pytest.mark.parametrize(("name", "good", "bad"), BREAKAGES, ids=[b[2] for b in BREAKAGES])
def test_the_node_tests_fail_when_the_code_is_broken(tmp_path, name, good, bad):
    need(shutil.which("node") is not None, "node is not installed")
    copy = tmp_path / "web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("__pycache__"))
    source = (copy / name).read_text(encoding="utf-8")
    assert source.count(good) == 1, f"{good!r} is not (once) in {name}: update BREAKAGES"
    (copy / name).write_text(source.replace(good, bad), encoding="utf-8")
    result = node_tests(copy)
    assert result.returncode != 0, f"the node tests still pass with {bad!r} in {name}"
    assert re.search(r"^# fail [1-9]", result.stdout, re.MULTILINE), result.stdout[-2000:]
