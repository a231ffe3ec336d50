"""How faithfully `add` reads web pages: articles wrapped in page furniture, added back, compared.

Each article of a knowledge folder becomes a web page (cookie banner, navigation,
share buttons, byline, related links, footer, metadata in <head>); `python -m bot add`
reads each page into a fresh folder; the script counts the original paragraphs kept
exactly and the paragraphs that were not in the article. Run from the repository root:

    PYTHONPATH=. python docs/ingest_roundtrip.py ../shared/eval/news/articles /tmp/roundtrip

then `python -m bot --config /tmp/roundtrip/config.yaml eval ...` compares answers.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from bot.cli import main as bot_main
from bot.knowledge import Article, load_folder


def page(a: Article) -> str:
    esc = html.escape
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
    date = a.published.isoformat() if a.published else ""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{esc(a.title)} - {esc(a.source)}</title>
<meta property="og:title" content="{esc(a.title)}">\
<meta property="og:site_name" content="{esc(a.source)}">
<meta property="article:published_time" content="{date}"><link rel="canonical" href="{esc(a.url)}">
</head><body>\
<div class="cookie-banner">We use cookies to personalise content. <button>Accept</button></div>
<nav><a href="/">Main page</a> <a href="/latest">Latest news</a> <a href="/donate">Donate</a></nav>
<main><article><h1>{esc(a.title)}</h1><div class="byline">{date}</div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<div class="body">{paragraphs}</div></article>
<aside class="related"><h2>Related news</h2>\
<ul><li><a href="/r1">Council approves new budget</a></li>
<li><a href="/r2">Storm hits coast</a></li></ul></aside></main>
<footer>Content is available under a Creative Commons licence. \
<a href="/privacy">Privacy</a></footer>
</body></html>"""


def main(source: Path, work: Path) -> None:
    pages, folder = work / "pages", work / "knowledge"
    pages.mkdir(parents=True, exist_ok=True)
    folder.mkdir(exist_ok=True)
    config = work / "config.yaml"
    config.write_text("knowledge:\n  path: knowledge\n  cache: false\n")
    original = load_folder(source).articles
    for article in original:
        path = pages / f"{Path(article.key).stem}.html"
        path.write_text(page(article), encoding="utf-8")
        bot_main(["--config", str(config), "add", str(path)])
    added = {a.title: a for a in load_folder(folder).articles}
    kept = extra = total = 0
    for article in original:
        new = added.get(article.title)
        paragraphs = new.paragraphs if new else ()
        total += len(article.paragraphs)
        kept += sum(p in paragraphs for p in article.paragraphs)
        extra += sum(p not in article.paragraphs for p in paragraphs)
    print(f"{len(added)}/{len(original)} articles added; paragraphs kept exactly: {kept}/{total};"
          f" paragraphs not in the article: {extra}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
