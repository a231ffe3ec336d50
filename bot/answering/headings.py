"""A subheading is no answer: the paragraph under it answers in its place.

An article's subheading ("## Review panel") is a paragraph of its own and so a passage
(bot/passages.py), and a short one: the question's words it holds weigh heavily in BM25
and in its one "sentence". Yet it states nothing, no answer of any kind; it names what the
section under it tells. So when the best passage is a subheading, the passage right after
it in its article (the section's first paragraph) takes its place and its score
(`rules.heading_next`; docs/quality.md round 35): "Who will lead the review panel?" is
answered by "The panel will be chaired by ...", not by "## Review panel".

A subheading, as general text: a one-line passage of at most `_MAX_WORDS` words ending in
no sentence's end (no ".", "!", "?", "…", nor a closing quote after one), written as a
Markdown heading or not ("## Review panel", "Questions over the culvert"). A heading of
one word has joined the paragraph under it already (bot/passages.py MIN_PASSAGE_WORDS:
"## Transfer The sacking comes ..."): that passage ends as a sentence does.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.knowledge import Passage

_MAX_WORDS = 12  # a heading is a phrase, not a paragraph
_ENDS = tuple(".!?…:;")  # a sentence's (or a list's lead-in's) last character
_QUOTES = "\"'”’)»"


def is_heading(text: str) -> bool:
    """Whether a passage's `text` is a subheading (module docstring)."""
    line = text.strip()
    if line.rstrip(_QUOTES).endswith(_ENDS):  # most passages: read from the end, no split
        return False
    if not line or "\n" in line:
        return False
    return len(line.split(None, _MAX_WORDS)) <= _MAX_WORDS


def past_heading(
    ranked: list[tuple[int, float]], passages: Sequence[Passage]
) -> list[tuple[int, float]]:
    """`ranked` (passage position, score; best first) with a best passage that is a
    subheading replaced by the body passage after it in its article, at its score (that
    passage's own place in `ranked` dropped); unchanged when the best is no subheading or
    nothing of its article follows it (most questions: one passage's text read)."""
    if not ranked:
        return ranked
    best, score = ranked[0]
    passage = passages[best]
    if passage.kind != "body" or not is_heading(passage.text):
        return ranked
    after = best + 1
    if after >= len(passages):
        return ranked
    following = passages[after]
    if following.kind != "body" or following.article.key != passage.article.key:
        return ranked
    rest = [(i, s) for i, s in ranked[1:] if i != after]
    return [(after, score), *rest]
