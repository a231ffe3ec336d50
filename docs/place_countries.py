"""Writes bot/data/place_countries.txt: each named place of WordNet 3.0 with the places it is
part of up to its country, and the words naming those ("Kremlin": Moscow, Russia, Russian).

A news story names a body by its seat ("the Kremlin spokesman", "a Downing Street source",
"White House officials"), and a reader asks of it by the country's adjective ("the Russian
spokesman"). The qualifier check (bot/answering/qualifiers.py) must read the seat as the
reader's country, or it takes the story's one for another. WordNet tells where a named place
stands: its part holonyms ("#p": the Kremlin is part of Moscow, Moscow of Russia), walked up
to every country above it and no further (not the continents, hemispheres and oceans above,
which would make every European place "Western"); and it tells the words naming a country:
its synonyms ("Britain" of the United Kingdom), the adjectives pertaining to or derived from
a place of that name ("Russian", "British" of Great Britain), its people's nouns (member
meronyms: "Englishman"), and the unions it is a member of (the EU, "European").

Each line is a place's index term (bot/text.py `term`; a name of several words joined by
"_": "down_street" of Downing Street) and the index terms of those words, names of several
words joined the same way. Only WordNet is read, no question set's words.

    apt-get install wordnet-base && PYTHONPATH=. python docs/place_countries.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

from word_relations import WORDNET, Synset, WordNet  # noqa: E402

from bot.text import term  # noqa: E402

TARGET = ROOT / "bot" / "data" / "place_countries.txt"
COUNTRY: Synset = ("n", "08544813")  # country, state, land: "the territory of a nation"
PERSON_FILE = 18  # noun.person: a member of a country who names it ("Englishman")
LOCATION_FILE = 15  # noun.location: the senses of a country's name whose adjectives count
DEPTH = 6  # hypernym steps from an instance's kind to "country" (a kingdom is 2)

HEADER = """\
# Named places and the places they are part of, up to their country, with the words naming
# those (synonyms, adjectives, people, unions): "kremlin moscow russia russian ...". Index
# terms (bot/text.py `term`); a name of several words joined by "_". Made by
# docs/place_countries.py from WordNet 3.0 (Debian's wordnet-base package); WordNet's
# licence notice is in word_relations.txt (WordNet 3.0 Copyright 2006 by Princeton
# University).
"""


def index_term(lemma: str) -> str:
    """A WordNet lemma as index terms: "downing_street" -> "down_street"; "" for one with
    other than letters ("washington_d.c.")."""
    parts = lemma.replace("-", "_").split("_")
    if not all(p.isalpha() and p.isascii() for p in parts):
        return ""
    return "_".join(term(p) for p in parts)


class Places:
    def __init__(self, wordnet: WordNet):
        self.wordnet = wordnet
        self.naming: dict[Synset, set[str]] = defaultdict(set)  # a place -> words naming it
        for synset, pointers in wordnet.pointers.items():
            for symbol, target, source, _ in pointers:
                adjective = symbol in ("\\", "+") and synset[0] == "a"
                people = symbol == "#m" and wordnet.lexfile[synset] // 10 == PERSON_FILE
                if adjective or people:
                    words = wordnet.words[synset]
                    lemmas = [words[source - 1][0]] if source else [w for w, _ in words]
                    self.naming[target].update(lemmas)
        self._countries: dict[Synset, bool] = {}

    def is_country(self, synset: Synset) -> bool:
        """A nation's territory: an instance of "country" or of a kind of it (a kingdom, a
        European country)."""
        if synset not in self._countries:
            kinds = [t for s, t, _, _ in self.wordnet.pointers[synset] if s == "@i"]
            self._countries[synset] = any(self._below_country(k, DEPTH) for k in kinds)
        return self._countries[synset]

    def _below_country(self, synset: Synset, depth: int) -> bool:
        if synset == COUNTRY:
            return True
        above = [t for s, t, _, _ in self.wordnet.pointers[synset] if s == "@"]
        return depth > 0 and any(self._below_country(t, depth - 1) for t in above)

    def holonyms(self, synset: Synset) -> set[Synset]:
        """The places `synset` is part of, through any number of steps, that are countries or
        part of one (the Kremlin: Moscow, Russia; not Eurasia, above every country)."""
        above = self._above(synset)
        return {s for s in above if self.is_country(s) or any(map(self.is_country, self._above(s)))}

    def _above(self, synset: Synset) -> set[Synset]:
        """Every place `synset` is part of (part holonyms, any number of steps)."""
        above: set[Synset] = set()
        todo = [synset]
        while todo:
            for symbol, target, _, _ in self.wordnet.pointers[todo.pop()]:
                if symbol == "#p" and target not in above:
                    above.add(target)
                    todo.append(target)
        return above

    def words(self, synset: Synset) -> set[str]:
        """The words naming a place: its own, and for each, the adjectives, people and
        derived words of that name's location senses ("great_britain": "british")."""
        found: set[str] = set()
        for lemma, _ in self.wordnet.words[synset]:
            found.add(lemma)
            for sense in self.wordnet.senses.get(lemma, []):
                location = sense[0] == "n" and self.wordnet.lexfile[sense] // 10 == LOCATION_FILE
                if sense == synset or location:
                    found.update(self.naming.get(sense, ()))
        return found

    def unions(self, synset: Synset) -> set[Synset]:
        """The bodies a country is a member of (member holonyms: the EU, NATO)."""
        return {t for s, t, _, _ in self.wordnet.pointers[synset] if s == "#m"}


def main() -> None:
    wordnet = WordNet(WORDNET)
    places = Places(wordnet)
    table: dict[str, set[str]] = defaultdict(set)
    for synset in wordnet.pointers:
        if synset[0] != "n" or not wordnet.is_instance(synset):
            continue
        above = places.holonyms(synset)
        if not above:
            continue
        for country in [s for s in above if places.is_country(s)]:
            above |= places.unions(country)
        # one word each: a question's word is one (a reader's "British", "Moscow")
        named = {index_term(w) for s in above for w in places.words(s)}
        named = {t for t in named if t and "_" not in t}
        for lemma, _ in wordnet.words[synset]:
            own = index_term(lemma)
            if own:
                table[own] |= named - {own}
    lines = [own + " " + " ".join(sorted(table[own])) for own in sorted(table) if table[own]]
    TARGET.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(lines)} places", file=sys.stderr)


if __name__ == "__main__":
    main()
