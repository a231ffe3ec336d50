"""Which one of its kind: a noun the question ranks by a superlative or an ordinal ("the
oldest work", "the second ship"), against the rank the passage gives it.

A superlative or an ordinal before a noun picks one of its kind, and a reader who writes
the opposite of the passage's asks about one the passage does not tell of: "When was the
oldest terminal opened?" of "The newest terminal, opened in 2015, ...", "When will the
third round of talks begin?" of "The second round of talks will begin on Friday". Word
overlap cannot see it: the passage holds every other word of the question.

A rank is read without a tagger, after a determiner or a possessive ("the", "its",
"Europe's"): an ordinal ("first", "second", ..., "last"), a superlative of the list that
docs/superlatives.py makes from WordNet ("oldest" -> old, "best" -> good), or "most" /
"least" and the word after it ("most famous" -> famous); the content word right after it,
in lower case, is the ranked noun (`asked`). A passage ranks the question's noun otherwise
(`rivalled`) when some occurrence of it stands after another ordinal than the question's
("the third round" of "the second round"), or after a superlative opposite to the
question's (WordNet's antonyms of the adjectives' usual senses, a satellite read by its
cluster's head: "the newest terminal" of "the oldest terminal", "the smallest" of "the
greatest"), and no occurrence after the question's own or one WordNet relates to it
("largest" / "biggest"). A superlative that is merely other ("the most famous work" of
"the oldest work") says nothing: readers write their own word for the passage's rank as
often ("the greatest port" of "the largest port", "the highest official" of "the most
senior"), and WordNet does not relate many of those (docs/quality.md, round 27). An
ordinal and a superlative say nothing either: "the first" is often "the earliest". The
caller (bot/answering/decline.py) reads it only when the passage holds the question's rank
in no form at all ("old", "older", "oldest"): told anywhere, in the next clause or as a
predicate ("the mill is the oldest"), the passage may well tell of the reader's one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from bot.answering.short_tokens import Token, tokenize
from bot.lexicon import LEMMAS
from bot.lines import Lines, data_lines
from bot.relations import related
from bot.text import DETERMINERS, term

# English ordinals up to ten, and the last ("final" is "last": one rank)
ORDINALS = {
    **{w: w for w in "first second third fourth fifth sixth seventh eighth ninth tenth".split()},
    "last": "last",
    "final": "last",
}
_MOST = frozenset({"most", "least"})


class Ranked(NamedTuple):
    """A noun of the question and the rank picking one of its kind."""

    rank: str  # the superlative's adjective ("old" of "oldest", "famous" of "most famous")
    # or the ordinal ("first")
    noun: str  # the noun's index term: "work"
    ordinal: bool  # an ordinal, not a superlative
    written: str  # the rank's index terms as written: "oldest"; "most famous" -> "famous"


@cache
def superlatives() -> dict[str, str]:
    """A superlative -> its adjective ("oldest" -> "old"): bot/data/superlatives.txt."""
    return {form: base for form, base in map(str.split, data_lines("superlatives.txt"))}


def may_rank(said: Iterable[str]) -> bool:
    """Whether a question's words hold any rank at all (most questions do not, and are not
    tokenised for it)."""
    return not _rank_words().isdisjoint(said)


@cache
def _rank_words() -> frozenset[str]:
    """Every word that may write a rank: the ordinals, "most", "least", the superlatives."""
    return frozenset(ORDINALS) | _MOST | frozenset(superlatives())


def asked(question: str) -> tuple[Ranked, ...]:
    """The nouns the question ranks: ("old", "work") of "What is the oldest work of Norman
    art?", ("second", "ship") of "When did the second ship sail?"."""
    tokens = tokenize(question)
    found = []
    for k in range(1, len(tokens)):
        ranked = rank_at(tokens, k)
        if ranked is not None:
            found.append(ranked)
    return tuple(dict.fromkeys(found))


def rank_at(tokens: Sequence[Token], at: int) -> Ranked | None:
    """The rank written at `at` and the noun it ranks, when a determiner or a possessive
    stands before it and a lower-case content word after it ("the OLDEST work", "its MOST
    famous work", "Europe's LARGEST port"); None otherwise ("was first recorded", "most
    people")."""
    if at < 1 or not _before_rank(tokens[at - 1]):
        return None
    word = tokens[at].word
    after = at + 1
    if word in ORDINALS:
        rank, ordinal, written = ORDINALS[word], True, word
    elif word in _MOST and after < len(tokens) and _content(tokens[after]):
        rank, ordinal, written = tokens[after].word, False, tokens[after].term
        after += 1
    elif word in superlatives():
        rank, ordinal, written = superlatives()[word], False, tokens[at].term
    else:
        return None
    if after >= len(tokens) or not _content(tokens[after]) or not _noun(tokens[after]):
        return None
    return Ranked(rank, tokens[after].term, ordinal, written)


def _before_rank(token: Token) -> bool:
    """A determiner ("the", "its") or a possessive ("Europe's") before a rank."""
    return token.word in DETERMINERS or token.text.endswith(("'s", "’s"))


def _content(token: Token) -> bool:
    """A lower-case content word, not joined by a hyphen ("the first-ever")."""
    return bool(token.term) and not token.capital and not token.hyphen


def _noun(token: Token) -> bool:
    """No verb's inflection ("the most well KNOWN piece": "well known" is the rank)."""
    word = token.word
    return not word.endswith("ed") and LEMMAS.get(word, word) == word


def rivalled(ranked: Ranked, sentences: Iterable[str]) -> bool:
    """Whether the passage's `sentences` rank the question's noun otherwise: some occurrence
    after another ordinal, or after a superlative `opposite` to the question's, and none
    after the question's own (or a related one: "biggest" of "largest")."""
    own = {term(ranked.rank), *related(term(ranked.rank))}
    rival = False
    for sentence in sentences:
        tokens = tokenize(sentence)
        for k in range(1, len(tokens) - 1):
            found = rank_at(tokens, k)
            if found is None or found.noun != ranked.noun:
                continue
            if term(found.rank) in own:
                return False  # the question's one is told of here
            if found.ordinal and ranked.ordinal:
                rival = True  # "the third round" of "the second round"
            elif not found.ordinal and not ranked.ordinal:
                rival = rival or opposite(found.rank, ranked.rank)
    return rival


def opposite(first: str, second: str) -> bool:
    """Whether two adjectives rank opposite ways: one's usual sense is of a cluster whose
    head WordNet gives the other's as its antonym ("old" / "new", "great" / "small";
    bot/data/adjective_antonyms.txt)."""
    one, other = _opposites(first), _opposites(second)
    return not one[0].isdisjoint(other[1]) or not other[0].isdisjoint(one[1])


_NONE: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def _opposites(adjective: str) -> tuple[frozenset[str], frozenset[str]]:
    """The heads of `adjective`'s usual sense's cluster, and their antonyms (none for a word
    WordNet gives no antonym)."""
    line = _antonyms().after(f"{adjective} ")
    if line is None:
        return _NONE
    heads, antonyms = line.split(" ")
    return frozenset(heads.split(",")), frozenset(antonyms.split(","))


@cache
def _antonyms() -> Lines:
    """The antonyms' table as sorted lines, searched by binary search (~230 KB of text)."""
    return Lines(sorted(data_lines("adjective_antonyms.txt")))
