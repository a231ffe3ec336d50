"""YAML front matter: read safely, checked key by key, tolerant of keys we don't use.

Hostile input is stopped before anything is built: the front matter has a
size limit, and YAML anchors and aliases are refused (``yaml.safe_load``
expands them: 1 KB of aliases became 9 GB). Unknown keys (``licence``,
``lang``) are kept in the file and reported as warnings, never a reason to
drop the article. Every message quotes at most a short excerpt of the input.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from bot.errors import ArticleError, excerpt, listed, shown
from bot.safe_yaml import AliasError, NoAliasLoader

REQUIRED_KEYS = ("title", "source", "published")
OPTIONAL_KEYS = ("url", "author", "caption", "caption_credit", "credit", "tags")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
MAX_FRONT_MATTER_CHARS = 20_000  # real front matter is under 2 KB
MAX_VALUE_CHARS = 10_000  # one value; a caption is the longest real one (under 1,000)
MAX_NESTING = 20  # [ and { levels; real front matter uses one (tags: [a, b])
# libyaml's safe loader when PyYAML has it: ~10x faster on large knowledge folders.
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, Any]
    warnings: tuple[str, ...]


def split(text: str) -> tuple[str, str]:
    """(front matter, body) of a text that starts with a '---' line."""
    end = re.search(r"^---[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        raise ArticleError("front matter starts with '---' but has no closing '---' line")
    return text[4 : 4 + end.start()], text[4 + end.end() :]


def parse(front: str) -> FrontMatter:
    """The checked mapping of a front matter's text, and warnings about unknown keys."""
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise ArticleError(
            f"front matter is {len(front):,} characters; the limit is {MAX_FRONT_MATTER_CHARS:,}"
        )
    if _nesting(front) > MAX_NESTING:  # refused before YAML recurses through it (seconds)
        raise ArticleError(f"front matter nests deeper than {MAX_NESTING} levels of [ or {{")
    meta = _load(front)
    if not isinstance(meta, dict):
        raise ArticleError(f"front matter must be 'key: value' lines, got {excerpt(front)}")
    keys = [str(k) for k in meta]
    unknown = [k for k in keys if k not in KNOWN_KEYS]
    # kept in the file, not used: a near miss named with the key it misses, the rest in one line
    warnings = [
        f"unknown front matter key {shown(k)} ignored{_hint(k)}" for k in unknown if _close(k)
    ]
    others = [shown(k, 40) for k in unknown if not _close(k)]
    if others:
        warnings.append(f"unknown front matter key(s) ignored: {listed(others)}")
    missing = [k for k in REQUIRED_KEYS if _blank(meta.get(k))]
    if missing:
        hints = "".join(f" (is {k!r} a misspelling?)" for k in unknown if _close(k) in missing)
        raise ArticleError(f"missing front matter key(s): {', '.join(missing)}{hints}")
    return FrontMatter({k: meta[k] for k in meta if k in KNOWN_KEYS}, tuple(warnings))


def _blank(value: Any) -> bool:
    """Whether a value reads as no text at all: absent, `""`, `"  "` or `[]`."""
    if isinstance(value, list):
        return not any(str(v).strip() for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def _nesting(front: str) -> int:
    """The deepest run of open [ and { (quotes not considered: it can only over-count)."""
    if "[" not in front and "{" not in front:  # most front matter: no loop in Python
        return 0
    depth = deepest = 0
    for char in front:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _load(front: str) -> Any:
    try:
        if "&" in front or "*" in front:  # anchors and aliases need one of these
            return yaml.load(front, Loader=NoAliasLoader)
        try:
            return yaml.load(front, Loader=FAST_LOADER)
        except yaml.YAMLError:  # the pure-Python loader words its errors as readers have seen them
            return yaml.load(front, Loader=NoAliasLoader)
    except AliasError as exc:
        used = "alias (*name)" if exc.alias else "anchor (&name)"
        raise ArticleError(f"front matter uses a YAML {used}, which is not allowed") from None
    except yaml.YAMLError as exc:
        raise ArticleError(f"front matter is not valid YAML: {_first_line(exc)}") from None
    except Exception as exc:  # impossible dates, over-long numbers, deep nesting
        reason = f"front matter has a value that cannot be read: {_first_line(exc)}"
        raise ArticleError(reason) from None


def _close(key: str) -> str | None:
    match = difflib.get_close_matches(key.casefold(), KNOWN_KEYS, n=1, cutoff=0.75)
    return match[0] if match else None


def _hint(key: str) -> str:
    close = _close(key)
    return f" (did you mean `{close}`?)" if close else ""


def text_value(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(value)
    elif isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        raise ArticleError(f"front matter key {key!r} must be text, got {shown(value)}")
    text = " ".join(str(value).split())
    if len(text) > MAX_VALUE_CHARS:
        raise ArticleError(
            f"front matter key {key!r} is {len(text):,} characters; the limit is"
            f" {MAX_VALUE_CHARS:,}"
        )
    return text


def date_value(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ArticleError(
            f"published must be an ISO date like 2022-03-01, got {shown(value)}"
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return excerpt(text.splitlines()[0] if text else type(exc).__name__, 160)


def render(values: dict[str, str]) -> str:
    """Front matter text for `values` (empty ones left out), as yaml.safe_dump writes it."""
    kept = {k: v for k, v in values.items() if v}
    dumped = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{dumped}---\n"
