"""The corpus benchmark's scoring (bench/_corpus_score.py) and its ``--corpus`` run."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._corpus_score import match_spans, score_corpus, score_dates  # noqa: E402


@dataclass(frozen=True)
class _Entry:
    name: str
    lat: float
    lon: float
    country: str = ""
    kind: str = "city"
    area_id: str = ""


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    surface: str
    entry: _Entry


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    surface: str
    date_start: dt.date
    date_end: dt.date


def test_spans_pair_one_to_one_by_overlap():
    gold = [{"s": 0, "e": 5}, {"s": 10, "e": 20}]
    predicted = [_Mention(2, 4, "", _Entry("", 0, 0)), _Mention(3, 12, "", _Entry("", 0, 0))]
    # The first prediction takes the first gold span; the second overlaps the second.
    assert match_spans(predicted, gold) == [(0, 0), (1, 1)]
    assert match_spans([_Mention(30, 40, "", _Entry("", 0, 0))], gold) == []


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 8)), max_size=12))
def test_pairs_overlap_and_never_reuse_a_span(raw):
    spans = sorted({(s, s + n) for s, n in raw})
    gold = [{"s": s, "e": e} for s, e in spans[::2]]
    predicted = [_Mention(s, e, "", _Entry("", 0, 0)) for s, e in spans[1::2]]
    pairs = match_spans(predicted, gold)
    assert len({p for p, _ in pairs}) == len({g for _, g in pairs}) == len(pairs)
    for p, g in pairs:
        assert predicted[p].start < gold[g]["e"] and gold[g]["s"] < predicted[p].end


def test_place_scores_recognition_accuracy_and_end_to_end():
    doc = {
        "text": "Paris and Lyon and Nice",
        "gold": [
            {"s": 0, "e": 5, "name": "Paris", "lat": 48.86, "lon": 2.35},
            {"s": 10, "e": 14, "name": "Lyon", "lat": 45.76, "lon": 4.84},
            {"s": 19, "e": 23, "name": "Nice", "lat": 43.7, "lon": 7.27},
        ],
    }

    def extract(_text):
        return [
            _Mention(0, 5, "Paris", _Entry("Paris", 48.85, 2.35)),  # right
            _Mention(10, 14, "Lyon", _Entry("Lyon", 10.0, 10.0)),  # far off
        ]

    t = score_corpus([doc], extract)
    assert (t.predicted, t.gold, t.matched, t.within) == (2, 3, 2, 1)
    assert (t.precision, round(t.recall, 3), t.accuracy) == (1.0, 0.667, 0.5)
    assert (t.e2e_precision, round(t.e2e_recall, 3)) == (0.5, 0.333)
    assert t.missed == ["Nice"] and t.far[0][0] == "Lyon"
    assert t.by_kind == {"city": [2, 1]}


def test_a_point_inside_the_predicted_area_counts_in_the_diagnostic_only():
    doc = {"text": "Canada", "gold": [{"s": 0, "e": 6, "name": "Canada", "lat": 60, "lon": -95}]}

    def extract(_text):
        return [_Mention(0, 6, "Canada", _Entry("Canada", 56.0, -110.0, "CA", "country", "c"))]

    t = score_corpus([doc], extract, inside=lambda area, lat, lon: area == "c")
    assert (t.within, t.within_or_inside, t.accuracy, t.accuracy_or_inside) == (0, 1, 0.0, 1.0)


def test_date_scores_need_the_same_normalized_dates():
    row = {
        "text": "On 3 May 2021 and 4 May 2021.",
        "gold": [
            {"s": 3, "e": 13, "surface": "3 May 2021", "start": "2021-05-03", "end": "2021-05-03"},
            {"s": 18, "e": 28, "surface": "4 May 2021", "start": "2021-05-04", "end": "2021-05-04"},
        ],
    }

    def find(_text, _published):
        return [
            _Date(3, 13, "3 May 2021", dt.date(2021, 5, 3), dt.date(2021, 5, 3)),
            _Date(18, 28, "4 May 2021", dt.date(2021, 5, 5), dt.date(2021, 5, 5)),  # wrong day
        ]

    t = score_dates([row], find)
    assert (t.predicted, t.gold, t.correct) == (2, 2, 1)
    assert t.missed == ["4 May 2021"]


@pytest.mark.bench  # runs the whole benchmark script, as tests/test_bench_smoke.py does
def test_the_corpus_run_prints_every_figure(tmp_path):
    text = "Flooding hit Texas and Alberta on Sept. 27, 2019."
    corpus = tmp_path / "tiny.jsonl"
    gold = [
        {"s": 13, "e": 18, "name": "Texas", "lat": 31.0, "lon": -100.0},
        {"s": 23, "e": 30, "name": "Alberta", "lat": 55.0, "lon": -115.0},
    ]
    corpus.write_text(json.dumps({"text": text, "gold": gold}) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "bench/geoparse_eval.py", "--corpus", str(corpus)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "recognition P 1.000 R 1.000 F1 1.000" in out
    assert "accuracy@161 1.000" in out
    for figure in ("end to end P", "ms per 1,000 words", "load", "RSS added", "dates ("):
        assert figure in out
