"""Rules that place a candidate span in its sentence, for bot/answering/short.py: how far it stands
from the question's words, whether it repeats them, stands after the question's verb or
before it, is a title, a list member, a noun phrase, everyday words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answering.short_asked import DOER, DONE_TO
from bot.answering.short_clauses import Phrases
from bot.answering.short_tokens import CHUNK, DATE, NAMED, NUMBER, QUOTE, REASON, Span, Token
from bot.cues import MONEY, NUMBER_WORDS, cues_in
from bot.frequency import zipf_values
from bot.text import BE_ALL_FORMS, DETERMINERS

_NUMBER_WORDS = frozenset(NUMBER_WORDS.split())
FAR = 99  # the gap of a sentence holding none of the question's words
# English's determiners (bot/text.py) but "that", which opens a clause more often than it
# stands before a noun ("said that prices rose", "the court that ruled"): after one of these
# a noun phrase begins.
PHRASE_DETERMINERS = DETERMINERS - {"that"}
_ROMAN = re.compile(r"^[IVX]{1,4}$")
_LIST_JOINT = re.compile(r",? (?:and|or) |, ")  # between two items of a list
_YEAR_DIGITS = re.compile(r"\d{3,4}")
_POSSESSIVE = frozenset(("'s", "’s"))
_FEW = frozenset("two three four five six seven eight nine ten several many some".split())
# A description of people opens with one of these or a number: "two protesters", "a nurse",
# "the ship's captain", "several officers" (not a bare plural: "workers said" is too loose).
_OPENERS = PHRASE_DETERMINERS | _FEW


def person_party(
    tokens: Sequence[Token], near: Sequence[int], persons: frozenset[str], party: str
) -> list[Span]:
    """Descriptions of people ("two protesters", "a nurse", "the ship's captain": a number
    or a determiner, at most two lower-case words, then a noun of `persons`, the words of
    bot/data/person_nouns.txt) standing as the question's verb's `party` beside one of the
    question's words (positions `near`, in one clause with the description): DOER, right
    before it, perhaps past auxiliaries that are not "be" ("a nurse had reported"), or
    after "by" just after it ("was cleared by two officers"); DONE_TO, right after it
    ("arrested two protesters"; after one word of the passage's own, the verb, when the
    question's word before it is its subject: "Police arrested two protesters" for "Who
    did the police detain?"), or before "be" and it ("two protesters were arrested")."""
    if not near:
        return []
    found: list[Span] = []
    held = set(near)
    for k, token in enumerate(tokens):
        if token.word not in persons or token.capital or k in held:
            continue
        first = k - 1
        while first >= 0 and k - first <= 3 and _describing(tokens[first]) and first not in held:
            first -= 1
        if first < 0 or not _opens(tokens[first]) or tokens[first].clause != token.clause:
            continue
        if _beside(tokens, first, k, held, party):
            found.append(Span(first, k, CHUNK))
    return found


def _opens(token: Token) -> bool:
    return token.word in _OPENERS or token.text[0].isdigit() or token.word in _NUMBER_WORDS


def _describing(token: Token) -> bool:
    """A lower-case content word inside a description: "ship's", "local", "senior"."""
    return bool(token.term) and not token.capital and not _opens(token)


def _beside(tokens: Sequence[Token], first: int, last: int, held: set[int], party: str) -> bool:
    """Whether the description tokens[first..last] stands as `party` (person_party) of a
    question word at one of the positions `held`."""
    clause = tokens[last].clause
    after = last + 1
    while after < len(tokens) and not tokens[after].term and after - last <= 2:
        after += 1  # past "were", "had been"
    if after in held and tokens[after].clause == clause:
        be = any(t.word in BE_ALL_FORMS for t in tokens[last + 1 : after])
        if (party == DONE_TO) == be:
            return True  # "two protesters were arrested" / "a nurse (had) reported"
    before = first - 1
    if before < 0 or tokens[before].clause != clause:
        return False
    if party == DOER:
        return tokens[before].word == "by" and before - 1 in held  # "cleared by two officers"
    if before in held:
        return True  # "arrested two protesters"
    verb = tokens[before]  # the passage's own verb, after the question's word (its subject)
    return bool(verb.term) and not verb.capital and before - 1 in held


def descriptions(asked: frozenset[str], names: list[Span], phrases: Phrases) -> list[Span]:
    """Common words about a name: "the court's chief prosecutor", "spokesman Dmitry
    Peskov"; or the title in a run of capitals, "Ukrainian President Volodymyr Zelenskiy"
    (none made of the question's words' terms `asked` alone)."""
    tokens = phrases.tokens
    found = phrases.chunks_without(asked)
    found = [c for c in found if not all_capitals(c, tokens) and describes(c, tokens, asked)]
    return [*found, *titles(names, tokens, asked)]


def spells(span: Span, tokens: Sequence[Token], acronym: str) -> bool:
    """The span's capitals spell the acronym: "International Criminal Court" for ICC."""
    initials = "".join(t.text[0] for t in tokens[span.first : span.last + 1] if t.capital)
    return initials.lower() == acronym


def outside(span: Span, dates: Sequence[Span]) -> list[Span]:
    """The span without the dates at its ends ("buses | last year"): when, not what (a
    when-question has its own type); nothing when it is all date."""
    first, last = span.first, span.last
    for date in dates:
        if date.first <= first <= date.last:
            first = date.last + 1
        if date.first <= last <= date.last:
            last = date.first - 1
    return [Span(first, last, span.kind)] if first <= last else []


def inside(span: Span, other: Span) -> bool:
    """`span` is a part of the longer `other`."""
    return other.first <= span.first and span.last <= other.last and span != other


def noun_phrase(span: Span, tokens: Sequence[Token]) -> bool:
    """After "the", "a", "its", a possessive: the words of a noun phrase."""
    before = tokens[span.first - 1].text.lower() if span.first > 0 else ""
    return before in PHRASE_DETERMINERS or before.endswith(("'s", "’s"))


def describes(span: Span, tokens: Sequence[Token], asked: frozenset[str]) -> bool:
    """A noun phrase, or a title right before the name asked about ("spokesman Dmitry
    Peskov" for "Who is Peskov?")."""
    name = tokens[span.last + 1 : span.last + 3]
    if not name or not name[0].capital:
        return noun_phrase(span, tokens)
    if len(name) == 2 and not (name[1].capital and name[1].start - name[0].end == 1):
        name = name[:1]  # the name is one word
    return any(t.term in asked for t in name)


def titles(names: list[Span], tokens: Sequence[Token], asked: frozenset[str]) -> list[Span]:
    """The title before the asked name inside a run of capitals: "Ukrainian President" of
    "Ukrainian President Volodymyr Zelenskiy" for "Who is Zelenskiy?" (a first name the
    question does not give is left out)."""
    found: list[Span] = []
    for name in names:
        at = next((k for k in range(name.first, name.last + 1) if tokens[k].term in asked), None)
        if at is None:
            continue
        end = at - 1
        if end >= name.first and tokens[end].term not in asked:
            end -= 1  # "Volodymyr", a first name the question does not give
        if end >= name.first:
            found.append(Span(name.first, end, CHUNK))
    return found


def all_capitals(span: Span, tokens: Sequence[Token]) -> bool:
    return all(t.capital for t in tokens[span.first : span.last + 1])


def members(pattern: re.Pattern[str] | None, tokens: Sequence[Token], sentence: str) -> list[Span]:
    """Members of the class asked for ("Which countries": `pattern` finds them, read with the
    question's analysis), a list of them as one span: "Denmark, Iceland and Norway"."""
    if pattern is None:
        return []
    spans: list[Span] = []
    for match in pattern.finditer(sentence):
        inside = [k for k, t in enumerate(tokens) if match.start() <= t.start < match.end()]
        if not inside:
            continue
        first, last = inside[0], inside[-1]
        if spans and _LIST_JOINT.fullmatch(
            sentence[tokens[spans[-1].last].end : tokens[first].start]
        ):
            first = spans.pop().first
        spans.append(Span(first, last, NAMED))
    return spans


def trim(span: Span, tokens: Sequence[Token], asked: frozenset[str]) -> Span | None:
    """The span without the question's words (or stopwords, but for numbers' "nearly" and
    quotes) at its ends; None when nothing else is left."""
    if span.kind in (QUOTE, REASON):
        inner = [t for t in tokens[span.first : span.last + 1] if t.term]
        return span if any(t.term not in asked for t in inner) else None
    first, last = span.first, span.last
    if span.kind != DATE:  # a date keeps its words ("the 1st of May")
        number = span.kind == NUMBER
        while first <= last and _drop(tokens[first], asked, number, head=True):
            first += 1
        while last >= first and _drop(tokens[last], asked, number, head=False):
            last -= 1
    if first > last:
        return None
    for token in tokens[first : last + 1]:  # a loop, not all(): one call per candidate
        if token.term and token.term not in asked:
            return Span(first, last, span.kind)
    return None  # only the question's words


def _drop(token: Token, asked: frozenset[str], number: bool, head: bool) -> bool:
    """A question's word or a stopword at a span's end goes (not a number's hyphenated
    words, "14-year-old", nor its head, "nearly"; but the "of" left of "age of 17" when the
    question asks "at what age")."""
    if token.hyphen and number:
        return False
    keep = head and number and token.word != "of"
    return token.term in asked or (not token.term and not keep)


def distance(
    span: Span, near: list[int], tokens: Sequence[Token], clause_gap: int
) -> tuple[int, float]:
    """Words between the span and the question's words in the sentence: the closest, and
    the mean of the closest and of the average over the distinct question words (the
    answer stands amid what the question mentions, not just next to one of its words);
    a comma between them counts as `clause_gap` words more."""
    if not near:
        return FAR, FAR
    first, last = span.first, span.last
    closest: dict[str, int] = {}
    for k in near:
        token = tokens[k]
        if k < first:
            gap = first - k - 1
            if gap:  # words of another clause; not an apposition ("their duke, William")
                gap += clause_gap * abs(tokens[first].clause - token.clause)
        elif k > last:
            gap = k - last - 1
            if gap:
                gap += clause_gap * abs(tokens[last].clause - token.clause)
        else:
            gap = 0  # a question word inside ("the Battle of Hastings")
        known = closest.get(token.term)
        if known is None or gap < known:
            closest[token.term] = gap
    gaps = closest.values()
    nearest = min(gaps)
    return nearest, (nearest + sum(gaps) / len(gaps)) / 2


def names_asked(span: Span, tokens: Sequence[Token], asked: frozenset[str]) -> bool:
    """A name holding a word of the question is the thing asked about, not its answer:
    "King Ethelred II of England" for "Who kicked Ethelred out?" (numbers do not count;
    nor does the noun naming the answer's kind, the court of "Which court ...?")."""
    return span.kind in (NAMED, CHUNK) and any(
        t.capital and t.term in asked and not _ROMAN.match(t.text)
        for t in tokens[span.first : span.last + 1]
    )


def before_verb(span: Span, near: list[int], tokens: Sequence[Token]) -> bool:
    """For "Who won the match?": the candidate comes before the question's words, as a
    subject does."""
    return bool(near) and span.last < min(near)


def after_verb(span: Span, tokens: Sequence[Token], verb: str) -> bool:
    """The candidate follows the question's verb in the same clause, as its object does."""
    k = span.first - 1
    while k >= 0 and not tokens[k].term and span.first - k < 3:
        k -= 1  # "sacrificed a rook": past "a", "the", "to"
    if k < 0 or tokens[k].clause != tokens[span.first].clause or not tokens[k].term:
        return False
    return verb.startswith(tokens[k].term) or tokens[k].term.startswith(verb)


def agent(span: Span, tokens: Sequence[Token], asked: frozenset[str]) -> bool:
    """After the question's verb and "by": the doer of a passive ("was founded by Ana
    Silva", "was paid for by the council"), not "games by Mikhail Tal"."""
    k = span.first - 1
    k -= k > 0 and tokens[k].word in PHRASE_DETERMINERS
    if k < 1 or tokens[k].word != "by":
        return False
    verb = tokens[k - 1] if tokens[k - 1].term else tokens[k - 2] if k > 1 else tokens[k - 1]
    return verb.term in asked


def title_of_name(span: Span, tokens: Sequence[Token], roles: frozenset[str]) -> bool:
    """The span is a title of a name the sentence gives: its words all name a person's role
    ("Director", "veteran politician") and it stands before the name ("politician Li Wei")
    or after it across a comma ("Jane Roe, Director of ..."): the name is who, not the
    title; "the dukes" with no name beside them are who."""
    held = False
    for token in tokens[span.first : span.last + 1]:  # a loop: most names end it at once
        if token.term:
            if token.term not in roles:
                return False
            held = True
    if not held:
        return False
    after, before = span.last + 1, span.first - 1
    while after < len(tokens) and not tokens[after].capital and tokens[after].term in roles:
        after += 1  # "Senior engineer Olga Marsh": the whole title
    if after < len(tokens) and tokens[after].capital:
        return tokens[after].clause == tokens[span.last].clause
    before -= before > 0 and tokens[before].word in PHRASE_DETERMINERS
    if before < 0 or not tokens[before].capital:
        return False
    return tokens[before].clause < tokens[span.first].clause


def modifies(span: Span, tokens: Sequence[Token], nouns: frozenset[str]) -> bool:
    """A name written inside a noun phrase, before its person's or group's noun, is a word
    of that phrase, not who: "the Byzantine general", "two Italian abbots", "the youngest
    Town Council member" (WordNet's person and group nouns; the phrase opens with a
    determiner or a number). Not "Lena Park won", "Edgar's sister" (a possessor is
    someone), nor "appointed Ivo Kral bishop" (no determiner: the name is the object)."""
    after = span.last + 1
    if after >= len(tokens) or tokens[after].capital or tokens[span.last].text[-2:] in _POSSESSIVE:
        return False
    noun = tokens[after]
    if noun.term not in nouns or noun.clause != tokens[span.last].clause:
        return False
    k = span.first - 1
    if k > 0 and _adjective(tokens[k]):
        k -= 1  # "the youngest ...": past an adjective (not "the club named Ivo Kral captain")
    if k < 0 or tokens[k].clause != noun.clause:
        return False
    opener = tokens[k]
    return opener.word in PHRASE_DETERMINERS or opener.text[0].isdigit() or opener.word in _FEW


def _adjective(token: Token) -> bool:
    """A lower-case word of a noun phrase before its noun: neither a determiner, a number,
    nor a stopword."""
    return (
        bool(token.term)
        and not token.capital
        and token.word not in _FEW
        and not token.text[0].isdigit()
    )


def apposition(
    span: Span, tokens: Sequence[Token], roles: frozenset[str], near: frozenset[str]
) -> Span:
    """The name with the role it stands in apposition with, across one comma: "Jane Roe,
    Director of the survey", "the director of the survey, Jane Roe"; the name alone if there
    is none. The name stands where its role does, for its distance to the question's
    words. A role that is a question's word (`near`) is left out: the name already stands
    next to it ("the coach, Li Wei"), and the role may be what the question is about."""
    first, last = span.first, span.last
    clause = tokens[first].clause
    for k in range(last + 1, min(last + 5, len(tokens))):  # "Roe, the director"
        if tokens[k].clause != clause + 1:
            break
        if tokens[k].term in roles and tokens[k].term not in near:
            return Span(first, k, span.kind)
    for k in range(first - 1, max(first - 5, -1), -1):  # "the director of X, Roe"
        if tokens[k].clause != clause - 1:
            break
        if tokens[k].term in roles and tokens[k].term not in near:
            return Span(k, last, span.kind)
    return span


def all_near(span: Span, tokens: Sequence[Token], near: frozenset[str]) -> bool:
    return all(t.term in near for t in tokens[span.first : span.last + 1] if t.term)


def ends_in(span: Span, tokens: Sequence[Token], focus: set[int]) -> bool:
    """The span ends with the noun naming the answer's kind: "11th century" for "In what
    century ...?" (the question says "century" already: the answer is "11th")."""
    return span.last in focus


def year_only(span: Span, tokens: Sequence[Token]) -> Span:
    """Of "April 1191", the year, for "What year ...?"."""
    for k in range(span.first, span.last + 1):
        if _YEAR_DIGITS.fullmatch(tokens[k].text):
            return Span(k, k, span.kind)
    return span


def everyday(span: Span, tokens: Sequence[Token], zipf: float) -> bool:
    """Every word of the span is at least this frequent in English, on the Zipf scale
    (bot/frequency.py): "city", "first week"."""
    common = zipf_values()
    found = [common.get(t.word, 0.0) for t in tokens[span.first : span.last + 1] if t.term]
    return bool(found) and min(found) >= zipf


def scaled_sum(span: Span, tokens: Sequence[Token], sentence: str) -> bool:
    """ "4 million" in a sentence that states a sum: "cost 11 million euros, of which 4
    million came from ..." is money too."""
    scaled = any(
        t.word in ("million", "billion", "thousand") for t in tokens[span.first : span.last + 1]
    )
    return scaled and MONEY in cues_in(sentence)  # rare: only "million" and the like


def superseded(span: Span, tokens: Sequence[Token]) -> bool:
    """A number changed into another: "rose from 40 to 55", "cut from £3 to £2", not "from
    20 countries" nor "from 9 am" alone (no number follows "to")."""
    before, after = span.first - 1, span.last + 1
    return (
        before >= 0
        and tokens[before].word == "from"
        and after + 1 < len(tokens)
        and tokens[after].word == "to"
        and tokens[after + 1].text[:1] in _NUMERIC
    )


_NUMERIC = frozenset("0123456789$£€¥₽")


def echoes(span: Span, tokens: Sequence[Token], asked: frozenset[str]) -> bool:
    """Half or more of the span's words are the question's: "with respect to the crime of
    aggression" for "What did he say about the crime of aggression?"."""
    terms = [t.term for t in tokens[span.first : span.last + 1] if t.term]
    return 2 * sum(t in asked for t in terms) >= len(terms)
