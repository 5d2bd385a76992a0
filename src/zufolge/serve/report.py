"""The human-readable report of ``zufolge analyze --format text``."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from rich.console import Console
from rich.text import Text


def render_report(result: dict[str, Any], *, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
    )
    document = result["document"]
    text = document["text"]
    title = document["title"] or "(untitled)"
    console.print(Text(title, style="bold"))
    meta = [document.get(k) for k in ("outlet", "published", "url", "path")]
    meta_line = " · ".join(str(m) for m in meta if m)
    console.print(
        Text(
            f"{document['language']} · {meta_line}" if meta_line else document["language"],
            style="dim",
        )
    )
    removed = Counter(r["kind"] for r in document["removed"])
    if removed:
        parts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in removed.most_common())
        console.print(Text(f"removed: {parts}", style="dim"))
    console.print()
    for para in document["paragraphs"]:
        body = text[para["start"] : para["end"]]
        if para["kind"] == "subheading":
            console.print(Text(body, style="bold"))
        elif para["kind"] == "lead":
            console.print(Text(body, style="italic"))
        else:
            console.print(Text(body))
        console.print()
    console.print(
        Text(
            f"{len(result['sentences'])} sentences · {len(result['attributions'])} attributions",
            style="dim",
        )
    )
    console.print(Text("─" * min(width, 60), style="dim"))
    return buf.getvalue()
