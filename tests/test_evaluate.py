"""The eval harness: SQuAD v1.1/v2.0 files and bare articles, the report's measures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.answering import Answerer
from bot.evaluate import EvalSetError, evaluate, format_report, load_cases, squad_cases

ARTICLE: dict[str, Any] = {
    "title": "Lighthouses",
    "paragraphs": [
        {
            "context": "The lighthouse at Pharos was built in Alexandria. It stood for centuries.",
            "qas": [
                {
                    "question": "Where was the Pharos lighthouse built?",
                    "answers": [{"text": "Alexandria", "answer_start": 38}],
                    "is_impossible": False,
                },
                {
                    "question": "Who demolished the Pharos lighthouse?",
                    "answers": [],
                    "plausible_answers": [{"text": "x", "answer_start": 0}],
                    "is_impossible": True,
                },
            ],
        },
        {
            "context": "Keepers trimmed the wicks every night. Whale oil was burned until 1870.",
            "qas": [
                {
                    "question": "What fuel was burned until 1870?",
                    "answers": [{"text": "Whale oil", "answer_start": 44}],
                    "is_impossible": False,
                }
            ],
        },
    ],
}


def test_v2_file_gives_answerable_and_unanswerable_cases() -> None:
    cases, kb = squad_cases({"version": "v2.0", "data": [ARTICLE]})
    assert [c.kind for c in cases] == ["squad", "squad-unanswerable", "squad"]
    assert cases[1].expects == ()
    assert cases[2].where == (kb.articles[0].key, 2)
    assert kb.articles[0].source == "Wikipedia"
    assert [p.paragraph for p in kb.passages if p.kind == "body"] == [1, 2]


def test_v1_file_and_bare_article_are_read() -> None:
    v1 = json.loads(json.dumps(ARTICLE))
    for paragraph in v1["paragraphs"]:
        for qa in paragraph["qas"]:
            qa.pop("is_impossible")
    v1["paragraphs"][0]["qas"].pop(1)
    cases, _ = squad_cases({"version": "1.1", "data": [v1]})
    assert all(c.kind == "squad" for c in cases)
    bare, _ = squad_cases(ARTICLE)
    assert len(bare) == 3


def test_report_measures_top1_sentence_and_declines() -> None:
    cases, kb = squad_cases({"version": "v2.0", "data": [ARTICLE]})
    calls: list[tuple[int, int]] = []
    report = evaluate("tiny", cases, Answerer(kb), lambda done, total: calls.append((done, total)))
    d = report.as_dict()
    assert d["answerable"] == 2 and d["unanswerable"] == 1
    assert d["accuracy"] == 1.0 and d["top3"] == 1.0 and d["mrr"] == 1.0
    assert d["sentence_accuracy"] == 1.0
    assert d["wrongly_declined"] == 0
    assert calls[-1] == (3, 3)
    assert "passage accuracy 100.0%" in format_report(report)


def test_bad_files_raise_clear_errors(tmp_path: Path) -> None:
    broken = tmp_path / "set.json"
    broken.write_text('{"data": [{"nope": 1}]}', encoding="utf-8")
    with pytest.raises(EvalSetError, match="not a SQuAD file"):
        load_cases(broken)
    yaml_set = tmp_path / "set.yaml"
    yaml_set.write_text("- {expect: x}\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match="needs a 'q'"):
        load_cases(yaml_set)
