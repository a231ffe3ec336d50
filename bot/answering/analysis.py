"""Question -> one immutable `Analysis`, made once at the entry of `Answerer.answer`.

Everything downstream (matching, ranking, declining, highlighting) reads this object and
never the question's text again. It depends on the question and the rule settings only,
not on the knowledge base: bot/answering/query.py matches it against an index.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from bot.answering import (
    answer_types,
    claims,
    leaders,
    naming,
    opposites,
    parties,
    phrasal,
    qualifiers,
    ranks,
    roles,
    unnamed,
    withheld,
    written,
)
from bot.answering import question as q
from bot.answering.short_asked import Asking, asking
from bot.cues import DATE, DIMENSION_UNITS, MONEY, NAME, NUMBER, PERSON, PLACE, UNIT
from bot.rules import RuleSettings
from bot.text import STOPWORDS, term, words


class Analysis(NamedTuple):  # immutable, and built at C speed: one per question
    words: tuple[str, ...]  # the content words, once each, in order: one query unit each
    pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent content-word stems
    answer_type: str = ""  # NUMBER, DATE, PERSON, PLACE, NAME, MEMBER (bot/cues.py)
    target: tuple[str, ...] = ()  # "peskov" of "Who is Peskov?"; () unless a definition
    renamed: tuple[str, ...] = ()  # "war" of "What does Moscow call the war?"
    focus: tuple[str, ...] = ()  # "arches" of "What kind of arches ...?", "museum in new"
    head: str = ""  # ... its noun: "museum" of "Which museum in New York ...?" (the short answer)
    asked: tuple[str, ...] = ()  # "soldiers" of "How many soldiers", "president" of "the
    holder: tuple[str, ...] = ()  # president of Nigeria", and "nigeria", who holds the role
    names: frozenset[str] = frozenset()  # words the reader capitalised inside the question
    capitals: frozenset[str] = frozenset()  # words written in capitals: acronyms ("icc")
    plurals: frozenset[str] = frozenset()  # ... with a small plural s: "ngos" of "NGOs"
    counts: bool = False  # "how many ...?": a count of the asked noun
    measured: str = ""  # "cold" of "How cold ...?", "electricity" of "How much electricity"
    dimension: str = ""  # "temperature" of "how cold": a synonym of the adjective
    units: re.Pattern[str] | None = None  # the units of the measure's dimension (degrees)
    required: q.Required = q.Required()  # what a phrase of the type asked must hold: the
    # class's members, the units when a number needs them to be a cue, any unit ("how big")
    money: bool = False  # "how much did it cost": a number is a cue only as a sum of money
    cue_set: frozenset[str] = frozenset()  # the cues that alone show a sentence holds the
    # type asked (bot/answering/evidence.py, `cued`): {DATE}, {NUMBER, MONEY} of "how much
    # did it cost"; empty when its text must be read (a person, a class, a name, degrees)
    class_word: str = ""  # "countries" of "Which countries ...?"
    members: str = ""  # ... and the class's members (bot/lexicon.py), space-separated
    topic: frozenset[str] = frozenset()  # "tidal turbines" of "the story about the tidal ..."
    who_did: bool = False  # "who took/wrote ...": a credit, not "who is in the photo"
    person_words: frozenset[str] = frozenset()  # all its words: a person cue (or a name
    # answering "what is the name of the N", bot/answering/answer_types.py) must be another
    compounds: tuple[str, ...] = ()  # hyphenated compounds ("bike-share")
    kind: str = ""  # the kind of answer the wording asks for (bot/answering/answer_types.py)
    kind_of: tuple[str, ...] = ()  # ... and what it is about: "hours" of "how many hours"
    kind_owner: tuple[str, ...] = ()  # ... and whose it is: "jane roe" of "Jane Roe's husband"
    phrasal: tuple[tuple[str, str], ...] = ()  # ("held", "up"): a verb and its particle
    claim: str = ""  # "arrested" of "Has anyone been arrested?" (bot/answering/claims.py)
    naming: naming.Naming | None = None  # "What does X call Y?" (bot/answering/naming.py)
    leader: leaders.Leader | None = None  # "Who is the head of X?", "Who runs X?": the role
    # words and what is led (bot/answering/leaders.py)
    roles: roles.Roles | None = None  # "Who replaced the Normans?": the verb and the party
    # whose role it states (bot/answering/roles.py)
    holder_verb: str = ""  # "coaches" of "Who coaches the team?": a role's holder asked
    # (bot/answering/roles.py `holder_verb`)
    directions: tuple[opposites.Direction, ...] = ()  # "after the conquest": a thing on one
    # side of a direction word (bot/answering/opposites.py)
    qualified: tuple[qualifiers.Qualified, ...] = ()  # "Norman general": a noun and the proper
    # word saying which one (bot/answering/qualifiers.py)
    party: parties.Party | None = None  # "How old is Valeria Sokolova?": a value asked of a
    # named party (bot/answering/parties.py)
    ranked: tuple[ranks.Ranked, ...] = ()  # "the oldest work": a noun and the superlative or
    # ordinal picking one of its kind (bot/answering/ranks.py)
    withheld: withheld.Asked = withheld.NOTHING  # what it asks that a passage may say is
    # withheld: a name of N, a reason, a time, a sum, a place (bot/answering/withheld.py)
    unnamed: str = ""  # "firefighter" of "What is the name of the firefighter ...?", "Who
    # was the local man ...?": the noun whose name is asked (bot/answering/unnamed.py)
    short: Asking | None = None  # what its short answer needs (None: short answers off)
    reason: bool = False  # "Why ...?", "What caused ...?": a sentence stating a cause answers
    # (read only when rules.reason_weight weighs it: bot/answering/evidence.py reason_share)


_WORD = re.compile(r"\w+")


def analyse(question: str, rules: RuleSettings) -> Analysis:
    """The analysis of `question` (already cut to MAX_QUESTION_CHARS) under `rules`."""
    cues = q.cues(question, rules.max_target_words)
    folded = q.folded(question)  # normalised, one space between words: kept by q.cues
    # "What does X call Y?", "What is Y known as?": a naming construction answers
    named = naming.asked(folded) if rules.naming else None
    kind = NAME if named else cues.answer_type
    every = words(question)
    capitals, plurals = written.uppercase_words(question)
    content = [
        w
        for w in every
        if w not in STOPWORDS and (w not in written.PRONOUN_ACRONYMS or w in capitals)
    ]
    unique = dict.fromkeys(content)
    if cues.spelled_out:  # "What does ICC stand for?": not a topic word
        unique.pop("stand", None)
    measured = q.measured(question)
    dimension = q.MEASURES.get(measured) or q.QUANTITIES.get(measured, "")
    units = DIMENSION_UNITS.get(dimension) if rules.dimension_units else None
    asked_class = q.class_asked(question)
    wanted = answer_types.asked(question, rules) if rules.type_declines else answer_types.NOTHING
    # A money cue counts only for a number, a person cue only for a person: read them then.
    # "How much COMPENSATION": a noun naming money asks a sum as the verbs do (rules.sum_told).
    money = (
        rules.money_cues
        and kind == NUMBER
        and (q.asks_money(question) or (rules.sum_told and wanted.kind == answer_types.MONEY))
    )
    person = frozenset(_WORD.findall(folded)) if kind == PERSON else frozenset()
    if wanted.kind == answer_types.NAMED and not person:  # a name must not be the reader's
        person = frozenset(_WORD.findall(folded))
    required = q.Required(
        q.members_pattern(asked_class[1]) if asked_class else None,
        units if rules.measure_units else None,
        rules.measure_units and measured in q.MEASURES,
    )
    target, focus = _words(cues.target), _words(cues.focus)
    names = written.capitalised(question)
    # a noun qualified by a name needs a name: most questions are not tokenised for it
    qualified = qualifiers.asked(question) if rules.qualifier_swap and names else ()
    asked_withheld = (
        _withheld(folded, kind, wanted, named, money) if rules.withheld else withheld.NOTHING
    )
    short = None
    if rules.short_answers:  # the cues as the short answer reads them: of the words kept
        short_cues = q.QuestionCues(kind, " ".join(target), focus=" ".join(focus), head=cues.head)
        short = asking(question, folded, short_cues, required, rules.who_descriptions)
    return Analysis(
        words=tuple(unique),
        pairs=frozenset(pairwise(term(w) for w in content)),
        answer_type=kind,
        target=target,
        renamed=_words(cues.renamed),
        focus=focus,
        head=cues.head,
        asked=_words(cues.asked),
        holder=_words(cues.holder),
        names=names,
        capitals=capitals,
        plurals=plurals,
        counts="how many" in folded,
        measured=measured,
        dimension=q.MEASURES.get(measured, ""),
        units=units,
        required=required,
        money=money,
        cue_set=cue_set(kind, required.units is not None, money, required.any_unit),
        class_word=asked_class[0] if asked_class else "",
        members=asked_class[1] if asked_class else "",
        topic=frozenset(_words(q.article_topic(question))) - STOPWORDS,
        who_did=kind == PERSON and not q.WHO_IS_IN.match(folded),
        person_words=person,
        compounds=tuple(q.COMPOUND.findall(folded)) if "-" in folded else (),
        kind=wanted.kind,
        kind_of=wanted.subject,
        kind_owner=wanted.owner,
        phrasal=phrasal.pairs(every) if rules.phrasal_verbs else (),
        claim=claims.claimed_verb(question) if rules.claim_declines else "",
        naming=named,
        leader=leaders.asked(folded) if rules.leaders and kind == PERSON else None,
        roles=_roles(question, every, rules),
        holder_verb=roles.holder_verb(every) if rules.role_holder else "",
        directions=opposites.asked(every) if rules.opposite_directions else (),
        qualified=qualified,
        party=parties.asked(question, money) if rules.party_bound and names else None,
        ranked=ranks.asked(question) if rules.rank_swap and ranks.may_rank(every) else (),
        withheld=asked_withheld,
        unnamed=_unnamed(folded, kind, asked_withheld) if rules.unnamed_one else "",
        short=short,
        reason=rules.reason_weight > 0
        and (
            asked_withheld.kind == withheld.REASON
            if rules.withheld
            else withheld.asks_reason(folded)
        ),
    )


def _roles(question: str, every: list[str], rules: RuleSettings) -> roles.Roles | None:
    """The verb and party of a question the role checks read (bot/answering/roles.py), the
    object's owner only with `rules.object_owner`."""
    if not (rules.role_window or rules.other_doer):
        return None
    read = roles.asked(question, every)
    if read is None or not read.owner or rules.object_owner:
        return read
    return read._replace(owner=frozenset())


def _unnamed(folded: str, kind: str, wanted: withheld.Asked) -> str:
    """The noun whose name the question asks (bot/answering/unnamed.py); none when it asks
    a date or a number ("which year", "which round": no one named)."""
    if kind in (DATE, NUMBER):
        return ""
    return unnamed.asked_noun(folded, wanted.nouns, wanted.kind == withheld.NAME)


def _withheld(
    folded: str, kind: str, wanted: answer_types.Asked, named: naming.Naming | None, money: bool
) -> withheld.Asked:
    """What the question asks that a passage may say is withheld (bot/answering/withheld.py)."""
    head = (named.head or named.named[-1:]) if named else ()
    return withheld.asked(folded, kind, wanted.kind, head, wanted.subject, money)


def cue_set(kind: str, units: bool, money: bool, any_unit: bool) -> frozenset[str]:
    """The cues a sentence must hold to hold the answer type `kind`, when they alone say: a
    date or a place; a number, with a sum of money for "how much did it cost" or with a
    unit for "how big" (`any_unit`). Empty when the sentence's text must be read: a
    person's name, a class's member, a quoted name, a number in the measure's `units`
    ("how cold": degrees), or nothing asked."""
    if kind in (DATE, PLACE):
        return frozenset((kind,))
    if kind != NUMBER:
        return frozenset()
    if money:
        return frozenset((NUMBER, MONEY))
    if units:
        return frozenset()
    return frozenset((NUMBER, UNIT)) if any_unit else frozenset((NUMBER,))


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(words(phrase)) if phrase else ()
