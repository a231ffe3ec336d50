"""Every answer on every question set, as data: the golden record a redesign must keep.

``python -m tests.golden`` (from the repository root) writes tests/golden_answers.json;
tests/test_golden.py answers the same questions again and compares. Recorded per question:
answered, the decline reason, each hit's passage (its position in the knowledge base), score
(rounded to 6 decimals) and highlighted sentence, the closest passage of a decline, and
whether the question was truncated. Rewrite the file only for a change meant to change
answers, and say so in the commit.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.answering import Answer, Answerer
from bot.config import RetrievalSettings, load_settings
from bot.evaluate import load_cases
from bot.knowledge import KnowledgeBase, Passage, load_folder

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared"))
GOLDEN = ROOT / "tests" / "golden_answers.json"
SETS = ROOT / "tests" / "sets"
NEWS = SHARED / "eval" / "news"

# (name, knowledge folder or None for SQuAD's own, question files)
RUNS: tuple[tuple[str, Path | None, tuple[Path, ...]], ...] = (
    (
        "seed",
        ROOT / "knowledge",
        (SHARED / "eval" / "article_qa.yaml", SETS / "seed_probe_qa.yaml"),
    ),
    (
        "ten",
        ROOT / "tests" / "fixtures" / "knowledge",
        (
            SHARED / "eval" / "article_qa.yaml",
            SETS / "knowledge_qa.yaml",
            SETS / "seed_qa.yaml",
            SETS / "holdout_qa.yaml",
            SETS / "probe_qa.yaml",
        ),
    ),
    ("news", NEWS / "articles", (NEWS / "news_qa.yaml", NEWS / "news_dialogues.yaml")),
    ("squad", None, (SHARED / "data" / "squad" / "squad2-dev-normans.json",)),
)


def questions(path: Path) -> list[str]:
    """The questions of a set; a dialogue file's turns, each asked on its own."""
    if path.suffix == ".json":
        return [case.question for case in load_cases(path)[0]]
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    if items and "turns" in items[0]:
        return [turn["q"] for dialogue in items for turn in dialogue["turns"]]
    return [item["q"] for item in items]


Place = tuple[str, str, int, int]


def place(p: Passage) -> Place:
    """A passage by its article, kind, paragraph and part: the same for a passage built
    from the files and one read from the saved index (tests/test_golden_saved.py)."""
    return (p.article.key, p.kind, p.paragraph, p.part)


def record(answer: Answer, ids: dict[Place, int]) -> dict[str, Any]:
    closest = answer.closest
    return {
        "q": answer.question,
        "declined": answer.declined,
        "truncated": answer.truncated,
        "hits": [
            [ids[place(hit.passage)], round(hit.score, 6), round(hit.coverage, 6), hit.sentence]
            for hit in answer.hits
        ],
        "closest": None if closest is None else ids[place(closest.passage)],
    }


def answers(retrieval: RetrievalSettings) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(run/set name, the records of its answers) for every run, in RUNS order."""
    for name, folder, files in RUNS:
        shared: Answerer | None = Answerer(load_folder(folder), retrieval) if folder else None
        for path in files:
            answerer = shared
            if answerer is None:
                kb = load_cases(path)[1]
                assert isinstance(kb, KnowledgeBase)
                answerer = Answerer(kb, retrieval)
            ids = {place(p): n for n, p in enumerate(answerer.knowledge.passages)}
            records = [record(answerer.answer(q), ids) for q in questions(path)]
            yield f"{name}:{path.name}", records


def main() -> None:
    retrieval = load_settings(ROOT / "config.yaml").retrieval
    golden = dict(answers(retrieval))
    lines = [
        f"{json.dumps(name)}: [\n"
        + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
        + "\n]"
        for name, records in golden.items()
    ]  # one answer a line: a diff of this file reads answer by answer
    GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{GOLDEN}: {sum(map(len, golden.values()))} answers")


if __name__ == "__main__":
    main()
