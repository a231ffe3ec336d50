"""`Answerer`: a question -> an `Answer`, wiring the answering modules in reading order.

    analyse (analysis.py) -> match against the index (vocabulary.py) -> BM25 (candidates.py)
    -> re-rank (ranking.py) -> hits with their highlighted sentence (highlight.py) -> decline or
    answer (decline.py)

The question's text is read once, by `analyse`; everything after works on its analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, lru_cache, partial
from typing import Protocol

from bot import mapped, topk
from bot.answering.analysis import Analysis, analyse
from bot.answering.answer_types import named_kinds
from bot.answering.borrow import Context, borrow, prefer
from bot.answering.candidates import best_passages, scores, top
from bot.answering.decline import decline
from bot.answering.headings import past_heading
from bot.answering.highlight import best_row_sentence, best_sentence
from bot.answering.parts import Parts
from bot.answering.passage_rows import article_span
from bot.answering.query import Query, Unit
from bot.answering.ranking import rerank
from bot.answering.result import EMPTY, NO_TYPED_ANSWER, Answer, Hit
from bot.answering.short import Reading, read
from bot.answering.term_rows import Rows, rows_of
from bot.answering.vocabulary import Vocabulary, member_terms
from bot.config import RetrievalSettings
from bot.frequency import zipf_values
from bot.index import Postings, Scores
from bot.index_postings import CodedFreqs
from bot.joined import Spans, spans_of
from bot.knowledge import Article, KnowledgeBase
from bot.relations import relations
from bot.rules import RuleSettings
from bot.text import MAX_QUESTION_CHARS
from bot.word_classes import non_noun_terms


class Answerer:
    """Answers questions from one immutable knowledge base; build a new one to reload."""

    # Questions whose analysis and units are kept: both are pure functions of the question's
    # text (and of this answerer's settings and index), and readers ask the same ones again.
    QUESTIONS_KEPT = 1024

    def __init__(
        self,
        knowledge: KnowledgeBase,
        settings: RetrievalSettings | None = None,
        postings: Postings | None = None,  # the passages' analysed terms, e.g. from a cache
        *,
        parts: Parts | None = None,  # built already (a live index's, bot/answering/live.py)
    ):
        self.knowledge = knowledge
        self.settings = settings or RetrievalSettings()
        if parts is None:
            parts = Parts.build(knowledge.passages, self.settings, postings)
        self.index, self.vocabulary, self.facts = parts.index, parts.vocabulary, parts.facts
        self.table = parts.table  # the arrays the facts are read from, when one table
        self.tables = parts.tables  # every table they are read from (a live index's two)
        # re-ranking reads the arrays when the facts cannot all be kept (bot/answering/term_rows.py)
        self._rows = parts.table is not None and len(parts.facts) > parts.facts.maxsize
        self._matched = _kept(self.vocabulary, self.settings.rules, self.QUESTIONS_KEPT)
        # a saved index's per-posting arrays, mapped: given back after each answer (below)
        data = self.index.data
        weights = data.weights.postings if data.weights is not None else None
        # frequencies decoded from the pair codes (a large index's) are not: the codes, which
        # the compiled kernel reads every question, never were
        freqs = data.freqs if not isinstance(data.freqs, CodedFreqs) else None
        self._postings = mapped.given_back(data.doc_ids, freqs, weights)

    def prepare(self) -> None:
        """Build the lazy parts now (in a background thread) rather than on a reader's question."""
        _ = self.vocabulary.fuzzy, zipf_values(), non_noun_terms()  # word lists: 15 ms
        _ = relations(), named_kinds()  # WordNet's relations and kinds: 0.3 s to read
        # every 64th acronym line read (~40 ms CPU at 100k passages): after the start is over
        _ = self.vocabulary.acronyms
        _ = self.article_spans  # what a live add looks up (1 s at 1M passages: every record)
        if self.index.size >= topk.PRUNE_FROM:  # where BM25 prunes: the compiled MaxScore
            topk.load_kernels()  # ~0.5 s (numba's import); the first time ~11 s: it compiles
            # LLVM's code ran to load (or compile) the kernels, and runs again only to compile
            # a new signature: its ~69 MiB of pages need not stay in this process's RSS
            mapped.release_library("libllvmlite")

    def forget(self) -> None:
        """Drops what is kept per question: the recent questions' analysis and units, and the
        close spellings of their unknown words, the passages' records read for them; what is
        kept per passage, sentence or word stays. The next questions cost what new ones do
        (docs/cost.py measures this way)."""
        self._matched.cache_clear()
        for table in self.tables:
            table.forget()
        if "fuzzy" in self.vocabulary.__dict__:  # a cached_property, maybe never built
            self.vocabulary.fuzzy.forget()

    @property
    def articles(self) -> Sequence[Article]:
        return self.knowledge.articles

    def query(self, question: str) -> Query:
        """The question analysed and matched against this knowledge base's words: a new
        `Query` (it memoises per question what ranking asks of sentences) over units kept
        for the questions asked last."""
        units, analysis = self._matched(question)
        return Query(units, analysis)

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """The answer to `question`; a follow-up's `context` (bot/conversation.py) adds the
        referent's words at lower weights and prefers the earlier answer's article.

        Then the pages of the saved postings that it mapped leave the process's RSS (they
        stay in the OS's page cache): each question maps whole folios around the few posting
        lists it reads, and a few hundred questions would map every posting (bot/mapped.py)."""
        try:
            return self._answer(question, context)
        finally:
            mapped.release(self._postings)

    def _answer(self, question: str, context: Context | None) -> Answer:
        truncated = len(question) > MAX_QUESTION_CHARS
        own = query = self.query(question[:MAX_QUESTION_CHARS])
        if context is not None:
            query = borrow(query, context, self.vocabulary)
        passages = self.knowledge.passages
        if not query.units or not passages:
            return Answer(question, (), declined=EMPTY, truncated=truncated)
        bm25: Mapping[int, float] | Scores
        if context is None:  # the best passages without every passage's score if it can
            candidates, bm25 = best_passages(self.index, query, self.settings.rules.rerank)
        else:
            bm25 = scores(self.index, query)
            if context.article in self._article_spans:
                prefer(bm25, context, passages, self._article_spans[context.article])
            candidates = top(bm25, self.settings.rules.rerank)
        if not candidates:  # every passage tombstoned (bot/live_index.py)
            return Answer(question, (), declined=EMPTY, truncated=truncated)
        # the candidates' question terms from the arrays: facts only for the best passage
        settings = self.settings
        rows: dict[int, Rows] = {}
        if self._rows:
            rows = rows_of(query, candidates, passages, self.table, settings, self.facts)
        ranked = rerank(query, bm25, candidates, passages, self.facts, settings, self.table, rows)
        if settings.rules.heading_next:  # a subheading states nothing: the paragraph under it
            ranked = past_heading(ranked, passages)
        stay = self._stay(own, context, ranked[0][0]) if context is not None else None
        if stay is not None:  # the earlier answer's passage answers "Why?", "When was that?"
            ranked = [(stay, float(bm25[stay])), *(r for r in ranked if r[0] != stay)]
        doc_id = ranked[0][0]
        best = self._hit(doc_id, ranked[0][1], query)
        in_article = self.in_article(doc_id)
        others = self.other_articles(query, ranked) if stay is None else ()
        reason = (
            ""
            if stay is not None
            else decline(query, best, self.facts[doc_id], in_article, self.settings, others)
        )
        closest = best if best.coverage > 0 else None  # nothing matched: no topic is closest
        if reason:
            return Answer(question, (), declined=reason, closest=closest, truncated=truncated)
        # the alternatives only for an answer: each reads its passage's text
        keep = max(1, self.settings.alternatives + 1)
        hits = (best, *(self._hit(i, score, query, rows) for i, score in ranked[1:keep]))
        if not self.settings.rules.short_answers:
            return Answer(question, hits, truncated=truncated)
        # -- the short answer (bot/answering/short.py), and a decline when it lacks the type --
        reading = self._short(query, doc_id, best)
        rules = self.settings.rules
        typed = reading.lacks_type and best.passage.kind == "body" and rules.short_answer_declines
        if stay is None and typed:
            # the asked type may stand in a close second passage ("When did X lift off?")
            runner = self._typed_runner_up(query, ranked, hits)
            if runner is None:
                reason = NO_TYPED_ANSWER  # a caption's or details' hint words tie them
                return Answer(question, (), declined=reason, closest=closest, truncated=truncated)
            hits, reading = runner
        short = reading.short.text if reading.short else None
        return Answer(question, hits, truncated=truncated, short=short)

    def _short(self, query: Query, doc_id: int, best: Hit) -> Reading:
        """The short answer from the best passage's sentences: the highlighted one first,
        then the others by the share of the question they hold."""
        analysis = query.analysis
        if analysis.short is None:  # analysed with short answers off: none is read
            return Reading(None, lacks_type=False)
        others = [s for s in self.facts[doc_id].sentences if s.text != best.sentence]
        others.sort(key=lambda s: -query.coverage(s.terms))
        sentences = [best.sentence, *(s.text for s in others)]
        units = query.units
        asked = frozenset().union(*(u.unsynonymous for u in units))
        # a class's members' terms (kept per class: analysing 187 countries took ~1 ms)
        related = query.terms - member_terms(analysis.members) if analysis.members else query.terms
        return read(analysis.short, sentences, asked, related, self.settings.rules)

    def _stay(self, own: Query, context: Context, best: int) -> int | None:
        """The earlier answer's passage when `context.stay` asks for it: the part of that
        paragraph whose text passes the test, if it holds the question's own words (not the
        borrowed ones) at least as well as the best passage `best` does, and holds some of
        them unless the question points at the earlier answer as a whole (`context.event`), and
        holds one of the earlier question's event words (`context.about`), if any."""
        span = self._article_spans.get(context.article)
        if context.stay is None or span is None or context.paragraph < 0:
            return None
        passages = self.knowledge.passages
        bar = own.coverage(self.facts[best].terms)
        about = [t for word in context.about for t in self.vocabulary.word_unit(word).terms]
        for i in range(span[0], span[1] + 1):
            passage = passages[i]
            if passage.kind != "body" or passage.paragraph != context.paragraph:
                continue
            terms = self.facts[i].terms
            if about and not any(t in terms for t in about):
                continue  # a reason or a time, but of something else than was asked about
            held = own.coverage(terms)
            if context.stay(passage.text) and held >= bar and (held > 0 or context.event):
                return i
        return None

    def _typed_runner_up(
        self, query: Query, ranked: list[tuple[int, float]], hits: tuple[Hit, ...]
    ) -> tuple[tuple[Hit, ...], Reading] | None:
        """The second passage, first, when it holds the asked type the best one lacks and
        scores within `rules.typed_runner_share` of it and passes the decline rules."""
        share = self.settings.rules.typed_runner_share
        if not share or len(ranked) < 2 or ranked[1][1] < share * ranked[0][1]:
            return None
        doc_id = ranked[1][0]
        second = hits[1] if len(hits) > 1 else self._hit(doc_id, ranked[1][1], query)
        if second.passage.kind != "body":
            return None
        if decline(query, second, self.facts[doc_id], self.in_article(doc_id), self.settings):
            return None
        reading = self._short(query, doc_id, second)
        if reading.lacks_type:
            return None
        rest = (h for h in hits[1:] if h is not second)
        return (second, hits[0], *rest), reading

    @cached_property
    def _article_spans(self) -> Spans:
        return spans_of(self.knowledge.passages)  # a saved index's from its article column

    @property
    def article_spans(self) -> Spans:
        """Article key -> its first and last passage."""
        return self._article_spans

    def passage_count(self, article: Article) -> int:
        first, last = self._article_spans.get(article.key, (0, -1))
        return last - first + 1

    def _hit(
        self, doc_id: int, score: float, query: Query, rows: Mapping[int, Rows] | None = None
    ) -> Hit:
        passage = self.knowledge.passages[doc_id]
        row = rows.get(doc_id) if rows else None
        if row is not None and self.table is not None:  # an alternative: no facts built
            sentence = best_row_sentence(query, row, self.table, passage, self.settings.rules)
            if sentence is not None:
                return Hit(passage, score, sentence, query.share(row.held))
        facts = self.facts[doc_id]
        sentence = best_sentence(query, facts, passage, self.settings.rules)
        return Hit(passage, score, sentence, query.coverage(facts.terms))

    def other_articles(
        self, query: Query, ranked: Sequence[tuple[int, float]]
    ) -> list[Callable[[Unit], float]]:
        """`in_article` of the article of the best re-ranked candidate from another article
        than the first's, for a question asking a kind of thing (decline.elsewhere); none
        for any other question."""
        if not (self.settings.rules.topic_article and query.analysis.kind):
            return []
        passages = self.knowledge.passages
        first = passages[ranked[0][0]].article.key
        for doc_id, _ in ranked[1:]:
            if passages[doc_id].article.key != first:
                return [self.in_article(doc_id)]
        return []

    def in_article(self, doc_id: int) -> Callable[[Unit], float]:
        """A unit's best weight in the passages of `doc_id`'s article (one binary search per
        term); the article's span is looked up on first use only. Every term of the unit
        counts, its WordNet relations too (the passage's own share leaves them out:
        `Unit.held_strict`), as docs/quality.md round 17 notes."""
        span: list[tuple[int, int]] = []

        def weight(unit: Unit) -> float:
            if not span:
                span.append(article_span(self.knowledge.passages, doc_id))
            first, last = span[0]
            best = 0.0
            for index_term, weight in unit.terms.items():
                if weight > best and self.index.holds_within(index_term, first, last):
                    best = weight
            return best

        return weight


class _Matched(Protocol):
    """A question -> its units and analysis, kept for the questions asked last (`_kept`)."""

    def __call__(self, question: str) -> tuple[tuple[Unit, ...], Analysis]: ...

    def cache_clear(self) -> None: ...


def _kept(vocabulary: Vocabulary, rules: RuleSettings, size: int) -> _Matched:
    """`_match` over the last `size` questions; a partial, not a bound method: the cache must
    not point back at the answerer (a cycle that frozen garbage collection would never free;
    tests/test_library_gc.py)."""
    return lru_cache(maxsize=size)(partial(_match, vocabulary, rules))


def _match(
    vocabulary: Vocabulary, rules: RuleSettings, question: str
) -> tuple[tuple[Unit, ...], Analysis]:
    """A question's units and analysis, as `Answerer.query` keeps them."""
    query = vocabulary.query(analyse(question, rules))
    return query.units, query.analysis
