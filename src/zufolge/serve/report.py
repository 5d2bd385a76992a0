"""The human-readable report of ``zufolge analyze --format text``.

It answers, per article, what the article asserts itself and what it only relays: each
statement with its kind, its source (as written and as resolved), the chain of sources
behind it, whom it was said to, how sure it is (certainty), which other statement it rates
(stance), and the handles it rests on: people, organisations, places, dates and numbers.
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
    "statement": "author",
}
MESSAGE_WIDTH = 160
CERTAINTY_STYLES = {
    "asserted": "green",
    "reported": "cyan",
    "probable": "yellow",
    "possible": "yellow",
    "unverified": "magenta",
    "denied": "red",
}


def _source_label(a: dict[str, Any]) -> str:
    source = a["source"]
    if source and source["type"] == "author":
        return source["resolved"] or "(the article)"
    if source is None or (source["text"] is None and source["resolved"] is None):
        return "(unnamed)"
    written, resolved = source["text"], source["resolved"]
    if written and resolved and resolved not in written:
        return f"{written} → {resolved}"
    return resolved or written or "(unnamed)"


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _message(a: dict[str, Any]) -> str:
    return _clip(" … ".join(m["text"] for m in a["message"]), MESSAGE_WIDTH)


def _certainty(a: dict[str, Any], ids: dict[str, str]) -> Text:
    certainty = a.get("certainty")
    if not certainty:
        return Text("")
    level = certainty["level"]
    out = Text(level, style=CERTAINTY_STYLES.get(level, ""))
    stance = a.get("stance")
    if stance:
        style = "green" if stance["polarity"] == "supports" else "red"
        out.append(f"\n{stance['polarity']} {ids.get(stance['target'], stance['target'])}", style)
    return out


def _within(span: dict[str, Any], regions: list[tuple[int, int]]) -> bool:
    return any(start <= span["start"] and span["end"] <= end for start, end in regions)


def _handles(a: dict[str, Any], result: dict[str, Any]) -> str:
    """The entities, places, times and quantities inside a statement's source and message."""
    regions = [(m["start"], m["end"]) for m in a["message"]]
    source = a["source"]
    if source and source["start"] is not None:
        regions.append((source["start"], source["end"]))
    out: list[str] = []
    for entity in result["entities"]:
        if any(_within(m, regions) for m in entity["mentions"]):
            out.append(f"{entity['canonical']} ({entity['label']})")
    for place in result["places"]:
        if _within(place, regions) and place["lat"] is not None:
            out.append(f"{place['text']} @ {place['lat']:.2f},{place['lon']:.2f}")
    for time in result["times"]:
        if _within(time, regions) and time["value"]:
            out.append(f"{time['text']} = {time['value']}")
    for quantity in result["quantities"]:
        if _within(quantity, regions):
            out.append(quantity["text"])
    return " · ".join(dict.fromkeys(out))


def _shown(a: dict[str, Any]) -> bool:
    """Relayed statements always; the author's own only when hedged, unverified or denied."""
    if a["kind"] != "statement":
        return True
    certainty = a.get("certainty")
    return bool(certainty and certainty["level"] != "asserted")


def _attribution_table(result: dict[str, Any]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=True)
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("how sure", no_wrap=True, min_width=10)
    table.add_column("source / chain", ratio=2)
    table.add_column("statement", ratio=5)
    ids = {a["id"]: a["id"] for a in result["attributions"]}
    for a in result["attributions"]:
        if not _shown(a):
            continue
        source = Text(_source_label(a), style="bold")
        if len(a["chain"]) > 1:
            source.append("\nchain: " + " ▸ ".join(a["chain"]), style="cyan")
        if a["addressee"]:
            source.append(f"\nto {a['addressee']['text']}", style="dim")
        cue = " … ".join(c["text"] for c in a["cue"])
        kind = Text(KIND_LABELS.get(a["kind"], a["kind"]))
        if cue:
            kind.append(f"\n{cue}", style="dim italic")
        statement = Text(_message(a))
        certainty = a.get("certainty")
        if certainty and certainty["cues"]:
            cues = " · ".join(_clip(c["text"], 60) for c in certainty["cues"])
            statement.append(f"\n{certainty['level']}: {cues}", style="italic")
        handles = _handles(a, result)
        if handles:
            statement.append(f"\n{handles}", style="dim")
        table.add_row(a["id"], kind, _certainty(a, ids), source, statement)
    return table


def _index_lines(result: dict[str, Any]) -> list[Text]:
    """One line each for the article's entities, places, times and quantities."""
    lines = []
    entities = [
        f"{e['canonical']} ({e['label']}, {len(e['mentions'])}×)" for e in result["entities"]
    ]
    places = [
        f"{p['name']}" + (f" {p['country']} {p['lat']:.2f},{p['lon']:.2f}" if p["lat"] else "")
        for p in result["places"]
    ]
    times = [f"{t['text']} = {t['value']}" for t in result["times"] if t["value"]]
    quantities = [q["text"] for q in result["quantities"]]
    for name, items in (
        ("entities", entities),
        ("places", places),
        ("times", times),
        ("quantities", quantities),
    ):
        if items:
            line = Text(f"{name}: ", style="bold")
            line.append("; ".join(dict.fromkeys(items)))
            lines.append(line)
    return lines


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
    relayed = [a for a in attributions if a["kind"] != "statement"]
    own = [a for a in attributions if a["kind"] == "statement"]
    if attributions:
        hedged = sum(1 for a in own if _shown(a))
        heading = f"Statements: {len(relayed)} relayed from sources"
        if own:
            heading += f", {len(own)} by the author ({hedged} hedged, unverified or denied shown)"
        console.print(Text(heading, style="bold"))
        console.print(_attribution_table(result))
    else:
        console.print(Text("No attributed statements found.", style="dim"))
    for line in _index_lines(result):
        console.print(line)
    console.print(Text(f"{len(result['sentences'])} sentences", style="dim"))
    console.print(Text(escape("─" * min(width, 60)), style="dim"))
    return buf.getvalue()
