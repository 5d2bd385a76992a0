"""``zufolge eval specimen``: check that a scraped article comes out clean.

No gold exists for one scraped page, so this prints what a reviewer needs to verify by eye
(title, every kept paragraph in order, what was removed) and checks what can be checked
generically: a title was found, it appears once, no credit or caption is left in the text,
no line is repeated, no paragraph equals the title.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import click

from zufolge.clean.scraped import _key, clean_data


def checks(article) -> list[tuple[str, bool]]:
    data = clean_data()
    text = article.text
    paragraphs = [text[p.start : p.end] for p in article.paragraphs]
    title_key = _key(article.title or "")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    credit_left = [
        ln for ln in lines if any(p.search(ln) for p in (*data.credit_line, *data.credit_tail))
    ]
    return [
        ("a title was found", bool(article.title)),
        ("the title is not repeated in the text", title_key not in {_key(p) for p in paragraphs}),
        ("no credit line or credit ending is left", not credit_left),
        ("no caption marker is left", not any(m in text.casefold() for m in data.caption_markers)),
        ("no line appears twice", max(Counter(_key(ln) for ln in lines).values(), default=1) == 1),
        ("no © sign is left", "©" not in text),
        ("there is body text", any(p.kind in ("lead", "body") for p in article.paragraphs)),
    ]


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def command(path: str) -> None:
    """Clean one scraped article and check the result.

    \b
    Example:
      zufolge eval specimen ../shared/specimen/scraped-article-de.txt
    """
    from zufolge.clean import clean
    from zufolge.read import iter_inputs

    items = list(iter_inputs([path]))
    raw = items[0]
    if not hasattr(raw, "text"):
        raise click.ClickException(f"{path}: {raw.reason}")
    article = clean(raw)
    click.echo(f"kicker: {article.kicker or '-'}")
    click.echo(f"title:  {article.title or '-'}")
    click.echo("\nkept, in order:")
    for p in article.paragraphs:
        snippet = re.sub(r"\s+", " ", article.text[p.start : p.end])
        click.echo(f"  {p.kind:<10} {snippet[:80]}{'…' if len(snippet) > 80 else ''}")
    removed = Counter(r.kind for r in article.removed)
    click.echo("\nremoved: " + ", ".join(f"{n} {k}" for k, n in removed.most_common()))
    click.echo("")
    results = checks(article)
    for name, ok in results:
        click.echo(f"  [{'ok' if ok else 'FAIL'}] {name}")
    failed = sum(not ok for _, ok in results)
    click.echo(f"\n{len(results) - failed} of {len(results)} checks passed ({Path(path).name})")
    if failed:
        raise SystemExit(1)
