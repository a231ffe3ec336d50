"""A short memory per conversation, so that follow-up questions are answered in context.

A conversation is a list of turns: what each question asked and what was
answered (article, paragraph, sentence, names). When a new question is a
follow-up (bot/followup.py), it borrows from the last turn (bot/followup_plan.py):
that answer's article is preferred, and the words the last turn was about are added at
``referent_weight`` (its own words; words it borrowed in turn count at their
weight times ``carry_weight``), and for "he" or "she" the names of its answer
at ``answer_weight``. A why-follow-up is answered by a passage that states a
reason, or declined. A follow-up declined as not covered is answered by the passage it
came closest to when that is in the story and not the paragraph just given
(``story_fallback``). A whole question opened by "and" prefers the last answer's article
and borrows nothing (``and_continues``). Any other question is answered as if alone and
becomes the new last turn.

A conversation ends ``minutes`` after its last turn, once it holds ``turns``
turns, or when a reload removed the article its last answer came from; the
next question then starts a new one. The callers choose the keys: a private
chat, a group's reply chain (bot/telegram/), a terminal session. Keys are
opaque here; Telegram passes salted hashes, never raw user ids.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace

from bot.answering import NOT_COVERED, Answer, Answerer, Hit
from bot.answering.borrow import Context
from bot.config import ConversationSettings
from bot.cues import asks_why, states_reason
from bot.followup import CONTINUED, Detection, content_words, justifies
from bot.followup_plan import Conversation, Plan, Turn, plan
from bot.knowledge import Passage
from bot.memo import sentence_terms
from bot.postings import inner_capitalised
from bot.text import MAX_QUESTION_CHARS, STOPWORDS, analyze, normalize


@dataclass(frozen=True)
class Reply:
    """An answer, and how the conversation read its question."""

    answer: Answer
    followup: Detection | None = None  # None: answered as if alone
    context: Context | None = None
    previous: Turn | None = None  # the turn a follow-up leaned on

    @property
    def note(self) -> str:
        """For a declined follow-up: what it was read as and looked for (declines stay honest)."""
        if self.answer.answered or self.previous is None or self.context is None:
            return ""
        looked = content_words(self.answer.question)
        looked += [w for w, _ in self.context.words if w not in looked]
        words = ", ".join(_excerpt(w, 30) for w in looked[:6]) or "its words"
        previous = _excerpt(self.previous.question)
        return f"I read this as a follow-up to “{previous}” and looked for {words}"


class Conversations:
    """Conversations by key, each expiring on its own; the oldest dropped beyond a bound."""

    def __init__(self, settings: ConversationSettings, clock: Callable[[], float] = time.monotonic):
        self.settings = settings
        self.clock = clock
        self._items: OrderedDict[Hashable, Conversation] = OrderedDict()
        self._keys: tuple[Answerer | None, frozenset[str]] = (None, frozenset())

    def __len__(self) -> int:
        return len(self._items)

    def current(self, key: Hashable, answerer: Answerer) -> Conversation:
        """The live conversation under `key`, or a new one when it ended or never began."""
        found = self._items.get(key)
        if found is not None and self._ended(found, answerer):
            found = None
        if found is None:
            found = Conversation()
            self._items[key] = found
            while len(self._items) > self.settings.max_conversations:
                self._items.popitem(last=False)
        self._items.move_to_end(key)
        return found

    def _ended(self, conversation: Conversation, answerer: Answerer) -> bool:
        last = conversation.last
        if last is None:
            return False
        if self.clock() - last.at > self.settings.minutes * 60:
            return True
        if len(conversation.turns) >= self.settings.turns:
            return True
        return bool(last.article) and last.article not in self._article_keys(answerer)

    def _article_keys(self, answerer: Answerer) -> frozenset[str]:
        """The served articles' keys, read again only after a reload swapped the answerer."""
        if self._keys[0] is not answerer:
            self._keys = (answerer, frozenset(a.key for a in answerer.articles))
        return self._keys[1]

    def ask(self, key: Hashable, question: str, answerer: Answerer) -> Reply:
        """Answer `question` in the conversation under `key`, and remember the turn."""
        plan = self.plan(key, question, answerer)
        reply = respond(plan, answerer)
        self.record(key, reply)
        return reply

    def plan(self, key: Hashable, question: str, answerer: Answerer) -> Plan:
        """How to answer `question` under `key` (cheap: no answering; for the event loop)."""
        return plan(self.current(key, answerer), question, self.settings)

    def record(self, key: Hashable, reply: Reply) -> None:
        """Remember an answered turn (the conversation may have been dropped meanwhile)."""
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = Conversation()
        found.turns.append(turn_of(reply, self.clock(), self.settings.declined_article))

    def forget(self, key: Hashable) -> None:
        self._items.pop(key, None)

    def move(self, key: Hashable, new_key: Hashable) -> None:
        """File the conversation under `new_key` too (a group thread: the bot's last answer)."""
        found = self._items.get(key)
        if found is not None:
            self._items[new_key] = found
            self._items.move_to_end(new_key)


def respond(plan: Plan, answerer: Answerer) -> Reply:
    """The answer `plan` calls for (the slow part: run it off the event loop)."""
    answer = answerer.answer(plan.question, context=plan.context)
    if plan.fallback and plan.context is not None:
        answer = _in_story(answer, plan.context)
    leans = plan.followup is not None and plan.followup.kind != CONTINUED
    if plan.context is not None and leans and answer.hits and asks_why(plan.question):
        continued = _continued(answer.hits, plan.context) if plan.next_reason else None
        answer = _with_reason(answer, plan.context.about, continued)
    return Reply(answer, plan.followup, plan.context, plan.previous)


def _in_story(answer: Answer, context: Context) -> Answer:
    """A follow-up declined as not covered, answered by the passage it came closest to when
    that passage is in the story the conversation is on (`context.article`): the reader asks
    more of a story already answered from, in few words of their own ("And the previous
    eruption?", "And how long did that outage last?"), and the story's closest paragraph is
    the likeliest to tell it. Not when that passage is the last answer's own paragraph: it
    came closest by the words the follow-up borrowed, and giving it again answers nothing
    new. A closest passage in another story, or a decline for another reason, stays a
    decline."""
    closest = answer.closest
    if answer.declined != NOT_COVERED or closest is None or not context.article:
        return answer
    passage = closest.passage
    if passage.article.key != context.article or _in_paragraph(passage, context, context.paragraph):
        return answer
    return Answer(answer.question, (closest,), truncated=answer.truncated)


def _with_reason(answer: Answer, about: Sequence[str] = (), continued: Hit | None = None) -> Answer:
    """A why-follow-up wants a cause or a purpose: the best passage of the conversation's
    article that states one comes first, one that holds a word of what was asked about
    (`about`: "leave") before one that does not; when none states one, the article doesn't
    say. `continued` (`_continued`: "After all, ...", right after the last answer) comes
    first instead."""
    article = answer.hits[0].passage.article
    if continued is not None:
        stating = [continued]
    else:
        stating = [
            h for h in answer.hits if h.passage.article is article and states_reason(h.passage.text)
        ]
    if not stating:
        return Answer(answer.question, (), declined=NOT_COVERED, closest=answer.hits[0])
    if about and len(stating) > 1:
        # A passage's terms as analysed once and kept (memo): not its facts' terms, which add
        # a surname's full name and a caption's hint words, and so could order it otherwise.
        event = frozenset(analyze(" ".join(about)))
        stating.sort(key=lambda h: event.isdisjoint(sentence_terms(h.passage.text)))  # stable
    rest = [h for h in answer.hits if h is not stating[0]]
    # the short answer was read from the first hit: it describes another passage now
    short = answer.short if stating[0] is answer.hits[0] else None
    return replace(answer, hits=(stating[0], *rest), short=short)


def _continued(hits: Sequence[Hit], context: Context) -> Hit | None:
    """The opening of the paragraph right after the last answer's, when it gives the reason
    for what that answer said ("After all, we're not members of the ICC", `justifies`) and
    the question asks why of that answer as a whole ("Why?", "Why did he say that?":
    `context.event`); "Why did she resign?" asks about something new, and the next
    paragraph's "After all" is no reason for it. Only among the hits: no passage is looked
    up here. None too when the last answer's own paragraph comes first and states a reason
    itself (`Answerer._stay` kept it): the nearer reason answers."""
    if not context.event or context.paragraph < 1 or _stayed(hits[0], context):  # 0: a caption
        return None
    for hit in hits:
        passage = hit.passage
        if (
            _in_paragraph(passage, context, context.paragraph + 1)
            and passage.part <= 1
            and justifies(passage.text)
        ):
            return hit
    return None


def _stayed(hit: Hit, context: Context) -> bool:
    passage = hit.passage
    return _in_paragraph(passage, context, context.paragraph) and states_reason(passage.text)


def _in_paragraph(passage: Passage, context: Context, paragraph: int) -> bool:
    """Whether `passage` is in body paragraph `paragraph` of the last answer's article."""
    key = passage.article.key
    return key == context.article and passage.kind == "body" and passage.paragraph == paragraph


def turn_of(reply: Reply, at: float, declined_article: bool = False) -> Turn:
    """What the conversation keeps of an answered (or declined) question. A declined one
    keeps, with `declined_article`, the article of the passage it came closest to (some of
    its words matched there): "Who was the judge in the fire case?" declined still says which
    story the reader is on, and "What did she say about him?" after it looks there first. Not
    its paragraph, sentence or names: nothing of that passage was given as an answer."""
    answer = reply.answer
    question = answer.question[:MAX_QUESTION_CHARS]  # what answering read of it, no more
    topic = {w: 1.0 for w in content_words(question)}
    for word, weight in reply.context.words if reply.context else ():
        topic.setdefault(word, weight)
    best = answer.best
    if best is None:
        closest = answer.closest if declined_article else None
        article = closest.passage.article.key if closest is not None else ""
        return Turn(question, tuple(topic.items()), article=article, at=at)
    names = tuple(
        dict.fromkeys(
            w
            for name in inner_capitalised(best.sentence)
            for w in normalize(name).split()
            if w not in STOPWORDS and w not in topic
        )
    )
    return Turn(
        question,
        tuple(topic.items()),
        article=best.passage.article.key,
        paragraph=best.passage.paragraph,
        sentence=best.sentence,
        names=names,
        short=answer.short or "",
        at=at,
    )


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
