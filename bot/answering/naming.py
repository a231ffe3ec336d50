"""Naming questions and naming constructions (issues 15 and 16).

A reader asks what someone calls something: "What does Moscow call the war?", "What is
the beetle called?", "What was the name of the castle?", "What is the bridge known as?".
The question's *frame* words ("call", "name", "known") describe the answer's form, not
content the passage must repeat: news gives the answer as a **naming construction**, a
term in quotes after a determiner ('its "special military operation"'), or a term after
a naming verb ("what critics have dubbed a work camp", "a firm called Havkraft", "known
as Facility-1", "the so-called X", "named it Agathidium sabahense").

`asked` reads the question's frame, who names (the *namer*: "moscow") and what is named
("war"; nothing for a pronoun: "What did they call it?"). Not naming questions: "Who
named ...?" (a person is asked), "call for / on / off / up" (ask, visit, cancel), "What
is X known for?" (a reputation), a phone call ("What did she call the police about?").

`constructions` reads a sentence's naming constructions, each with the words between
its verb and its term (the thing named: "called RUSSIA a 'terrorist state'"), and
`about` says whether one names the thing asked: the namer stands before it, not in the
named slot ("Zelenskiy called Russia ..." is not what Russia calls anything).
General English only; nothing here knows any article or question set.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from bot.text import STOPWORDS, analyze, words

# The index terms of the naming verbs: a frame verb of the question matches each of them.
FRAME_TERMS = frozenset(analyze("call name dub nickname christen"))
TERM = "term"  # "What does X call Y?", "What is Y called / known as?": a term
NAME_OF = "name"  # "What is the name of Y?": a name standing with Y, or a term


class Naming(NamedTuple):
    form: str  # TERM or NAME_OF
    frame: tuple[str, ...]  # the frame words as the question writes them ("call", "known")
    namer: tuple[str, ...]  # content words of who names it ("moscow"); () when not said
    named: tuple[str, ...]  # content words of what is named ("war"); () for "it"
    head: tuple[str, ...] = ()  # its head noun: "count" of "the count of Apulia"


_DO = r"(?:do|does|did|will|would|can|could|should|might|may)"
_BE = r"(?:is|are|was|were|s|will be|has been|have been|had been)"
_BASE = r"call|name|dub|term|label|nickname|brand|christen"
_ING = r"calling|naming|dubbing|terming|labell?ing|nicknaming|branding|christening"
_PARTICIPLE = r"called|named|dubbed|termed|labell?ed|nicknamed|branded|christened"
# "call for help", "call on the government", "call off the strike", "named after": no term
_NOT_A_TERM = r"(?!(?:for|on|upon|off|up|back|out|in|at|into|about|after|by|to|with)\b)"
_PHRASE = r"[a-z0-9][\w' .-]*?"
_QUESTIONS = (
    # "What does Moscow call the war?", "What did the researchers call it?"
    (
        TERM,
        rf"^what {_DO} (?P<namer>{_PHRASE}) (?P<verb>{_BASE}) {_NOT_A_TERM}(?P<named>{_PHRASE})$",
    ),
    # "What does the church describe it as?", "What do they refer to the camp as?"
    (
        TERM,
        rf"^what {_DO} (?P<namer>{_PHRASE}) (?P<verb>refer to|describe) (?P<named>{_PHRASE}) as$",
    ),
    # "What is Russia calling its invasion?", "What have critics dubbed it?"
    (
        TERM,
        rf"^what (?:is|are|was|were|have|has|had) (?P<namer>{_PHRASE}) "
        rf"(?P<verb>{_ING}|{_PARTICIPLE}) {_NOT_A_TERM}(?P<named>{_PHRASE})$",
    ),
    # "What is the beetle called?", "What was the base known as by the locals?"
    (
        TERM,
        rf"^what {_BE} (?P<named>{_PHRASE}) (?P<verb>{_PARTICIPLE}|known as|referred to as"
        rf"|described as)(?: by (?P<namer>{_PHRASE}))?$",
    ),
    # "What name did the students give the beetle?", "What name was given to the base?"
    (
        NAME_OF,
        rf"^what (?P<verb>names?|nicknames?|terms?) (?:did|does|do|has|have|had)"
        rf" (?P<namer>{_PHRASE}) (?:give|gave|given|use|used|choose|chose|chosen)(?: to| for)?"
        rf" (?P<named>{_PHRASE})$",
    ),
    (
        NAME_OF,
        rf"^what (?P<verb>names?|nicknames?|terms?) {_BE} (?:given to|used for|chosen for) "
        rf"(?P<named>{_PHRASE})$",
    ),
    # "What was the name of the castle?", "What is the official name for ...?"
    (
        NAME_OF,
        rf"^what(?:s| {_BE})? (?:the |its |their |his |her )?(?:\w+ )?"
        rf"(?P<verb>names?|nicknames?|title) (?:of|for|given to) (?P<named>{_PHRASE})$",
    ),
    # "What is the castle's name?"
    (
        NAME_OF,
        rf"^what {_BE} (?P<named>{_PHRASE})(?:'s|s'|') (?:\w+ )?(?P<verb>names?|nicknames?)$",
    ),
)
_ASKED = tuple((form, re.compile(pattern)) for form, pattern in _QUESTIONS)
_FRAME = re.compile(r"call|nam|dub|term|label|brand|christen|known|refer|describ|title")
_PRONOUNS = frozenset("it them this that these those him her he she they its".split())


def asked(question: str) -> Naming | None:
    """The naming frame of a question (lower-cased, one space between words), or None."""
    if not question.startswith("what") or _FRAME.search(question) is None:
        return None  # most questions: one look, no pattern tried
    text = re.sub(r"[?!.\s]+$", "", question).replace("what's", "what is")
    text = re.sub(r"^whats\b", "what is", text)
    for form, pattern in _ASKED:
        match = pattern.match(text)
        if match is None:
            continue
        named = match["named"] or ""
        if named.split()[-1:] and named.split()[-1] in _PREPOSITIONS:
            return None  # "What did she call the police about?": a phone call
        frame = tuple(w for w in words(match["verb"]) if w not in STOPWORDS)
        namer = match.groupdict().get("namer") or ""
        head = _content(_HEAD_END.split(named, maxsplit=1)[0])[-1:]
        return Naming(form, frame, _content(namer), _content(named), head)
    return None


_PREPOSITIONS = frozenset("about for with to from at on in by".split())
# The named thing's head noun ends before its modifiers: "the count | of Apulia", "the
# company | from Norway", "the teacher | who reported the clock".
_HEAD_END = re.compile(r"\b(?:of|from|in|at|on|for|with|by|who|that|which|whose|where)\b")


def _content(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in words(phrase) if w not in STOPWORDS and w not in _PRONOUNS)


class Construction(NamedTuple):
    """A term a sentence names something by, where it stands (character offsets), and the
    index terms a question's words are compared with (read once per sentence)."""

    start: int  # the term's first and last characters (end exclusive)
    end: int
    verb: int  # where the naming verb (or the determiner before a quote) starts
    named: str  # the words between the verb and the term ("Russia a"), maybe ""
    terms: frozenset[str] = frozenset()  # the term's index terms
    before: frozenset[str] = frozenset()  # ... of the words before the verb (the subject)
    near: frozenset[str] = frozenset()  # ... of the named slot and the _NEAR words before
    slot: frozenset[str] = frozenset()  # ... of the named slot

    def term(self, sentence: str) -> str:
        return sentence[self.start : self.end]


def _read(sentence: str, c: Construction) -> Construction:
    """`c` with its index terms."""
    before = sentence[: c.verb]
    near = " ".join(before.split()[-_NEAR:])
    terms = frozenset(analyze(c.term(sentence)))
    return c._replace(
        terms=terms,
        before=frozenset(analyze(before)),
        near=frozenset(analyze(f"{near} {c.named}")) - terms,
        slot=frozenset(analyze(c.named)),
    )


_VERB = re.compile(
    r"\b(?:call(?:s|ed|ing)?|nam(?:es|ed|ing)|dub(?:s|bed|bing)?|term(?:s|ed|ing)"
    r"|label(?:s|l?ed|l?ing)|nicknam(?:e|es|ed|ing)|christen(?:s|ed|ing)?|brand(?:s|ed|ing)"
    r"|known as|referred to as|refers? to|described as|so-called)\s+",
    re.IGNORECASE,
)
# "the name of their castle: Afranji", "its name is Havkraft"
_NAME_OF = re.compile(
    r"\b(?:the |its |their |his |her )(?:\w+ )?name(?: (?:of|for) (?P<named>[^:;.,]{1,40}?))?"
    r"(?::| is| was)\s+",
    re.IGNORECASE,
)
_AFTER_VERB = re.compile(
    r"(?:for|on|upon|off|up|back|out|in|at|into|about|after|by|to|with|from|as|and|or|but"
    r"|that|which|who|of|a|an)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[“\"]([^”\"]{2,80})[”\"]")
# An unquoted term runs to a clause's end or a word starting another phrase.
_TERM_END = re.compile(
    r"[,;:.!?()—–]|\s(?:and|or|but|after|because|for|in|on|at|by|with|since|while|which|who"
    r"|that|to|from|when|as|until|before)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
_PRONOUN_SLOT = re.compile(r"(?:(it|them|him|her|this)\s+)?", re.IGNORECASE)
_DETERMINER = re.compile(r"\b(?:its|their|his|her|our|the|a|an|this|what|so-called)\s*$", re.I)
# A quoted phrase that is speech, not a term: a pronoun or an auxiliary makes it a clause.
_CLAUSE_WORDS = frozenset(
    """i we you he she they it is are was were be been am can could will would shall should
    may might must do does did have has had not n't""".split()
)


@lru_cache(maxsize=8192)
def constructions(sentence: str) -> tuple[Construction, ...]:
    """The sentence's naming constructions: a term after a naming verb (the first quote
    within the clause after it, else the words right after it), after "the name of X:",
    then quoted terms after a determiner that no verb claimed ('its "special military
    operation"')."""
    found: list[Construction] = []
    claimed: set[int] = set()
    for verb in _VERB.finditer(sentence):
        rest = sentence[verb.end() :]
        if verb.group().lower().startswith("refer") and " as " not in rest[:60].lower():
            continue  # "refers to the report": no term
        fixed = verb.group().lower().startswith(("known", "referred", "described", "so-"))
        if not fixed and _AFTER_VERB.match(rest) and not rest.lower().startswith(("a ", "an ")):
            continue  # "called for help", "named after the state", "named as coach"
        quote = _QUOTE.search(rest)
        stop = _SENTENCE_END.search(rest)
        if quote and (stop is None or quote.start() <= stop.start()) and _term_like(quote[1]):
            start, end = verb.end() + quote.start(1), verb.end() + quote.end(1)
            named = rest[: quote.start()]
            claimed.add(quote.start() + verb.end())
        else:
            slot = _PRONOUN_SLOT.match(rest)  # "named IT Agathidium sabahense"
            named = (slot.group(1) or "") if slot else ""
            begin = slot.end() if slot else 0
            cut = _TERM_END.search(rest, begin)
            text = rest[begin : cut.start() if cut else len(rest)].rstrip()
            if not text or len(text.split()) > 6:
                continue
            start, end = verb.end() + begin, verb.end() + begin + len(text)
        found.append(Construction(start, end, verb.start(), named.strip(" ,:—–-")))
    for match in _NAME_OF.finditer(sentence):
        rest = sentence[match.end() :]
        cut = _TERM_END.search(rest)
        text = rest[: cut.start() if cut else len(rest)].strip(' “”"')
        if text and len(text.split()) <= 6:
            start = match.end() + rest.index(text)
            named = match["named"] or ""
            found.append(Construction(start, start + len(text), match.start(), named))
    for quote in _QUOTE.finditer(sentence):
        inner = quote.group(1).strip(" .,")
        if quote.start() in claimed or len(inner.split()) > 6 or not inner:
            continue
        if not _DETERMINER.search(sentence[: quote.start()]):
            continue  # after "said", a comma, a colon: speech
        if not _term_like(inner):
            continue  # "can constitute war crimes": a clause
        det = _DETERMINER.search(sentence[: quote.start()])
        at = det.start() if det else quote.start()
        end = quote.start(1) + len(quote.group(1).rstrip(" .,"))
        found.append(Construction(quote.start(1), end, at, ""))
    return tuple(_read(sentence, c) for c in found)


_NEAR = 6  # words: the thing named stands this close before its naming verb


def _term_like(quoted: str) -> bool:
    """A quoted phrase that is a term, not a clause of speech (no pronoun, no auxiliary)."""
    return not {w.lower() for w in re.findall(r"[\w']+", quoted)} & _CLAUSE_WORDS


def about(
    sentence: str,
    namer_terms: frozenset[str],
    named_terms: frozenset[str],
    own_terms: frozenset[str],
) -> bool:
    """Whether a naming construction of `sentence` names the thing asked: its term is not
    the question's own words, the namer (when the question says who names: any of
    `namer_terms`) stands before it and is not what it names, and, when only the thing
    named is said, its head noun (`named_terms`) stands just before the construction or
    in its named slot.
    ("The students named it Agathidium sabahense": `by_pronoun`.)"""
    for c in constructions(sentence):
        if not c.terms or c.terms <= own_terms:
            continue  # the question's own words are no answer
        if namer_terms:
            if namer_terms.isdisjoint(c.before):
                continue  # who names it is not the subject here
            if not namer_terms.isdisjoint(c.slot):
                continue  # "Zelenskiy called RUSSIA a ...": Russia is what is named
            return True
        if not named_terms or not named_terms.isdisjoint(c.near):
            return True  # "a Norwegian engineering FIRM called Havkraft"
    return False


_PRONOUN = frozenset("it them him her this".split())


def by_pronoun(sentence: str, own_terms: frozenset[str]) -> bool:
    """Whether a construction of `sentence` names something by a pronoun ("The students
    named it Agathidium sabahense"): it names what its story is about, which the caller
    checks (bot/answering/ranking.py: the candidate's article holds the thing named)."""
    return any(
        c.named.lower() in _PRONOUN and not c.terms <= own_terms
        for c in constructions(sentence)
    )
