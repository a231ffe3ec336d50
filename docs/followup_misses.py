"""Sort the dialogue sets' missed follow-up turns by why they fail, the way docs/misses.py
sorts the single questions' misses.

    PYTHONPATH=. python docs/followup_misses.py          # the two sets of docs/fit.py --dialogues
    PYTHONPATH=. python docs/followup_misses.py --blind  # ... and blind probes a, b, c's dialogues
    PYTHONPATH=. python docs/followup_misses.py --held-out  # ... and the held-out d and e's too
    PYTHONPATH=. python docs/followup_misses.py --blind --cascade  # the turns after a miss

As in docs/fit.py, ``--blind`` leaves out the probes named in ``fit.HELD_OUT``, so that no
round reads their misses to choose anything; ``--held-out`` adds them (to report, not choose).

Each dialogue is asked turn by turn in one conversation (bot/conversation.py), as `eval` and
`docs/fit.py --dialogues` ask it. For every turn that leans on the earlier ones (kind pronoun,
ellipsis, why, when) answered wrong or declined, it prints how the turn was read (the sign,
the borrowed words), the passage given and the right one, and the first kind that applies:

- **not read as a follow-up**: answered as if alone (`followup.detect` found no sign);
- **after a wrong turn**: the turn before it was answered wrong or declined, so the article,
  paragraph and words it borrows come from a wrong answer;
- **the right passage lacks its own words**: the question's own (new) words are in no form
  in the right passage ("paid" against "cost ... from a grant"): a paraphrase, not the
  conversation;
- **declined**: the right passage holds some of the new words, but the answer is declined
  (the decline's coverage: too little of the new words, with the borrowed ones at their
  weights);
- **the borrowed words hold the first**: the passage given holds more of the borrowed words
  (the earlier question's) than the right one does, and at least as much of the new ones:
  what was carried pulled the answer there;
- **the new words hold the first**: the passage given holds as much of the new words or
  more, and of the borrowed ones too (ranking among passages, not the conversation).

A missed opening (standalone) or shift turn is listed too, under **opening or shift wrong**
(answered as if alone: ranking or a decline, not the conversation) or, when a shift was read
as a follow-up, **a shift that kept the context**.

With ``--cascade`` (round 54) every turn that leans on the one before it (kind pronoun,
ellipsis, why, when) and comes after a wrong or declined turn is asked again in a second
conversation whose earlier turns are all remembered as answered *right* (each missed turn's
memory rebuilt from its expected passage: its article, paragraph, first sentence and names).
A turn wrong in both is wrong on its own words; one right only in the second is lost to the
miss before it ("caused").

A summary counts the kinds. The conversation's own are the first and the fifth (and the
second, when the turn before was itself a follow-up); the others are ranking, declines or
word relations. A kind says what favoured the passage given, not what would fix the turn:
docs/quality.md (round 23 of issue 15) asks each miss again with its referent written in.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import fit  # noqa: E402  (docs/fit.py: the dialogue sets and their configs)

from bot.answering import Answer, Answerer, Hit  # noqa: E402
from bot.answering.borrow import borrow  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.conversation import Conversations, Reply, turn_of  # noqa: E402
from bot.evaluate import Case, is_right, load_cases, passage_is_right  # noqa: E402
from bot.knowledge import load_folder  # noqa: E402

LEANING = ("pronoun", "ellipsis", "why", "when")
OPENING, KEPT = "opening or shift wrong", "a shift that kept the context"
NOT_READ, AFTER_WRONG = "not read as a follow-up", "after a wrong turn"
LACKS, DECLINED = "the right passage lacks its own words", "declined"
BORROWED, NEW = "the borrowed words hold the first", "the new words hold the first"
KINDS = (OPENING, KEPT, NOT_READ, AFTER_WRONG, LACKS, DECLINED, BORROWED, NEW)


def kind(answerer: Answerer, case: Case, reply: Reply, before_right: bool) -> tuple[str, str]:
    """The first kind that applies to a missed follow-up turn, and a line on the passages."""
    if case.kind not in LEANING:
        if reply.followup is not None:
            return KEPT, f"read as {reply.followup.kind} ({reply.followup.word})"
        return OPENING, "answered as if alone"
    if reply.followup is None or reply.context is None:
        return NOT_READ, "answered as if alone"
    if not before_right:
        return AFTER_WRONG, "the turn before was wrong"
    passages = answerer.knowledge.passages
    right = [i for i, p in enumerate(passages) if passage_is_right(case, p)]
    if not right:
        return NEW, "no passage holds the expected phrase"
    own = answerer.query(case.question)
    whole = borrow(own, reply.context, answerer.vocabulary)
    carried = replace(whole, units=whole.units[len(own.units) :])
    answer = reply.answer
    first = answer.best or answer.closest
    index = {id(p): i for i, p in enumerate(passages)}
    given = index[id(first.passage)] if first is not None else -1
    # the right passage the conversation's words favour most
    target = max(right, key=lambda i: carried.coverage(answerer.facts[i].terms))
    new_right = own.coverage(answerer.facts[target].terms) if own.units else 0.0
    got = answerer.facts[given].terms if given >= 0 else frozenset()
    line = (
        f"given {first.passage.article.key[:28]} {first.passage.label}" if first else "none"
    ) + (
        f"; right {passages[target].label}: new words {new_right:.2f} against "
        f"{own.coverage(got) if own.units else 0.0:.2f}, borrowed "
        f"{carried.coverage(answerer.facts[target].terms):.2f} against {carried.coverage(got):.2f}"
    )
    if own.units and new_right == 0:
        return LACKS, line
    if not answer.answered:
        return DECLINED, line
    if carried.coverage(got) > carried.coverage(answerer.facts[target].terms) and (
        not own.units or own.coverage(got) >= new_right
    ):
        return BORROWED, line
    return NEW, line


def cascade(
    answerer: Answerer, cases: list[Case], chat: Conversations, fair: Conversations
) -> Counter[str]:
    """--cascade: the turns after a miss, asked again with every earlier turn answered right."""
    counts: Counter[str] = Counter()
    before_right, dialogue = True, ""
    for case in cases:
        if case.dialogue != dialogue:
            before_right, dialogue = True, case.dialogue
        right = is_right(case, chat.ask(case.dialogue, case.question, answerer).answer)
        reply = fair.ask(case.dialogue, case.question, answerer)
        if not before_right and case.kind in LEANING:
            fixed = is_right(case, reply.answer)
            found = "right either way" if right else "caused" if fixed else "wrong on its own"
            counts[found] += 1
            if not right:
                name = case.dialogue.partition(":")[2] or case.dialogue
                print(f"  {name} [{case.kind}] {case.question} — {found}")
        expected = [p for p in answerer.knowledge.passages if passage_is_right(case, p)]
        if expected and not is_right(case, reply.answer):  # remember it as answered right
            p = expected[0]
            hit = Hit(p, 1.0, p.text.split(". ")[0], 1.0)
            made = Reply(Answer(case.question, (hit,)), reply.followup, reply.context)
            turns = fair.current(case.dialogue, answerer).turns
            turns[-1] = turn_of(made, turns[-1].at, fair.settings.declined_article)
        before_right = right
    return counts


def main(argv: list[str]) -> None:
    counts: Counter[str] = Counter()
    held_out = "--held-out" in argv
    blind = "--blind" in argv or held_out
    probes = [(c, p) for c, _, p in fit.BLIND if held_out or c.stem not in fit.HELD_OUT]
    talks = fit.DIALOGUES + (probes if blind else [])
    for config, path in talks:
        settings = load_settings(config)
        news = config.name == "news_config.yaml"
        folder = fit.SHARED / "eval/news/articles" if news else settings.knowledge.path
        answerer = Answerer(load_folder(folder), settings.retrieval)
        chat = Conversations(settings.conversation)
        cases, _ = load_cases(path)
        print(f"== {path.name}")
        if "--cascade" in argv:
            fair = Conversations(settings.conversation)
            counts.update(cascade(answerer, cases, chat, fair))
            continue
        before_right, dialogue = True, ""
        for case in cases:
            reply = chat.ask(case.dialogue, case.question, answerer)
            right = is_right(case, reply.answer)
            if case.dialogue != dialogue:
                before_right, dialogue = True, case.dialogue
            if not right:
                found, line = kind(answerer, case, reply, before_right)
                counts[found] += 1
                sign = reply.followup.kind if reply.followup else "none"
                words = [w for w, _ in reply.context.words] if reply.context else []
                name = case.dialogue.partition(":")[2] or case.dialogue
                print(f"  {name} [{case.kind}] {case.question} — {found}")
                print(f"      read: {sign}, borrowed {words[:6]}; {line}")
            before_right = right
    print("== by kind")
    for name in KINDS if "--cascade" not in argv else sorted(counts):
        print(f"  {counts[name]:3d}  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
