"""Text analysis shared by passages and questions: tokens, stopwords, stems.

The same `analyze` runs on both sides, so whatever folding happens here
(case, curly quotes, possessives, thousands separators, accents) makes the
reader's spelling meet the article's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from bot.lexicon import LEMMAS

MAX_QUESTION_CHARS = 1000  # longer questions are cut here before analysis

# A number keeps its separators (660,000 / 3.5) so that they can be folded; single
# letters joined by full stops are one abbreviation ("U.S.", "a.m.", "e.g.") whose letters
# are joined ("us", "am", "eg"), so that "U.S." meets "US"; a word keeps inner apostrophes
# (we're, Putin's, didn't) so that they can be split.
DOTTED = r"[^\W\d_]\.(?:[^\W\d_]\.)*[^\W\d_](?![^\W\d_])\.?"
TOKEN = re.compile(rf"\d+(?:[.,]\d+)*|{DOTTED}|[^\W\d_]+(?:'[^\W\d_]+)*")
CLITICS = frozenset({"s", "re", "ve", "ll", "d", "m"})  # Putin's, it's, we're, I'd
# English's auxiliary verbs, by the verb each is a form of: the one list, which the
# question's analysis, the short answers' readings and follow-up detection take whole or by
# the named parts below.
BE_FORMS = frozenset("am is are was were".split())  # finite "be": also a copula ("What is X?")
# every form of "be": before a participle, a passive ("was burned"); before a bare word, what
# is said of the subject ("Who was unhappy?")
BE_ALL_FORMS = BE_FORMS | frozenset({"be", "been", "being"})
HAVE_FORMS = frozenset("has have had".split())
DO_FORMS = frozenset("do does did".split())
MODALS = frozenset("can could will would shall should may might must".split())
# The finite ones: one of these opens a yes/no question ("Is it ...?", "Shall we ...?").
FINITE_AUXILIARIES = BE_FORMS | HAVE_FORMS | DO_FORMS | MODALS
# ... and "be", "been" after another ("will be", "has been"): before a subject or after a
# plural noun ("Which agencies ARE ...").
AUXILIARIES = FINITE_AUXILIARIES | frozenset({"be", "been"})
# English's determiners: articles and demonstratives, and the possessive ones, which also
# stand for a party already named ("his men").
ARTICLES = frozenset("a an the this that these those".split())
POSSESSIVES = frozenset("my your his her its our their".split())
DETERMINERS = ARTICLES | POSSESSIVES
# The prepositions a noun phrase ends at ("the Normans | in ...", "the form | by ...").
PREPOSITIONS = frozenset("in on at about for from with to into during after before by of".split())


def alternatives(words: frozenset[str]) -> str:
    """`words` as a regular expression's alternatives, longest first ("does" before "do")."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# "n't" is the negation "not": "didn't" is "did not", as the reader who writes it out
# means. Only after an auxiliary verb ("O'Neill" is a name); won't, can't, shan't and ain't
# are not the verb and "n"; "mayn't" is no longer written; "needn't" is "need" as a modal.
NEGATED = {f"{verb}n": verb for verb in FINITE_AUXILIARIES - {"will", "can", "shall", "may"}} | {
    "needn": "need",
    "won": "will",
    "can": "can",
    "shan": "shall",
    "ain": "is",
}
# ... and the same contractions typed without the apostrophe ("didnt", "cannot")
FUSED = {f"{head}t": (verb, "not") for head, verb in NEGATED.items()} | {"cannot": ("can", "not")}
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})

# Function words that carry no topic. Question words (who, when, how, many)
# are here too: answer.py reads them from the raw question for answer types.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don
    down during each few for from further had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just let ll me more most
    mustn my myself no nor not of off on once only or other ought our ours ourselves out over
    own re same shan she should shouldn so some such than that the their theirs them themselves
    then there these they this those through to too under until up ve very was wasn we were
    weren what when where which while who whom why will with would wouldn you your yours
    yourself yourselves s t d m o y also ever many much whose tell say says said told please
    does did know want like get got since according among within without upon onto via per
    though although however whether yet around across toward towards
    happen happened happens happening thing things anything something everything exactly
    located situated
    actually really
    whats whos wheres whens hows whys thats theres heres its im ive youre theyre
    eg ie etc
    """.split()
)
# "located", "situated": "Where is the dam located?" asks where the dam is; the verb names
# no topic, and an article rarely repeats it ("the dam, on the Rhône").
# "eg", "ie", "etc": "e.g.", "i.e." and "etc." (dotted letters are joined, see TOKEN).
# "whats" … "theyre": contractions typed without the apostrophe ("Whats the ICC
# investigating?"), as common in chat as the apostrophe forms; "didnt" is FUSED above.
# Negations matter for yes/no questions ("not members of the ICC"), so keep them.
STOPWORDS = STOPWORDS - {"no", "not", "nor"}

_stemmer = Stemmer.Stemmer("english")
# Combining marks (accents once decomposed), as one regex: a per-character loop was the
# slowest step of indexing text with curly quotes or accents.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_COMBINING = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x10000) if unicodedata.combining(chr(c))) + "]"
)


# An ASCII-only TOKEN for ASCII text, where it matches exactly what TOKEN
# matches but faster (this runs over every passage when an index is built).
_TOKEN_ASCII = re.compile(TOKEN.pattern, re.ASCII)


def normalize(text: str) -> str:
    """NFKC, curly quotes to straight ones, accents dropped, case folded."""
    if text.isascii():  # the common case: nothing to compose, decompose or drop
        return text.replace("`", "'").casefold()
    text = unicodedata.normalize("NFKC", text).translate(APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", text)
    if _ASTRAL.search(decomposed):  # marks beyond U+FFFF (rare) are not in _COMBINING
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _COMBINING.sub("", decomposed).casefold()


def words(text: str) -> list[str]:
    """Surface tokens after normalisation: possessives cut, numbers unseparated."""
    found: list[str] = []
    for raw in tokens(normalize(text)):
        if not raw.isalpha():  # a number, an abbreviation, a word with an apostrophe
            found.extend(token_words(raw))
        elif raw in FUSED:
            found.extend(FUSED[raw])
        else:  # the common case, kept cheap: indexing calls this for every word
            found.append(raw)
    return found


def tokens(normal: str) -> list[str]:
    """Raw tokens of normalised text, before `token_words` folds each one."""
    found: list[str] = (_TOKEN_ASCII if normal.isascii() else TOKEN).findall(normal)
    return found


def token_words(raw: str) -> list[str]:
    """The surface words of one raw token: "putin's" -> putin, "660,000" -> 660000,
    "u.s." -> us, "didn't" -> did not."""
    if raw[0].isdigit():
        return [_fold_number(raw)]
    if "." in raw:
        return [raw.replace(".", "")]
    head, *tail = raw.split("'")
    if tail and tail[0] == "t" and head in NEGATED:
        return [NEGATED[head], "not", *(p for p in tail[1:] if p not in CLITICS)]
    return [head, *(piece for piece in tail if piece not in CLITICS)]


_SEPARATED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # "660,000"


def _fold_number(raw: str) -> str:
    """'660,000' -> '660000'; '3.5' stays; a trailing separator is dropped."""
    if _SEPARATED.fullmatch(raw):
        raw = raw.replace(",", "")
    return raw.rstrip(".,")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


# British spellings folded to American ones on both sides (neighbour/neighbor, centre/center,
# organise/organize), so that an article in one spelling answers a reader in the other.
# Each row: the British letters, the American ones, how many letters must come before, and
# the endings that may follow ("" for none).
_BRITISH_SPELLINGS = (
    ("our", "or", 3, ("", "s", "ed", "ing", "ite", "ites", "hood", "hoods", "able")),
    ("tre", "ter", 2, ("", "s")),
    ("is", "iz", 3, ("e", "es", "ed", "ing", "ation", "ations")),
    ("ys", "yz", 2, ("e", "es", "ed", "ing")),
)
_BRITISH = tuple(
    (re.compile(rf"^(\w{{{before},}}){british}({'|'.join(endings)})$"), rf"\1{american}\2")
    for british, american, before, endings in _BRITISH_SPELLINGS
)
_BRITISH_ENDINGS = tuple(
    british + ending for british, _, _, endings in _BRITISH_SPELLINGS for ending in endings
)


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of one surface word: irregular forms and British spellings folded,
    then stemmed."""
    word = LEMMAS.get(word, word)
    if word.endswith(_BRITISH_ENDINGS):  # cheap test first: indexing calls this per new word
        for pattern, replacement in _BRITISH:
            word = pattern.sub(replacement, word)
    return stem(word)


# Words whose -s makes no plural nor a verb's form: adverbs and a conjunction of English.
_S_ADVERBS = frozenset("always sometimes perhaps besides afterwards nowadays whereas".split())


def s_form(word: str) -> bool:
    """Whether the lower-case `word` may be a plural noun or a verb's -s form ("cities",
    "makes", "causes"): an -s that its stem drops, or the stem of the word without it
    ("caus" of "causes" and "cause"); not after s, u or i ("boss", "bus", "crisis", "his"),
    not the -s of a word whose stem keeps it ("news"), and no adverb ("always")."""
    if not word.endswith("s") or word.endswith(("ss", "us", "is")) or word in _S_ADVERBS:
        return False
    stemmed = term(word)
    return not stemmed.endswith("s") or stemmed == term(word[:-1])


# Every ASCII byte that no token can contain (all but letters, digits, the apostrophes
# and number separators) becomes a space, and ASCII capitals small letters (as
# normalize would make them), so that "The" and "the" are one piece; bytes of other
# characters are kept.
_TOKEN_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789'`.,")
_SPLIT_TABLE = bytes(
    b + 32 if 65 <= b <= 90 else b if b in _TOKEN_CHARS or b >= 128 else 32 for b in range(256)
)


def pieces(text: str) -> list[bytes]:
    """`text` cut where no token can continue, as UTF-8 in ASCII lower case: `words` of
    each piece, in order, are the words of the text.

    Indexing an archive reads each distinct piece once and counts the rest in C
    (bot/postings.py); this is the cheap step that makes that possible. A cut falls
    only on an ASCII character that normalisation leaves as it is and no token
    contains, so no word is cut or joined.
    """
    # A lone surrogate (possible in JSON-borne text) is no word: "?" becomes a cut.
    return text.encode(errors="replace").translate(_SPLIT_TABLE).split()


def analyze(text: str) -> list[str]:
    """Tokens used for retrieval: words without stopwords, lemmatised and stemmed."""
    return [term(word) for word in words(text) if word not in STOPWORDS]
