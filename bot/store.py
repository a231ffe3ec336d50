"""A saved index: parsed articles, their postings and BM25 weights, reused while no file
changed, and opened without parsing (memory-mapped arrays, bot/store_files.py).

The cache lives in a folder of its own (by default ``<knowledge>/.index-cache``):

* ``manifest.json`` names the format, a fingerprint of the bot's code, the
  generation folder in use, and the size, mtime and sha256 of each of its files;
* ``g-<random>/`` is that generation: ``.npy`` arrays and a JSON file of article
  metadata, and the knowledge files it was built from (``source_*.npy``: each one's
  sha256 and stat, bot/store_scan.py). Every build writes a new generation and then
  the manifest (atomically), so a serving process that mapped the previous one keeps
  reading intact files.

A cache is used only when the format, the code and every knowledge file's hash
match, and each data file has its recorded size and mtime (a stat: hashing a
700 MB index would cost seconds at every start). Full checksums are verified by
the child process that a reload runs (``build_in_child``) before the serving
process maps anything, and by ``load(..., full=True)``. Anything wrong (a changed,
added or removed file, other code, a truncated or edited cache file) means a
rebuild. The BM25 weights are saved for the retrieval settings of the build and
recomputed at load only when the settings differ.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import store_files
from bot.build import build_index, load_knowledge
from bot.config import KnowledgeSettings
from bot.forked import DEFAULT_WORKERS
from bot.fuzzy import SpellingSettings
from bot.index import Bm25Params, Postings
from bot.knowledge import DEFAULT_MAX_FILE_BYTES, DEFAULT_MIN_ARTICLE_WORDS, KnowledgeBase
from bot.store_manifest import (
    FORMAT,
    MANIFEST,
    CacheError,
    manifest_bytes,
    read_manifest,
    sha256,
    write_manifest,
)
from bot.store_scan import Sources, folder_state, saved_sources, scan

__all__ = ["CacheError", "Loaded", "Sources", "folder_state", "load", "load_or_build", "save"]
__all__ += ["FORMAT", "MANIFEST", "manifest_bytes", "read_manifest", "scan", "sha256"]
__all__ += ["write_manifest"]

DEFAULT_DIR = ".index-cache"
GENERATION = re.compile(r"g-[0-9a-f]{16}")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    knowledge: KnowledgeBase
    postings: Postings
    from_cache: bool
    sources: Sources | None = None  # the files it was built from, when known (a cache's)
    current: Sources | None = None  # the folder's files now (differ when `stale_ok` let it)
    generation: str | None = None  # the cache's generation folder it is, when saved


def code_fingerprint(min_words: int = DEFAULT_MIN_ARTICLE_WORDS, compact: bool = False) -> str:
    """Hash of the package's source: new code, new index.

    All of it, not just text/knowledge/answer/index: answering may derive
    saved word lists (Postings.extras) with helpers from any module, and a
    rebuild after an upgrade is cheap next to serving a stale index. With the
    one setting that changes what a file reads as (`min_words`, of a saved web page),
    since a file's hash does not, and the layout asked for (`compact`, when on: an index
    saved in the other layout is rebuilt, not kept).
    """
    layout = " compact" if compact else ""  # nothing when off: default caches stay valid
    digest = hashlib.sha256(f"format {FORMAT} min_words {min_words}{layout}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def load_or_build(
    folder: Path,
    cache_dir: Path | None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    params: Bm25Params | None = None,
    full: bool = False,
    stale_ok: bool = False,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,  # knowledge.fetch.min_article_words
    compact: bool = False,  # knowledge.cache_compact: the layout a build saves
    most: int = DEFAULT_WORKERS,  # knowledge.build_workers: processes a build runs in
    spelling: SpellingSettings | None = None,  # retrieval.spelling
) -> Loaded:
    """The knowledge of `folder` and its postings, from the cache when it is current.

    A build saves BM25 weights for `params` and close-spelling tables for `spelling` (the
    defaults when None: a saved index's tables for another `min_length` are not used, the
    answerer makes its own at start, bot/answering/vocabulary.py); `full`
    verifies the cache's checksums before using it; `stale_ok` takes a saved index built
    from other versions of the files too (the caller adds the difference, bot/live.py). A
    missing or unreadable folder raises knowledge.FolderError."""
    if cache_dir is None:
        kb = load_knowledge(folder, max_bytes, min_words=min_words, most=most)  # on every core
        return Loaded(kb, build_index(kb.passages, params, most=most), from_cache=False)
    manifest, known = _known(cache_dir)
    sources = scan(folder, max_bytes, known=None if full else known)
    fingerprint = code_fingerprint(min_words, compact)
    try:
        if manifest is None:  # missing, or unreadable: load says which
            manifest = read_manifest(cache_dir / MANIFEST)
        kb, postings = load(
            cache_dir, sources, fingerprint, full=full, manifest=manifest, stale_ok=stale_ok
        )
        name = str(manifest["generation"])
        saved = saved_sources(cache_dir / name)
        return Loaded(kb, postings, True, sources=saved, current=sources, generation=name)
    except FileNotFoundError:
        pass
    except CacheError as exc:
        log.warning("index cache %s not used: %s", cache_dir, exc)
    kb = load_knowledge(folder, max_bytes, min_words=min_words, most=most)  # on every core
    postings = build_index(kb.passages, params, most=most)  # on every core
    state = sources.state()
    if not all(state.get(a.key) == a.digest for a in kb.articles):  # changed while reading
        return Loaded(kb, postings, from_cache=False)
    try:
        name = save(cache_dir, sources, fingerprint, kb, postings, compact, spelling)
    except OSError as exc:
        log.warning("cannot save the index cache in %s: %s", cache_dir, exc)
        return Loaded(kb, postings, from_cache=False, sources=sources, current=sources)
    return Loaded(kb, postings, False, sources=sources, current=sources, generation=name)


def build_in_child(
    folder: Path,
    cache_dir: Path,
    timeout: float | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    params: Bm25Params | None = None,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,
    compact: bool = False,
    most: int = DEFAULT_WORKERS,  # knowledge.build_workers
    spelling: SpellingSettings | None = None,  # retrieval.spelling
) -> bool:
    """Make the cache current in a child process: verify its checksums, rebuild and save it
    when stale or damaged; False (and a warning) if that failed.

    Analysis is pure Python: in a thread of the serving process it would
    hold the GIL for most of a big build and questions would wait for it.
    """
    package_root = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "bot.store", str(folder), str(cache_dir), str(max_bytes)]
    command += [json.dumps(dataclasses.asdict(params or Bm25Params())), str(min_words)]
    command += ["compact" if compact else "weights", str(most)]
    command += [json.dumps(dataclasses.asdict(spelling or SpellingSettings()))]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "PYTHONPATH": path},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("index build in a child process failed: %s", exc)
        return False
    if done.returncode != 0:
        log.warning("index build in a child process failed: %s", done.stderr.strip()[-2000:])
        return False
    return True


# --- saving ---


def save(
    cache_dir: Path,
    sources: Sources | Mapping[str, str],
    fingerprint: str,
    kb: KnowledgeBase,
    data: Postings,
    compact: bool = False,
    spelling: SpellingSettings | None = None,  # retrieval.spelling (the defaults when None)
) -> str:
    """Write a new generation, then the manifest naming it (atomically: a half-written
    cache never matches), then remove the generations before the previous one; returns its
    name. `sources` are the knowledge files `kb` was read from (a scan, or name -> sha256)."""
    if not isinstance(sources, Sources):
        sources = Sources.of(sources)
    cache_dir.mkdir(parents=True, exist_ok=True)
    previous = _current_generation(cache_dir)
    name = f"g-{secrets.token_hex(8)}"
    scratch = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".building-"))
    try:
        tables = spelling or SpellingSettings()
        described = store_files.write(
            scratch / "files", kb, data, sources.arrays(), compact, spelling=tables
        )
        os.replace(scratch / "files", cache_dir / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    manifest = {"format": FORMAT, "code": fingerprint, "generation": name, "data": described}
    write_manifest(cache_dir, manifest)
    # A process that read the previous manifest may still be opening its generation;
    # older ones nobody can be using (a mapped file stays readable once unlinked anyway).
    for old in cache_dir.iterdir():
        if GENERATION.fullmatch(old.name) and old.name not in (name, previous):
            shutil.rmtree(old, ignore_errors=True)
    return name


def _known(cache_dir: Path) -> tuple[dict[str, Any] | None, Sources | None]:
    """The saved manifest and the knowledge files it names, for `scan` to reuse the hashes
    of files that did not change (None when missing or damaged: `load` says why)."""
    try:
        manifest = read_manifest(cache_dir / MANIFEST)
        generation, data = manifest["generation"], manifest["data"]
        folder = cache_dir / str(generation)
        store_files.check(folder, data["files"])
        return manifest, saved_sources(folder)
    except (OSError, CacheError, store_files.DamagedError, KeyError, TypeError):
        return None, None


def _current_generation(cache_dir: Path) -> str | None:
    try:
        generation = read_manifest(cache_dir / MANIFEST).get("generation")
    except (FileNotFoundError, CacheError):
        return None
    return generation if isinstance(generation, str) else None


# --- loading ---


def load(
    cache_dir: Path,
    sources: Sources | Mapping[str, str],
    fingerprint: str,
    full: bool = False,
    manifest: dict[str, Any] | None = None,  # already read and checked by read_manifest
    stale_ok: bool = False,  # other versions of the knowledge files are fine
) -> tuple[KnowledgeBase, Postings]:
    """The cached knowledge and postings, memory-mapped; CacheError when stale or damaged.
    `full` checks every data file's sha256 and every index's bounds first."""
    manifest = manifest if manifest is not None else read_manifest(cache_dir / MANIFEST)
    if manifest.get("format") != FORMAT:
        raise CacheError("written by another cache format")
    if manifest.get("code") != fingerprint:
        raise CacheError(
            "written by other analysis code, knowledge.fetch.min_article_words"
            " or knowledge.cache_compact"
        )
    generation, data = manifest.get("generation"), manifest.get("data")
    if not isinstance(generation, str) or not GENERATION.fullmatch(generation):
        raise CacheError("the manifest names no generation")
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise CacheError("the manifest lists no data files")
    folder = cache_dir / generation
    try:
        store_files.check(folder, data["files"])  # a stat each: then the cheap staleness check
        saved = saved_sources(folder)
        now = sources if isinstance(sources, Sources) else Sources.of(sources)
        if not stale_ok and not now.same_files(saved):
            raise CacheError("knowledge files changed")
        if full:  # checksums only for a cache that would be used (0.8 s at 1M passages)
            store_files.verify(folder, data)
        kb, postings = store_files.read(folder, data)
    except OSError as exc:
        raise CacheError(f"cannot read {generation}: {exc}") from exc
    except store_files.DamagedError as exc:
        raise CacheError(str(exc)) from exc
    if data.get("passages") != len(kb.passages):
        raise CacheError("passage count does not match the index")
    return kb, postings


def cache_dir_for(settings: KnowledgeSettings) -> Path | None:
    """Where `settings` want the cache kept; None when caching is off."""
    if not settings.cache:
        return None
    return Path(settings.cache_dir) if settings.cache_dir else settings.path / DEFAULT_DIR


# python -m bot.store FOLDER CACHE_DIR MAX_BYTES PARAMS MIN_WORDS LAYOUT WORKERS SPELLING:
# build_in_child
if __name__ == "__main__":
    os.nice(10)  # on a busy machine the serving process gets the CPU first
    # A build makes millions of long-lived objects and no garbage worth a collection, and this
    # process ends with it: full collections that walked them all were 10% of a 100k build's
    # CPU here (the serving process builds with bot.reloading.no_collections for the same reason)
    gc.disable()
    folder_arg, cache_arg, limit = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    given = Bm25Params(**json.loads(sys.argv[4])) if len(sys.argv) > 4 else None
    words = int(sys.argv[5]) if len(sys.argv) > 5 else DEFAULT_MIN_ARTICLE_WORDS
    small = sys.argv[6] == "compact" if len(sys.argv) > 6 else False
    cores = int(sys.argv[7]) if len(sys.argv) > 7 else DEFAULT_WORKERS
    close = SpellingSettings(**json.loads(sys.argv[8])) if len(sys.argv) > 8 else None
    loaded = load_or_build(
        folder_arg,
        cache_arg,
        limit,
        given,
        full=True,
        min_words=words,
        compact=small,
        most=cores,
        spelling=close,
    )
    print(f"{len(loaded.knowledge.passages)} passages, from cache: {loaded.from_cache}")
