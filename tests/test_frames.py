"""bot/frames.py: a dictionary's frames decompressed by many threads at once."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from bot import frames

ROOT = Path(__file__).resolve().parents[1]
PIECES = [
    (f"piece {i} about the court and the {i * 7 % 13} refugees who fled " * 20).encode()
    for i in range(3000)
]

# 1,000 new Decompressors, each read first by 8 threads at once; the growth of the
# process's resident memory in MiB. zstandard digests the dictionary on the first read of
# any context with the GIL released and no lock: two first reads at once each made a digest
# (~27 KiB) and one was never freed.
RACE = """
import gc, sys, threading
from bot import frames
from tests.test_frames import PIECES
dictionary = frames.trained(PIECES, 131072)
blocks, starts = frames.compressed(PIECES[:1], dictionary, 3)
frame = blocks[starts[0] : starts[1]].tobytes()
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
before = rss()
for _ in range(1000):
    reader = frames.Decompressor(dictionary)
    gate = threading.Barrier(8)
    def read():
        gate.wait()
        assert reader.decompress(frame, 1 << 20) == PIECES[0]
    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
gc.collect()
print(rss() - before)
"""


def test_threads_reading_first_at_once_digest_the_dictionary_once() -> None:
    """Before the lock: 5.2-5.3 MiB grown (two runs); with it 0.6-0.7, one thread 0.2."""
    done = subprocess.run(
        [sys.executable, "-c", RACE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert float(done.stdout) < 2.5, done.stdout


def test_every_thread_reads_every_frame_right() -> None:
    dictionary = frames.trained(PIECES, 131072)
    assert dictionary
    blocks, starts = frames.compressed(PIECES, dictionary, 3)
    reader = frames.Decompressor(dictionary)
    gate = threading.Barrier(8)
    wrong: list[int] = []

    def read(first: int) -> None:
        gate.wait()
        for at in range(first, len(PIECES), 8):
            frame = blocks[starts[at] : starts[at + 1]].data
            if reader.decompress(frame, 1 << 20) != PIECES[at]:
                wrong.append(at)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not wrong
