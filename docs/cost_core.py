"""docs/cost.py's measure for the BM25 core (commit 269d4e0), the figure its ratio divides by.

The core has another API (``bot.answer.Answerer``, nothing kept per question), so this runs
against a checkout of it, with the same questions, warm-up and passes as docs/cost.py:

    git worktree add --detach /tmp/core 269d4e0
    OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 PYTHONPATH=/tmp/core \\
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python docs/cost_core.py tests/fixtures/knowledge 2      # and again with 0

    instructions per question = (Collected(2) - Collected(0)) / (2 * 200)

Twenty-third build round: 1,116,169 and 1,116,079 (two pairs), against 1.113 M measured before
OPENBLAS_NUM_THREADS=1 was in the recipe. A last argument `served` sets the collector as
docs/cost.py's `served` does (no collections while building, then frozen, a young collection
every 50,000 new objects); twenty-fourth build round: 1,116,532 bare, 1,115,618 served.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# the questions of both measures (docs/cost.py imports them: this module imports no bot at
# its top, so that it runs against the core's checkout)
SETS = [
    ROOT / "tests" / "sets" / "knowledge_qa.yaml",
    ROOT / "tests" / "sets" / "seed_qa.yaml",
    ROOT / "tests" / "sets" / "holdout_qa.yaml",
    ROOT.parent / "shared" / "eval" / "article_qa.yaml",
]


def main() -> None:
    from bot.answer import Answerer  # the core's module: PYTHONPATH names its checkout
    from bot.knowledge import load_folder

    folder, passes, modes = Path(sys.argv[1]), int(sys.argv[2]), set(sys.argv[3:])
    if modes - {"served"}:
        sys.exit(f"unknown mode(s) {', '.join(sorted(modes - {'served'}))}: use served")
    questions = [item["q"] for path in SETS for item in yaml.safe_load(path.read_text())]
    served = "served" in modes
    if served:  # docs/cost.py's served mode: the core has no bot/reloading.py, so by hand
        gc.disable()
    answerer = Answerer(load_folder(folder))
    if served:
        gc.enable()
        gc.freeze()
        gc.set_threshold(50_000, *gc.get_threshold()[1:])
    for question in questions:  # warm-up: sentences, words
        answerer.answer(question)
    for _ in range(passes):
        for question in questions:
            answerer.answer(question)
    print(f"{len(questions)} questions, {passes} passes", file=sys.stderr)


if __name__ == "__main__":
    main()
