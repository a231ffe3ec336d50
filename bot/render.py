"""What a person reads: answers as Telegram HTML or plain terminal text, the
article list and help, each cut to fit a Telegram message (the admins' replies
are bot/render_admin.py; /stats is bot/telegram/statsview.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from bot.answering import EMPTY, Answer, Hit
from bot.answering.result import WITHHELD
from bot.knowledge import Article, Passage

TELEGRAM_LIMIT = 4096  # characters in one Telegram message
ELLIPSIS = "…"
_TAG = re.compile(r"<[^>]*>")


def citation(passage: Passage) -> str:
    """'The Moscow Times, “Title”, 1 March 2022, paragraph 3'."""
    article = passage.article
    parts = [article.source, f"“{article.title}”", article.published_text, passage.label]
    return ", ".join(part for part in parts if part)


def topics(articles: Sequence[Article], limit: int = 5) -> str:
    titles = [f"“{a.title}”" for a in articles[:limit]]
    more = len(articles) - limit
    return "; ".join(titles) + (f" and {more} more" if more > 0 else "")


def decline_text(answer: Answer, articles: Sequence[Article]) -> str:
    """A short, friendly refusal that points at what can be answered."""
    if answer.declined == EMPTY:
        head = "Please ask a question in words, for example: How many people have fled Ukraine?"
        return head if articles else "No articles are loaded yet, so I cannot answer questions."
    if not articles:
        return "No articles are loaded yet, so I cannot answer questions."
    if answer.closest is not None and answer.declined == WITHHELD:  # "has not been named"
        article = answer.closest.passage.article
        return (
            f"The article doesn’t say: {answer.closest.passage.label} of “{article.title}” "
            "says it has not been made known."
        )
    if answer.closest is not None:
        article = answer.closest.passage.article
        return (
            "The article doesn’t say. The closest it comes is "
            f"{answer.closest.passage.label} of “{article.title}”: ask about that, "
            f"or about anything in {topics(articles)}."
        )
    return f"The article doesn’t say. I can answer questions about {topics(articles)}."


# ---------------------------------------------------------------- terminal


def to_text(answer: Answer, articles: Sequence[Article]) -> str:
    if not answer.answered or answer.best is None:
        return decline_text(answer, articles)
    hit = answer.best
    lines = [_mark_sentence(hit, "»", "«"), "", f"— {citation(hit.passage)}"]
    if answer.short:  # the phrase that answers comes first, the passage is its proof
        lines = [answer.short, "", *lines]
    if hit.passage.article.url:
        lines.append(hit.passage.article.url)
    return "\n".join(lines)


def _mark_sentence(hit: Hit, start: str, end: str) -> str:
    text, sentence = hit.passage.text, hit.sentence
    at = text.find(sentence)
    if at < 0 or sentence == text:
        return text
    return f"{text[:at]}{start}{sentence}{end}{text[at + len(sentence) :]}"


# ---------------------------------------------------------------- Telegram


def to_html(answer: Answer, articles: Sequence[Article], *, limit: int = TELEGRAM_LIMIT) -> str:
    """Telegram HTML for an answer: passage with the best sentence in bold, then its source."""
    if not answer.answered or answer.best is None:  # titles can be long: cut to fit
        return html.escape(_keep_head(decline_text(answer, articles), limit))
    return hit_html(answer.best, limit=limit, short=answer.short)


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units): emoji outside the BMP count twice."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


MAX_SHORT = 200  # characters of a short answer shown in bold above the passage


def hit_html(hit: Hit, *, limit: int = TELEGRAM_LIMIT, short: str | None = None) -> str:
    """One passage with its source line and link, cut to fit `limit` characters; the
    short answer, when given, leads in bold."""
    lead = f"<b>{html.escape(_keep_head(short, MAX_SHORT))}</b>\n\n" if short else ""
    source = source_html(hit.passage)
    room = limit - units(source) - units(lead) - 2
    body = _passage_html(hit, room)
    return f"{lead}{body}\n\n{source}"


MAX_URL = 2048  # longer links are left out rather than crowd out the passage
_WEB_URL = re.compile(r"^https?://\S+$")


def is_web_url(url: str) -> bool:
    """A link Telegram takes for a button or a text link: http(s), no spaces, not absurdly
    long (an article's url: is any text; tg:// or javascript: is never made a link)."""
    return len(url) <= MAX_URL and _WEB_URL.match(url) is not None


def source_html(passage: Passage, *, room: int = TELEGRAM_LIMIT // 4) -> str:
    """'— <i>citation</i>' and the article link; the citation is cut to `room`."""
    text = f"— <i>{html.escape(_keep_head(citation(passage), room))}</i>"
    url = passage.article.url
    if is_web_url(url):
        text += f'\n<a href="{html.escape(url, quote=True)}">Read the article</a>'
    return text


def _passage_html(hit: Hit, room: int) -> str:
    """The passage as HTML in at most `room` characters, cut on plain text so no tag or
    entity is split: the tail goes first, then the head, then the sentence itself."""
    text, sentence = hit.passage.text, hit.sentence
    at = text.find(sentence) if sentence else -1
    if at < 0:
        before, bold, after = text, "", ""
    else:
        before, bold, after = text[:at], sentence, text[at + len(sentence) :]
    if _html_len(before, bold, after) > room:
        after = _keep_head(after, room - _html_len(before, bold, ""))
    if _html_len(before, bold, after) > room:
        before = _keep_tail(before, room - _html_len("", bold, after))
    if _html_len(before, bold, after) > room:
        before, after = "", ""
        bold = _keep_head(bold, room - len("<b></b>"))
    return (
        html.escape(before) + (f"<b>{html.escape(bold)}</b>" if bold else "") + html.escape(after)
    )


def _html_len(before: str, bold: str, after: str) -> int:
    return (
        units(html.escape(before))
        + units(html.escape(after))
        + (units(html.escape(bold)) + len("<b></b>") if bold else 0)
    )


def _keep_head(text: str, room: int) -> str:
    """The longest start of `text` that, with an ellipsis, escapes into `room` characters."""
    if units(html.escape(text)) <= room:
        return text
    keep = _longest(len(text), lambda k: units(html.escape(text[:k].rstrip() + ELLIPSIS)) <= room)
    return text[:keep].rstrip() + ELLIPSIS if keep else ""


def _keep_tail(text: str, room: int) -> str:
    """The longest end of `text` that, after an ellipsis, escapes into `room` characters."""
    if units(html.escape(text)) <= room:
        return text
    size = len(text)
    keep = _longest(
        size, lambda k: units(html.escape(ELLIPSIS + text[size - k :].lstrip())) <= room
    )
    return ELLIPSIS + text[size - keep :].lstrip() if keep else ""


def _longest(limit: int, fits: Callable[[int], bool]) -> int:
    """The largest k in 0..limit with fits(k) (fits is monotone); 0 when none fits."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low if low and fits(low) else 0


def article_html(article: Article) -> str:
    """One line for an article: linked title, then outlet and date, each cut to fit a message."""
    title = html.escape(_keep_head(article.title, TELEGRAM_LIMIT // 2))
    if is_web_url(article.url):
        title = f'<a href="{html.escape(article.url, quote=True)}">{title}</a>'
    details = ", ".join(p for p in (article.source, article.published_text) if p)
    details = html.escape(_keep_head(details, TELEGRAM_LIMIT // 4))
    return f"• {title}" + (f" — {details}" if details else "")


def help_html(articles: Sequence[Article], bot_username: str) -> str:
    """What the bot knows and the three ways to ask it (/start and /help)."""
    name = html.escape(f"@{bot_username}") if bot_username else "the bot"
    if articles:
        known = f"I answer questions about {len(articles)} news article(s): {topics(articles)}."
        known = html.escape(known)
    else:
        known = "No articles are loaded yet, so I cannot answer questions."
    lines = [
        known,
        "I reply with the passage that answers you, the key sentence in <b>bold</b>, "
        "and its source with a link. If the articles don’t say, I tell you so.",
        "",
        "<b>Here:</b> just type your question.",
        f"<b>In groups:</b> /ask your question, mention {name}, or reply to one of my answers.",
        f"<b>In any chat:</b> type {name} and your question to pick a passage to send.",
        "",
        "/sources lists the articles with their links.",
    ]
    return fit("\n".join(lines))


def sources_html(articles: Sequence[Article], *, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The loaded articles as one or more messages, each under `limit` characters."""
    if not articles:
        return ["No articles are loaded yet."]
    lines = [f"<b>{len(articles)} article(s) loaded:</b>"] + [article_html(a) for a in articles]
    return join_chunks([fit(line, limit=limit) for line in lines], limit=limit)


def join_chunks(lines: Sequence[str], *, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack whole lines into as few messages of at most `limit` characters as possible."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        joined = f"{current}\n{line}" if current else line
        if units(joined) <= limit:
            current = joined
            continue
        if current:
            chunks.append(current)
        current = line
    if current:
        chunks.append(current)
    return chunks


def fit(text_html: str, *, limit: int = TELEGRAM_LIMIT) -> str:
    """Drop a line's markup-free tail when it cannot fit (only for our own short lines)."""
    if units(text_html) <= limit:
        return text_html
    plain = html.unescape(_TAG.sub("", text_html))
    return html.escape(plain[: max(0, limit // 6 - 1)]) + ELLIPSIS  # escaping grows text ≤6x
