"""What answering returns: an `Answer` of ranked `Hit`s, or a decline reason."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge import Passage

# Why a question was declined; the reply wording is render.py's business.
EMPTY = "empty"  # no words to search for
NOT_COVERED = "not_covered"  # its distinctive words are not in the knowledge base
WEAK = "weak"  # the best passage matches too little of it
NO_TYPED_ANSWER = "no_typed_answer"  # asks a name/number/date/place; the passage states none
WITHHELD = "withheld"  # the passage says what is asked is not given ("has not been named")


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    sentence: str  # the sentence of passage.text that best matches the question
    coverage: float  # share of the question's IDF mass that this passage holds


@dataclass(frozen=True)
class Answer:
    question: str
    hits: tuple[Hit, ...]  # best first; empty when declined
    declined: str = ""  # EMPTY, NOT_COVERED, WEAK, NO_TYPED_ANSWER or WITHHELD: not answered
    closest: Hit | None = None  # for a decline: the nearest passage, to name what *is* covered
    truncated: bool = False  # the question was longer than MAX_QUESTION_CHARS
    short: str | None = None  # the phrase that answers (bot/answering/short.py), None if none

    @property
    def answered(self) -> bool:
        return not self.declined

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None
