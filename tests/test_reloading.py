"""The allocator's and the collector's thresholds answering runs under, and the background
preparation's objects frozen (bot/reloading.py)."""

from __future__ import annotations

import gc
import platform
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.config import KnowledgeSettings, Settings
from bot.library import Library
from bot.reloading import YOUNG_THRESHOLD
from tests.conftest import ROOT

# A question's large temporaries, as at 100k passages (four arrays of one float a passage),
# made and freed 20 times: the page faults of the last 20 rounds, printed.
ROUNDS = """
import resource, sys
import numpy as np
from bot.reloading import keep_freed_memory
if sys.argv[1] == "kept":
    keep_freed_memory()
def question():
    temporaries = [np.ones(100_000) for _ in range(4)]
    del temporaries
for _ in range(3):
    question()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    question()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def faults(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", ROUNDS, mode], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_a_questions_temporaries_reuse_the_pages_the_last_one_freed() -> None:
    # glibc's own thresholds hand the pages back after each round: ~600 faults a round
    assert faults("default") > 20 * 100
    # kept: the rounds after the first reuse them
    assert faults("kept") < 100


# 20,000 objects kept, then a cycle dropped and 100,000 more kept: the collections started by
# the first 20,000, by all, and whether the cycle was freed, printed.
COLLECTIONS = """
import gc, sys, weakref
from bot.reloading import fewer_young_collections
if sys.argv[1] == "fewer":
    fewer_young_collections()
gc.collect()
started = []
gc.callbacks.append(lambda phase, info: phase == "start" and started.append(info["generation"]))
kept = [[] for _ in range(20_000)]
young = len(started)
class Node:
    pass
node = Node()
node.me = node
freed = []
weakref.finalize(node, freed.append, True)
del node
kept += [[] for _ in range(100_000)]
print(young, len(started), len(freed))
"""


def collections(mode: str) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", COLLECTIONS, mode], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return [int(count) for count in done.stdout.split()]


def test_new_objects_start_young_collections_less_often_and_cycles_are_still_freed() -> None:
    young, collected, freed = collections("default")
    assert young >= 20_000 // 700 and freed == 1  # Python's own: one every 700 new objects
    young, collected, freed = collections("fewer")
    assert young == 0  # 20,000 kept objects start none
    assert collected >= 1 and freed == 1  # 120,000 do, and the dropped cycle goes with it


def test_what_the_background_preparation_makes_is_frozen_as_the_build_is(tmp_path: Path) -> None:
    (tmp_path / "port.md").write_text(
        "---\ntitle: Port Reopens\n---\nThe port reopened on Monday after the storm.\n"
    )
    library = Library(Settings(knowledge=KnowledgeSettings(path=tmp_path)))
    for thread in threading.enumerate():
        if thread.name == "prepare":
            thread.join()
    acronyms = library.answerer.vocabulary.acronyms  # made by the preparation, not on use
    assert gc.is_tracked(acronyms)
    # frozen objects are in no generation: full collections no longer walk them
    assert not any(found is acronyms for found in gc.get_objects())
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # serving's young collections
