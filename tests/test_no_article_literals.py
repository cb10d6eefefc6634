"""Nothing in the app's code is about one article: every title, place, date and caption a
page shows comes from the story. This scans the code's string literals (not docstrings or
comments, which may give the built-in story as an example) and the browser files for the
built-in story's words; its own files (geodata/, tests/) are not scanned."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from articlemap.paths import PROJECT_ROOT

# The built-in story's title, author, places and years, as literals would show them.
ARTICLE_WORDS = re.compile(
    r"Diplomacy leading to victory|Bayramov|Baku|Karabakh|Ganja|Azerbaijan|Armenia|"
    r"Stepanakert|Khankendi|war years|\b20(?:19|20|21)\b",
    re.IGNORECASE,
)
PYTHON = [PROJECT_ROOT / "app.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))]
PYTHON += sorted((PROJECT_ROOT / "ui").glob("*.py")) + sorted(
    (PROJECT_ROOT / "articlemap").glob("*.py")
)
BROWSER = [
    p
    for folder in ("ui", "articlemap", "static")
    for p in sorted((PROJECT_ROOT / folder).rglob("*"))
    if p.suffix in (".js", ".mjs", ".css", ".html") and "vendor" not in p.parts
]


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def literal_hits(path: Path, root: Path = PROJECT_ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            match = ARTICLE_WORDS.search(node.value)
            if match:
                rel = path.relative_to(root)
                hits.append(f"{rel}:{node.lineno}: {match.group(0)!r} in {node.value[:60]!r}")
    return hits


def test_no_article_literal_in_the_app_code() -> None:
    hits = [hit for path in PYTHON for hit in literal_hits(path)]
    assert not hits, "article-specific literals:\n" + "\n".join(hits)


def test_no_article_words_in_the_browser_files() -> None:
    hits = []
    for path in BROWSER:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("//")[0] if path.suffix in (".js", ".mjs") else line
            match = ARTICLE_WORDS.search(code)
            if match:
                hits.append(f"{path.relative_to(PROJECT_ROOT)}:{n}: {match.group(0)!r}")
    assert not hits, "article-specific words:\n" + "\n".join(hits)


def test_the_scan_finds_a_literal_when_there_is_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""Docstring: Baku is fine here."""\nTITLE = "Ganja, 2020"\n')
    assert literal_hits(sample, tmp_path) == ["sample.py:2: 'Ganja' in 'Ganja, 2020'"]
