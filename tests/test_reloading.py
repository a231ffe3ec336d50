"""The allocator's thresholds answering runs under, and the background preparation's objects
frozen (bot/reloading.py)."""

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
