"""Fit answering settings on every question set we have, cross-validated by article.

    PYTHONPATH=. python docs/fit.py                       # the default grid (below)
    PYTHONPATH=. python docs/fit.py rules.relation_weight=0,0.5,0.7 min_coverage=0.15,0.2
    PYTHONPATH=. python docs/fit.py --dialogues rules.topic_lead=1,0.9   # dialogue turns too
    PYTHONPATH=. python docs/fit.py --dialogues --moved b=0.75,0.6   # ... and what each moved

Each setting named (a field of RetrievalSettings; a dotted name reaches a nested one; a
"conversation." name, e.g. conversation.story_fallback=0,1, sets the dialogue sets'
ConversationSettings, which single questions never read) takes each listed value; every
combination answers every question once. The questions are split into ``FOLDS`` folds *by
article* (a question goes with the article it is about: the set's ``article:`` key, the
SQuAD article, or the one article whose text holds its expected phrase; a near miss without
an article key goes by a hash of its text), so a fold's articles are never seen while
choosing the settings it is scored with. For each fold, the combination with the most right
answers on the other folds is chosen and scored on this fold; the sum over folds is the
cross-validated figure to report. The combination best on all questions is printed too (what
config.yaml should hold), with its own, optimistic, figure beside it.

A right answer: the expected passage first, or a decline where the set expects one
(bot/evaluate.is_right). Sets: ../shared/eval (news with its own articles, article_qa),
SQuAD Normans, and the repository's own sets (tests/sets/). With ``--dialogues`` the
dialogue sets count too (../shared/eval/news/news_dialogues.yaml,
tests/sets/dialogues.yaml): each dialogue is asked turn by turn in one conversation
(bot/conversation.py), and all its turns go to the fold of its article. With ``--moved``,
each combination after the first lists the questions and turns it answers right where the
first did not (+) and the reverse (-): list each setting's present value first, and the
"what moved" of docs/quality.md's tables is read off the same run.

    PYTHONPATH=. python docs/fit.py --dialogues --blind --per-set min_coverage=0.2,0.15

With ``--per-set`` the combinations are chosen twice more, by two other objectives, so
that a set's share of right answers counts, not its size (SQuAD's 112 near misses and the
sets written in the articles' words do not outvote the readers' sets and probes): "per set",
every set weighs 1, shared evenly by its questions (a dialogue set's turns); "per set,
halves", every set weighs 1, half for its answerable questions and half for its near misses
(all for the kind a set has alone; a set with one near miss gives it half its weight). The
folds are the same; each objective's figure (out of the number of sets) is printed beside
the count of right answers for every objective's choices. With
``--by-set`` each combination's table by set is printed too (not cross-validated).

    PYTHONPATH=. python docs/fit.py --dialogues --switches   # every switch audited (~40 s CPU)

With ``--switches`` (no grid) each boolean of ``RetrievalSettings.rules`` and of the
conversation (``SWITCHES``) is flipped alone from today's defaults (turned off, or on for
one that is off), and the questions and turns it moves are listed by set (+ right only
when flipped, - right only at the default) with the net change on all. Then the switches
are chosen by the same folds, greedily one at a time from the defaults: for each fold a
switch is on iff it is on by default and turning it off loses at least K right answers on
the other folds, or it is off by default and turning it on gains at least K there; the
fold is scored with its chosen switches (all flipped together in one more run), and the
sum over folds is the cross-validated figure, for K = 1 and K = 2.

    PYTHONPATH=. python docs/fit.py --dialogues --weights    # every numeric rule

With ``--blind`` the blind probes count too (tests/sets/blind/blind_X_qa.yaml and
blind_X_dialogues.yaml, over tests/fixtures/blind_X.yaml's articles: docs/quality.md rounds
29 and 30); without it the sets are those of the rounds before them, so figures compare.
The probes named in ``HELD_OUT`` (d and e, twenty-first build round; j to m, twenty-third;
p and q, twenty-fourth; s, twenty-fifth; t and u, twenty-sixth; w and x, twenty-seventh)
are left out of ``--blind`` so that no fit chooses on them; ``--held-out`` adds them, to
report a figure that chose nothing (never to choose by it).

With ``--weights`` each number of ``RetrievalSettings.rules`` takes half and one and a half
times today's value (a count: rounded, and at least one apart), one at a time, and is
chosen by the same folds among the three values (today's on a tie): the net change on all
at each value and the cross-validated figure of the choice, against today's.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answering import Answerer  # noqa: E402
from bot.calibrate import Outcome, outcomes, with_value  # noqa: E402
from bot.config import ConversationSettings, RetrievalSettings, load_settings  # noqa: E402
from bot.conversation import Conversations  # noqa: E402
from bot.evaluate import Case, contains, is_right, load_cases  # noqa: E402
from bot.knowledge import KnowledgeBase, load_folder  # noqa: E402
from bot.rules import RuleSettings  # noqa: E402

SHARED = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared"))
FOLDS = 5
GRID: dict[str, list[float]] = {
    "rules.relation_weight": [0.0, 0.5, 0.7, 0.9],
    "rules.relation_floor": [0.0, 0.3, 0.4, 0.5],
    "min_coverage": [0.15, 0.2, 0.25],
    # the why-question decline (round 48), fitted apart from its ranking weight since round 52
    "rules.reason_of_asked": [0.0, 1.0],
    # the one asked about told of unnamed (round 56): a new decline, chosen by the folds
    "rules.unnamed_one": [0.0, 1.0],
}
# (config whose knowledge folder the sets are about, sets); a SQuAD file brings its own.
GROUPS = [
    (ROOT / "tests" / "fixtures" / "news_config.yaml", [SHARED / "eval/news/news_qa.yaml"]),
    (
        ROOT / "config.yaml",
        [
            SHARED / "eval/article_qa.yaml",
            SHARED / "data/squad/squad2-dev-normans.json",
            ROOT / "tests/sets/seed_probe_qa.yaml",
        ],
    ),
    (
        ROOT / "tests/fixtures/config.yaml",
        [
            ROOT / "tests/sets" / n
            for n in ("knowledge_qa.yaml", "seed_qa.yaml", "holdout_qa.yaml", "probe_qa.yaml")
        ],
    ),
]

# --switches: every boolean rule, and the conversation's (a "conversation." name sets the
# dialogue sets' ConversationSettings; single questions never read them)
SWITCHES = [f"rules.{f.name}" for f in fields(RuleSettings) if f.type in (bool, "bool")] + [
    "conversation.next_reason",
    "conversation.declined_article",
    "conversation.type_words",
    "conversation.new_topic",
    "conversation.and_continues",
    "conversation.story_fallback",
]
KS = (1, 2)


# the dialogue sets (--dialogues), by the config whose knowledge folder they are about
DIALOGUES = [
    (ROOT / "tests" / "fixtures" / "news_config.yaml", SHARED / "eval/news/news_dialogues.yaml"),
    (ROOT / "tests" / "fixtures" / "config.yaml", ROOT / "tests/sets/dialogues.yaml"),
]
# the blind probes written to measure a round, not to choose in it (docs/quality.md rounds 37
# and 39; j to m were written at the start of the twenty-third build round and run only at
# its end, p and q likewise in the twenty-fourth, s in the twenty-fifth, t and u in the
# twenty-sixth, w and x in the twenty-seventh): --blind leaves them
# out, so that no fit chooses on them; --held-out puts them in too
HELD_OUT = (
    "blind_d",
    "blind_e",
    "blind_j",
    "blind_k",
    "blind_l",
    "blind_m",
    "blind_p",
    "blind_q",
    "blind_s",
    "blind_t",
    "blind_u",
    "blind_w",
    "blind_x",
)
# --blind: each blind probe's config, its single questions and its dialogues
BLIND = [
    (
        config,
        ROOT / "tests/sets/blind" / f"{config.stem}_qa.yaml",
        ROOT / "tests/sets/blind" / f"{config.stem}_dialogues.yaml",
    )
    for config in sorted((ROOT / "tests/fixtures").glob("blind_*.yaml"))
]


@dataclass
class Item:
    name: str
    cases: list[Case]
    knowledge: KnowledgeBase
    base: RetrievalSettings
    folds: list[int]
    conversation: ConversationSettings | None = None  # a dialogue set: asked in conversations


def answered(
    item: Item, retrieval: RetrievalSettings, conversation: dict[str, object] | None = None
) -> list[Outcome]:
    """Every case of `item` answered with `retrieval`: alone, or turn by turn (with the
    conversation's settings changed as `conversation` says)."""
    answerer = Answerer(item.knowledge, retrieval)
    if item.conversation is None:
        return outcomes(item.cases, answerer)
    chat = Conversations(replace(item.conversation, **(conversation or {})))
    found = []
    for case in item.cases:
        answer = chat.ask(case.dialogue, case.question, answerer).answer
        found.append(Outcome(bool(case.expects), not answer.answered, is_right(case, answer)))
    return found


def _fold(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % FOLDS


def _article_of(case: Case, knowledge: KnowledgeBase) -> str:
    if case.article:
        return case.article
    if case.where:
        return case.where[0]
    holding = {
        p.article.key for p in knowledge.passages for e in case.expects if contains(p.text, e)
    }
    return min(holding) if len(holding) == 1 else "q:" + case.question


def load_items(dialogues: bool = False, blind: bool = False, held_out: bool = False) -> list[Item]:
    items = []
    probes = [p for p in BLIND if blind and (held_out or p[0].stem not in HELD_OUT)]
    groups = GROUPS + [(config, [qa]) for config, qa, _ in probes]
    for config, files in groups:
        settings = load_settings(config)
        news = config.name == "news_config.yaml"  # the shared news articles, wherever they are
        folder = load_folder(SHARED / "eval/news/articles" if news else settings.knowledge.path)
        for path in files:
            cases, own = load_cases(path)
            knowledge = own or folder
            # SQuAD Normans is one article: its paragraphs stand in for articles
            keys = [
                f"{c.where[0]}#{c.where[1]}"
                if own is not None and c.where
                else _article_of(c, knowledge)
                for c in cases
            ]
            folds = [_fold(k) for k in keys]
            items.append(Item(path.name, cases, knowledge, settings.retrieval, folds))
    talks = DIALOGUES + [(config, path) for config, _, path in probes]
    for config, path in talks if dialogues else ():
        settings = load_settings(config)
        news = config.name == "news_config.yaml"
        folder = load_folder(SHARED / "eval/news/articles" if news else settings.knowledge.path)
        cases, _ = load_cases(path)
        folds = [_fold(c.article or "d:" + c.dialogue) for c in cases]
        conversation = settings.conversation
        items.append(Item(path.name, cases, folder, settings.retrieval, folds, conversation))
    return items


def main(argv: list[str]) -> None:
    dialogues = "--dialogues" in argv
    show_moved = "--moved" in argv
    held_out = "--held-out" in argv
    blind = "--blind" in argv or held_out
    if "--switches" in argv:
        audit(load_items(dialogues, blind, held_out))
        return
    if "--weights" in argv:
        sweep(load_items(dialogues, blind, held_out))
        return
    per_set = "--per-set" in argv
    by_set = "--by-set" in argv
    flags = ("--dialogues", "--moved", "--blind", "--held-out", "--per-set", "--by-set")
    argv = [a for a in argv if a not in flags]
    grid = dict(GRID)
    for arg in argv:
        name, _, values = arg.partition("=")
        grid[name] = [float(v) for v in values.split(",")]
    if argv:
        grid = {a.partition("=")[0]: grid[a.partition("=")[0]] for a in argv}
    names = list(grid)
    combos = list(itertools.product(*grid.values()))
    items = load_items(dialogues, blind, held_out)
    total = sum(len(item.cases) for item in items)
    by_size = [set_weights(item, halves=False) for item in items]
    by_half = [set_weights(item, halves=True) for item in items]
    # every combination's outcome for every question, by set
    found: dict[tuple[float, ...], list[list[Outcome]]] = {}
    right: dict[tuple[float, ...], list[float]] = {}
    balanced: dict[tuple[float, ...], list[float]] = {}
    halved: dict[tuple[float, ...], list[float]] = {}
    for n, combo in enumerate(combos, 1):
        found[combo] = []
        for item in items:
            retrieval = item.base
            conversation: dict[str, object] = {}
            for name, value in zip(names, combo, strict=True):
                if name.startswith("conversation."):  # a dialogue set's ConversationSettings
                    field = name.partition(".")[2]
                    kind = type(getattr(ConversationSettings(), field))
                    conversation[field] = kind(value)
                else:
                    retrieval = with_value(retrieval, name, value)
            found[combo].append(answered(item, retrieval, conversation))
        right[combo] = scored(items, found[combo])
        balanced[combo] = scored(items, found[combo], by_size)
        halved[combo] = scored(items, found[combo], by_half)
        print(
            f"{n}/{len(combos)} {dict(zip(names, combo, strict=True))}: "
            f"{sum(right[combo]):.0f}/{total}, per set {sum(balanced[combo]):.3f}, "
            f"halves {sum(halved[combo]):.3f}/{len(items)}",
            file=sys.stderr,
        )
    objectives = [("right answers", right)]
    objectives += [("per set", balanced), ("per set, halves", halved)] if per_set else []
    for objective, score in objectives:
        print(f"== objective: {objective}")
        chosen = []
        for fold in range(FOLDS):
            pick = max(combos, key=lambda c: (sum(score[c]) - score[c][fold], c))
            chosen.append(pick)
            print(f"fold {fold}: chose {dict(zip(names, pick, strict=True))}")
        cross = sum(right[chosen[fold]][fold] for fold in range(FOLDS))
        even = sum(balanced[chosen[fold]][fold] for fold in range(FOLDS))
        half = sum(halved[chosen[fold]][fold] for fold in range(FOLDS))
        print(
            f"cross-validated: {cross:.0f}/{total} right ({cross / total:.1%});"
            f" per set {even:.3f}/{len(items)} ({even / len(items):.1%});"
            f" halves {half:.3f}/{len(items)} ({half / len(items):.1%})"
        )
        table(
            items,
            [
                [found[chosen[f]][k][n] for n, f in enumerate(item.folds)]
                for k, item in enumerate(items)
            ],
        )
        best = max(combos, key=lambda c: (sum(score[c]), c))
        print(
            f"best on all: {dict(zip(names, best, strict=True))}: {sum(right[best]):.0f}/{total}"
            f" ({sum(right[best]) / total:.1%}), per set {sum(balanced[best]):.3f},"
            f" halves {sum(halved[best]):.3f}/{len(items)}"
            " (optimistic: chosen on these questions)"
        )
    for combo in combos if by_set else ():
        print(f"at {dict(zip(names, combo, strict=True))} (not cross-validated):")
        table(items, found[combo])
    for combo in combos[1:] if show_moved else ():
        print(f"moved by {dict(zip(names, combo, strict=True))} against the first:")
        for line in moved(items, found[combos[0]], found[combo]):
            print("  " + line)


def set_weights(item: Item, halves: bool) -> list[float]:
    """--per-set: each case's weight, so that every set weighs 1: shared by its questions,
    or (`halves`) split evenly between its answerable questions and its near misses (a set
    with one kind only gives it all)."""
    if not halves:
        return [1 / len(item.cases)] * len(item.cases)
    answerable = sum(bool(case.expects) for case in item.cases)
    due = len(item.cases) - answerable
    share = 0.5 if answerable and due else 1.0
    return [share / (answerable if case.expects else due) for case in item.cases]


def scored(
    items: list[Item], found: list[list[Outcome]], weights: list[list[float]] | None = None
) -> list[float]:
    """Each fold's right answers (each weighted by `weights`, by set, when given)."""
    score = [0.0] * FOLDS
    for k, (item, results) in enumerate(zip(items, found, strict=True)):
        weight = weights[k] if weights else [1.0] * len(results)
        for fold, outcome, w in zip(item.folds, results, weight, strict=True):
            score[fold] += w * outcome.right
    return score


def table(items: list[Item], found: list[list[Outcome]]) -> None:
    """Each set's answerable right, near misses declined, answerable declined and the
    declines' precision and recall, from its outcomes `found` (in the order of `items`)."""
    print(
        "set                            answerable right    near misses declined"
        "   answerable declined   declines: precision / recall"
    )
    for item, picked in zip(items, found, strict=True):
        answerable = [o for o in picked if o.answerable]
        due = [o for o in picked if not o.answerable]
        a = sum(o.right for o in answerable)
        d = sum(o.right for o in due)
        wrong = sum(o.declined for o in answerable)
        made = sum(o.declined for o in due)
        precision = f"{made / (made + wrong):6.1%}" if made + wrong else "     -"
        print(
            f"{item.name:30s} {a:3d}/{len(answerable):<3d} {a / max(len(answerable), 1):6.1%}"
            f"    {d:3d}/{len(due):<3d} {d / max(len(due), 1):6.1%}"
            f"    {wrong:3d}                  {precision} / {made / max(len(due), 1):6.1%}"
        )


def moved(items: list[Item], before: list[list[Outcome]], after: list[list[Outcome]]) -> list[str]:
    """The questions and turns right in `after` and not in `before` (+), and the reverse
    (-): each set's outcomes in the order of `items`."""
    lines = []
    for item, old, new in zip(items, before, after, strict=True):
        for case, was, now in zip(item.cases, old, new, strict=True):
            if was.right != now.right:
                kind = "answerable" if case.expects else "near miss"
                sign = "+" if now.right else "-"
                lines.append(f"{sign} {item.name} ({kind}): {case.question}")
    return lines


def flipped(items: list[Item], names: frozenset[str]) -> list[list[Outcome]]:
    """Every set answered with the switches `names` flipped from their defaults."""
    found = []
    for item in items:
        retrieval, conversation = item.base, {}
        for name in sorted(names):
            head, _, field = name.partition(".")
            if head == "conversation":
                if item.conversation is not None:
                    conversation[field] = not getattr(item.conversation, field)
            else:
                retrieval = with_value(retrieval, name, not _default(item, name))
        found.append(answered(item, retrieval, conversation))
    return found


def _default(item: Item, name: str) -> bool:
    head = name.partition(".")[0]
    value: object = (
        (item.conversation or ConversationSettings()) if head == "conversation" else item.base
    )
    for part in name.split(".")[head == "conversation" :]:
        value = getattr(value, part)
    return bool(value)


def by_fold(items: list[Item], found: list[list[Outcome]]) -> list[int]:
    right = [0] * FOLDS
    for item, results in zip(items, found, strict=True):
        for fold, outcome in zip(item.folds, results, strict=True):
            right[fold] += outcome.right
    return right


def audit(items: list[Item]) -> None:
    """--switches: what each switch moves, and the switches the folds choose (module doc)."""
    total = sum(len(item.cases) for item in items)
    runs: dict[frozenset[str], list[list[Outcome]]] = {}

    def run(names: frozenset[str]) -> list[int]:
        if names not in runs:
            runs[names] = flipped(items, names)
            right = by_fold(items, runs[names])
            print(
                f"{len(runs)}: {sorted(names) or 'defaults'}: {sum(right)}/{total}", file=sys.stderr
            )
        return by_fold(items, runs[names])

    base = run(frozenset())
    # gain[s][f]: right answers on fold f with s flipped, less the defaults'
    gain = {s: [a - b for a, b in zip(run(frozenset([s])), base, strict=True)] for s in SWITCHES}
    print(f"defaults: {sum(base)}/{total} right")
    print("switch (flipped alone: off, or on if off)   net on all   moved (+ right only flipped)")
    on = {s: _default(items[-1], s) for s in SWITCHES}
    for s in SWITCHES:
        state = "off" if on[s] else "on"
        lines = moved(items, runs[frozenset()], runs[frozenset([s])])
        print(
            f"{s} {state}: net {sum(gain[s]):+d} ({sum(x[0] == '+' for x in lines)}+ "
            f"{sum(x[0] == '-' for x in lines)}-)"
        )
        for line in lines:
            print("  " + line)
    for k in KS:
        # a switch is on iff turning it on gains >= k on the training folds (turning an
        # on switch off loses >= k): flipped from its default otherwise
        chosen: list[frozenset[str]] = []
        for fold in range(FOLDS):
            training = {s: sum(gain[s]) - gain[s][fold] for s in SWITCHES}
            chosen.append(
                frozenset(s for s in SWITCHES if (training[s] > -k if on[s] else training[s] >= k))
            )
        cross = sum(run(chosen[f])[f] for f in range(FOLDS))
        print(
            f"K = {k}: cross-validated {cross}/{total} ({cross / total:.1%}); defaults "
            f"{sum(base)}/{total}"
        )
        for fold in range(FOLDS):
            print(
                f"  fold {fold}: flipped {sorted(chosen[fold])}: {run(chosen[fold])[fold]}"
                f" right on it (defaults {base[fold]})"
            )
        for s in SWITCHES:
            picked = sum(on[s] != (s in chosen[f]) for f in range(FOLDS))
            print(
                f"  {s}: net {sum(gain[s]):+d} flipped on all; on in {picked} of {FOLDS}"
                " folds' choice"
            )


def around(value: float) -> list[float]:
    """Half and one and a half times `value` (a count: rounded, at least one apart)."""
    if isinstance(value, int):
        return [max(0, min(value - 1, round(value * 0.5))), max(value + 1, round(value * 1.5))]
    return [value * 0.5, value * 1.5]


def sweep(items: list[Item]) -> None:
    """--weights: each numeric rule at three values, chosen by the folds (module doc)."""
    total = sum(len(item.cases) for item in items)
    base = by_fold(items, [answered(item, item.base) for item in items])
    print(f"defaults: {sum(base)}/{total} right")
    print("weight: today -> net on all at half / one and a half; cross-validated (today's)")
    for f in fields(RuleSettings):
        if f.type not in (float, int, "float", "int"):
            continue
        name = f"rules.{f.name}"
        today = getattr(RuleSettings(), f.name)
        values = around(today)
        right = {today: base}
        for value in values:
            found = [answered(item, with_value(item.base, name, value)) for item in items]
            right[value] = by_fold(items, found)
        picks = [
            max(right, key=lambda v: (sum(right[v]) - right[v][fold], v == today))
            for fold in range(FOLDS)
        ]
        cross = sum(right[picks[fold]][fold] for fold in range(FOLDS))
        nets = " / ".join(f"{v:g}: {sum(right[v]) - sum(base):+d}" for v in values)
        print(
            f"{name}: {today:g} -> {nets}; cross-validated {cross} ({sum(base)}),"
            f" folds chose {[f'{v:g}' for v in picks]}",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
