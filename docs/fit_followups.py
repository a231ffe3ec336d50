"""Fit the follow-up weights on the dialogue sets, cross-validated by dialogue.

    PYTHONPATH=. python docs/fit_followups.py          # the default grid (below)
    PYTHONPATH=. python docs/fit_followups.py referent_weight=0.3,0.5 passage_weight=1,1.5

Each setting named (a field of ConversationSettings) takes each listed value; every
combination answers every dialogue once. Dialogues come from ../shared/eval/news (over its
ten articles) and tests/sets/dialogues.yaml (over tests/fixtures/knowledge). Leave one
dialogue out: for each dialogue, the combination with the most right turns on all the
*other* dialogues is chosen and scored on this one; the sum is the cross-validated figure
(a dialogue's turns lean on each other, so they are never split). The combination best on
all dialogues is printed too, with its own, optimistic, figure beside it. Ties go to the
earliest combination of the grid: list the current value first.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

from bot.answering import Answerer
from bot.config import ConversationSettings, load_settings
from bot.conversation import Conversations
from bot.evaluate import Case, is_right, load_cases
from bot.knowledge import load_folder

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "eval" / "news"
GRID: dict[str, list[float]] = {
    "passage_weight": [1.0, 1.25, 1.5, 2.0, 3.0],  # the last answer's paragraph
    "near_weight": [1.0, 1.25, 1.5],  # the paragraphs next to it
}
FOLLOW_UPS = ("pronoun", "ellipsis", "why", "when")


def sets() -> list[tuple[str, Answerer, list[Case]]]:
    retrieval = load_settings(ROOT / "config.yaml").retrieval
    news = Answerer(load_folder(NEWS / "articles"), retrieval)
    own = Answerer(load_folder(ROOT / "tests" / "fixtures" / "knowledge"), retrieval)
    return [
        ("news", news, load_cases(NEWS / "news_dialogues.yaml")[0]),
        ("own", own, load_cases(ROOT / "tests" / "sets" / "dialogues.yaml")[0]),
    ]


Turns = dict[tuple[str, str], list[tuple[str, bool]]]


def run(conversation: ConversationSettings, data: list[tuple[str, Answerer, list[Case]]]) -> Turns:
    """Right turns per dialogue: {(set, dialogue): [(kind, right), ...]}."""
    found: Turns = {}
    for name, answerer, cases in data:
        chat = Conversations(conversation)
        for case in cases:
            answer = chat.ask(case.dialogue, case.question, answerer).answer
            found.setdefault((name, case.dialogue), []).append((case.kind, is_right(case, answer)))
    return found


def right(turns: list[tuple[str, bool]], follow_ups: bool = False) -> int:
    return sum(ok for kind, ok in turns if not follow_ups or kind in FOLLOW_UPS)


def main(argv: list[str]) -> None:
    grid = {k: [float(v) for v in vs.split(",")] for k, vs in (a.split("=") for a in argv)} or GRID
    base = load_settings(ROOT / "config.yaml").conversation
    data = sets()
    combos = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    results = [run(replace(base, **combo), data) for combo in combos]  # type: ignore[arg-type]
    dialogues = list(results[0])
    for combo, found in zip(combos, results, strict=True):
        print(
            combo,
            {s: sum(right(t) for (n, _), t in found.items() if n == s) for s in ("news", "own")},
        )
    cv = {"news": [0, 0], "own": [0, 0]}
    picks: dict[str, int] = {}  # combination -> the folds that chose it
    for held_out in dialogues:
        score = [sum(right(t) for d, t in r.items() if d != held_out) for r in results]
        choice = score.index(max(score))
        chosen = results[choice][held_out]
        picks[str(combos[choice])] = picks.get(str(combos[choice]), 0) + 1
        cv[held_out[0]][0] += right(chosen)
        cv[held_out[0]][1] += right(chosen, follow_ups=True)
    totals = {s: sum(len(t) for (n, _), t in results[0].items() if n == s) for s in cv}
    fus = {
        s: sum(k in FOLLOW_UPS for (n, _), t in results[0].items() if n == s for k, _ in t)
        for s in cv
    }
    for name, (turns, follow) in cv.items():
        print(
            f"cross-validated {name}: turns {turns}/{totals[name]}, follow-ups {follow}/{fus[name]}"
        )
    print("chosen (folds):", picks)
    overall = [sum(right(t) for t in r.values()) for r in results]
    best = overall.index(max(overall))
    print("best on all dialogues:", combos[best], f"{overall[best]}/{sum(totals.values())} turns")


if __name__ == "__main__":
    main(sys.argv[1:])
