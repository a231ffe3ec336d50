"""The decline policy: a pure function from the question and its best candidate to
"answer" ("") or the reason to decline (bot/answering/result.py).

A question is declined when it names something (a capitalised word) no article holds
(unless it names a place or country one of the passage's places stands in, "Moscow" of "the
Kremlin": `placed_names`),
or when the best passage holds less than ``min_coverage + unseen_weight × unseen`` of the
question's IDF mass, where *unseen* is the share of that mass in words no article holds at
all (kept at ``typed_unseen`` of it when the passage states the asked type, and a word whose
WordNet relation the passage holds at ``rules.unseen_related_weight``: `bar`); the bar
rises by ``asked_weight`` when the best passage lacks what the question counts or asks the
holder of ("how many SOLDIERS", "the PRESIDENT of"), and again when it lacks a
number the question names ("in 1107"). It is declined too when the passage answers
something else (`off_target`: another holder, no measure, no answer of the kind asked —
bot/answering/answer_types.py; a sum only in sentences telling of none of the question's
other words, `told_of` — or an event a yes/no question claims that its article never
tells of, bot/answering/claims.py, or a number above twelve its article never states, or
the question's party in the other role around its verb or another named doer of it,
bot/answering/roles.py, or a number it dates its event by that the passage states only
of something else, or a thing it puts after a direction word that the passage puts only
after the opposite one, bot/answering/opposites.py, or a role whose holder it asks that
the passage does not tell of while its article does elsewhere, `role_elsewhere`, or a noun
it qualifies by a name that the passage qualifies by another, bot/answering/qualifiers.py,
or an age, a sum or a role it asks of a named party that the passage binds only to another
name, bot/answering/parties.py,
or ranks the opposite way, bot/answering/ranks.py),
when the noun whose name it asks stands there only brought in unnamed ("One firefighter
was taken to hospital" for "What is the name of the firefighter ...?",
bot/answering/unnamed.py), when only the article's details passage dates an event
(`undated_event`), when it asks a kind of thing and another candidate's article holds more
of its words (`elsewhere`: the thing found belongs to another story), and as WEAK when its
score is below ``min_score``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.answering import answer_types as kinds
from bot.answering.events import DATES, DURATIONS, told_elsewhere
from bot.answering.evidence import led_held, names_leader, states
from bot.answering.facts import PassageFacts, Sentence
from bot.answering.opposites import turned
from bot.answering.parties import bound_elsewhere
from bot.answering.qualifiers import swapped as qualified_otherwise
from bot.answering.query import Query, Unit
from bot.answering.ranks import rivalled
from bot.answering.reasons import told_as_cause
from bot.answering.result import NOT_COVERED, WEAK, WITHHELD, Hit
from bot.answering.roles import another_doer, swapped
from bot.answering.short_tokens import tokenize
from bot.answering.unnamed import told_unnamed
from bot.answering.withheld import AMOUNT, REASON, cues, withholds
from bot.config import RetrievalSettings
from bot.cues import DATE, MONTHS, NUMBER, PLACE
from bot.knowledge import DETAILS_HINTS
from bot.places import Inside, standing_in
from bot.rules import RuleSettings
from bot.text import analyze, term
from bot.word_classes import non_noun_terms

# Words asking about the article itself ("When was the story published?"), not "date" or
# "when", which ask the date of anything.
_ABOUT_ARTICLE = frozenset(analyze(DETAILS_HINTS)) - frozenset(analyze("date when"))
# Words that belong to a number's period, not to the event it dates: "the 10TH CENTURY",
# "in May", "380 YEARS" ("10th" is read as "10" and "th").
_PERIOD = frozenset(analyze(MONTHS + " years decades st nd rd th"))
# A sentence opening with one of these goes on from the one before ("It will cost ...").
_NUMBERED, _DATED = frozenset((NUMBER,)), frozenset((NUMBER, DATE))
# Words naming the kind a "how long" or "what date" question asks, not its event.
_KIND_WORDS = frozenset("long date day time year".split())
_GOING_ON = frozenset("it he she they this that these those its his her their".split())
# Words naming the reason asked ("what was the REASON", "what CAUSED"), not its event.
_REASON_WORDS = frozenset("reason reasons cause caused causes".split())
# A unit's best weight in the best passage's article (0 when absent).
InArticle = Callable[[Unit], float]


def decline(
    query: Query,
    best: Hit,
    facts: PassageFacts,
    in_article: InArticle,
    settings: RetrievalSettings,
    others: Sequence[InArticle] = (),
) -> str:
    """ "" to answer with `best` (whose facts are `facts`), else the reason to decline;
    `others` are the other candidates' articles (`elsewhere`)."""
    rules = settings.rules
    placed = placed_names(query, facts) if rules.places_named else frozenset()
    unknown = rules.decline_unknown_names and bool(set(query.unknown_names) - placed)
    # a date or a duration asked (`event_elsewhere`): read here, as most questions ask
    # neither and a call per question costs more than the check
    analysis = query.analysis
    asks_time = rules.event_told and (
        analysis.answer_type == DATE or analysis.kind == kinds.DURATION
    )
    if (
        unknown
        or coverage(query, facts, in_article, rules) < bar(query, facts, settings, placed)[0]
        or off_target(query, facts, in_article, rules)
        or unknown_topic(query, best.passage.kind, rules)
        or undated_event(query, best.passage.kind, rules)
        or (asks_time and best.passage.kind == "body" and event_elsewhere(query, facts, rules))
        or elsewhere(query, in_article, others, rules)
    ):
        return NOT_COVERED
    if withheld(query, facts, rules):
        return WITHHELD
    if unnamed_one(query, facts):
        return NOT_COVERED  # the one asked about is told of, not named
    if event_as_cause(query, best.passage.kind, facts, rules):
        return NOT_COVERED  # no reason told of the event asked about
    if best.score < settings.min_score:
        return WEAK
    return ""


def unnamed_one(query: Query, facts: PassageFacts) -> bool:
    """Whether the noun whose name the question asks ("What is the name of the
    FIREFIGHTER ...?") stands in the best passage only brought in by "a", "one", "two" or a
    possessive, with no name joined to it (bot/answering/unnamed.py, `rules.unnamed_one`).
    The noun counts in the forms the question's word is spelled in, not its relations: a
    relation ("worker" of "firefighter") may tell of someone else, named."""
    noun = query.analysis.unnamed
    if not noun:  # most questions ask no one's name
        return False
    forms = frozenset(t for u in query.units if u.word == noun for t in u.own) | {term(noun)}
    if forms.isdisjoint(facts.terms):
        return False
    return told_unnamed(facts.sentences, forms)


def event_as_cause(query: Query, kind: str, facts: PassageFacts, rules: RuleSettings) -> bool:
    """A question asking a reason whose best passage (a body paragraph: its `kind`) tells
    the event asked about only as the cause or the time of something else, or gives only the
    question's own reason (bot/answering/reasons.py, `rules.reason_of_asked`)."""
    return (
        rules.reason_of_asked
        and query.analysis.withheld.kind == REASON
        and kind == "body"
        and told_as_cause(query, facts, _REASON_WORDS, rules.reason_as_time)
    )


def withheld(query: Query, facts: PassageFacts, rules: RuleSettings) -> bool:
    """Whether the passage says the thing the question asks is not given, of the asked
    noun or of the question's other words, and states it nowhere ("What are the names of
    the two pilots?" of "the two pilots, whose names have not been released":
    bot/answering/withheld.py). The question's other words count in any form (close
    spellings, WordNet relations), but not the words naming the kind asked ("how LONG",
    "what was the REASON", "how much COMPENSATION") nor its numbers."""
    wanted = query.analysis.withheld
    if not rules.withheld or not wanted.kind:
        return False
    kind = wanted.kind  # most passages withhold nothing: read their cues (kept) first
    if all(c.kind != kind for s in facts.sentences for c in cues(s.text)):
        return False
    asked = set(wanted.nouns)
    nouns = frozenset(t for u in query.units if u.word in asked for t in u.terms)
    nouns |= {term(w) for w in asked}
    kind_words = _KIND_WORDS | _REASON_WORDS
    if wanted.kind == AMOUNT:
        kind_words |= kinds.money_nouns()
    told = [
        u
        for u in query.units
        if not u.numeric
        and u.own.isdisjoint(_PERIOD)
        and u.word not in kind_words
        and (wanted.kind != REASON or u.word != "why")
    ]

    def held(terms: frozenset[str]) -> bool:
        return any(u.held(terms) for u in told)

    analysis = query.analysis
    names = analysis.person_words | frozenset(analysis.words)
    sentences = ((s.text, s.terms, s.cues) for s in facts.sentences)
    return withholds(wanted, sentences, nouns, held, names)


def bar(
    query: Query, facts: PassageFacts, settings: RetrievalSettings, placed: frozenset[str]
) -> tuple[float, list[str]]:
    """The share of the question's IDF mass the best passage must hold, and what raised it
    above ``min_coverage``. Words no article holds raise it by ``unseen_weight`` × their
    share (less the names of places the passage stands in, `placed`), and by only
    ``typed_unseen`` of that when the passage states the asked type: the reader's own words
    for what it tells ("Who is the BOSS of X?" of a passage naming the chief executive,
    "When will the factory SHUT its DOORS?" of one dating its closure; docs/quality.md
    round 32). Lacking what is counted or asked, or a number the question names, raises it
    by ``asked_weight``; a counted word that no article holds, in a passage stating the
    asked type, raises it as an unseen word only (``rules.unseen_asked``: "how many PPL")."""
    rules = settings.rules
    unseen = query.unseen
    raised = []
    if placed:  # "Moscow" of "the Kremlin": the reader's name for a place the passage holds
        unseen -= sum(u.idf for u in query.units if u.word in placed) / query.mass
    if unseen > 0 and rules.unseen_related:  # most questions hold no unseen word
        other_words = related_unseen(query, facts, placed)
        if other_words:
            unseen -= (1.0 - rules.unseen_related_weight) * other_words
            raised.append("unseen words related to the passage's at unseen_related_weight")
    if unseen > 0 and rules.unseen_class:
        less = non_noun_unseen(query, facts, placed, rules)
        if less:
            unseen -= less
            raised.append("unseen verbs, adjectives, adverbs at unseen_class_weight")
    typed = unseen > 0 and bool(query.analysis.answer_type) and states(query, facts)
    if typed and settings.typed_unseen != 1.0:
        unseen *= settings.typed_unseen
        raised.append("unseen words at typed_unseen: the passage states the type asked")
    needed = settings.min_coverage + settings.unseen_weight * unseen
    asked = not holds_asked(query, facts, rules)
    if asked and typed and rules.unseen_asked and unseen_counted(query):
        raised.append("what is counted is in no article: raised as an unseen word only")
    elif asked and settings.asked_weight:
        needed += settings.asked_weight
        raised.append("lacks what is counted or asked")
    if rules.numbers_must_match and not holds_numbers(query, facts):
        needed += settings.asked_weight
        raised.append("lacks a number the question names")
    return needed, raised


def related_unseen(query: Query, facts: PassageFacts, placed: frozenset[str]) -> float:
    """The share of the question's IDF mass in words no article holds (not even as a close
    spelling) whose WordNet relation (bot/relations.py: a synonym, a derivation, a one-step
    hypernym or hyponym, at least ``relation_floor`` strong) the passage holds: the reader's
    other word for the passage's ("doctor" of "physician", "kid" of "child"), not a thing
    the knowledge never tells of ("dentist" of a story naming none; docs/quality.md round
    47). `placed` names count apart."""
    terms = facts.terms
    related = sum(
        u.idf
        for u in query.units
        if not u.found and u.word not in placed and not u.related.isdisjoint(terms)
    )
    return related / query.mass


def non_noun_unseen(
    query: Query, facts: PassageFacts, placed: frozenset[str], rules: RuleSettings
) -> float:
    """How much less the unseen share raises the bar for the question's words no article
    holds that English uses mostly as verbs, adjectives or adverbs (bot/word_classes.py):
    the reader's way of putting what the passage tells ("What do thieves USUALLY do ...",
    "Why does he THINK he lost?"), not the thing asked, which is mostly a noun ("the
    CAPACITY of the stadium", "apple PIE"), nor a word too rare for WordNet's counts to
    tell its class ("tremazolin"), nor a name. Each such word raises it at
    ``unseen_class_weight`` of its raise, or at ``unseen_related_weight`` when that is
    lower and the passage holds its WordNet relation (`related_unseen`, already taken
    off); docs/quality.md round 50."""
    non_nouns, names = non_noun_terms(), query.analysis.names
    weight, related_weight = rules.unseen_class_weight, rules.unseen_related_weight
    terms = facts.terms
    less = 0.0
    for u in query.units:
        if u.found or u.word in placed or u.word in names or term(u.word) not in non_nouns:
            continue
        if rules.unseen_related and not u.related.isdisjoint(terms):
            less += u.idf * max(0.0, related_weight - weight)  # already at related_weight
        else:
            less += u.idf * (1.0 - weight)
    return less / query.mass


def unseen_counted(query: Query) -> bool:
    """Whether the question counts or asks the holder of words no article holds, every one
    ("how many PPL"): the reader's word for what the passage counts, or a misspelling."""
    asked = query.analysis.asked
    units = [u for u in query.units if u.word in asked]
    return bool(units) and not any(u.found for u in units)


def placed_names(query: Query, facts: PassageFacts) -> frozenset[str]:
    """The question's names that no article holds (not even as a close spelling), each of a
    place or country that a place the passage names stands in (bot/places.py): "Moscow" of
    "the Kremlin", "UK" of "Downing Street". The reader names the passage's place by a
    wider one, and it is neither another topic nor a word missing from the knowledge."""
    names = query.analysis.names
    if not names:  # most questions name nothing
        return frozenset()
    return frozenset(
        u.word
        for u in query.units
        if u.word in names and not u.found and _names_place_in(facts, standing_in(term(u.word)))
    )


def _names_place_in(facts: PassageFacts, places: Inside) -> bool:
    """Whether the passage names one of `places`: a name of several words by all its terms
    ("down_street"), a name of one word written with a capital (not "air" of "air strikes"
    for the river Air in the UK)."""
    terms = facts.terms
    if not places.first.isdisjoint(terms) and any(map(terms.issuperset, places.several)):
        return True
    for place in places.single & terms:  # most passages name none
        holding = (s.text for s in facts.sentences if place in s.terms)
        if any(t.capital and t.term == place for text in holding for t in tokenize(text)):
            return True
    return False


def off_target(
    query: Query, facts: PassageFacts, in_article: InArticle, rules: RuleSettings
) -> bool:
    """Whether the best passage answers something else, however much of the question it
    holds: the reader named things the knowledge base holds but not this passage's
    article ("How hot was it in Kyiv?" against the apple harvest's temperatures), asked
    about a role's holder the article does not name ("Who is the president of Russia's
    central bank?" against Ukraine's president), asked for a measure the passage does
    not state ("How high is Rysy?"), or for a kind of answer it does not hold ("How much
    did the tickets cost?" of a passage without a sum, or "the name of X's husband" of one
    naming another's husband), or whether an event happened that it never tells of
    ("Has anyone been arrested?"), or gives the question's party the other role ("Who
    replaced the Normans?" of "The Normans replaced the Anglo-Saxons"), or states the
    question's date only of another event ("What battle took place in the 10th century?"),
    or turns its direction ("Who fled from southern Italy?" of "fled to southern Italy"),
    or tells of the thing whose role's holder is asked without the role, which its article
    gives someone else ("Who coaches the Syrian refugee team?")."""
    named = query.named if rules.names_must_match else ()
    holder = set(query.analysis.holder) if rules.holder_must_match else set()
    in_holder = [unit for unit in query.units if unit.word in holder]
    if named and not any(in_article(unit) for unit in named):
        return True
    # in the article: "the Kremlin's spokesman" is "Putin's spokesman" in the story
    if not all(in_article(unit) for unit in in_holder):
        return True
    measure = rules.measures_must_match and query.analysis.units is not None
    if measure and not states(query, facts):
        return True
    if not holds_claim(query, in_article):
        return True
    if rules.numbers_in_article and not numbers_in_article(query, in_article):
        return True
    if dated_elsewhere(query, facts, in_article, rules):
        return True
    if roles_swapped(query, facts, rules) or doer_elsewhere(query, facts, rules):
        return True
    if direction_turned(query, facts, rules) or role_elsewhere(query, facts, in_article, rules):
        return True
    if another_one(query, facts) or rank_rivalled(query, facts):
        return True
    if another_party(query, facts):
        return True
    return rules.type_declines and not holds_kind(query, facts, rules)


def elsewhere(
    query: Query, in_article: InArticle, others: Sequence[InArticle], rules: RuleSettings
) -> bool:
    """A question asking a kind of thing (a sum, a count, a duration, a named N:
    bot/answering/answer_types.py) whose words another candidate's article holds more of
    than the best passage's: the story asked about is that other one, and the thing found
    here belongs to another story ("How much prize money did the winning team take home?"
    of a robotics contest whose story gives no sum, answered from a game's prize)."""
    if not rules.topic_article or not query.analysis.kind or not others:
        return False
    units, idfs = query.units, query.idfs
    mine = [in_article(u) for u in units]
    lacked = [k for k, held in enumerate(mine) if held < 1.0]
    for other in others:
        # the other holds more only through words this article lacks: those first, and the
        # words it holds only when those gain (most questions stop here)
        gain = sum(idfs[k] * (other(units[k]) - mine[k]) for k in lacked)
        if (
            gain > 0
            and gain
            + sum(
                idfs[k] * (other(units[k]) - mine[k]) for k in range(len(units)) if mine[k] >= 1.0
            )
            > 0
        ):
            return True
    return False


def holds_claim(query: Query, in_article: InArticle) -> bool:
    """Whether the best article tells of the event a yes/no question claims, in any form
    of its verb or a related word ("Has anyone been ARRESTED?"; bot/answering/claims.py)."""
    claim = query.analysis.claim
    return not claim or all(in_article(u) for u in query.units if u.word == claim)


def roles_swapped(query: Query, facts: PassageFacts, rules: RuleSettings) -> bool:
    """Whether every sentence of the passage holding the question's verb gives its party the
    other role: the doer where the question makes it the object ("Who replaced the
    Normans?" of "The Normans replaced the Anglo-Saxons"), or the reverse
    (bot/answering/roles.py)."""
    roles = query.analysis.roles
    if roles is None or not rules.role_window:
        return False
    texts = [s.text for s in facts.sentences if roles.verb in s.terms]
    if roles.owner and not rules.object_owner:
        roles = roles._replace(owner=frozenset())
    return swapped(roles, texts, rules.role_window)


def doer_elsewhere(query: Query, facts: PassageFacts, rules: RuleSettings) -> bool:
    """Whether every sentence of the passage holding the verb of a question naming its doer
    tells of another named doer, the question's nowhere in it ("When did Richard II flee to
    Normandy?" of "Ethelred fled to Normandy in 1013": bot/answering/roles.py)."""
    roles = query.analysis.roles
    if roles is None or not rules.other_doer:
        return False
    holding = [(s.text, s.terms) for s in facts.sentences if roles.verb in s.terms]
    if not holding:  # most passages lack the verb
        return False
    # the party in any form its words match, WordNet's relations too: "Ukrainian President
    # Zelensky signed" tells of Ukraine signing, no other doer (a check that declines reads
    # the party widely, so that it declines less)
    spelled = {term(u.word): u.terms.keys() for u in query.units}
    forms = [frozenset(spelled.get(word, ())) | {word} for word in roles.party]
    return another_doer(roles, holding, forms)


def direction_turned(query: Query, facts: PassageFacts, rules: RuleSettings) -> bool:
    """Whether the passage tells of a thing the question puts after a direction word only
    under the opposite one ("Who fled from southern Italy?" of "several monks fled to
    southern Italy": bot/answering/opposites.py), in the sentences holding the thing that
    hold the most of the question's other words (by IDF): the one telling of what is asked,
    not another event the thing dates or places ("Subsequent to the Conquest, the Marches
    came ..." says nothing of "Who came into contact with Wales after the conquest?")."""
    directions = query.analysis.directions if rules.opposite_directions else ()
    for direction in directions:  # most questions have none
        holding = [s for s in facts.sentences if direction.thing in s.terms]
        if not holding:
            continue
        others = [u for u in query.units if direction.thing not in u.own]
        told = [sum(u.idf * u.held_strict(s.terms) for u in others) for s in holding]
        most = max(told)
        texts = [s.text for s, t in zip(holding, told, strict=True) if t == most]
        if turned(direction, texts):
            return True
    return False


def another_one(query: Query, facts: PassageFacts) -> bool:
    """Whether the passage tells of another one of a noun the question qualifies by a proper
    word ("When did Herve serve as a Norman general?" of "One of the first Norman
    mercenaries to serve as a Byzantine general was Hervé": bot/answering/qualifiers.py).
    The question's word counts in every form it matches, close spellings and WordNet
    relations too ("Ukrainian" of "Ukraine"): a check that declines reads it widely."""
    for qualified in query.analysis.qualified:  # most questions qualify no noun by a name
        if qualified.noun not in facts.terms:
            continue
        forms = frozenset(t for u in query.units if u.word == qualified.word for t in u.terms)
        forms |= {term(qualified.word)}
        # only the sentences holding the noun are read (tokenised) at all
        holding = [s.text for s in facts.sentences if qualified.noun in s.terms]
        if qualified_otherwise(qualified, forms, holding):
            return True
    return False


def another_party(query: Query, facts: PassageFacts) -> bool:
    """Whether the passage binds every age, sum or owned role it states of the kind the
    question asks of a named party to another name, never to the party's ("How old is
    Valeria Sokolova?" of "Nineteen-year-old qualifier Lena Hartmann won, beating Valeria
    Sokolova": bot/answering/parties.py). The party's words count in every form they match,
    close spellings and WordNet relations too: a check that declines reads them widely."""
    party = query.analysis.party
    if party is None:  # most questions ask no value of a named party
        return False
    names = set(party.names)
    forms = frozenset(t for u in query.units if u.word in names for t in u.terms)
    forms |= {term(w) for w in names}
    return bound_elsewhere(party, forms, facts.sentences)


def rank_rivalled(query: Query, facts: PassageFacts) -> bool:
    """Whether the passage ranks a noun the question ranks by a superlative or an ordinal
    the opposite way or by another ordinal ("When was the oldest terminal opened?" of "The
    newest terminal, opened in 2015": bot/answering/ranks.py), and holds the question's
    rank in no form: its adjective, the
    superlative as written, their close spellings and WordNet relations ("old", "oldest",
    "older"): a passage that tells it anywhere may tell of the reader's one. The forms are
    one step from the rank: the terms of the units written as it, not the terms of a unit
    written as one of those (a relation's relation), whatever the units' order."""
    for ranked in query.analysis.ranked:  # most questions rank no noun
        if ranked.noun not in facts.terms:
            continue
        rank = {term(ranked.rank), ranked.written}
        forms = rank.union(*(u.terms for u in query.units if term(u.word) in rank))
        if not forms.isdisjoint(facts.terms):
            continue
        holding = [s.text for s in facts.sentences if ranked.noun in s.terms]
        if rivalled(ranked, holding):
            return True
    return False


def role_elsewhere(
    query: Query, facts: PassageFacts, in_article: InArticle, rules: RuleSettings
) -> bool:
    """Whether a question asking who holds a role ("Who coaches the Syrian refugee team?",
    "Who will command Atlantis?": bot/answering/roles.py `holder_verb`) has a best passage
    that tells of the thing asked without the role, in no form of the verb or its noun
    ("coach", "commander") nor a WordNet relation ("leader" of "leads"), while its article
    uses the verb's own forms elsewhere ("the Afghan team's coach, Alireza Mehraban"): the
    role is told of something else. An article that never uses them may tell the role in
    other words ("spokesman Dmitry Peskov" of "Who speaks for Putin?"): nothing is said."""
    verb = query.analysis.holder_verb if rules.role_holder else ""
    units = [u for u in query.units if u.word == verb] if verb else ()
    if not units:  # most questions ask no role's holder
        return False
    role = units[0]
    if role.held(facts.terms) or (query.leader_roles and names_leader(query, facts)):
        return False  # "Who runs X?" of "the X director, Jane Roe": told in its own words
    return bool(in_article(replace(role, terms=dict.fromkeys(role.own, 1.0))))


def holds_kind(query: Query, facts: PassageFacts, rules: RuleSettings) -> bool:
    """Whether a sentence of the passage holds the kind of answer the question's wording
    asks for (bot/answering/answer_types.py), about the thing asked: a sum for "how much
    did it cost" (in a sentence holding another word of the question, `told_of`), a number
    with the hours for "how many hours", a name for "which hospital"."""
    analysis = query.analysis
    if not analysis.kind:
        return True
    subject = set(analysis.kind_of)
    if analysis.kind == kinds.NAMED and rules.named_head:
        subject = set(analysis.kind_of[-1:])  # "which UN OFFICIALS": a name with the officials
    about = frozenset(t for u in query.units if u.word in subject for t in u.terms)
    own = analysis.person_words
    owner = set(analysis.kind_owner) if rules.owner_must_match else set()
    whose = frozenset(t for u in query.units if u.word in owner for t in u.own)
    # for a count, the question's other words: "70 members OF THE COUNCIL" counts its seats
    others = frozenset(
        t
        for u in query.units
        if analysis.kind == kinds.COUNT and rules.count_parts and u.word not in subject
        for t in u.own
    )
    told = told_of(query) if rules.sum_told and analysis.kind == kinds.MONEY else ()
    sentences = facts.sentences
    return any(
        kinds.states(analysis.kind, s.text, about, own, rules, whose, others)
        and (not told or _tells(told, sentences[k - 1] if k else None, s))
        for k, s in enumerate(sentences)
    )


def _tells(told: Sequence[Unit], before: Sentence | None, sentence: Sentence) -> bool:
    """Whether the sentence stating a sum holds a word of `told`, or the one before it does
    where this one goes on from it: it opens with a pronoun ("The club unveiled plans for a
    stadium. It will cost £38 million.") or with "the" and a noun naming money ("The price
    was ...": any such noun, not only the question's)."""
    if any(u.held(sentence.terms) for u in told):
        return True
    if before is None or not _goes_on(sentence.text):
        return False
    return any(u.held(before.terms) for u in told)


def _goes_on(text: str) -> bool:
    """A sentence opening with a pronoun ("It", "He", '"They', "Its cost") or with "the" and
    a noun naming money ("The price"): it tells of what the one before named."""
    opening = [w.strip("\"'“‘(").lower() for w in text.split(maxsplit=2)[:2]]
    if not opening:
        return False
    if opening[0] in _GOING_ON:
        return True
    return len(opening) == 2 and opening[0] == "the" and opening[1] in kinds.money_nouns()


def told_of(query: Query) -> list[Unit]:
    """The words of a question asking a sum that tell what the sum is of, all but those
    naming money ("How much COMPENSATION will Milner receive?": Milner, receive): the
    sentence stating the sum holds one of them, in any form (its close spellings and
    WordNet relations too: a check that declines reads widely). A question of no other word
    ("How much was the fine?") is answered by any sum."""
    money = kinds.money_nouns()
    return [u for u in query.units if u.word not in money]


def coverage(
    query: Query, facts: PassageFacts, in_article: InArticle, rules: RuleSettings
) -> float:
    """The question's IDF share the passage holds. When it states the number, date or
    place asked for, words elsewhere in its article count at ``article_weight``: the
    question names the story ("How cold did it get in the apple orchards?", "Where did the
    couple take their son?"), the answering paragraph only the number or place
    ("Temperatures fell to minus five degrees", "a trip to Lisbon"). So for a term
    naming the thing asked (bot/answering/naming.py), whose frame words ("call", "name")
    describe the answer's form and count as held: "What does Moscow call the war?" is
    answered by 'its "special military operation"' in a story about the war."""
    held = [unit.held_strict(facts.terms) for unit in query.units]  # relations rank, not decide
    if query.leader_roles and names_leader(query, facts):  # "X's chief executive, Jane Roe"
        held = led_held(query, held)  # holds the reader's "head", "boss", "runs", "charge"
    naming = query.analysis.naming is not None
    kind = query.analysis.answer_type
    typed = naming or kind in (NUMBER, DATE) or (rules.place_in_article and kind == PLACE)
    if not typed or not states(query, facts):
        return query.share(held)
    if naming:  # "call", "name": the answer's form, which the naming construction has
        for k in query.frame:
            held[k] = 1.0
    if not rules.article_weight:
        return query.share(held)
    around = [in_article(unit) for unit in query.units]
    weight = rules.article_weight
    return query.share([max(h, weight * a) for h, a in zip(held, around, strict=True)])


def holds_asked(query: Query, facts: PassageFacts, rules: RuleSettings) -> bool:
    """Whether the passage holds what is counted or whose holder is asked ("how many
    SOLDIERS", "the PRESIDENT of"), in any form: an answer names it."""
    analysis = query.analysis
    asked = analysis.asked
    if rules.counted_is_head and analysis.counts:  # "how many Russian soldiers": not any Russian
        asked = asked[-1:]
    units = [u for u in query.units if u.word in asked]
    if units and query.leader_roles and names_leader(query, facts):
        return True  # "the BOSS of X" of "X's chief executive, Jane Roe"
    if units and analysis.measured in asked and analysis.units:
        return states(query, facts)  # "2.4 megawatts" is an amount of electricity
    if units and analysis.money and states(query, facts):
        return True  # "how much money came from ...": "4 million euros" is the money
    return not units or any(u.held(facts.terms) for u in units)


def holds_numbers(query: Query, facts: PassageFacts) -> bool:
    """Whether the passage holds the numbers the question names ("in 1107", "the 10th
    century"): as specific as a name, and an answer states them."""
    terms = facts.terms
    return all(
        not u.own.isdisjoint(terms)  # no close spellings: 1170≠1107
        for u in query.units
        if u.numeric  # kept per unit, as a known word's unit is kept
    )


def numbers_in_article(query: Query, in_article: InArticle) -> bool:
    """Whether the best article holds every number above twelve the question names ("the
    championship in 2021", "the 300 workers"), as written: like a name, a year or a count
    is specific, and an article that never states it tells of another event ("won the
    2019 championship"). Twelve and under are often spelled out ("three workers")."""
    return all(
        in_article(replace(u, terms=dict.fromkeys(u.own, 1.0)))  # as written: its own terms
        for u in query.units
        if u.word[0].isdigit() and not (u.word.isdigit() and int(u.word) <= 12)
    )


def dated_elsewhere(
    query: Query, facts: PassageFacts, in_article: InArticle, rules: RuleSettings
) -> bool:
    """Whether the number (a year, a century) the question dates its event by stands in the
    passage only in sentences telling of something else, while its article tells of the
    event: the sentence holding the number holds less than ``number_event_share`` of the
    question's other words (by IDF), and the article holds each of them. "What battle took
    place in the 10th century?" of "the people who in the 10th and 11th centuries gave
    their name to Normandy": the battle is told elsewhere, with another date."""
    share = rules.number_event_share
    numbers = [u for u in query.units if u.numeric] if share else ()
    if not numbers:  # most questions name no number
        return False
    others = [u for u in query.units if not u.numeric and u.own.isdisjoint(_PERIOD)]
    mass = sum(u.idf for u in others)
    dating = [
        s.terms for s in facts.sentences if all(not u.own.isdisjoint(s.terms) for u in numbers)
    ]
    if not mass or not dating or not all(in_article(u) for u in others):
        return False
    told = max(sum(u.idf * u.held_strict(terms) for u in others) for terms in dating)
    return told < share * mass


def event_elsewhere(query: Query, facts: PassageFacts, rules: RuleSettings) -> bool:
    """Whether a question asking a date ("when", "what year") or a duration ("how long")
    has a best passage telling dates or durations only in clauses holding none of its other
    words, in any form ("When will the spacecraft run out of fuel?" of "The spacecraft,
    which still has a third of its fuel, fired its engines on Monday": the date is the
    engines' firing; bot/answering/events.py). The words naming the kind asked ("long",
    "year", "date") and the numbers are not the event's. Read for a body passage only:
    the details passage's date is the article's (`undated_event`)."""
    analysis = query.analysis
    if not rules.event_told:
        return False
    if analysis.kind == kinds.DURATION:
        kind, cues = DURATIONS, _NUMBERED
    elif analysis.answer_type == DATE:  # a time of day is a number's cue ("at 2:30")
        kind, cues = DATES, _DATED
    else:  # most questions ask neither
        return False
    told = [
        u
        for u in query.units
        if not u.numeric and u.own.isdisjoint(_PERIOD) and u.word not in _KIND_WORDS
    ]
    if not told:
        return False

    def held(terms: frozenset[str]) -> bool:
        return any(u.held(terms) for u in told)

    sentences = ((s.text, s.terms) for s in facts.sentences if not cues.isdisjoint(s.cues))
    return told_elsewhere(sentences, kind, held)


def unknown_topic(query: Query, kind: str, rules: RuleSettings) -> bool:
    """A details or photo question naming its article by words no article holds:
    "Who wrote the story about the tidal turbines?" with no such story loaded. The hint
    words ("wrote", "story") match every details passage, so coverage alone passes it."""
    if not rules.topic_must_be_known or kind not in ("details", "caption"):
        return False
    units = [u for u in query.units if u.word in query.analysis.topic]
    return bool(units) and all(not u.terms for u in units)


def undated_event(query: Query, kind: str, rules: RuleSettings) -> bool:
    """A date asked of an event ("On what date did the parts arrive?") that only the
    article's details passage answers: its date is the article's, which answers only a
    question about the article ("When was the story published?")."""
    if not rules.details_dates_article or kind != "details":
        return False
    return query.analysis.answer_type == DATE and not query.written_terms & _ABOUT_ARTICLE
