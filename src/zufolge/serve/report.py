"""The human-readable report of ``zufolge analyze --format text``.

It answers, per article, what the article asserts itself and what it only relays: each
statement with its kind, its source (as written and as resolved), the chain of sources
behind it and whom it was said to.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

KIND_LABELS = {
    "direct": "quote",
    "indirect": "indirect",
    "free_indirect": "continued",
    "reported": "reported act",
    "according_to": "according to",
    "reportive_modal": "reportedly",
    "assessment": "assessment",
    "denial": "denial",
}
MESSAGE_WIDTH = 160


def _source_label(a: dict[str, Any]) -> str:
    source = a["source"]
    if source is None or (source["text"] is None and source["resolved"] is None):
        return "(unnamed)"
    written, resolved = source["text"], source["resolved"]
    if written and resolved and resolved not in written:
        return f"{written} → {resolved}"
    return resolved or written or "(unnamed)"


def _message(a: dict[str, Any]) -> str:
    text = " … ".join(m["text"] for m in a["message"]).replace("\n", " ")
    return text if len(text) <= MESSAGE_WIDTH else text[: MESSAGE_WIDTH - 1] + "…"


def _attribution_table(result: dict[str, Any]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=True)
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("source / chain", ratio=2)
    table.add_column("statement", ratio=5)
    for a in result["attributions"]:
        source = Text(_source_label(a), style="bold")
        if len(a["chain"]) > 1:
            source.append("\nchain: " + " ▸ ".join(a["chain"]), style="cyan")
        if a["addressee"]:
            source.append(f"\nto {a['addressee']['text']}", style="dim")
        cue = " … ".join(c["text"] for c in a["cue"])
        kind = Text(KIND_LABELS.get(a["kind"], a["kind"]))
        if cue:
            kind.append(f"\n{cue}", style="dim italic")
        table.add_row(a["id"], kind, source, Text(_message(a)))
    return table


def render_report(result: dict[str, Any], *, color: bool = False, width: int = 110) -> str:
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
    console.print(Text(document["title"] or "(untitled)", style="bold"))
    meta = [document["language"]] + [
        str(document[k]) for k in ("outlet", "published", "author", "url", "path") if document[k]
    ]
    console.print(Text(" · ".join(meta), style="dim"))
    removed = Counter(r["kind"] for r in document["removed"])
    if removed:
        parts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in removed.most_common())
        console.print(Text(f"removed: {parts}", style="dim"))
    console.print()
    for para in document["paragraphs"]:
        body = text[para["start"] : para["end"]]
        style = {"subheading": "bold", "lead": "italic"}.get(para["kind"], "")
        console.print(Text(body, style=style))
        console.print()
    attributions = result["attributions"]
    if attributions:
        relayed = sum(1 for a in attributions if a["source"] and a["source"]["type"] != "author")
        console.print(
            Text(f"Statements ({len(attributions)}, {relayed} relayed from sources)", style="bold")
        )
        console.print(_attribution_table(result))
    else:
        console.print(Text("No attributed statements found.", style="dim"))
    console.print(Text(f"{len(result['sentences'])} sentences", style="dim"))
    console.print(Text(escape("─" * min(width, 60)), style="dim"))
    return buf.getvalue()
