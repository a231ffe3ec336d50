"""A strict checker for Telegram's HTML parse mode, as the stand-in Bot API applies it.

Only Telegram's tags are allowed, with their attributes; tags must nest and
close; `<`, `>` and `&` outside tags must be escaped as `&lt;`, `&gt;`,
`&amp;` (or `&quot;` / numeric references). `visible_text` returns what the
reader sees, whose length Telegram limits to 4096 (UTF-16 code units here:
stricter than characters when there are emoji).
"""

from __future__ import annotations

import html
import re

TEXT_LIMIT = 4096

# tag -> allowed attributes (required ones are checked separately)
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "tg-spoiler": frozenset(),
    "span": frozenset({"class"}),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
    "tg-emoji": frozenset({"emoji-id"}),
}
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=]+))?)*)\s*(/?)>"
)
_ATTR = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>=]+))?")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


class HtmlError(ValueError):
    """Telegram would answer 400 Bad Request: can't parse entities."""


def visible_text(source: str) -> str:
    """The text a reader sees, or HtmlError when Telegram would refuse `source`."""
    out: list[str] = []
    stack: list[str] = []
    at = 0
    while at < len(source):
        char = source[at]
        if char == "<":
            match = _TAG.match(source, at)
            if match is None:
                raise HtmlError(f"Unexpected < at offset {at}")
            _tag(match, stack, at)
            at = match.end()
        elif char == "&":
            match = _ENTITY.match(source, at)
            if match is None:
                raise HtmlError(f"Unescaped & at offset {at}")
            out.append(html.unescape(match.group(0)))
            at = match.end()
        elif char == ">":
            raise HtmlError(f"Unescaped > at offset {at}")
        else:
            out.append(char)
            at += 1
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _tag(match: re.Match[str], stack: list[str], at: int) -> None:
    closing, name, attributes, self_closing = match.groups()
    name = name.lower()
    if name not in ALLOWED_TAGS:
        raise HtmlError(f'Unsupported start tag "{name}" at byte offset {at}')
    if self_closing:
        raise HtmlError(f'Self-closing tag "{name}" at offset {at}')
    if closing:
        if attributes.strip():
            raise HtmlError(f'End tag "{name}" has attributes')
        if not stack or stack[-1] != name:
            raise HtmlError(f'Unmatched end tag at byte offset {at}, expected "{stack[-1:]}"')
        stack.pop()
        return
    found = {key.lower(): _unquote(value) for key, value in _ATTR.findall(attributes)}
    for key in found:
        if key not in ALLOWED_TAGS[name]:
            raise HtmlError(f'Unsupported attribute "{key}" in tag "{name}"')
    if name == "a" and not found.get("href"):
        raise HtmlError('Tag "a" must have attribute "href"')
    if name == "span" and found.get("class") != "tg-spoiler":
        raise HtmlError('Tag "span" must have class "tg-spoiler"')
    for value in found.values():
        if "&" in value and not _entities_ok(value):
            raise HtmlError(f'Bad entity in attribute of "{name}"')
    stack.append(name)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _entities_ok(value: str) -> bool:
    return all(_ENTITY.match(value, m.start()) for m in re.finditer("&", value))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_message_text(source: str, parse_mode: str | None) -> str:
    """Telegram's description for a refused text ("" when it would be accepted)."""
    if parse_mode is not None and parse_mode.upper() == "HTML":
        try:
            text = visible_text(source)
        except HtmlError as exc:
            return f"Bad Request: can't parse entities: {exc}"
    elif parse_mode is not None:
        return f"Bad Request: unsupported parse_mode {parse_mode!r} in the stand-in server"
    else:
        text = source
    if not text.strip():
        return "Bad Request: message text is empty"
    if utf16_length(text) > TEXT_LIMIT:
        return "Bad Request: message is too long"
    return ""
