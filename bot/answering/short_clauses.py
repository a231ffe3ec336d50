"""Phrases of one sentence beyond numbers, dates and names: quotes and reported speech,
clauses of cause, runs of content words and lists of them; and `phrases`, a sentence's
phrases, each kind found once on first use (cached by sentence), for bot/answering/short.py."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache

from bot.answering.short_phrases import dates, named, numbers, shares
from bot.answering.short_tokens import CHUNK, QUOTE, REASON, Span, Token, gap_after, opens, tokenize
from bot.memo import kept

# ------------------------------------------------------------------ quotes, reasons, chunks

_QUOTED = re.compile(r"“([^”“]{2,400})”|\"([^\"]{2,400})\"")  # not ‘...’: apostrophes


def quotes(tokens: Sequence[Token], sentence: str) -> list[Span]:
    """The words between quotation marks; with none closed, a quotation running on from or
    into another sentence: from an opening mark to the end ("For years it was ...), or from
    the start to a closing mark (... of our ancestors," said the prince)."""
    spans: list[Span] = []
    for match in _QUOTED.finditer(sentence):
        group = 1 if match.group(1) else 2
        inside = [
            k for k, t in enumerate(tokens) if match.start(group) <= t.start < match.end(group)
        ]
        if inside:
            spans.append(Span(inside[0], inside[-1], QUOTE))
    if spans or not tokens:
        return spans
    if opened := _OPENS.match(sentence):
        inside = [k for k, t in enumerate(tokens) if opened.end() <= t.start]
    elif closed := _CLOSES.search(sentence):
        inside = [k for k, t in enumerate(tokens) if t.end <= closed.start()]
    else:
        return spans
    return [Span(inside[0], inside[-1], QUOTE)] if len(inside) > 1 else spans


_OPENS = re.compile(r"\s*[\"“](?=\w)")  # a sentence opening a quotation it does not close
_CLOSES = re.compile(r"[,.!?][\"”]\s")  # ... closing one opened before it


_BECAUSE = re.compile(
    r"\b(?:because(?: of)?|due to|owing to|thanks to|as a result of|in order to|so that|so as to"
    r"|in protest (?:at|against)|for fear (?:of|that)|fearing(?: that)?|after|amid|since|as"
    # "on the grounds that it ...", "over fears it would ...", "in a bid to ..."
    r"|on (?:the )?grounds that|in response to|in an? (?:bid|effort|attempt) to"
    r"|over(?=\s+(?:fears?|concerns?|worries)\b)"
    # "so they could ...": a purpose; not "so they left", a result
    r"|so(?=\s+(?:he|she|it|they|we|i|you)\s+(?:could|can|would|will|might|may)\b))\s+",
    re.IGNORECASE,
)


_CLAUSE_END = re.compile(r"[;,:.!?”\"]\s|[;.!?]$")


def reasons(tokens: Sequence[Token], sentence: str) -> list[Span]:
    """The clause after a word of cause, up to the next comma, semicolon or the end."""
    spans: list[Span] = []
    for match in _BECAUSE.finditer(sentence):
        if match.group().lower().startswith(("since", "as ", "after")) and not _clause_cause(match):
            continue  # "since 2014", "as spokesman", "after Tuesday": a time or a role
        end = len(sentence)
        stop = _CLAUSE_END.search(sentence[match.end() :])
        if stop:
            end = match.end() + stop.start()
        inside = [k for k, t in enumerate(tokens) if match.end() <= t.start and t.end <= end]
        if inside:
            spans.append(Span(inside[0], inside[-1], REASON))
    return spans


def causes(tokens: Sequence[Token], near: list[int]) -> list[Span]:
    """What makes the thing asked happen: the subject of a verb of causing whose object is
    the question's (a word at `near` within three after it): "warmer winters | make trees
    flower earlier",
    "migrants crossing the Channel | drove claims up", from the clause's start or a
    say-verb ("scientists say | warmer winters make ...")."""
    spans: list[Span] = []
    for k, token in enumerate(tokens):
        if token.word not in _CAUSING or not token.term:
            continue
        clause = token.clause
        if not any(k < j <= k + 3 and tokens[j].clause == clause for j in near):
            continue  # its object is not what the question asks about ("made a cake")
        first = _clause_start(tokens, k, _SAYING)
        while first < k and not tokens[first].term:
            first += 1  # "that", "a"
        if first < k:
            spans.append(Span(first, k - 1, REASON))
    return spans


_CAUSING = frozenset(
    "make makes made drive drives drove driven cause causes caused trigger triggers triggered"
    " spark sparks sparked prompt prompts prompted".split()
)
_SAYING = frozenset("say says said show shows showed shown think thinks thought found".split())


# "so" after a comma opens a clause of result ("..., so rescuers climbed"); not "so that",
# "so as" (a purpose), "so far", "so long as", "so too", "so on", "so-called" ("so he
# could" is a purpose too: _BECAUSE).
_NOT_RESULT = frozenset("that as far long too on".split())


def results(tokens: Sequence[Token], sentence: str, near: list[int]) -> list[Span]:
    """The clause before ", so" + a clause: the cause of what follows ("The harbour froze, |
    so the ferry stayed in port"), up to the comma, from the clause's start (after the
    comma before it, if any) or, when it holds the question's words (at `near`), after the
    last of them: what it adds to the question ("A helicopter | could not fly in the
    strong wind, so ..." for "Why couldn't the helicopter help?")."""
    spans: list[Span] = []
    for k in range(1, len(tokens) - 1):
        if tokens[k].word != "so" or tokens[k + 1].word in _NOT_RESULT:
            continue
        if gap_after(sentence, tokens, k - 1).strip() != "," or tokens[k + 1].hyphen:
            continue
        first = _clause_start(tokens, k - 1)
        held = [j for j in near if first <= j < k - 1]
        spans.append(Span(held[-1] + 1 if held else first, k - 1, REASON))
    return spans


def _clause_start(tokens: Sequence[Token], k: int, stop: frozenset[str] = frozenset()) -> int:
    """Where the clause of the token at `k` starts, or the word after the last of `stop`
    before it in that clause ("scientists say | warmer winters make ...")."""
    clause = tokens[k].clause
    while k > 0 and tokens[k - 1].clause == clause and tokens[k - 1].word not in stop:
        k -= 1
    return k


def _clause_cause(match: re.Match[str]) -> bool:
    """ "since"/"as" give a reason before a clause ("as it was"), not before a time or role
    ("since 2014", "as spokesman")."""
    rest = match.string[match.end() :].split()
    return bool(rest) and rest[0].lower() in (
        "the it he she they we i this that there its his her their our a an no neither none"
        " nobody nothing".split()
    )


_ENDS_PURPOSE = frozenset(
    "after before during since until in on at from by with without for across into over under"
    " near because while when as".split()
)


def purposes(tokens: Sequence[Token], sentence: str) -> list[Span]:
    """Infinitives of purpose: "to" and a verb, up to the clause's end or a preposition
    that starts another phrase ("voted to return them | after a review"); not "to the
    town", "to Paris", "to 40", "to southern Italy"."""
    spans: list[Span] = []
    for k in range(len(tokens) - 1):
        verb = tokens[k + 1]
        if tokens[k].word != "to" or not verb.term or verb.capital or verb.text[0].isdigit():
            continue
        if k + 2 < len(tokens) and tokens[k + 2].capital:
            continue  # "to southern Italy": a word before a name modifies it
        last = k + 1
        while (
            last + 1 < len(tokens)
            and tokens[last + 1].clause == verb.clause
            and tokens[last + 1].word not in _ENDS_PURPOSE
        ):
            last += 1
        spans.append(Span(k, last, REASON))
    return spans


def settling(tokens: Sequence[Token], near: list[int]) -> list[Span]:
    """For a yes/no question, in each clause holding its words (at `near`, sorted): from the
    first of them to the last, with a negation just before ("not members of the ICC",
    "neither Russia nor Ukraine were signatories"); run on to the clause's end when that
    holds only the question's words ("The numbers | are rising fast")."""
    spans: list[Span] = []
    held = set(near)
    at = 0
    while at < len(near):
        clause = tokens[near[at]].clause
        first = last = near[at]
        while at < len(near) and tokens[near[at]].clause == clause:
            last = near[at]
            at += 1
        for k in (first - 1, first - 2):
            if k >= 0 and tokens[k].clause == clause and tokens[k].word in _DENIALS:
                first = k  # "not members", "neither Russia"
                break
        if all(k in held or not tokens[k].term for k in range(first, last + 1)):
            while last + 1 < len(tokens) and tokens[last + 1].clause == clause:
                last += 1  # "The numbers are rising fast": what is said of them
        if any(k not in held and tokens[k].term for k in range(first, last + 1)):
            spans.append(Span(first, last, REASON))
    return spans


_DENIALS = frozenset("not no never neither nor".split())


def opening_clause(tokens: Sequence[Token]) -> list[Span]:
    """A caption's subject, verb and object: the sentence from its start up to a comma or a
    word opening another phrase ("A woman reacts | as she stands ...", "A boy tries out the
    new slide | in the park"); none when it has no lower-case word: a credit line ("Ann Lee /
    Reuters") or a lone name."""
    last = 0
    while (
        last + 1 < len(tokens)
        and tokens[last + 1].clause == tokens[0].clause
        and tokens[last + 1].word not in _ENDS_PURPOSE
    ):
        last += 1
    lower = any(t.term and not t.capital for t in tokens[: last + 1])
    return [Span(0, last, REASON)] if last > 0 and lower else []


def coordinated(spans: list[Span], tokens: Sequence[Token], sentence: str) -> list[Span]:
    """Spans joined into lists: "Chile, Peru and Bolivia", "a probe and a shovel"."""
    if not _has_joint(sentence):
        return []  # a list ends with "and" or "or": none in the sentence, no list
    joined: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.first, -s.last)):
        if joined and span.first > joined[-1].last:
            between = sentence[tokens[joined[-1].last].end : tokens[span.first].start]
            if _LIST.fullmatch(between):
                joined[-1] = Span(joined[-1].first, span.last, joined[-1].kind)
                continue
        if not joined or span.first > joined[-1].last:
            joined.append(span)
    return [
        s for s in joined if s not in spans and _LAST_JOINT.search(_between(s, tokens, sentence))
    ]


def _between(span: Span, tokens: Sequence[Token], sentence: str) -> str:
    return sentence[tokens[span.first].start : tokens[span.last].end]


_LAST_JOINT = re.compile(r"\s(?:and|or)\s")  # a list ends with "and" or "or"


@lru_cache(maxsize=8192)
def _has_joint(sentence: str) -> bool:
    return bool(_LAST_JOINT.search(sentence))


_LIST = re.compile(r",?\s+(?:and|or)\s+(?:(?:a|an|the)\s+)?|,\s+(?:(?:a|an|the)\s+)?")


_SAID = re.compile(
    r"\b(?:said|says|say|stated|added|warned|claimed|announced|told [\w ]{1,30}?)"
    r"(?: on \w+day| \w+day| in a statement| in an interview)?(?: that)?,?\s+",
    re.IGNORECASE,
)


def reported(tokens: Sequence[Token], sentence: str) -> list[Span]:
    """Reported speech without quotes: the clause after "said (that)" to the sentence end;
    but after a comma or a closing quotation mark the say-verb comes before its speaker
    ("..., said the mayor, who ...") and the speech is what stands before it, from the
    sentence's start ("The tide is predictable, said the engineer")."""
    spans: list[Span] = []
    for match in _SAID.finditer(sentence):
        before = sentence[: match.start()].rstrip()
        if before.endswith(_QUOTE_ENDS) or (before.endswith(",") and _speaker(sentence, match)):
            end = len(before) - 1
            inside = [k for k, t in enumerate(tokens) if t.end <= end]
        else:
            inside = [k for k, t in enumerate(tokens) if match.end() <= t.start]
        if len(inside) >= 2:
            spans.append(Span(inside[0], inside[-1], QUOTE))
    return spans


_QUOTE_ENDS = ('"', "”")
_SPEAKER = re.compile(
    r"(?!(?:that|it|he|she|they|we|i|you|there)\b)(?:[^\W\d_]+['’]?s?\s*){1,5}(?:,|[.!?]?$)"
)


def _speaker(sentence: str, said: re.Match[str]) -> bool:
    """After "..., said": a few words up to a comma or the end name who spoke ("said the
    mayor.", "said Havkraft's chief engineer, Lars Roe"), not a clause ("said it would")."""
    return bool(_SPEAKER.match(sentence, said.end()))


_NEGATIONS = frozenset({"no", "not", "nor"})


def chunks(tokens: Sequence[Token], sentence: str, stop: Collection[str] = ()) -> list[Span]:
    """Runs of content words inside one clause: no stopword or punctuation inside, and a
    name that follows common words starts a run of its own; so do the terms in `stop`
    (the question's words)."""
    spans: list[Span] = []
    first: int | None = None
    for k, token in enumerate(tokens):
        if not token.term or token.word in _NEGATIONS or token.term in stop:  # ends a run
            if first is not None:
                spans.append(Span(first, k - 1, CHUNK))
            first = None
            continue
        first = k if first is None else first
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if following is None or gap_after(sentence, tokens, k) not in (" ", "-"):
            spans.append(Span(first, k, CHUNK))  # punctuation ends a run
            first = None
        elif following.capital and not token.capital:  # "spokesman | Dmitry Peskov"
            spans.append(Span(first, k, CHUNK))
            first = None
    return spans


class Phrases:
    """A sentence's words and its question-independent phrases, each kind found on first
    use and kept (`phrases` caches the object by sentence): a question asking "how many"
    reads the numbers of a sentence it has not seen before, not its dates, names or quotes."""

    def __init__(self, sentence: str, common: frozenset[str]) -> None:
        self.sentence = sentence
        self.common = common  # the everyday words a lone opener may be
        self.tokens = tokenize(sentence)

    @kept
    def numbers(self) -> tuple[Span, ...]:
        return tuple(numbers(self.tokens, self.sentence))

    @kept
    def shares(self) -> tuple[Span, ...]:
        return tuple(shares(self.tokens, self.sentence))

    @kept
    def dates(self) -> tuple[Span, ...]:
        return tuple(dates(self.tokens, self.sentence))

    @kept
    def names(self) -> tuple[Span, ...]:
        return tuple(named(self.tokens, self.sentence))

    @kept
    def openers(self) -> frozenset[int]:
        """A lone common word opening the sentence ("Soon"), as a name."""
        tokens, sentence, common = self.tokens, self.sentence, self.common
        return frozenset(
            n.first
            for n in self.names
            if n.first == n.last
            and opens(tokens, n.first, sentence)
            and tokens[n.first].word in common
        )

    @kept
    def quotes(self) -> tuple[Span, ...]:
        return tuple(quotes(self.tokens, self.sentence))

    @kept
    def reported(self) -> tuple[Span, ...]:
        return tuple(reported(self.tokens, self.sentence))

    @kept
    def reasons(self) -> tuple[Span, ...]:
        return tuple(reasons(self.tokens, self.sentence))

    @kept
    def chunks(self) -> tuple[Span, ...]:
        return tuple(chunks(self.tokens, self.sentence))

    @kept
    def positions(self) -> Mapping[str, tuple[int, ...]]:
        """Each index term's token positions."""
        return _positions(self.tokens)

    def near(self, terms: Collection[str]) -> list[int]:
        """The positions of the tokens whose term is in `terms`, in order."""
        positions = self.positions
        found = [k for t in positions.keys() & terms for k in positions[t]]
        found.sort()
        return found

    def chunks_without(self, stop: Collection[str]) -> list[Span]:
        """The runs of content words, cut at the terms in `stop` (the question's words)."""
        cuts = self.near(stop)
        if not cuts:
            return list(self.chunks)  # no question word here: no run is cut
        found: list[Span] = []
        for span in self.chunks:
            at = bisect_left(cuts, span.first)  # the first question word from the run's start
            first = span.first
            while at < len(cuts) and cuts[at] <= span.last:
                if cuts[at] > first:
                    found.append(Span(first, cuts[at] - 1, CHUNK))
                first = cuts[at] + 1
                at += 1
            if first <= span.last:
                found.append(Span(first, span.last, CHUNK))
        return found


@lru_cache(maxsize=8192)
def phrases(sentence: str, common: frozenset[str] = frozenset()) -> Phrases:
    """`Phrases` of a sentence; `common` are the everyday words a lone opener may be."""
    return Phrases(sentence, common)


def _positions(tokens: Sequence[Token]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for k, token in enumerate(tokens):
        if token.term:
            found.setdefault(token.term, []).append(k)
    return {t: tuple(ks) for t, ks in found.items()}
