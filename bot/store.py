"""A saved index: parsed articles and their postings, reused while no file changed.

The cache lives in a folder of its own (by default ``<knowledge>/.index-cache``):

* ``manifest.json`` names the format, a fingerprint of the bot's code, the
  sha256 of every knowledge file, and the sha256 of the two data files below;
* ``knowledge.jsonl`` holds one parsed article per line (and the files that
  failed to load, with their reasons);
* ``index.npz`` holds the parameter-free postings (no pickles: numpy arrays
  only, loaded with ``allow_pickle=False``).

A cache is used only when every recorded hash matches; anything else (a
changed, added or removed file, other code, a truncated or edited cache file)
means a rebuild. BM25 weights are recomputed at load, so changing
``retrieval`` settings never needs a rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from bot.config import KnowledgeSettings
from bot.errors import NewsbotError
from bot.index import Postings
from bot.knowledge import (
    DEFAULT_MAX_FILE_BYTES,
    Article,
    ArticleError,
    FileError,
    KnowledgeBase,
    Passage,
    knowledge_files,
    load_folder,
    read_file,
)
from bot.postings import build_postings

FORMAT = 3
MANIFEST = "manifest.json"
ARTICLES = "knowledge.jsonl"
ARRAYS = "index.npz"
DEFAULT_DIR = ".index-cache"
EXTRA = "extra_"  # npz key prefix of Postings.extras
ARTICLE_FIELDS: tuple[str, ...] = ("key", "title", "source", "url", "author", "caption")
ARTICLE_FIELDS += ("caption_credit", "credit", "digest")

log = logging.getLogger(__name__)


class CacheError(NewsbotError, ValueError):
    """A cache that cannot be trusted; the message says why."""


@dataclass(frozen=True)
class Loaded:
    knowledge: KnowledgeBase
    postings: Postings
    from_cache: bool


def code_fingerprint() -> str:
    """Hash of the package's source: new code, new index.

    All of it, not just text/knowledge/answer/index: answering may derive
    saved word lists (Postings.extras) with helpers from any module, and a
    rebuild after an upgrade is cheap next to serving a stale index.
    """
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def folder_state(folder: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> dict[str, str]:
    """File name -> sha256 of its bytes, for every knowledge file of `folder`; for a file
    that cannot be read (too large, a link leaving the folder) the reason instead."""
    state: dict[str, str] = {}
    for path in sorted(knowledge_files(folder), key=lambda p: p.name):
        try:
            data = read_file(path, folder=folder, max_bytes=max_bytes)
            state[path.name] = hashlib.sha256(data).hexdigest()
        except ArticleError as exc:
            state[path.name] = f"unreadable: {exc}"
    return state


def load_or_build(
    folder: Path, cache_dir: Path | None, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> Loaded:
    """The knowledge of `folder` and its postings, from the cache when it is current.

    A missing or unreadable folder raises knowledge.FolderError."""
    if cache_dir is None:
        kb = load_folder(folder, max_bytes=max_bytes)
        return Loaded(kb, build_postings(kb.passages), from_cache=False)
    state = folder_state(folder, max_bytes)
    fingerprint = code_fingerprint()
    try:
        kb, postings = load(cache_dir, state, fingerprint)
        return Loaded(kb, postings, from_cache=True)
    except FileNotFoundError:
        pass
    except CacheError as exc:
        log.warning("index cache %s not used: %s", cache_dir, exc)
    kb = load_folder(folder, max_bytes=max_bytes)
    postings = build_postings(kb.passages)
    if all(state.get(a.key) == a.digest for a in kb.articles):  # else: changed while reading
        try:
            save(cache_dir, state, fingerprint, kb, postings)
        except OSError as exc:
            log.warning("cannot save the index cache in %s: %s", cache_dir, exc)
    return Loaded(kb, postings, from_cache=False)


def is_current(folder: Path, cache_dir: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bool:
    """Whether the cache was written for exactly these files by this code (checksums aside)."""
    try:
        manifest = _manifest(cache_dir / MANIFEST)
    except (FileNotFoundError, CacheError):
        return False
    return (
        manifest.get("format") == FORMAT
        and manifest.get("code") == code_fingerprint()
        and manifest.get("files") == folder_state(folder, max_bytes)
    )


def build_in_child(
    folder: Path,
    cache_dir: Path,
    timeout: float | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> bool:
    """Build and save the cache in a child process; False (and a warning) if that failed.

    Analysis is pure Python: in a thread of the serving process it would
    hold the GIL for most of a big build and questions would wait for it.
    """
    package_root = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "bot.store", str(folder), str(cache_dir), str(max_bytes)]
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
    cache_dir: Path, state: dict[str, str], fingerprint: str, kb: KnowledgeBase, data: Postings
) -> None:
    """Write the cache; the manifest goes last, so a half-written cache never matches."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": FORMAT,
        "code": fingerprint,
        "files": state,
        ARTICLES: _write(cache_dir / ARTICLES, lambda out: _write_articles(out, kb)),
        ARRAYS: _write(cache_dir / ARRAYS, lambda out: _write_arrays(out, data)),
        "passages": len(kb.passages),
    }
    text = json.dumps(manifest, indent=1).encode()
    _write(cache_dir / MANIFEST, lambda out: out.write(text))


def _write(path: Path, writer: Callable[[BinaryIO], object]) -> str:
    """Write `path` atomically (temp file + rename); return the sha256 of what was written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            writer(out)
        digest = _file_sha256(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_articles(out: BinaryIO, kb: KnowledgeBase) -> None:
    out.write(json.dumps({"errors": [[e.path.name, e.reason] for e in kb.errors]}).encode())
    by_article: dict[str, list[Passage]] = {}
    for passage in kb.passages:
        by_article.setdefault(passage.article.key, []).append(passage)
    for article in kb.articles:
        record: dict[str, Any] = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        record["published"] = article.published.isoformat() if article.published else None
        record["paragraphs"] = list(article.paragraphs)
        record["notes"] = list(article.notes)
        record["passages"] = [_passage_record(p) for p in by_article.get(article.key, [])]
        out.write(b"\n" + json.dumps(record, ensure_ascii=False).encode())


def _passage_record(p: Passage) -> list[Any]:
    """[paragraph, kind, part, text, index_text]; null where it repeats what is known."""
    paragraphs = p.article.paragraphs
    whole = 0 < p.paragraph <= len(paragraphs) and paragraphs[p.paragraph - 1] == p.text
    return [
        p.paragraph,
        p.kind,
        p.part,
        None if whole else p.text,
        None if p.index_text == p.text else p.index_text,
    ]


def _write_arrays(out: BinaryIO, data: Postings) -> None:
    arrays: dict[str, npt.NDArray[Any]] = {
        "terms": _joined(data.terms),
        "indptr": data.indptr,
        "doc_ids": data.doc_ids,
        "freqs": data.freqs,
        "lengths": data.lengths,
    }
    for name, words in data.extras.items():
        arrays[f"{EXTRA}{name}"] = _joined(words)
    np.savez(out, allow_pickle=False, **arrays)


# --- loading ---


def load(
    cache_dir: Path, state: dict[str, str], fingerprint: str
) -> tuple[KnowledgeBase, Postings]:
    """The cached knowledge and postings; CacheError when stale or damaged."""
    manifest = _manifest(cache_dir / MANIFEST)
    if manifest.get("format") != FORMAT:
        raise CacheError("written by another cache format")
    if manifest.get("code") != fingerprint:
        raise CacheError("written by other analysis code")
    if manifest.get("files") != state:
        raise CacheError("knowledge files changed")
    kb = _read_articles(cache_dir / ARTICLES, manifest)
    data = _read_arrays(_checked(cache_dir / ARRAYS, manifest))
    if len(data.lengths) != len(kb.passages) or manifest.get("passages") != len(kb.passages):
        raise CacheError("passage count does not match the index")
    return kb, data


def _manifest(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise  # no cache yet: not worth a warning
    except OSError as exc:
        raise CacheError(f"cannot read {path.name}: {exc}") from exc
    try:
        manifest = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CacheError(f"unreadable manifest: {exc}") from exc
    if not isinstance(manifest, dict):
        raise CacheError("unreadable manifest")
    return manifest


def _checked(path: Path, manifest: dict[str, Any]) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CacheError(f"cannot read {path.name}: {exc}") from exc
    if hashlib.sha256(data).hexdigest() != manifest.get(path.name):
        raise CacheError(f"{path.name} does not match its checksum")
    return data


def _read_articles(path: Path, manifest: dict[str, Any]) -> KnowledgeBase:
    """Parse line by line (a big file is never held twice), checking the sha256 as we go."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as lines:
            first = next(lines, b"")
            digest.update(first)
            errors = [FileError(Path(n), r) for n, r in json.loads(first)["errors"]]
            articles: list[Article] = []
            passages: list[Passage] = []
            for line in lines:
                digest.update(line)
                record = json.loads(line)
                articles.append(_article(record))
                passages.extend(_passages(articles[-1], record["passages"]))
    except OSError as exc:
        raise CacheError(f"cannot read {ARTICLES}: {exc}") from exc
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise CacheError(f"damaged {ARTICLES}: {exc}") from exc
    if digest.hexdigest() != manifest.get(ARTICLES):
        raise CacheError(f"{ARTICLES} does not match its checksum")
    return KnowledgeBase(tuple(articles), tuple(passages), tuple(errors))


def _article(record: dict[str, Any]) -> Article:
    published = record["published"]
    return Article(
        **{name: str(record[name]) for name in ARTICLE_FIELDS},
        published=dt.date.fromisoformat(published) if published else None,
        paragraphs=tuple(str(p) for p in record["paragraphs"]),
        notes=tuple(str(n) for n in record.get("notes", ())),
    )


def _passages(article: Article, records: list[list[Any]]) -> list[Passage]:
    passages = []
    for paragraph, kind, part, shown, index_text in records:
        body = str(shown) if shown is not None else article.paragraphs[int(paragraph) - 1]
        passages.append(
            Passage(
                article,
                int(paragraph),
                body,
                kind=str(kind),
                part=int(part),
                index_text=str(index_text) if index_text is not None else body,
            )
        )
    return passages


def _joined(words: list[str]) -> npt.NDArray[np.uint8]:
    """Words as one newline-separated UTF-8 array: no pickles in the cache."""
    joined = "\n".join(words)
    if joined.count("\n") != max(len(words) - 1, 0):
        raise ValueError("a word contains a newline")  # analysis never makes one
    return np.frombuffer(joined.encode(), dtype=np.uint8)


def _split(array: npt.NDArray[np.uint8]) -> list[str]:
    text = array.tobytes().decode()
    return text.split("\n") if text else []


def _read_arrays(data: bytes) -> Postings:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            extras = {
                key.removeprefix(EXTRA): _split(arrays[key])
                for key in arrays.files
                if key.startswith(EXTRA)
            }
            postings = Postings(
                terms=_split(arrays["terms"]),
                indptr=arrays["indptr"].astype(np.int64, copy=False),
                doc_ids=arrays["doc_ids"].astype(np.int32, copy=False),
                freqs=arrays["freqs"].astype(np.int32, copy=False),
                lengths=arrays["lengths"].astype(np.int32, copy=False),
                extras=extras,
            )
    except (ValueError, KeyError, OSError, UnicodeDecodeError) as exc:
        raise CacheError(f"damaged {ARRAYS}: {exc}") from exc
    _check_shapes(postings)
    return postings


def _check_shapes(p: Postings) -> None:
    """Arrays that would index out of bounds are rejected, whatever their checksum."""
    ok = (
        len(p.indptr) == len(p.terms) + 1
        and int(p.indptr[0]) == 0
        and int(p.indptr[-1]) == len(p.doc_ids) == len(p.freqs)
        and bool(np.all(np.diff(p.indptr) >= 0))
        and (
            len(p.doc_ids) == 0
            or 0 <= int(p.doc_ids.min()) <= int(p.doc_ids.max()) < len(p.lengths)
        )
    )
    if not ok:
        raise CacheError(f"{ARRAYS} arrays do not fit together")


def cache_dir_for(settings: KnowledgeSettings) -> Path | None:
    """Where `settings` want the cache kept; None when caching is off."""
    if not settings.cache:
        return None
    return Path(settings.cache_dir) if settings.cache_dir else settings.path / DEFAULT_DIR


if __name__ == "__main__":  # python -m bot.store FOLDER CACHE_DIR MAX_BYTES: build_in_child's
    os.nice(10)  # on a busy machine the serving process gets the CPU first
    loaded = load_or_build(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
    print(f"{len(loaded.knowledge.passages)} passages, from cache: {loaded.from_cache}")
