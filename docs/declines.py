"""Every decline reason netted on the choosing pool (docs/quality.md round 52).

    PYTHONPATH=. python docs/declines.py           # the table: docs/fit.py --dialogues --blind
    PYTHONPATH=. python docs/declines.py --list    # ... and the questions and turns each moves

Each decline reason the policy can give (bot/answering/decline.py: the coverage bar and its
raises, each `off_target` check, the unknown topic, the details' date, the event told
elsewhere, the other story, withheld, the reason of the asked event, a weak score; and the
answerer's NO_TYPED_ANSWER) is turned off alone from today's defaults, on docs/fit.py's sets,
dialogues and pool probes (never the held-out ones), and every question and turn it moves is
counted by what it was with the reason on:
- *near misses*: a near miss declined with it on and answered without it: declined by this
  reason and nothing else;
- *right declined*: an answerable question or turn declined with it on and answered right
  without it;
- *wrong declined*: ... answered wrong without it (a wrong answer the reason declines: no
  right answer either way);
- *other*: any other move (a ranking the switch also reads; a near miss declined only when
  it is off).
The net (right answers with it on less those with it off) is near misses less right declined,
less other losses: what docs/fit.py's count objective sees. Questions and dialogue turns are
counted apart ("q" and "t").
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fit import Item, answered, load_items

from bot.calibrate import Outcome, with_value

# (the reason, as the policy reads it; the settings that turn it off alone)
REASONS: list[tuple[str, dict[str, float]]] = [
    ("coverage bar: its base (min_coverage 0)", {"min_coverage": 0.0}),
    ("coverage bar: words no article holds (unseen_weight 0)", {"unseen_weight": 0.0}),
    ("coverage bar: lacks what is asked or a number (asked_weight 0)", {"asked_weight": 0.0}),
    ("coverage bar: lacks a number (numbers_must_match)", {"rules.numbers_must_match": 0}),
    ("unknown name (decline_unknown_names)", {"rules.decline_unknown_names": 0}),
    ("article lacks the names (names_must_match)", {"rules.names_must_match": 0}),
    ("article lacks the holder's owner (holder_must_match)", {"rules.holder_must_match": 0}),
    ("no measure stated (measures_must_match)", {"rules.measures_must_match": 0}),
    ("claimed event untold (claim_declines)", {"rules.claim_declines": 0}),
    ("number missing from the article (numbers_in_article)", {"rules.numbers_in_article": 0}),
    ("number dates another event (number_event_share 0)", {"rules.number_event_share": 0.0}),
    ("roles swapped (role_window 0)", {"rules.role_window": 0}),
    ("another doer (other_doer)", {"rules.other_doer": 0}),
    ("direction turned (opposite_directions)", {"rules.opposite_directions": 0}),
    ("role told elsewhere (role_holder)", {"rules.role_holder": 0}),
    ("qualifier swapped (qualifier_swap)", {"rules.qualifier_swap": 0}),
    ("rank rivalled (rank_swap)", {"rules.rank_swap": 0}),
    ("another party (party_bound)", {"rules.party_bound": 0}),
    ("no answer of the kind asked (type_declines)", {"rules.type_declines": 0}),
    ("... a sum told of another thing (sum_told)", {"rules.sum_told": 0}),
    ("... the kind's owner (owner_must_match)", {"rules.owner_must_match": 0}),
    ("... the named head (named_head)", {"rules.named_head": 0}),
    ("... a future date (future_declines)", {"rules.future_declines": 0}),
    ("... a penalty (penalty_declines)", {"rules.penalty_declines": 0}),
    ("... a quantity (quantity_declines)", {"rules.quantity_declines": 0}),
    ("unknown topic (topic_must_be_known)", {"rules.topic_must_be_known": 0}),
    ("details' date of an event (details_dates_article)", {"rules.details_dates_article": 0}),
    ("date or duration of another event (event_told)", {"rules.event_told": 0}),
    ("another candidate's story (topic_article)", {"rules.topic_article": 0}),
    ("withheld (withheld)", {"rules.withheld": 0}),
    ("reason of the asked event (reason_of_asked)", {"rules.reason_of_asked": 0}),
    ("the one asked about unnamed (unnamed_one)", {"rules.unnamed_one": 0}),
    ("weak score (min_score 0)", {"min_score": 0.0}),
    ("no short answer of the type (short_answer_declines)", {"rules.short_answer_declines": 0}),
]
KINDS = ("near misses", "right declined", "wrong declined", "other")


@dataclass
class Moves:
    """What turning a reason off moved, by kind (KINDS) and by questions ("q") / turns ("t")."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    net: int = 0

    def add(self, kind: str, turn: bool, line: str) -> None:
        key = (kind, "t" if turn else "q")
        self.counts[key] = self.counts.get(key, 0) + 1
        self.lines.append(f"{kind}: {line}")

    def cell(self, kind: str) -> str:
        return f"{self.counts.get((kind, 'q'), 0)} + {self.counts.get((kind, 't'), 0)}"


def kind_of(on: Outcome, off: Outcome) -> str:
    """What a question or turn answered differently with the reason off was with it on."""
    if on.declined and not off.declined:
        if not on.answerable:
            return KINDS[0]
        return KINDS[1] if off.right else KINDS[2]
    return KINDS[3]


def moves(items: list[Item], base: list[list[Outcome]], changes: dict[str, float]) -> Moves:
    found = Moves()
    for item, outcomes in zip(items, base, strict=True):
        retrieval = item.base
        for name, value in changes.items():
            retrieval = with_value(retrieval, name, value)
        turn = item.conversation is not None
        for case, on, off in zip(item.cases, outcomes, answered(item, retrieval), strict=True):
            if on == off:
                continue
            found.net += on.right - off.right
            found.add(kind_of(on, off), turn, f"{item.name}: {case.question}")
    return found


def main(argv: list[str]) -> None:
    items = load_items(dialogues=True, blind=True)
    base = [answered(item, item.base) for item in items]
    total = sum(len(item.cases) for item in items)
    right = sum(o.right for outcomes in base for o in outcomes)
    print(f"defaults: {right}/{total} right (docs/fit.py --dialogues --blind, no fit)")
    print(f"| reason (turned off alone) | {' | '.join(KINDS)} | net |")
    print("|---|---|---|---|---|---|")
    for label, changes in REASONS:
        found = moves(items, base, changes)
        cells = " | ".join(found.cell(kind) for kind in KINDS)
        print(f"| {label} | {cells} | {found.net:+d} |", flush=True)
        for line in found.lines if "--list" in argv else ():
            print(f"    {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
