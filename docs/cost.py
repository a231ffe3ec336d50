"""Instructions per question of answer(), for comparing two versions of the code.

Wall-clock time on a shared machine swings by 2x and more; an instruction count
does not. Run each version twice under callgrind, with 0 and with N passes over
the question sets (the first pass, a warm-up, is in both), and divide:

    OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 PYTHONPATH=<checkout> \\
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python docs/cost.py tests/fixtures/knowledge 3      # and again with 0

    instructions per question = (Collected(N) - Collected(0)) / (N * questions)

OPENBLAS_NUM_THREADS=1 keeps numpy's BLAS from starting worker threads, whose spinning while
they wait was most of the run-to-run spread (1.5-16.5 M instructions a run, 4-41 k a
question; twenty-second build round): with it, runs of one checkout agree within 1 k of
4-5 G instructions. Figures before that round were measured without it.

By default every timed question is **new** to the answerer: before each one,
`Answerer.forget()` drops what is kept per question (the recent questions' analysis and
units, the close spellings of unknown words), as for a question never asked before.
What stays warm is kept per passage, sentence or word, whoever asked: the passages' facts
(computed when the index is built and saved with it; `Answerer.facts` keeps the objects
read from them), a sentence's terms, tokens, phrases and the people it names (bot/memo.py,
short_tokens.py, short_clauses.py, short_score.py, short_asked.py, cues.py; keyed by the
sentence's text, whichever question reads it), a word's stem and index term
(bot/text.py, short_tokens.py, name_parts.py), the unit of a word the index holds (its
index terms and weights: exact, prefix relatives, synonyms, WordNet relations, its IDF;
bot/answering/vocabulary.py, sixth cost round: a function of the word and the index, not
of a question; an unknown word's close spellings are looked up again, as before, and its
unit is kept by the terms they found: twenty-fourth build round), a term's postings as views
of a built index's arrays (bot/index.py), and tables read once (WordNet's relations, the
word frequencies, the lexicon's patterns).
The BM25 core (269d4e0) was measured the
same way: it keeps a sentence's terms and a word's stem, and nothing per question. Over
the ten fixture articles the warm-up has read nearly every sentence, so a new question
here meets sentences read before; what a sentence no question has read costs is measured
by `python -m bot bench` (new questions over 1k to 1M generated passages).

More arguments, in any order: `plain` answers without short answers
(`rules.short_answers` off), to measure what the short answer costs: the difference
between the two, per question; `repeated` keeps the questions between passes (each pass
asks the same 200 again, and a kept question is not analysed again): what a question
asked before costs.

`served` builds and answers under the garbage collector's settings of a serving bot
(bot/library.py: no collections while the knowledge is built, then what it made frozen, and
a young collection every 50,000 new objects instead of 700), where the bare default runs
Python's defaults. docs/cost_core.py takes `served` too, with the same three settings,
so the two ratios compare like with like. Twenty-fourth build round (main after cost A and
B, round 44 and round 45, 0 and 2 passes): bare 2.2516 M against the core's 1.1165 M,
2.017x; served 2.2215 M against the core's 1.1156 M, 1.991x: the collector walks the answerer's
long-lived objects (~30 k instructions a new question here, ~1 k in the core's).
After cost round C (fewer regex searches, fewer objects made): bare 2.1613 M (1.936x),
served 2.1624 M (1.938x the core's 1.1156 M): the two modes now agree within the spread.

docs/quality.md ("Cost") has the figures against the answering core (269d4e0). Sixth cost
round (0 and 2 passes): a new question 2.414 M -> 2.164 M instructions, 1.95x the core's
1.113 M measured the same way (2.437 M -> 2.185 M, 1.96x, after the naming round;
2.467 M -> 2.211 M, 1.99x, after round 9's words); a repeated one 1.818 M -> 1.705 M.
Seventh cost round (BM25 and the top in fewer numpy calls): 2.220 M -> 2.154 M a new
question, 1.93x the core's 1.118 M re-measured the same hour (main b3284a9, 0 and 2 passes);
rebased onto 4718e5d: 2.208 M -> 2.137 M, 1.92x the core's 1.114 M.
After the memory round (7e62479: 2.236 M, 2.01x) the relations table keeps the terms it
read: 2.183 M, 1.96x the core's 1.113 M.
Eighth cost round (re-ranking from the stored term ids on a large index, not used on these
92 passages, whose facts all stay kept): main a3beccd 2.189 M -> 2.198 M a new question,
1.97x the core's 1.118 M re-measured the same hour (0 and 2 passes); rebased onto b01ad88:
2.182 M -> 2.197 M, 1.96x.
All of that session's rounds merged (c71f09b, with round 12b's decline and short-answer
rules): 2.215 M a new question, 1.99x the core's 1.113 M (0 and 2 passes); measured again
on the same code within the hour, 2.222 M (2.00x; 1.99x the 1.118 M re-measure): the margin
is within this measure's run-to-run spread of about 0.3%.
Ninth cost round (the answer path's own Python work, every answer byte-identical): main
9dbc3c4 2.230 M -> 2.096 M a new question (-6.0%), 1.88x the core's 1.113 M (0 and 2 passes,
the same hour); again within the hour, 2.225 M -> 2.091 M (-6.0%). Main measured 2.220 M an
hour earlier: the spread between runs is nearer 0.5% than 0.3%. A share is kept per tuple of
held weights (4 in 5 of a question's ~26 are asked again), a unit's BM25 weights per unit,
the folded question once per question; no generator where a question has no focus, asked,
frame or name words; held_strict as a loop. With the round's two who / which-N short-answer
rules merged: 2.104 M a new question, 1.89x the core's 1.113 M (0 and 2 passes).
Twenty-fourth build round, cost B (an unknown word's unit kept by its spellings' terms, a
term's postings kept as views; every answer identical): main dcdcd57 2.3021 M -> 2.2290 M a
new question (-3.2%), 2.063x -> 1.997x the core's 1.116 M (0 and 2 passes, one BLAS thread,
the same hour).
Twenty-fifth build round, cost D (a passage of one sentence highlighted without weighing it,
no tie looked for when no other candidate is close; every answer identical): main e0711cf
2.1627 M -> 2.1191 M a new question (-2.0%), 1.937x -> 1.898x the core's 1.1165 M.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from cost_core import SETS  # docs/: the core's measure reads the same questions

from bot.answering import Answerer
from bot.config import RetrievalSettings
from bot.knowledge import load_folder
from bot.reloading import fewer_young_collections, frozen_after, no_collections
from bot.rules import RuleSettings


def main() -> None:
    folder, passes, modes = Path(sys.argv[1]), int(sys.argv[2]), set(sys.argv[3:])
    unknown = modes - {"plain", "repeated", "served"}
    if unknown:
        sys.exit(f"unknown mode(s) {', '.join(sorted(unknown))}: use plain, repeated, served")
    questions = [item["q"] for path in SETS for item in yaml.safe_load(path.read_text())]
    settings = RetrievalSettings(rules=RuleSettings(short_answers="plain" not in modes))
    if "served" in modes:  # the collector as bot/library.py's Library sets it for serving
        with no_collections():
            answerer = Answerer(load_folder(folder), settings)
        fewer_young_collections()
        frozen_after(answerer.prepare)
    else:
        answerer = Answerer(load_folder(folder), settings)
    new = "repeated" not in modes
    for question in questions:  # warm-up: facts, sentences, words, tables
        answerer.answer(question)
    for _ in range(passes):
        for question in questions:
            if new:
                answerer.forget()
            answerer.answer(question)
    kind = "new" if new else "repeated"
    print(f"{len(questions)} {kind} questions, {passes} passes", file=sys.stderr)


if __name__ == "__main__":
    main()
