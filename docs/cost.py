"""Instructions per question of answer(), for comparing two versions of the code.

Wall-clock time on a shared machine swings by 2x and more; an instruction count
does not. Run each version twice under callgrind, with 0 and with N passes over
the question sets (the first pass, a warm-up, is in both), and divide:

    PYTHONHASHSEED=0 PYTHONPATH=<checkout> \\
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python docs/cost.py tests/fixtures/knowledge 3      # and again with 0

    instructions per question = (Collected(N) - Collected(0)) / (N * questions)

A third argument `plain` answers without short answers (`rules.short_answers` off), to
measure what the short answer costs: the difference between the two, per question.

docs/quality.md ("Cost") has the figures against the answering core (269d4e0).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.answering import Answerer
from bot.config import RetrievalSettings
from bot.knowledge import load_folder
from bot.rules import RuleSettings

ROOT = Path(__file__).resolve().parents[1]
SETS = [
    ROOT / "tests" / "sets" / "knowledge_qa.yaml",
    ROOT / "tests" / "sets" / "seed_qa.yaml",
    ROOT / "tests" / "sets" / "holdout_qa.yaml",
    ROOT.parent / "shared" / "eval" / "article_qa.yaml",
]


def main() -> None:
    folder, passes = Path(sys.argv[1]), int(sys.argv[2])
    plain = sys.argv[3:] == ["plain"]
    questions = [item["q"] for path in SETS for item in yaml.safe_load(path.read_text())]
    settings = RetrievalSettings(rules=RuleSettings(short_answers=not plain))
    answerer = Answerer(load_folder(folder), settings)
    for question in questions:  # warm-up: facts, fuzzy keys, caches
        answerer.answer(question)
    for _ in range(passes):
        for question in questions:
            answerer.answer(question)
    print(f"{len(questions)} questions, {passes} passes", file=sys.stderr)


if __name__ == "__main__":
    main()
