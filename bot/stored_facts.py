"""The per-passage answering facts as arrays: their layout, and the checks a saved index
runs on them. Built by bot/fact_build.py, saved with the index as
``facts_<name>.npy`` (bot/store_files.py): the large ones (`BLOBS`) read a slice at a time
with pread, the others memory-mapped like the postings.

What re-ranking, declining, highlighting and the short answer need of a candidate
passage (bot/answering/facts.py: its sentences, their terms and cues, hint words, the
surname parts a full name implies) does not depend on the question, so it is computed
once when the index is built, for every passage, and a new question only reads it.

Arrays (P passages, S sentences; ``*_at`` are CSR offsets, one more than their rows):

* ``sentences_at`` int64 [P+1]: passage p's sentences are rows ``sentences_at[p]`` ..
  ``sentences_at[p+1]`` of the sentence arrays;
* ``spans`` int32 [S, 2]: each sentence's start and end in its passage's text; a start of
  -1 means the sentence is not a substring of the text (`split_sentences` re-joins an
  abbreviation's parts with one space) and its text is ``texts`` item ``end``;
* ``cues`` uint8 [S]: bit k set when the sentence holds cue ``CUES[k]``
  (bot/cues.py); ``PHOTO_BIT`` / ``CREDIT_BIT``: a caption sentence described
  by the photo words or the credit words;
* ``terms_at`` int64 [S+1], ``terms`` int32: each sentence's terms in text order;
* ``implied_at`` int64 [S+1], ``implied`` int32: the terms the surname rule adds to the
  sentence (bot/name_parts.py), none of them among its own terms;
* ``document_at`` int64 [P+1], ``document`` int32: the index terms in order of a passage
  whose index text is not its text (captions, details); empty for the others;
* ``words`` uint8 + ``words_at`` int64: the UTF-8 blob of the terms that are not index
  terms (hint words, a name part written apart), term ids from the index's term count on;
* ``texts`` uint8 + ``texts_at`` int64: the sentence texts that are not substrings.

Term ids below the index's term count are the index's own (``Postings.terms``).

A build lays them out so; a saved index keeps each passage's sentences and ids (all but
``words`` and ``texts``: `fact_records.FOLDED`) as one record, a few passages' records one
zstd frame, instead (bot/fact_records.py), and the word and text blobs as they are (their
offsets in int32 when they fit: bot/store_files.py).

To extend (e.g. per-sentence short-answer phrases): add arrays here with their checks,
fill them in `bot.fact_build.FactsBuilder`, fold a per-sentence one into the records
(bot/fact_records.py `FOLDED`, `FIELDS`, `Record`), read them in
`bot.answering.fact_table.FactArrays`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from bot import fact_records

PREFIX = "facts_"  # file name prefix in a saved generation
PHOTO_BIT, CREDIT_BIT = 6, 7
OFFSETS = ("sentences_at", "terms_at", "implied_at", "document_at", "words_at", "texts_at")
IDS = ("terms", "implied", "document")  # term ids
NAMES = (*OFFSETS, "spans", "cues", *IDS, "words", "texts")  # as a build lays them out
# as an index saves them: each passage's sentences one frame (bot/fact_records.py)
SAVED = (*(n for n in NAMES if n not in fact_records.FOLDED), *fact_records.names())
# the large ones, read a slice at a time (bot/store_files.py)
BLOBS = ("words", "texts", fact_records.NAME)

Arrays = Mapping[str, npt.NDArray[Any]]


def fits(facts: Arrays, passages: int, terms: int, full: bool = False) -> bool:
    """Whether `facts` can be read for `passages` passages over an index of `terms` terms
    without indexing out of bounds. Without `full` only the shapes and the last offsets
    (cheap); with it every offset and term id (reads the whole arrays)."""
    records = fact_records.column(facts)
    if records is not None:  # a saved index's
        if set(facts) != set(SAVED) or not records.fits(passages):
            return False
        if not full:
            return _kept_fit(facts)
        folded = records.plain()
        if folded is None:
            return False
        facts = {**facts, **folded}
    if {name for name in facts if name not in fact_records.names()} != set(NAMES):
        return False
    a = facts
    ids = {name: facts[name] for name in IDS}
    sentences = len(a["spans"])
    words = len(a["words_at"]) - 1
    ok = (
        len(a["sentences_at"]) == passages + 1
        and len(a["document_at"]) == passages + 1
        and a["spans"].ndim == 2
        and a["spans"].shape[1] == 2
        and len(a["cues"]) == sentences
        and len(a["terms_at"]) == sentences + 1
        and len(a["implied_at"]) == sentences + 1
        and words >= 0
        and len(a["texts_at"]) >= 1
        and all(int(a[name][0]) == 0 for name in OFFSETS if len(a[name]))
        and int(a["sentences_at"][-1]) == sentences
        and int(a["terms_at"][-1]) == len(ids["terms"])
        and int(a["implied_at"][-1]) == len(ids["implied"])
        and int(a["document_at"][-1]) == len(ids["document"])
        and int(a["words_at"][-1]) == len(a["words"])
        and int(a["texts_at"][-1]) == len(a["texts"])
    )
    if ok and full:
        ok = all(bool(np.all(np.diff(a[name]) >= 0)) for name in OFFSETS) and all(
            _within(np.asarray(i), terms + words) for i in ids.values()
        )
        substituted = a["spans"][a["spans"][:, 0] < 0]
        ok = ok and _within(substituted[:, 1], len(a["texts_at"]) - 1)
    return ok


def _kept_fit(facts: Arrays) -> bool:
    """Whether a saved index's word and text blobs fit their offsets (cheap)."""
    a = facts
    return (
        len(a["words_at"]) >= 1
        and len(a["texts_at"]) >= 1
        and int(a["words_at"][0]) == 0 == int(a["texts_at"][0])
        and int(a["words_at"][-1]) == len(a["words"])
        and int(a["texts_at"][-1]) == len(a["texts"])
    )


def plain(facts: Arrays) -> Arrays:
    """`facts` as a build lays them out: a saved index's records unfolded (reads them all;
    ValueError when they do not decode)."""
    records = fact_records.column(facts)
    if records is None:
        return facts
    folded = records.plain()
    if folded is None:
        raise ValueError("the facts' records do not decode")
    kept = {name: facts[name] for name in NAMES if name not in fact_records.FOLDED}
    return {**kept, **folded}


def _within(values: npt.NDArray[Any], size: int) -> bool:
    return values.size == 0 or (int(values.min()) >= 0 and int(values.max()) < size)
