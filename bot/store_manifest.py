"""The saved index's manifest: which generation (and delta) is in use, the format and code
that wrote it, each data file's size, mtime and sha256, and its own checksum on its first
line. Replaced atomically (write, then rename), so a crash leaves the old one or the new
one whole (bot/store.py, bot/store_delta.py)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from bot.errors import NewsbotError

FORMAT = 20  # 6: knowledge files packed (source_*); 7: texts compressed, narrow term
# frequencies; 8: the folder's own stat (source_folder); 9: every passage's answering facts;
# 10: offsets int32 and lengths int16 when they fit; the compact layout (no posting weights,
# split ids: knowledge.cache_compact, off by default) readable; 11: the close-spelling tables
# (spelling_*, bot/stored_spelling.py); 12: their words and keys ordered by length
# (spelling_starts); 13: the acronym lines in compressed chunks (packed_acronyms:
# bot/stored_text.py), and a compact index's facts' term ids coded (then bot/coded_ids.py);
# 14: the passage rows as records of narrow columns (bot/stored.py); no absent-scores saved
# (`absent_scores`: the IDFs times delta, the IDFs themselves when delta is 1)
# 15: the texts in zstd blocks against a trained dictionary (bot/frames.py), and the facts'
# term ids one zstd frame a passage (then bot/framed_ids.py) in every layout, none coded
# 16: no posting weights from `topk.PRUNE_FROM` passages on, a pair code each instead
# (store_files.UNWEIGHED_FROM); 17: each passage's facts (its count of sentences, their
# counts of term ids and implied ids, spans, cues, and the ids, its document's ids) one zstd
# frame (bot/fact_records.py), in place of nine arrays (`fact_records.FOLDED`)
# 18: from UNWEIGHED_FROM passages the postings' passages split too (bot/split_ids.py),
# read so by the compiled kernel, and no freqs but the escaped postings' (code_escapes,
# code_escaped: the pair codes hold the others', `index_postings.CodedFreqs`)
# 19: the facts' records of `fact_records.GROUP` passages one frame (their count in
# records_head), and the texts' blocks at zstd's level 9 against 256 KiB (bot/stored_text.py)
# 20: no IDFs saved when a start computes the same (store_files.derived_idf), the texts', words'
# and word lists' offsets as their steps in one or two bytes (store_files.stepped), the
# close-spelling tables' offsets in int32, and the word lists they are made of saved as the
# words they do not hold (rest_<name>: stored_spelling.TabledWords)
MANIFEST = "manifest.json"


class CacheError(NewsbotError, ValueError):
    """A cache that cannot be trusted; the message says why."""


def write_manifest(cache_dir: Path, manifest: dict[str, Any]) -> None:
    """Replace the manifest atomically: a crash leaves the old one or the new one whole."""
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{MANIFEST}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(manifest_bytes(manifest))
        os.replace(tmp, cache_dir / MANIFEST)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest at `path`, checked against its checksum (CacheError when not)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise  # no cache yet: not worth a warning
    except OSError as exc:
        raise CacheError(f"cannot read {path.name}: {exc}") from exc
    # The first line is the sha256 of the rest: data files are checked by a stat of their
    # size and mtime, so the manifest is what must be intact (hashed as bytes, in C).
    checksum, _, body = raw.partition(b"\n")
    try:
        manifest = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CacheError(f"unreadable manifest: {exc}") from exc
    if not isinstance(manifest, dict):
        raise CacheError("unreadable manifest")
    if manifest.get("format") == FORMAT and checksum.decode("ascii", "replace") != sha256(body):
        raise CacheError("the manifest does not match its checksum")
    return manifest


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as saved: its body's sha256 on the first line, then the JSON body."""
    body = json.dumps(manifest, indent=1).encode()
    return sha256(body).encode() + b"\n" + body


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
