"""Writes bot/data/word_relations.txt: general English word relations, from WordNet 3.0.

A reader asks in their own words ("Who RESCUED the hikers?") what an article states in
its own ("the RESCUERS reached them"). The bot lets a question word also match related
words, below an exact match (bot/relations.py). The relations come from WordNet, not from
any question set:

- synonyms: the other words of the same synset (fund ~ finance);
- derivations and pertainyms: WordNet's derivationally related forms (rescue ~ rescuer,
  elect ~ election) and the adjective-noun links (cold ~ temperature, Australian ~ Australia);
- hypernyms one step, both ways (picker ~ worker), causes (kill ~ die) and entailments;
- adjectives WordNet calls similar (a cluster's head and its satellites: big ~ outsize,
  angry ~ furious) and "also see" (loud ~ noisy), and verbs of one verb group (eat ~ feed:
  senses WordNet itself says are alike); antonyms are never a relation;
- for a named place, the place it is part of (Lyon ~ France);
- phrasal verbs: WordNet's verb + particle lemmas ("leave_out" ~ exclude, omit), their verb
  senses only, keyed by the verb's index term and the particle (`leav_out`); answering
  looks them up for a verb and particle of a question (bot/answering/phrasal.py), never
  from a single word. Untagged ones are kept: their senses are ranked by WordNet's order.

Each relation is weighted by how often the word means the sense it comes from: the sense's
share of the word's tagged occurrences in WordNet's cntlist (SemCor counts), smoothed by the
sense's rank, so a rare sense ("fund" as a stock of something) weighs little. Words are
stemmed with the bot's own analysis (bot/text.py `term`), so the file maps index terms to
index terms. Each term keeps its ``KEEP`` strongest relations above ``LOWEST``; words
never tagged in SemCor are left out (too rare to tell their sense), except names.

Variants of the making, measured in docs/quality.md round 31 and all off here (the
shipped table is made by the defaults): sisters (the other hyponyms of a sense's
hypernym when it has at most ``SISTERS``: prison ~ jail), ``POS_POWER`` below 1 (a word's
rarer part of speech weighs more: "judge" the noun), ``LEMMA_POWER`` below 1 (a rarer word
of an index term weighs more: "prison" beside "prisoner"). Any constant can be set for
one run, to measure a variant: ``python docs/word_relations.py LOWEST=0.3 KINDS.sister=0.6``.

WordNet is Debian's `wordnet-base` package (the WordNet 3.0 database; its licence allows
redistribution with its notice, copied into the file's header). To remake the file:

    apt-get install wordnet-base && PYTHONPATH=. python docs/word_relations.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.text import STOPWORDS, term  # noqa: E402

WORDNET = Path("/usr/share/wordnet")
TARGET = ROOT / "bot" / "data" / "word_relations.txt"
KINDS_TARGET = ROOT / "bot" / "data" / "named_kinds.txt"
VERBS_TARGET = ROOT / "bot" / "data" / "change_verbs.txt"
# Verbs whose usual sense is a change, a state or a movement (lexicographer files
# verb.change, verb.motion, verb.stative): news tells of them in many words ("growing" /
# "increasing" / "rising"), so a yes/no question's claim is not checked by such a verb.
CHANGE_FILES = frozenset({30, 38, 42})
# Nouns whose usual sense is a kind of thing news names: people, groups and bodies,
# places, and facilities (a noun is listed when its most frequent sense is in one of
# these lexicographer files, or is a facility or building).
NAMED_FILES = {18: "person", 14: "group", 15: "place"}
FACILITY_WORDS = frozenset({"facility", "building", "institution", "establishment"})
# Particles of English phrasal verbs ("held UP", "left OUT", "turned DOWN"): a WordNet verb
# of a verb and one of these is read as one word ("hold_up" ~ delay, bot/answering/phrasal.py).
PARTICLES = frozenset(
    "up down out off back away over in on for about through into along around apart".split()
)
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
SENSE_TYPE = {"n": 1, "v": 2, "a": 3, "r": 4, "s": 5}  # the number in a sense key
# The weight of a relation of each kind, times the sense's share of the word's uses.
KINDS = {
    "syn": 1.0,  # same synset
    "+": 0.9,  # derivationally related form
    "\\": 0.8,  # pertainym (adjective -> noun) / derived from adjective (adverb)
    "=": 0.6,  # attribute (cold -> temperature)
    ">": 0.6,  # cause (kill -> die)
    "*": 0.5,  # entailment (win -> play)
    "@": 0.5,  # hypernym, one step
    "~": 0.3,  # hyponym, one step (the hypernym's inverse)
    "#p": 0.5,  # part of, for a named place only (Lyon -> France)
    # issue 15, round 8 (docs/quality.md): fitted by docs/fit.py as a set (+3 of 687, no loss)
    "&": 0.7,  # similar to: an adjective cluster's head and satellites (big ~ outsize)
    "$": 0.7,  # verb group: senses of verbs WordNet groups as alike (eat ~ feed)
    "^": 0.5,  # also see (loud ~ noisy)
    "sister": 0.4,  # another hyponym of a sense's hypernym (prison ~ jail), see SISTERS
}
GENERAL = 40  # a synset with more hyponyms is too general to relate ("person", "act")
LOWEST = 0.2  # weaker relations are left out
KEEP = 8  # strongest relations kept per index term
RANK_PRIOR = 0.5  # a sense's count is smoothed by RANK_PRIOR / its rank
POS_POWER = 1.0  # below 1, a word's rarer part of speech weighs more ("judge" the noun)
LEMMA_POWER = 1.0  # a word's share of its index term's uses, to this power, weighs its relations
SISTERS = 0  # sisters are related when their hypernym has at most this many hyponyms (0: none)

HEADER = """\
# General English word relations, by index term (bot/text.py `term`): each line is a term
# and its related terms with weights in hundredths (synonyms, derivations, one-step
# hypernyms and hyponyms, similar adjectives, verb groups, weighted by sense frequency).
# Made by docs/word_relations.py from WordNet 3.0 (Debian's wordnet-base package). Its
# licence asks for this notice:
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Permission to use, copy, modify and distribute this software and database and its
# documentation for any purpose and without fee or royalty is hereby granted, provided
# that you agree to comply with the following copyright notice and statements, including
# the disclaimer, and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal use or for distribution.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION,
# PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS
# FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR
# DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER
# RIGHTS. The name of Princeton University or Princeton may not be used in advertising or
# publicity pertaining to distribution of the software and/or database. Title to copyright
# in this software, database and any associated documentation shall at all times remain
# with Princeton University and LICENSEE agrees to preserve same.
"""

Synset = tuple[str, str]  # (pos, offset)


class WordNet:
    def __init__(self, folder: Path):
        self.words: dict[Synset, list[tuple[str, int]]] = {}  # synset -> (lemma, lex_id)
        self.lexfile: dict[Synset, int] = {}
        self.pointers: dict[Synset, list[tuple[str, Synset, int, int]]] = {}
        for name, pos in POS.items():
            for line in (folder / f"data.{name}").read_text("latin-1").splitlines():
                if not line or line.startswith(" "):
                    continue
                self._read(line.split(" | ")[0].split(), pos)
        self.senses: dict[str, list[Synset]] = defaultdict(list)  # lemma -> synsets by rank
        for name, pos in POS.items():
            for line in (folder / f"index.{name}").read_text("latin-1").splitlines():
                if line.startswith(" "):
                    continue
                fields = line.split()
                count = int(fields[2])
                self.senses[fields[0]].extend((pos, o) for o in fields[-count:])
        self.counts: dict[str, int] = {}
        for line in (folder / "cntlist.rev").read_text("latin-1").splitlines():
            key, _, count = line.split()
            self.counts[key] = int(count)

    def _read(self, fields: list[str], pos: str) -> None:
        offset, lexfile, ss_type = fields[0], int(fields[1]), fields[2]
        synset = (pos, offset)
        n_words = int(fields[3], 16)
        words = [(fields[4 + 2 * k].lower(), int(fields[5 + 2 * k], 16)) for k in range(n_words)]
        at = 4 + 2 * n_words
        n_pointers = int(fields[at])
        pointers = []
        for k in range(n_pointers):
            symbol, target, target_pos, source_target = fields[at + 1 + 4 * k : at + 5 + 4 * k]
            target_pos = "a" if target_pos == "s" else target_pos
            source, goal = int(source_target[:2], 16), int(source_target[2:], 16)
            pointers.append((symbol, (target_pos, target), source, goal))
        self.words[synset] = words
        self.lexfile[synset] = lexfile * 10 + SENSE_TYPE[ss_type]  # both, for the sense key
        self.pointers[synset] = pointers

    def sense_key(self, lemma: str, synset: Synset) -> str:
        lex_id = dict(self.words[synset]).get(lemma, 0)
        lexfile, ss_type = divmod(self.lexfile[synset], 10)
        head = ""
        if ss_type == 5:  # a satellite adjective names its cluster's head
            similar = [p for p in self.pointers[synset] if p[0] == "&"]
            if similar:
                head_word, head_id = self.words[similar[0][1]][0]
                head = f"{head_word}:{head_id:02d}"
        return f"{lemma}%{ss_type}:{lexfile:02d}:{lex_id:02d}:{head}:{'00' if head else ''}"

    def uses(self, lemma: str, pos: str = "") -> int:
        """How often `lemma` was tagged, over all its senses (of part of speech `pos`)."""
        return sum(
            self.counts.get(self.sense_key(lemma, s), 0)
            for s in self.senses[lemma]
            if not pos or s[0] == pos
        )

    def sense_shares(self, lemma: str, pos: str = "") -> list[tuple[Synset, float]]:
        """Each sense of `lemma` (of part of speech `pos`) with its share of the word's uses."""
        senses = [s for s in self.senses.get(lemma, []) if not pos or s[0] == pos]
        raw = [
            self.counts.get(self.sense_key(lemma, s), 0) + RANK_PRIOR / rank
            for rank, s in enumerate(senses, start=1)
        ]
        total = sum(raw)
        if POS_POWER == 1.0:
            return [(s, r / total) for s, r in zip(senses, raw, strict=True)]
        # a sense's share of its part of speech's uses, times that part's share to POS_POWER
        by_pos: dict[str, float] = defaultdict(float)
        for s, r in zip(senses, raw, strict=True):
            by_pos[s[0]] += r
        return [
            (s, r / by_pos[s[0]] * (by_pos[s[0]] / total) ** POS_POWER)
            for s, r in zip(senses, raw, strict=True)
        ]

    def related(self, lemma: str, pos: str = "") -> dict[str, float]:
        """Lemma -> related lemmas with weights (the best over senses and kinds); only its
        senses of part of speech `pos` when given (a phrasal verb's verb senses)."""
        found: dict[str, float] = {}

        def add(word: str, weight: float) -> None:
            if word != lemma and weight > found.get(word, 0.0):
                found[word] = weight

        hyponyms = self.hyponyms()
        for synset, share in self.sense_shares(lemma, pos):
            words = self.words[synset]
            position = next((k for k, (w, _) in enumerate(words, 1) if w == lemma), 0)
            for word, _ in words:
                add(word, share * KINDS["syn"])
            for symbol, target, source, goal in self.pointers[synset]:
                kind = "@" if symbol == "@" else symbol
                if kind not in KINDS or (source and source != position):
                    continue
                if kind == "@" and len(hyponyms.get(target, ())) > GENERAL:
                    continue
                if kind == "#p" and not self.is_instance(synset):
                    continue  # a wheel is part of a car, but not another word for it
                targets = (
                    [self.words[target][goal - 1][0]]
                    if goal
                    else [w for w, _ in self.words[target]]
                )
                for word in targets:
                    add(word, share * KINDS[kind])
            for sister in self.sisters(synset):
                for word, _ in self.words[sister]:
                    add(word, share * KINDS["sister"])
            below = hyponyms.get(synset, [])
            for target in below if len(below) <= GENERAL else ():
                for word, _ in self.words[target]:
                    add(word, share * KINDS["~"])
        return found

    def sisters(self, synset: Synset) -> list[Synset]:
        """The other hyponyms of `synset`'s hypernyms that have at most SISTERS hyponyms."""
        found: list[Synset] = []
        for symbol, target, _, _ in self.pointers[synset]:
            below = self.hyponyms().get(target, []) if symbol == "@" else []
            if len(below) <= SISTERS:
                found.extend(s for s in below if s != synset)
        return found

    def is_instance(self, synset: Synset) -> bool:
        """A named thing (WordNet's instance nouns: Lyon, the Danube)."""
        return any(symbol == "@i" for symbol, _, _, _ in self.pointers[synset])

    def is_facility(self, synset: Synset, depth: int = 8) -> bool:
        """Whether `synset` is, through hypernyms, a facility or building."""
        for symbol, target, _, _ in self.pointers[synset]:
            if symbol != "@":
                continue
            if {w for w, _ in self.words[target]} & FACILITY_WORDS:
                return True
            if depth and self.is_facility(target, depth - 1):
                return True
        return False

    _hyponyms: dict[Synset, list[Synset]] | None = None

    def hyponyms(self) -> dict[Synset, list[Synset]]:
        if self._hyponyms is None:
            inverse: dict[Synset, list[Synset]] = defaultdict(list)
            for synset, pointers in self.pointers.items():
                for symbol, target, _, _ in pointers:
                    if symbol == "@":
                        inverse[target].append(synset)
            self._hyponyms = inverse
        return self._hyponyms


def usable(lemma: str) -> bool:
    return lemma.isalpha() and lemma.isascii() and lemma not in STOPWORDS and len(lemma) > 2


def phrasal_key(lemma: str) -> str:
    """ "hold_up" -> "hold_up" keyed by the verb's index term ("leave_out" -> "leav_out"), for
    a WordNet verb of a verb and one particle; "" for any other lemma."""
    verb, _, particle = lemma.partition("_")
    if particle not in PARTICLES or not usable(verb):
        return ""
    return f"{term(verb)}_{particle}"


def main(overrides: list[str]) -> None:
    """`overrides`: NAME=VALUE for a constant above (LOWEST=0.15, KINDS.sister=0.3), to
    measure a variant of the table."""
    for item in overrides:
        name, _, value = item.partition("=")
        if name.startswith("KINDS."):
            KINDS[name[6:]] = float(value)
        else:
            globals()[name] = type(globals()[name])(value)
    wordnet = WordNet(WORDNET)
    # Several words share an index term ("win", "winnings"): the term's relations are
    # theirs, each word weighted by its share of the term's uses (+1 each).
    lemmas: dict[str, list[str]] = defaultdict(list)
    for lemma in sorted(wordnet.senses):
        if usable(lemma):
            lemmas[term(lemma)].append(lemma)
        elif (key := phrasal_key(lemma)) and any(s[0] == "v" for s in wordnet.senses[lemma]):
            lemmas[key].append(lemma)  # a phrasal verb: its single-word relations
    by_term: dict[str, dict[str, float]] = defaultdict(dict)
    for own, group in lemmas.items():
        uses = {lemma: wordnet.uses(lemma) + 1 for lemma in group}
        total = sum(uses.values())
        named = all(wordnet.is_instance(s) for lemma in group for s in wordnet.senses[lemma])
        phrasal = "_" in own  # a phrasal verb's few senses are ranked even when never tagged
        if total == len(group) and not named and not phrasal:  # never tagged: too rare
            continue
        relations = by_term[own]
        for lemma in group:
            pos = "v" if "_" in lemma else ""  # "hold_up": its verb senses, not "a holdup"
            for word, weight in wordnet.related(lemma, pos).items():
                other = term(word) if usable(word) else ""
                if other and other != own:
                    if LEMMA_POWER != 1.0:  # a rarer word of the term weighs more
                        weight *= (uses[lemma] / total) ** LEMMA_POWER
                    else:
                        weight = weight * uses[lemma] / total
                    relations[other] = relations.get(other, 0.0) + weight
    lines = []
    for own in sorted(by_term):
        best = sorted(by_term[own].items(), key=lambda item: (-item[1], item[0]))
        kept = [(t, w) for t, w in best[:KEEP] if w >= LOWEST]
        if kept:
            lines.append(own + " " + " ".join(f"{t}:{round(100 * min(w, 1.0))}" for t, w in kept))
    TARGET.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(lines)} terms", file=sys.stderr)
    write_named_kinds(wordnet)
    write_change_verbs(wordnet)


def write_change_verbs(wordnet: WordNet) -> None:
    """bot/data/change_verbs.txt: index terms of verbs (mostly used as verbs) whose most
    frequent verb sense is a change, a movement or a state; only words tagged in SemCor."""
    found: set[str] = set()
    for lemma in wordnet.senses:
        uses = wordnet.uses(lemma) if usable(lemma) else 0
        if not uses or 2 * wordnet.uses(lemma, "v") < uses:  # mostly not a verb
            continue
        first = next(s for s in wordnet.senses[lemma] if s[0] == "v")
        if wordnet.lexfile[first] // 10 in CHANGE_FILES:
            found.add(term(lemma))
    header = (
        "# Index terms of verbs whose usual sense is a change, a movement or a state (WordNet\n"
        "# 3.0 lexicographer files verb.change, verb.motion, verb.stative). Made by\n"
        "# docs/word_relations.py; WordNet's licence notice is in word_relations.txt\n"
        "# (WordNet 3.0 Copyright 2006 by Princeton University).\n"
    )
    lines = [" ".join(sorted(found)[k : k + 12]) for k in range(0, len(found), 12)]
    VERBS_TARGET.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def write_named_kinds(wordnet: WordNet) -> None:
    """bot/data/named_kinds.txt: index terms of nouns naming a kind of named thing
    ("teacher", "hospital", "team"), by kind; only words tagged in SemCor."""
    # A term's kind is its most used word's ("coloured", a person, is not "colour").
    best: dict[str, tuple[int, str]] = {}
    for lemma in wordnet.senses:
        if usable(lemma) and (uses := wordnet.uses(lemma)):
            own = term(lemma)
            if uses > best.get(own, (0, ""))[0]:
                best[own] = (uses, lemma)
    kinds: dict[str, set[str]] = defaultdict(set)
    for own, (_, lemma) in best.items():
        nouns = [s for s in wordnet.senses[lemma] if s[0] == "n"]
        if not nouns or 2 * wordnet.uses(lemma, "n") < wordnet.uses(lemma):  # mostly not a noun
            continue
        first = nouns[0]
        lexfile = wordnet.lexfile[first] // 10
        kind = NAMED_FILES.get(lexfile) or ("facility" if wordnet.is_facility(first) else "")
        if kind:
            kinds[kind].add(own)
    lines = [f"{kind}: " + " ".join(sorted(kinds[kind])) for kind in sorted(kinds)]
    header = (
        "# Index terms of nouns whose usual sense is a kind of named thing (WordNet 3.0\n"
        "# lexicographer files noun.person, noun.group, noun.location, and facilities), by\n"
        "# kind. Made by docs/word_relations.py; WordNet's licence notice is in\n"
        "# word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton University).\n"
    )
    KINDS_TARGET.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
