"""What a follow-up question borrows from its conversation (bot/conversation.py).

The referent's words join the question as units of their own, each at its weight below one:
of BM25 (the unit's scale) and of the question's IDF mass (its idf), so that they count in
ranking, in the sentence evidence and in the decline's coverage only that much. Together
they weigh at most ``context.max_share`` × the new words' mass, so the new words lead; a word
of the question that the referent had too ("played" in "Who played in it?" after "Which game
was played in the final?") is not new, and leads nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.answering.query import Query, Unit
from bot.answering.vocabulary import Vocabulary
from bot.index import Scores
from bot.knowledge import Passage
from bot.text import STOPWORDS


@dataclass(frozen=True)
class Context:
    """What a follow-up borrows from its conversation, for ``Answerer.answer(q, context=...)``:
    the earlier answer's article, preferred, and the referent's words, each at a weight below
    one (the reader's own words weigh one). The asked type comes from the new words alone."""

    article: str = ""  # key of the article the earlier answer came from; "" for none
    article_weight: float = 1.0  # its passages' BM25 scores are multiplied by this
    words: tuple[tuple[str, float], ...] = ()  # (word, weight) pairs, heaviest first
    max_share: float = 1.0  # their IDF mass at most this × the new words' (when there are any)
    paragraph: int = -1  # the earlier answer's paragraph in `article`; -1 for none
    passage_weight: float = 1.0  # that paragraph's passages' BM25 × this (on top of the article's)
    near_weight: float = 1.0  # the paragraphs right before and after it: BM25 × this
    # "Why?", "When was that?": what the question asks of the earlier answer's passage (a
    # test on its text: states a reason, a time); when that passage passes it and holds the
    # new words as well as the best one does, it answers first. None: no such question.
    stay: Callable[[str], bool] | None = None
    # The question points at the earlier answer as a whole ("Why?", "Why did that grow?"): its
    # passage may answer it without holding any of the new words. Otherwise ("Why did she
    # resign?") it must hold some, or the question is ranked and declined as any other.
    event: bool = False
    # The earlier question's own words that are no names ("leave" in "When did Valeska Paris
    # leave the Freewinds?"): what happened. A reason or a time is one *of that*: the passage
    # kept for "Why?" must hold one of them, not only the story's names. () for no check.
    about: tuple[str, ...] = ()
    # "For how long?", "In what year?": the question's words that name the type asked
    # (followup.type_words), which the passage states with a number ("a nine-day occupation",
    # "in 2022"), not with these words; beside the borrowed words they are no words of the
    # question's own (ConversationSettings.type_words)
    asked: tuple[str, ...] = ()


def borrow(query: Query, context: Context, vocabulary: Vocabulary) -> Query:
    """`query` with the context's words added at their weights; words no article holds add
    nothing (they would only raise the share of unknown words). The words naming the type
    asked (`context.asked`: "long" of "For how long?") leave the question's own words when
    something is borrowed: they name what is asked, as "how many" does."""
    own = {unit.word for unit in query.units}
    borrowed: list[Unit] = []
    for word, weight in context.words:
        if word in own or word in STOPWORDS or weight <= 0:
            continue
        own.add(word)
        unit = vocabulary.word_unit(word)
        if unit.terms:
            borrowed.append(replace(unit, idf=unit.idf * weight, scale=unit.scale * weight))
    if not borrowed:
        return query
    if context.asked:
        query = Query(tuple(u for u in query.units if u.word not in context.asked), query.analysis)
    # a word the referent had too ("played" in "Who played in it?" after "Which game was
    # played …?") is no new word: it does not let the borrowed words weigh more
    repeated = {word for word, _ in context.words}
    own_mass = sum(u.idf for u in query.units if u.word not in repeated)
    mass = sum(unit.idf for unit in borrowed)
    if own_mass > 0 and mass > context.max_share * own_mass:  # the new words lead
        cut = context.max_share * own_mass / mass
        borrowed = [replace(u, idf=u.idf * cut, scale=u.scale * cut) for u in borrowed]
    return Query((*query.units, *borrowed), query.analysis)


def prefer(
    bm25: Scores, context: Context, passages: Sequence[Passage], span: tuple[int, int]
) -> None:
    """Weigh the context's article, its earlier answer's paragraph and that paragraph's
    neighbours up, in place (`span`: the article's first and last passage)."""
    first, last = span
    bm25[first : last + 1] *= context.article_weight
    if context.paragraph < 0 or (context.passage_weight == 1.0 and context.near_weight == 1.0):
        return
    for i in range(first, last + 1):
        distance = abs(passages[i].paragraph - context.paragraph)
        if passages[i].kind == "body" and distance <= 1:
            bm25[i] *= context.passage_weight if distance == 0 else context.near_weight
