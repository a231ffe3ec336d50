"""Highlighting: which sentence of an answering passage is shown in bold."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from bot.answering.evidence import itself, sentence_weight
from bot.answering.fact_table import FactArrays
from bot.answering.facts import PassageFacts, Sentence
from bot.answering.query import Query
from bot.answering.term_rows import Rows
from bot.knowledge import Passage
from bot.rules import RuleSettings
from bot.text import term


def best_sentence(query: Query, facts: PassageFacts, passage: Passage, rules: RuleSettings) -> str:
    """The sentence that introduces a definition's target at its first mention; for a credit
    question on a caption or the details, the credit line; otherwise the sentence holding
    most of the question, with the asked-for type and the answer's kind noun."""
    if not facts.sentences:
        return passage.text
    if len(facts.sentences) == 1:  # most passages: the one sentence, whatever it weighs
        return facts.sentences[0].text
    target = query.analysis.target

    def weight(sentence: Sentence) -> float:
        held = query.held(sentence.terms)
        own = sentence_weight(query, held, itself, sentence, rules)
        return own + focus_bonus(query, held, rules)

    if target:  # the sentence that introduces X is its first mention
        stems = {term(w) for w in target}
        for sentence in facts.sentences:
            if stems <= sentence.terms:
                return sentence.text
    sentences = facts.sentences
    if rules.credit_names and query.analysis.who_did and passage.kind != "body":
        # Who took the photo / wrote the story: the topic words found the caption or the
        # details passage; the answer is its credit line or byline, not the caption or title.
        sentences = credit_lines(passage, sentences) or sentences
    return max(sentences, key=weight).text


def best_row_sentence(
    query: Query, rows: Rows, table: FactArrays, passage: Passage, rules: RuleSettings
) -> str | None:
    """`best_sentence` of a body passage read from the arrays (bot/answering/term_rows.py),
    when no definition's target is asked (None then: its facts decide). A sentence holding
    no question term weighs 0 there, as here; the first of the best weights wins, as `max`."""
    if query.analysis.target or passage.kind != "body":
        return None
    if not rows.size:
        return passage.text
    sentence = partial(rows.sentence, table)
    if rows.size == 1:  # the one sentence, whatever it weighs
        return sentence(0).text
    weights = {
        k: sentence_weight(query, held, sentence, k, rules) + focus_bonus(query, held, rules)
        for k, held in rows.sentences
    }
    best = max(range(rows.size), key=lambda k: weights.get(k, 0.0))
    return sentence(best).text


def focus_bonus(query: Query, held: Sequence[float], rules: RuleSettings) -> float:
    """The bonus of a sentence holding the noun naming the answer's kind ("arches" of "What
    kind of arches"), as the reader wrote it."""
    focus = query.focus
    return rules.focus_bonus if focus and any(held[k] >= 1.0 for k in focus) else 0.0


def credit_lines(passage: Passage, sentences: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """The sentences of a caption or details passage that credit someone: the photo credit;
    the byline and reporting credits after the details passage's title sentence."""
    if passage.kind == "caption":
        credit = passage.article.caption_credit
        return tuple(s for s in sentences if credit and s.text in credit)
    return tuple(sentences[1:])
