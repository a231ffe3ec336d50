"""Method-by-method numbers for docs/quality.md: each row adds one step to the one before.

Run from the repository root: ``python docs/ablation.py`` (about a minute). Rows 1-2 are plain
BM25 without any re-ranking or declining; later rows switch the answering steps on one by
one through their settings and module constants, so the numbers are those of the real code.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import bot.text as text_module  # noqa: E402
from bot.answering import Answerer  # noqa: E402
from bot.config import RetrievalSettings, load_settings  # noqa: E402
from bot.evaluate import Case, evaluate, load_cases, passage_is_right  # noqa: E402
from bot.index import Bm25Index, Bm25Params  # noqa: E402
from bot.knowledge import KnowledgeBase, load_folder  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = {
    "SQuAD Normans": SHARED / "data" / "squad" / "squad2-dev-normans.json",
    "public set": SHARED / "eval" / "article_qa.yaml",
    "own set": ROOT / "tests" / "sets" / "knowledge_qa.yaml",
    "seed set": ROOT / "tests" / "sets" / "seed_qa.yaml",
    "held-out set": ROOT / "tests" / "sets" / "holdout_qa.yaml",
    "probe set": ROOT / "tests" / "sets" / "probe_qa.yaml",
    "seed probe": ROOT / "tests" / "sets" / "seed_probe_qa.yaml",
}
BASE = load_settings(ROOT / "config.yaml").retrieval


def plain(tokenize: Callable[[str], list[str]], variant: str) -> Callable[..., tuple[float, ...]]:
    """BM25 alone over `tokenize`d passages: top-1, top-3, sentence = first sentence overlap."""

    def run(cases: list[Case], kb: KnowledgeBase, rules: dict[str, Any]) -> tuple[float, ...]:
        index = Bm25Index([tokenize(p.index_text) for p in kb.passages], Bm25Params(variant))
        top1 = top3 = 0
        answerable = [c for c in cases if c.expects]
        for case in answerable:
            scores = index.scores(tokenize(case.question))
            order = np.argsort(-scores, kind="stable")[:3]
            right = [passage_is_right(case, kb.passages[i]) for i in order]
            top1 += right[0]
            top3 += any(right)
        n = len(answerable)
        return top1 / n, top3 / n, float("nan"), float("nan")

    return run


def full(**settings: Any) -> Callable[..., tuple[float, ...]]:
    def run(cases: list[Case], kb: KnowledgeBase, rules: dict[str, Any]) -> tuple[float, ...]:
        report = evaluate("x", cases, Answerer(kb, configured(rules, **settings)))
        d = report.as_dict()
        declined = d["declined_right"] if d["unanswerable"] else float("nan")
        return d["accuracy"], d["top3"], d["sentence_accuracy"], declined

    return run


def configured(rules: dict[str, Any], **settings: Any) -> RetrievalSettings:
    """The bot's settings with some retrieval settings and rules (bot/rules.py) changed; the
    rules are named here as in the rounds' write-ups (NAMED_WEIGHT is rules.named_weight)."""
    changed = {name.lower(): value for name, value in rules.items() if name != "LEMMAS"}
    return dataclasses.replace(BASE, **settings, rules=dataclasses.replace(BASE.rules, **changed))


@contextmanager
def lemmas(rules: dict[str, Any]) -> Iterator[None]:
    """The irregular-verb table is data of the text analysis (indexing reads it too), not a
    rule: the first rows run without it."""
    if "LEMMAS" not in rules:
        yield
        return
    saved = text_module.LEMMAS
    text_module.LEMMAS = rules["LEMMAS"]
    try:
        yield
    finally:
        text_module.LEMMAS = saved


OFF = dict(min_coverage=0.0, min_score=0.0, unseen_weight=0.0, asked_weight=0.0)
NEW = dict(  # the second round
    NAMED_WEIGHT=0.0,
    FOCUS_BONUS=0.0,
    TOPIC_MUST_BE_KNOWN=False,
    INFLECTIONS=False,
    COUNTED_WITH_NUMBER=False,
    CREDIT_NAMES=False,
)
THIRD = dict(  # the third round (its irregular verbs, decades and measure words stay on)
    TIES_HOLD_ALL=False,
    CAPTION_OFF_TOPIC=1.0,
    TYPE_MISSING=1.0,
    MONEY_CUES=False,
    MEASURE_UNITS=False,
    DIMENSIONS=False,
    MEMBERS=False,  # the closed-class cue itself (an answer type) stays on
)
FIFTH = dict(  # the fifth round (its lexicon additions stay on)
    DIMENSION_UNITS=False,  # and with it the measure's bonus, factor and decline
    ARTICLE_WEIGHT=0.0,
    NAMES_MUST_MATCH=False,
    COMPOUNDS=False,
    COMMON_WORDS=False,
    COUNTED_IS_HEAD=False,
    HOLDER_MUST_MATCH=False,
)
THIRD = dict(THIRD, **FIFTH)
NEW = dict(NEW, **THIRD)
NOTHING = dict(
    LEMMAS={},
    SYNONYM_WEIGHT=0.0,
    EXPANSION_WEIGHT=0.0,
    CUE_BONUS=0.0,
    DEFINITION_BONUS=0.0,
    TIE_SHARE=2.0,
    DETAILS_OFF_TOPIC=1.0,
    RELATIVES=False,
    DECLINE_UNKNOWN_NAMES=False,
    **NEW,
)
ROUND2 = dict(PHRASAL_VERBS=False, NAME_PARTS=False, TYPED_RUNNER_SHARE=0.0)  # issue 15, round 2
ISSUE15 = dict(RELATION_WEIGHT=0.0, TYPE_DECLINES=False, **ROUND2)
NO_RERANK = dict(sentence_weight=0.0, bigram_weight=0.0, fuzzy=False)


def steps() -> list[tuple[str, Callable[..., tuple[float, ...]], dict[str, Any]]]:
    def lower_split(text: str) -> list[str]:
        return text.lower().split()

    rows: list[tuple[str, Callable[..., tuple[float, ...]], dict[str, Any]]] = [
        ("plain BM25+ (k1 1.2, b 0.75), lowercase split", plain(lower_split, "plus"), {}),
        ("+ tokenizer, stopwords, Snowball stemmer", plain(text_module.analyze, "plus"), {}),
        (
            "+ each word scored once, details passage only for details questions",
            full(**OFF, **NO_RERANK),
            dict(NOTHING, DETAILS_OFF_TOPIC=0.3),
        ),
        (
            "+ fuzzy matching of unknown words, prefix relatives",
            full(**OFF, sentence_weight=0.0, bigram_weight=0.0),
            dict(NOTHING, DETAILS_OFF_TOPIC=0.3, RELATIVES=True),
        ),
        (
            "+ irregular verbs, role-word variants (spokesman/-woman), acronym expansion",
            full(**OFF, sentence_weight=0.0, bigram_weight=0.0),
            dict(
                DEFINITION_BONUS=0.0,
                CUE_BONUS=0.0,
                TIE_SHARE=2.0,
                DECLINE_UNKNOWN_NAMES=False,
                **NEW,
            ),
        ),
        (
            "+ sentence evidence (sentence_weight 0.5)",
            full(**OFF, bigram_weight=0.0),
            dict(
                DEFINITION_BONUS=0.0,
                CUE_BONUS=0.0,
                TIE_SHARE=2.0,
                DECLINE_UNKNOWN_NAMES=False,
                **NEW,
            ),
        ),
        (
            "+ word pairs (bigram_weight 0.1; no gain, the bot keeps 0)",
            full(**OFF),
            dict(
                DEFINITION_BONUS=0.0,
                CUE_BONUS=0.0,
                TIE_SHARE=2.0,
                DECLINE_UNKNOWN_NAMES=False,
                **NEW,
            ),
        ),
        (
            "+ answer-type cues, definitions, newest article on ties",
            full(**OFF),
            dict(DECLINE_UNKNOWN_NAMES=False, **NEW),
        ),
        (
            "+ names the question capitalises, held by the passage (NAMED_WEIGHT 0.25)",
            full(**OFF),
            dict(NEW, DECLINE_UNKNOWN_NAMES=False, NAMED_WEIGHT=0.25),
        ),
        (
            "+ focus noun picks the highlighted sentence (FOCUS_BONUS 0.25)",
            full(**OFF),
            dict(NEW, DECLINE_UNKNOWN_NAMES=False, NAMED_WEIGHT=0.25, FOCUS_BONUS=0.25),
        ),
        (
            "+ other inflections of unknown words; 'how many X' counts beside X",
            full(**OFF),
            dict(
                DECLINE_UNKNOWN_NAMES=False, TOPIC_MUST_BE_KNOWN=False, CREDIT_NAMES=False, **THIRD
            ),
        ),
        (
            "+ credit questions highlight the credit line or byline",
            full(**OFF),
            dict(DECLINE_UNKNOWN_NAMES=False, TOPIC_MUST_BE_KNOWN=False, **THIRD),
        ),
        (
            "+ decline rule (unknown names; coverage >= 0.2 + 0.5 x unseen)",
            full(asked_weight=0.0),
            THIRD,
        ),
        (
            "+ what is counted/asked and the numbers named must be in the passage"
            " (asked_weight 0.4)",
            full(),
            THIRD,
        ),
        (
            "+ no newest-article tie when a close candidate holds more of the question",
            full(),
            dict(THIRD, TIES_HOLD_ALL=True),
        ),
        (
            "+ captions keep 0.9 for topic questions",
            full(),
            dict(THIRD, TIES_HOLD_ALL=True, CAPTION_OFF_TOPIC=0.9),
        ),
        (
            "+ no number/date in the passage for how-much/when: x 0.9; cost questions want money",
            full(),
            dict(FIFTH, MEASURE_UNITS=False, DIMENSIONS=False, MEMBERS=False),
        ),
        (
            "+ measure questions: a number with a unit, the dimension's noun",
            full(),
            dict(FIFTH, MEMBERS=False),
        ),
        (
            "+ closed classes: the class word matches its members",
            full(),
            FIFTH,
        ),
        (
            "+ measures want a unit of their dimension; 'how much electricity' is a measure",
            full(),
            dict(FIFTH, DIMENSION_UNITS=True),
        ),
        (
            "+ a number/date answer's coverage counts its article's words at 0.5",
            full(),
            dict(FIFTH, DIMENSION_UNITS=True, ARTICLE_WEIGHT=0.5),
        ),
        (
            "+ a name the best passage's article lacks declines",
            full(),
            dict(
                COMPOUNDS=False, COMMON_WORDS=False, COUNTED_IS_HEAD=False, HOLDER_MUST_MATCH=False
            ),
        ),
        (
            "+ a hyphenated compound is one question word",
            full(),
            dict(COMMON_WORDS=False, COUNTED_IS_HEAD=False, HOLDER_MUST_MATCH=False),
        ),
        (
            "+ common English words' IDF capped (bot/frequency.py)",
            full(),
            dict(COUNTED_IS_HEAD=False, HOLDER_MUST_MATCH=False),
        ),
        (
            "+ 'how many Russian soldiers' needs soldiers; 'the president of Y' needs Y",
            full(),
            {},
        ),
    ]
    # Issue 15's steps are off in every row above and added one by one below.
    rows = [(label, run, dict(constants, **ISSUE15)) for label, run, constants in rows]
    return [
        *rows,
        (
            "+ answer-kind declines: a sum, a percentage, a duration, a count, a name (issue 15)",
            full(),
            dict(RELATION_WEIGHT=0.0, **ROUND2),
        ),
        ("+ WordNet relations (weights fitted by docs/fit.py)", full(), ROUND2),
        (
            "+ phrasal verbs ('left out' ~ excluded, WordNet)",
            full(),
            dict(NAME_PARTS=False, TYPED_RUNNER_SHARE=0.0),
        ),
        (
            "+ a surname names the person the article named in full",
            full(),
            dict(TYPED_RUNNER_SHARE=0.0),
        ),
        ("+ a close second passage holding the asked type answers = the bot", full(), {}),
    ]


def main() -> None:
    data = {name: load_cases(path) for name, path in SETS.items()}
    folder = load_folder(ROOT / "tests" / "fixtures" / "knowledge")  # ten articles
    print(
        "| method | " + " | ".join(f"{n} top-1 / top-3 / sentence / declined" for n in SETS) + " |"
    )
    print("|---|" + "---|" * len(SETS))
    for label, run, constants in steps():
        cells = []
        with lemmas(constants):
            for cases, own_kb in data.values():
                values = run(cases, own_kb or folder, constants)
                cells.append(" / ".join("–" if v != v else f"{v:.1%}" for v in values))
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
