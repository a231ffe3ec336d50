"""List a question set's answerable misses with where the right passage ranks and which
question words it lacks: the first step of sorting failures by KIND, not by line.

    PYTHONPATH=. python docs/misses.py --config tests/fixtures/news.yaml \\
        ../shared/eval/news/news_qa.yaml
    PYTHONPATH=. python docs/misses.py --config tests/fixtures/news.yaml \\
        ../shared/eval/news/news_dialogues.yaml       # dialogues: their first turns, alone
    PYTHONPATH=. python docs/misses.py --all     # every set of docs/fit.py, with its knowledge

For each answerable question answered wrong (or declined) it prints the right passage's
rank by BM25 and after re-ranking ("-" when re-ranking never saw it: below `rules.rerank`),
the question words the right passage holds in no form ("lacks"), and those it holds only
through a weaker form, with the weight ("weak": a close spelling, a WordNet relation), and
the words the passage ranked first holds better than the right one, and the reverse, and
each one's re-ranking features (BM25, the best sentence's share, the reader's names, the
asked type missing) and final score: which features favoured the wrong one, and why the
first won, in five kinds (`why_first`: the right one declined, another article, the lead,
the same words or more, other words). A summary counts the misses by those kinds and by
where the right passage stood: declined, second to fourth,
further down; and those whose first passage (another than the right one, which re-ranking
saw) is at least as strong as the right one on both BM25 and the best sentence's share: no
weighting of the two would put the right one first. Dialogue turns that lean on earlier ones
are left out: only the first turn and topic shifts are questions a reader asks alone.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import fit  # noqa: E402  (docs/fit.py: its sets and their configs)

from bot.answering import Answerer  # noqa: E402
from bot.answering.candidates import scores, top  # noqa: E402
from bot.answering.passage_rows import passage_shape  # noqa: E402
from bot.answering.query import Query  # noqa: E402
from bot.answering.ranking import features, rerank  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.evaluate import Case, is_right, load_cases, passage_is_right  # noqa: E402
from bot.knowledge import Passage, load_folder  # noqa: E402

ALONE = ("standalone", "shift")  # dialogue turns a reader asks without context


def miss(answerer: Answerer, case: Case) -> str | None:
    """The line(s) describing `case` when it is an answerable miss, else None."""
    answer = answerer.answer(case.question)
    if not case.expects or is_right(case, answer):
        return None
    passages = answerer.knowledge.passages
    right = [i for i, p in enumerate(passages) if passage_is_right(case, p)]
    if not right:
        return f"[{case.kind}] {case.question}\n   no passage holds the expected phrase"
    query = answerer.query(case.question)
    bm25 = scores(answerer.index, query)
    order = [int(i) for i in (-bm25).argsort(kind="stable")]
    first = min(right, key=order.index)
    candidates = top(bm25, answerer.settings.rules.rerank)
    ranked = rerank(query, bm25, candidates, passages, answerer.facts, answerer.settings)
    at = next((str(n) for n, (i, _) in enumerate(ranked, 1) if i == first), "-")
    terms = answerer.facts[first].terms
    lacks = [u.word for u in query.units if not u.held(terms)]
    weak = [f"{u.word} {u.held(terms):.2f}" for u in query.units if 0 < u.held(terms) < 1]
    state = f"declined ({answer.declined})" if answer.declined else "answered"
    # what the passage ranked first holds that the right one does not, and the reverse:
    # the same words (a near tie), fewer (a paraphrase) or different ones
    best = answerer.facts[ranked[0][0]].terms
    only_best = [u.word for u in query.units if u.held(best) > u.held(terms)]
    only_right = [u.word for u in query.units if u.held(terms) > u.held(best)]
    where = passages[ranked[0][0]]
    final = dict(ranked)

    def weighed(i: int) -> str:
        return _features(answerer, query, i, float(bm25[i]), final.get(i))

    why = why_first(passages, ranked[0][0], first, only_right)
    return (
        f"[{case.kind}] {case.question}\n   {state}; right passage: BM25 rank "
        f"{order.index(first) + 1}, re-ranked {at}; lacks {lacks}; weak {weak}\n"
        f"   first ({where.article.key} {where.label}) holds more of {only_best},"
        f" the right one more of {only_right}; why it won: {why}\n"
        f"   features: first {weighed(ranked[0][0])}\n"
        f"             right {weighed(first)}"
    )


WHY_FIRST = (
    "the right one, declined",
    "another article",
    "the lead",
    "the same words or more",
    "other words",
)


def why_first(passages: Sequence[Passage], best: int, right: int, only_right: list[str]) -> str:
    """Why the passage ranked first won over the right one, the first of these that holds:
    it is the right one (declined after all); it is another article's; it is its article's
    lead (the first body paragraph: the story's names and topic words) and the right one a
    later paragraph; it holds every question word at least as well as the right one (a near
    tie on the same words, or more of them); else each holds words the other lacks (the
    right one's in other words: a paraphrase no relation joins)."""
    if best == right:
        return WHY_FIRST[0]
    first, answer = passages[best], passages[right]
    if first.article.key != answer.article.key:
        return WHY_FIRST[1]
    if first.kind == "body" and first.paragraph == 1:
        return WHY_FIRST[2]
    return WHY_FIRST[3] if not only_right else WHY_FIRST[4]


def _features(answerer: Answerer, query: Query, i: int, bm25: float, final: float | None) -> str:
    """A candidate's re-ranking features (bot/answering/ranking.py) and its final score."""
    kind = passage_shape(answerer.knowledge.passages, i)[0]
    found = features(query, answerer.facts[i], kind, bm25, answerer.settings)
    score = f"{final:.2f}" if final is not None else "-"
    lacks = ", lacks the type" if found.lacks_type else ""
    return (
        f"bm25 {found.bm25:.2f}, sentence {found.sentence:.3f}, names {found.names:.2f}"
        f"{lacks}, {kind} -> {score}"
    )


def bucket(line: str) -> str:
    if "declined" in line:
        return "declined"
    if "re-ranked -" in line:
        return "not re-ranked"
    rank = int(line.split("re-ranked ")[1].split(";")[0])
    return "2nd-4th" if rank <= 4 else "5th or lower"


def outweighed(line: str) -> bool:
    """Whether the passage ranked first is at least as strong as the right one on both BM25
    and the best sentence's share (no weighting of the two could put the right one first)."""
    found = re.findall(r"bm25 ([\d.]+), sentence ([\d.]+)", line)
    if len(found) != 2 or "re-ranked -" in line or "re-ranked 1;" in line:
        return False
    (bm25, sentence), (right_bm25, right_sentence) = found
    return float(bm25) >= float(right_bm25) and float(sentence) >= float(right_sentence)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.yaml")
    parser.add_argument("--all", action="store_true", help="every set docs/fit.py fits on")
    parser.add_argument("sets", type=Path, nargs="*")
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    if args.all:
        for item in fit.load_items(dialogues=True):
            counts += misses(item.name, item.cases, Answerer(item.knowledge, item.base))
    else:
        settings = load_settings(args.config)
        folder = load_folder(settings.knowledge.path)
        for path in args.sets:
            cases, own = load_cases(path)
            counts += misses(str(path), cases, Answerer(own or folder, settings.retrieval))
    print("misses by where the right passage stood:", dict(counts))


def misses(path: str, cases: list[Case], answerer: Answerer) -> Counter[str]:
    """Prints the answerable misses of one set; their count by where the right passage stood."""
    counts: Counter[str] = Counter()
    alone = [c for c in cases if not c.dialogue or c.kind in ALONE]
    print(f"== {path} ({len(alone)} questions asked alone)")
    for case in alone:
        line = miss(answerer, case)
        if line is not None:
            print(line)
            counts[bucket(line)] += 1
            counts["why the first won: " + line.split("why it won: ")[1].split("\n")[0]] += 1
            counts["first as strong on BM25 and sentence"] += outweighed(line)
    return counts


if __name__ == "__main__":
    main(sys.argv[1:])
