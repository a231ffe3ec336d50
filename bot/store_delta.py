"""A saved index's delta: the articles added or changed since its main generation was built,
and the main generation's articles they tombstone (bot/live_index.py), kept beside it so a
restart serves them without parsing.

The delta is a generation folder of its own (``d-<random>/``, written by the same
bot/store_files.py writer as the main one, its ``source_*`` arrays naming the changed
files and their hashes), and the manifest's ``delta`` entry names it, its files' sizes,
mtimes and checksums, and the tombstoned article keys. Written like the main generation:
the folder first, then the manifest replaced atomically, so a crash leaves the previous
manifest whole (and with it the previous delta or none). A full build writes a manifest
without a ``delta`` entry: the merge drops the delta.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import store_files
from bot.fuzzy import SpellingSettings
from bot.index import Postings
from bot.knowledge import KnowledgeBase
from bot.store import MANIFEST, CacheError, read_manifest, write_manifest
from bot.store_scan import Sources, saved_sources

DELTA = re.compile(r"d-[0-9a-f]{16}")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedDelta:
    knowledge: KnowledgeBase  # the added and changed articles, memory-mapped
    postings: Postings  # theirs alone, with their facts
    changed: dict[str, str]  # file name -> sha256, of the files the delta was built from
    removed: frozenset[str]  # article keys of the main generation tombstoned


def save_delta(
    cache_dir: Path,
    generation: str,
    kb: KnowledgeBase,
    postings: Postings,
    changed: Mapping[str, str],
    removed: Collection[str],
    spelling: SpellingSettings,  # retrieval.spelling: what its close-spelling tables are for
) -> bool:
    """Save the delta of main generation `generation`; False when the manifest names another
    one now (a merge saved a newer main index: this delta is not against it)."""
    try:
        manifest = read_manifest(cache_dir / MANIFEST)
    except (OSError, CacheError):
        return False
    if manifest.get("generation") != generation:
        return False
    previous = manifest.get("delta", {}).get("generation") if "delta" in manifest else None
    name = f"d-{secrets.token_hex(8)}"
    scratch = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".building-"))
    try:
        sources = Sources.of(dict(changed)).arrays()
        # A delta is small: always the plain layout (readers take either).
        described = store_files.write(
            scratch / "files", kb, postings, sources, compact=False, spelling=spelling
        )
        os.replace(scratch / "files", cache_dir / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    entry = {"generation": name, "data": described, "removed": sorted(removed)}
    write_manifest(cache_dir, {**manifest, "delta": entry})
    for old in cache_dir.iterdir():  # the previous one may still be opening in a process
        if DELTA.fullmatch(old.name) and old.name not in (name, previous):
            shutil.rmtree(old, ignore_errors=True)
    return True


def load_delta(cache_dir: Path, manifest: Mapping[str, Any]) -> SavedDelta | None:
    """The delta the manifest names, memory-mapped; None when it names none, or a damaged
    one (the caller builds the delta again from the files)."""
    entry = manifest.get("delta")
    if not isinstance(entry, dict):
        return None
    name, data, removed = entry.get("generation"), entry.get("data"), entry.get("removed")
    if not isinstance(name, str) or not DELTA.fullmatch(name) or not isinstance(data, dict):
        return None
    if not isinstance(removed, list) or not all(isinstance(k, str) for k in removed):
        return None
    folder = cache_dir / name
    try:
        store_files.check(folder, data["files"])
        kb, postings = store_files.read(folder, data)
        changed = saved_sources(folder).state()
    except (OSError, KeyError, TypeError, store_files.DamagedError) as exc:
        log.warning("saved delta %s not used: %s", name, exc)
        return None
    return SavedDelta(kb, postings, changed, frozenset(removed))


def clear_delta(cache_dir: Path, generation: str) -> None:
    """Drop the manifest's delta entry (nothing changed since the main generation)."""
    try:
        manifest = read_manifest(cache_dir / MANIFEST)
    except (OSError, CacheError):
        return
    if manifest.get("generation") == generation and "delta" in manifest:
        write_manifest(cache_dir, {k: v for k, v in manifest.items() if k != "delta"})
