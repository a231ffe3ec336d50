"""Does a short answer match the expected one? SQuAD's exact match and F1.

The normalisation is SQuAD's official one (its evaluation script, v1.1): lower case,
punctuation removed, the articles "a", "an", "the" removed, white space collapsed.
Each score is the best over the gold answers.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(text: str) -> str:
    """SQuAD's normalisation: lower case, no punctuation, no articles, single spaces."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, gold: Iterable[str]) -> float:
    guess = normalize_answer(prediction)
    return max((float(guess == normalize_answer(g)) for g in gold), default=0.0)


def f1(prediction: str, gold: Iterable[str]) -> float:
    return max((_f1(prediction, g) for g in gold), default=0.0)


def _f1(prediction: str, gold: str) -> float:
    guess = normalize_answer(prediction).split()
    truth = normalize_answer(gold).split()
    common = sum((Counter(guess) & Counter(truth)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(guess), common / len(truth)
    return 2 * precision * recall / (precision + recall)


def matches(prediction: str | None, expected: Iterable[str]) -> bool:
    """A short answer matches an expected one when, normalised, they are equal, or one
    holds the other and they share at least half their words (F1 >= 0.5): "Nearly
    660,000" matches "660,000"; a whole clause that mentions "660,000" does not."""
    if not prediction:
        return False
    guess = f" {normalize_answer(prediction)} "
    for answer in expected:
        want = f" {normalize_answer(answer)} "
        if not want.strip():
            continue
        if guess == want or ((want in guess or guess in want) and _f1(prediction, answer) >= 0.5):
            return True
    return False


@dataclass
class ShortTally:
    """Short answers on one question set, beside the passage figures of bot/evaluate.py.

    - SQuAD: exact match and F1 against the gold answers, over every answerable
      question (a decline or a wrong passage scores 0) and over those whose best
      passage is the right one;
    - YAML sets: how many answered questions with an ``answer:`` get a short answer
      that `matches` it; and, for every right answer, how often the short answer
      overlaps ``expect`` (shares a word with it after normalisation).
    """

    squad: int = 0
    em: float = 0.0
    f1: float = 0.0
    squad_right: int = 0
    em_right: float = 0.0
    f1_right: float = 0.0
    expected: int = 0  # answered questions with an `answer:`
    matched: int = 0
    right: int = 0  # right passages of a YAML set, for the overlap with `expect`
    shown: int = 0  # ... with a short answer
    overlaps: int = 0  # ... that shares a word with `expect`
    misses: list[tuple[str, str | None, list[str]]] = field(default_factory=list)  # q, got, want

    def add_squad(self, short: str | None, gold: Sequence[str], right: bool) -> None:
        em, score = exact_match(short or "", gold), f1(short or "", gold)
        self.squad += 1
        self.em += em
        self.f1 += score
        if right:
            self.squad_right += 1
            self.em_right += em
            self.f1_right += score

    def add_yaml(
        self,
        short: str | None,
        answers: Sequence[str],
        expects: Sequence[str],
        right: bool,
        question: str = "",
    ) -> None:
        if answers:
            self.expected += 1
            if matches(short, answers):
                self.matched += 1
            else:
                self.misses.append((question, short, list(answers)))
        if right:
            self.right += 1
            self.shown += bool(short)
            self.overlaps += bool(short) and f1(short or "", expects) > 0

    def as_dict(self) -> dict[str, float | int | None]:
        def share(part: float, whole: int) -> float | None:
            return round(part / whole, 4) if whole else None

        return {
            "short_em": share(self.em, self.squad),
            "short_f1": share(self.f1, self.squad),
            "short_em_right_passage": share(self.em_right, self.squad_right),
            "short_f1_right_passage": share(self.f1_right, self.squad_right),
            "short_expected": self.expected,
            "short_matched": share(self.matched, self.expected),
            "short_shown": share(self.shown, self.right),
            "short_overlaps_expect": share(self.overlaps, self.right),
        }

    def lines(self) -> list[str]:
        d = self.as_dict()
        found: list[str] = []
        if self.squad:
            found.append(
                f"short answers: EM {d['short_em']:.3f}, F1 {d['short_f1']:.3f} over"
                f" {self.squad} answerable; EM {d['short_em_right_passage'] or 0:.3f},"
                f" F1 {d['short_f1_right_passage'] or 0:.3f} over {self.squad_right}"
                " with the right passage"
            )
        if self.expected:
            found.append(
                f"short answers matching `answer:` {self.matched}/{self.expected}"
                f" ({self.matched / self.expected:.1%} of answered questions with one)"
            )
            found += [
                f"  ≠ {q} — short answer {got!r}, expected {want}" for q, got, want in self.misses
            ]
        if self.right and not self.squad:
            found.append(
                f"short answers shown for {self.shown}/{self.right} right answers,"
                f" overlapping `expect` for {self.overlaps}/{self.right}"
            )
        return found
