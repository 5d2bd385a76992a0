"""``zufolge eval specimen``: check that a scraped article comes out clean.

No gold exists for one scraped page, so this prints what a reviewer needs to verify by eye
(kicker, title, every kept paragraph in order, what was removed) and checks what can be
checked for any article:

- a title was found, and the headline appears once in title + text (not repeated in a
  paragraph, exactly or in other quotes, with or without the kicker);
- no credit is left (the credit patterns of ``lang/*/clean-credits.tsv``, agency endings,
  "©"), no caption marker ("(Archivbild)"), no navigation line ("Lesen Sie auch: …");
- no paragraph appears twice, and no paragraph repeats inside the next one (the short and
  long captions of a gallery pair);
- the paragraphs tile the text (offsets in order, joined by blank lines) and body text is left.

Exit status 0 when every check passes for every document in the file, 1 otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from zufolge.clean.scraped import (
    MAX_CAPTION,
    SHORT_LINE,
    has_credit_tail,
    is_navigation,
    repeats_title,
    title_key,
)
from zufolge.clean.scraped_data import clean_data
from zufolge.model import Article

SNIPPET = 70
MIN_PAIR_KEY = 10  # a shorter paragraph inside the next one is a coincidence, not a pair


def _paragraphs(article: Article) -> list[str]:
    return [article.text[p.start : p.end] for p in article.paragraphs]


def _offenders(article: Article) -> dict[str, list[str]]:
    """For each check, the paragraphs (or values) that break it; empty when it passes."""
    data = clean_data()
    paragraphs = _paragraphs(article)
    title, kicker = article.title or "", article.kicker
    keys = [title_key(p) for p in paragraphs]
    counts = Counter(keys)
    body_kinds = {"lead", "body"}
    tiled = "\n\n".join(paragraphs) == article.text and all(
        a.end <= b.start for a, b in zip(article.paragraphs, article.paragraphs[1:], strict=False)
    )
    return {
        "a title was found": [] if title else ["no title"],
        "the headline appears once in title + text": [
            p for p in paragraphs if title and (repeats_title(p, title, kicker) or title in p)
        ],
        "no credit is left": [
            p
            for p in paragraphs
            if "©" in p
            or (len(p) < SHORT_LINE and data.credit_line.search(p))
            or (len(p) <= MAX_CAPTION and has_credit_tail(p, data))
        ],
        "no caption marker is left": [
            p
            for p in paragraphs
            if len(p) < SHORT_LINE and any(m in p.casefold() for m in data.caption_markers)
        ],
        "no navigation line is left": [p for p in paragraphs if is_navigation(p, data)],
        "no paragraph appears twice": [
            p for p, k in zip(paragraphs, keys, strict=True) if counts[k] > 1
        ],
        "no paragraph repeats in the next (caption pairs)": [
            a
            for a, ka, kb in zip(paragraphs, keys, keys[1:], strict=False)
            if len(ka) >= MIN_PAIR_KEY and ka in kb
        ],
        "the paragraphs tile the text": [] if tiled else ["offsets do not match the text"],
        "there is body text": (
            [] if any(p.kind in body_kinds for p in article.paragraphs) else ["no lead or body"]
        ),
    }


def checks(article: Article) -> list[tuple[str, bool]]:
    """(check, passed) for every generic check, in a fixed order."""
    return [(name, not bad) for name, bad in _offenders(article).items()]


def _snippet(text: str, width: int = SNIPPET) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[:width] + "…"


def report(article: Article, echo: Callable[[str], None], show_removed: bool) -> bool:
    """Print the article's check list; True when every check passes."""
    echo(f"kicker: {article.kicker or '-'}")
    echo(f"title:  {article.title or '-'}")
    echo(f"\nkept, in order ({len(article.paragraphs)} paragraphs):")
    for i, paragraph in enumerate(_paragraphs(article), 1):
        echo(f"  {i:>3} {article.paragraphs[i - 1].kind:<10} {_snippet(paragraph)}")
    removed = Counter(r.kind for r in article.removed)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(removed.items())) or "nothing"
    echo(f"\nremoved: {summary}")
    if show_removed:
        for segment in article.removed:
            echo(f"  - {segment.kind:<14} {_snippet(segment.text)}")
    echo("")
    offenders = _offenders(article)
    for name, bad in offenders.items():
        echo(f"  [{'ok' if not bad else 'FAIL'}] {name}")
        for value in bad[:3]:
            echo(f"         {_snippet(value)}")
    failed = sum(1 for bad in offenders.values() if bad)
    echo(f"\n{len(offenders) - failed} of {len(offenders)} checks passed")
    return failed == 0


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--removed", "show_removed", is_flag=True, help="List every removed segment.")
def command(path: str, show_removed: bool) -> None:
    """Clean a scraped article (or each document of a file) and check the result.

    Prints the title, every kept paragraph (kind and first 70 characters) so a reader can
    verify the story is complete and in order, the removed segments by kind, and generic
    checks: title found and not repeated, no credit, caption, navigation or duplicated line
    left. Exits 1 when a check fails.

    \b
    Example:
      zufolge eval specimen ../shared/specimen/scraped-article-de.txt
    """
    from zufolge.clean import clean
    from zufolge.errors import InputError
    from zufolge.model import ReadError
    from zufolge.read import iter_inputs

    all_passed = True
    for number, raw in enumerate(iter_inputs([path]), 1):
        label = raw.path if isinstance(raw, ReadError) else raw.label
        if number > 1:
            click.echo("\n" + "-" * 78)
        click.echo(f"document {number}: {label or Path(path).name}")
        if isinstance(raw, ReadError):
            click.echo(f"  cannot read: {raw.reason}")
            all_passed = False
            continue
        try:
            article = clean(raw)
        except InputError as error:
            click.echo(f"  cannot clean: {error}")
            all_passed = False
            continue
        all_passed &= report(article, click.echo, show_removed)
    raise SystemExit(0 if all_passed else 1)
