"""Who leads a thing, asked in general words and told in the article's (issue 15).

A reader asks for whoever leads a body, a ship, an event or a project in general words:
"Who is the HEAD of X?", "Who is the BOSS of X?", "Who RUNS X?", "Who HEADS X?", "Who was
IN CHARGE of X?". News names the post in its own: "X's chief executive, Jane Roe", "the X
director Jon Roe", "project manager Dr Ann Roe". The reader's role word ("head", "runs",
"charge") is not a word the passage must repeat when it names a person beside a noun of a
person in charge (bot/data/leader_nouns.txt, from WordNet by docs/leader_nouns.py) that
stands with the thing asked ("X's", "X director", "director of X").

`asked` reads the question's role words and what is led (once, in its analysis);
`names_leader` reads a sentence. General English only; nothing here knows any set.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from bot.cues import names_a_person
from bot.lines import data_lines
from bot.text import STOPWORDS, term, words


class Leader(NamedTuple):
    role: tuple[str, ...]  # the question's words for the role: "head", "boss", "charge", "runs"
    led: tuple[str, ...]  # content words of what is led, up to a phrase or clause about it:
    # "corvane aerospace", "project" of "the project on the Japanese side"; never ()


@cache
def leader_nouns() -> frozenset[str]:
    """Nouns of a person who leads or is in charge, and their plurals, as written
    ("director", "chief", "captains": bot/data/leader_nouns.txt)."""
    return frozenset(data_lines("leader_nouns.txt"))


_BE = r"(?:'s|s| is| was| are| were| will be| has been| had been)"
_NOW = r"(?:(?:now|currently|still|then) )?"
# "runs", "is running", "was in charge of", "will lead": the verbs of leading, as a reader asks
_LEAD_VERBS = (
    r"runs|ran|leads|led|heads|headed|manages|managed|directs|directed|captains|captained"
    r"|commands|commanded|chairs|chaired|bosses|bossed"
)
_LEAD_ING = r"running|leading|heading|managing|directing|captaining|commanding|chairing"
_LEAD_BASE = r"run|lead|head|manage|direct|captain|command|chair"
# Every word a pattern below needs one of (or a noun of leader_nouns)
_ROLE_WORDS = frozenset(
    f"head charge {_LEAD_VERBS} {_LEAD_ING} {_LEAD_BASE}".replace("|", " ").split()
)
_THING = r"(?P<led>[a-z0-9][\w' .&-]*?)"
_QUESTIONS = (
    # "Who is the head of X?", "Who's the boss at X?", "Who was the chief of X?"
    re.compile(
        rf"^who{_BE} (?:the |its |their )?"
        rf"(?:(?:current|new|former|present|overall|top|acting) )?(?P<role>[a-z]+)"
        rf" (?:of|at|in charge of) {_THING}$"
    ),
    # "Who is in charge of X?", "Who was in charge at X?", "Who is X's boss?" (below)
    re.compile(rf"^who{_BE}? {_NOW}(?P<role>in charge) (?:of|at) {_THING}$"),
    # "Who runs X?", "Who now heads X?", "Who is running X?", "Who will lead X?"
    re.compile(
        rf"^who {_NOW}(?:(?P<verb>{_LEAD_VERBS})|(?:is|was|are|were) (?P<ing>{_LEAD_ING})"
        rf"|(?:will|would|is going to) (?P<base>{_LEAD_BASE})) {_THING}$"
    ),
    # "Who is X's boss?", "Who was the ship's captain?"
    re.compile(rf"^who{_BE} {_THING}(?:'s|s') (?P<role>[a-z]+)$"),
)
# What is led ends before a clause or a phrase about it: "the trust | that now runs the
# library", "the investigation | into war crimes in Ukraine" (a leader of Ukraine leads no
# investigation), "the office | of senior assessment"
_CLAUSE = re.compile(
    r"\s(?:that|which|who|whose|where|when|after|before|since|during|of|in|into|on|at|for"
    r"|from|with|by|over|about)\s.*$"
)
_PRONOUNS = frozenset("it its them they this that these those he she him her".split())


def asked(question: str) -> Leader | None:
    """The role words of a who-question asking who leads a thing, and what is led
    (`question` lower-cased, one space between words), or None."""
    if not question.startswith("who"):
        return None
    text = question.rstrip("?!. ")
    said = frozenset(text.split())
    if _ROLE_WORDS.isdisjoint(said) and leader_nouns().isdisjoint(said):
        return None  # most questions: one look at their words, no pattern tried
    for pattern in _QUESTIONS:
        match = pattern.match(text)
        if match is None:
            continue
        found = match.groupdict()
        if found.get("role") is not None:
            role_words = match["role"].split()
            noun = role_words[-1]
            if noun != "charge" and noun != "head" and noun not in leader_nouns():
                continue  # "the capital of X", "the cost of X": no one leads
            role = tuple(w for w in role_words if w not in STOPWORDS)
        else:
            role = (found.get("verb") or found.get("ing") or found.get("base") or "",)
        led = _CLAUSE.sub("", match["led"])
        content = tuple(w for w in words(led) if w not in STOPWORDS and w not in _PRONOUNS)
        # "Who will chair it?": what is led is not said, and a passage's leader of anything
        # would do; the question is read as any other
        return Leader(role, content) if content else None
    return None


@cache
def _written_nouns() -> frozenset[str]:
    """`leader_nouns` as a token may write them: bare or possessive ("director",
    "director's", "directors'"), so that one set test finds whether a sentence holds one."""
    return frozenset(
        form for noun in leader_nouns() for form in (noun, f"{noun}'s", f"{noun}’s", f"{noun}'")
    )


_TOKEN = re.compile(r"[\w-]+(?:'s|’s|')?")
BEFORE = 3  # words: "X's chief executive", "the X festival's director"
AFTER = 4  # words: "director of the X festival"


def names_leader(sentence: str, led: frozenset[str], person: frozenset[str]) -> bool:
    """Whether `sentence` names a person (bot/cues.py `names_a_person`, none of the
    question's own words `person`) and holds a noun of a person in charge standing with
    what is led: one of its index terms `led` within `BEFORE` words before the noun, or
    within `AFTER` after it after "of", "at" or "for" ("Acme's chief executive", "festival
    director", "director of the festival"; not the name after the noun: "Acme's chief,
    Jane Roe, said Bolt ..." leads no Bolt)."""
    tokens = list(map(str.lower, _TOKEN.findall(sentence)))
    if _written_nouns().isdisjoint(tokens):  # most sentences: no noun, no token stripped
        return False
    nouns = leader_nouns()
    bare = [_bare(t) for t in tokens]
    at = [k for k, word in enumerate(bare) if word in nouns]
    if not at or not names_a_person(sentence, person):
        return False
    for k in at:
        near = bare[max(0, k - BEFORE) : k]
        if bare[k + 1 : k + 2] and bare[k + 1] in _OF:  # "director of the festival"
            near += bare[k + 2 : k + 1 + AFTER]
        if any(term(word) in led for word in near if word not in STOPWORDS):
            return True
    return False


_OF = frozenset("of at for".split())  # after the noun, what is led follows one of these


def _bare(token: str) -> str:
    """A token without its possessive ending ("acme's" -> "acme", "directors'" ->
    "directors"): string tests, not a regex substitution per token (which looks its pattern
    up in `re`'s cache each time; a leader question reads every sentence it weighs)."""
    if token.endswith(("'s", "’s")):
        return token[:-2]
    return token[:-1] if token.endswith("'") else token
