"""The eval harness: SQuAD v1.1/v2.0 files and bare articles, the report's measures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.answering import Answerer
from bot.config import ConversationSettings
from bot.evaluate import EvalSetError, evaluate, format_report, load_cases, squad_cases
from bot.knowledge import load_folder
from tests.conftest import KNOWLEDGE

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


def test_a_dialogue_file_is_asked_one_conversation_per_dialogue(tmp_path: Path) -> None:
    path = tmp_path / "dialogues.yaml"
    path.write_text(
        "- dialogue: x1\n"
        "  article: seed\n"
        "  turns:\n"
        "    - {q: 'What did Zelenskiy call Russia?', expect: terrorist state, kind: standalone}\n"
        "    - {q: 'When was that?', expect: early Tuesday bombing, kind: when}\n"
        "    - {q: 'How many people have fled Ukraine?', expect: '660,000', kind: shift}\n"
        "- dialogue: x2\n"
        "  article: seed\n"
        "  turns:\n"
        "    - {q: 'When was that?', expect: early Tuesday bombing, kind: when}\n",
        encoding="utf-8",
    )
    cases, own = load_cases(path)
    assert own is None and [c.dialogue for c in cases] == ["1:x1", "1:x1", "1:x1", "2:x2"]
    answerer = Answerer(load_folder(KNOWLEDGE))
    report = evaluate("d", cases, answerer, conversation=ConversationSettings())
    result = report.as_dict()
    assert result["by_kind"]["when"] == {"right": 1, "total": 2}  # x2 has nothing to lean on
    assert result["shift_as_alone"] == {"same": 1, "total": 1}
    assert result["turns"] == 4 and result["turn_accuracy"] == 0.75
    assert result["failures"][0]["dialogue"] == "x2"
    assert "dialogue turns 4: right 75.0%" in format_report(report)


def test_report_scores_short_answers_against_squad_gold() -> None:
    cases, kb = squad_cases({"version": "v2.0", "data": [ARTICLE]})
    report = evaluate("tiny", cases, Answerer(kb))
    d = report.as_dict()
    assert d["short_em"] == 1.0 and d["short_f1"] == 1.0  # "Alexandria", "Whale oil"
    assert d["short_em_right_passage"] == 1.0
    assert "short answers: EM 1.000, F1 1.000 over 2 answerable" in format_report(report)


def test_yaml_answer_is_read_and_matched(tmp_path: Path) -> None:
    _, kb = squad_cases({"version": "v2.0", "data": [ARTICLE]})
    yaml_set = tmp_path / "set.yaml"
    yaml_set.write_text(
        "- {q: 'Where was the Pharos lighthouse built?', expect: Alexandria, answer: Alexandria}\n"
        "- {q: 'What fuel was burned until 1870?', expect: Whale oil, answer: [kerosene, gas]}\n",
        encoding="utf-8",
    )
    cases, _ = load_cases(yaml_set)
    assert cases[1].answers == ("kerosene", "gas")
    report = evaluate("answers", cases, Answerer(kb))
    assert report.as_dict()["short_matched"] == 0.5
    assert "short answers matching `answer:` 1/2" in format_report(report)
    yaml_set.write_text("- {q: 'Where?', expect: x, answer: {a: 1}}\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match="item 1: 'answer' must be a phrase"):
        load_cases(yaml_set)


def test_the_article_key_must_match_and_the_confusion_is_counted(tmp_path: Path) -> None:
    from bot.knowledge import Article, KnowledgeBase

    def article(key: str, text: str) -> Article:
        return Article(
            key=key, title=key, source="Test", url="", published=None, paragraphs=(text,)
        )

    kb = KnowledgeBase.from_articles(
        [
            article("ferry.md", "The ferry to the island sails twice a day from the harbour."),
            article("bus.md", "The bus to the airport leaves twice a day from the square."),
        ]
    )
    sets = tmp_path / "set.yaml"
    sets.write_text(
        "- q: How often does the ferry sail to the island?\n  expect: twice a day\n  kind: fact\n  article: ferry.md\n"
        "- q: How often does the ferry sail to the island?\n  expect: twice a day\n  kind: fact\n  article: bus.md\n"
    )
    cases, _ = load_cases(sets)
    assert [c.article for c in cases] == ["ferry.md", "bus.md"]
    report = evaluate("set", cases, Answerer(kb))
    assert report.top1 == 1  # the same phrase in the wrong article is not right
    assert report.as_dict()["confusion"] == [
        {"asked": "bus.md", "answered": "ferry.md", "questions": 1}
    ]
    assert "bus.md -> ferry.md ×1" in format_report(report)


def test_a_bad_article_key_names_the_item(tmp_path: Path) -> None:
    sets = tmp_path / "set.yaml"
    sets.write_text("- q: Where?\n  expect: here\n  article: [1, 2]\n")
    with pytest.raises(EvalSetError, match="item 1: 'article'"):
        load_cases(sets)
