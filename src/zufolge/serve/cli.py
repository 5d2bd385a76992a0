"""The ``zufolge`` command line."""

from __future__ import annotations

import sys
import time
from datetime import date

import click

from zufolge import __version__
from zufolge.contract import dumps
from zufolge.pipeline import Options, default_workers, run
from zufolge.serve.output import AtomicOutput

# Exit codes: 0 all inputs succeeded, 1 some inputs failed, 2 usage error (click's own).
EXIT_PARTIAL = 1


def _iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-10-17") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="zufolge")
def main() -> None:
    """zufolge — who claims what, through whom, how sure.

    Reads news articles (scraped text, HTML, WARC, JSONL), cleans them and maps their
    statements to sources and chains of sources.

    \b
    Start here:
      zufolge analyze article.txt
      zufolge analyze --format jsonl --out corpus.jsonl crawl.warc.gz
      zufolge analyze --help
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH... | -")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="text: a readable report; json: the zufolge/1 object (an array for several "
    "documents); jsonl: one object per line.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE (atomically: complete or not at all) instead of stdout.",
)
@click.option(
    "--lang",
    type=click.Choice(["auto", "de", "en"]),
    default="auto",
    show_default=True,
    help="Language of the articles; auto detects it per document.",
)
@click.option(
    "--no-clean",
    is_flag=True,
    help="Take the text verbatim (no boilerplate removal), so offsets index the input.",
)
@click.option(
    "--published",
    callback=_iso_date,
    metavar="DATE",
    help="Reference date (YYYY-MM-DD) for articles that carry none.",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help=f"Processes to use [default: all cores, here {default_workers()}].",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
def analyze(
    paths: tuple[str, ...],
    fmt: str,
    out: str | None,
    lang: str,
    no_clean: bool,
    published: str | None,
    workers: int | None,
    quiet: bool,
) -> None:
    """Analyse articles and print a report or the JSON contract.

    PATH may be a text file (any common encoding), an HTML page, a WARC or WARC.gz crawl,
    a JSONL file (fields text or html; optional url, title, published, outlet), a directory
    (searched recursively), or - for standard input.

    A broken input is reported on stderr (path and reason) and skipped; the rest completes.
    Exit code 0: all inputs succeeded; 1: some failed; 2: usage error.

    \b
    Examples:
      zufolge analyze article.txt
      zufolge analyze --published 2024-10-17 scraped-article-de.txt
      zufolge analyze --format jsonl --out corpus.jsonl articles/ crawl.warc.gz
      curl -s https://example.org/story | zufolge analyze --format json -
    """
    from zufolge.read import iter_inputs
    from zufolge.serve.progress import Progress
    from zufolge.serve.report import render_report

    options = Options(clean=not no_clean, language=lang, published=published)
    started = time.perf_counter()
    done = failed = 0
    interrupted = False
    batch = len(paths) > 1 or any(not _is_plain_file(p) for p in paths)
    progress = Progress(enabled=batch and not quiet)
    with AtomicOutput(out) as output:
        first = True
        try:
            held: str | None = None  # json: the first object, until we know whether more follow
            for outcome in run(iter_inputs(paths), options, workers):
                if outcome.error is not None:
                    failed += 1
                    progress.message(f"zufolge: skipped {outcome.label}: {outcome.error}")
                else:
                    done += 1
                    if fmt == "jsonl":
                        output.write(dumps(outcome.result) + "\n")
                    elif fmt == "json":
                        # One document is an object; several are an array. Decided by what
                        # arrives, not by the input's name (a .json or WARC may hold many).
                        text = dumps(outcome.result, indent=2)
                        if first:
                            held = text
                        else:
                            if held is not None:
                                output.write("[\n" + held)
                                held = None
                            output.write(",\n" + text)
                    else:
                        output.write(render_report(outcome.result, color=_color(out)))
                    first = False
                progress.advance(done, failed)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            if fmt == "json":
                if held is not None:
                    output.write(held + "\n")
                elif not first:
                    output.write("\n]\n")
                elif batch:
                    output.write("[]\n")
            progress.close()
    seconds = time.perf_counter() - started
    if not quiet or interrupted:
        note = " (interrupted: results so far are complete and kept)" if interrupted else ""
        click.echo(f"zufolge: {done} documents, {failed} failed, {seconds:.1f} s{note}", err=True)
    if interrupted:
        sys.exit(130)
    if failed:
        sys.exit(EXIT_PARTIAL)


def _is_plain_file(path: str) -> bool:
    import os

    lower = path.lower()
    batchy = lower.endswith((".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".ndjson"))
    return path != "-" and os.path.isfile(path) and not batchy


def _color(out: str | None) -> bool:
    return out is None and sys.stdout.isatty()


@main.group(name="eval")
def eval_group() -> None:
    """Score zufolge against gold data (see ../shared/data/README.md).

    \b
    Examples:
      zufolge eval html --gold ../shared/data/html-extraction
      zufolge eval specimen ../shared/specimen/scraped-article-de.txt
      zufolge eval quotes --gold ../shared/data/de-news-quotes/dev.jsonl
    """


def _register_eval_commands() -> None:
    import importlib

    from zufolge.evaluate import COMMANDS

    for name in COMMANDS:
        try:
            module = importlib.import_module(f"zufolge.evaluate.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"zufolge.evaluate.{name}":
                raise
            continue  # not written yet
        eval_group.add_command(module.command, name=name)


_register_eval_commands()


@main.group()
def train() -> None:
    """Train the models zufolge ships, from the gold data in ../shared/data.

    \b
    Example:
      zufolge train attribution --lang de ../shared/data/de-news-quotes/train.jsonl
    """


@train.command(name="attribution")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", type=click.Choice(["de", "en"]), required=True, help="Model language.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Model file [default: the packaged model, src/zufolge/models/attribution-LANG.crfsuite].",
)
@click.option("--iterations", type=click.IntRange(min=1), default=150, show_default=True)
@click.option("--c1", type=float, default=0.05, show_default=True, help="L1 regularisation.")
@click.option("--c2", type=float, default=0.01, show_default=True, help="L2 regularisation.")
@click.option(
    "--negative-share",
    type=click.FloatRange(0, 1),
    default=0.3,
    show_default=True,
    help="Share of cue anchors without a gold attribution kept as rejection examples.",
)
@click.option(
    "--seed",
    type=int,
    default=13,
    show_default=True,
    help="Picks which negative anchors are kept (a hash of seed, document and position); "
    "retrain with a few seeds to tell a real change from sampling noise.",
)
def train_attribution(
    gold: tuple[str, ...],
    lang: str,
    out: str | None,
    iterations: int,
    c1: float,
    c2: float,
    negative_share: float,
    seed: int,
) -> None:
    """Train the attribution role labeller (a CRF) on gold JSONL files.

    GOLD files are in the format of ../shared/data (de-news-quotes, en-news-polnear,
    de-debates-spkatt). Train on train splits only; score on dev with `zufolge eval quotes`.

    \b
    Examples:
      zufolge train attribution --lang de ../shared/data/de-news-quotes/train.jsonl
      zufolge train attribution --lang en ../shared/data/en-news-polnear/train.jsonl
    """
    from pathlib import Path

    from zufolge.extract.attribution.roles import model_path
    from zufolge.extract.attribution.train import train as train_model

    target = Path(out) if out else model_path(lang)
    started = time.perf_counter()
    stats = train_model(
        [Path(g) for g in gold],
        lang,
        target,
        c1=c1,
        c2=c2,
        iterations=iterations,
        negative_share=negative_share,
        seed=seed,
    )
    recall = stats.gold_cue_found / max(stats.gold_with_cue, 1)
    click.echo(
        f"trained {target} on {stats.documents} documents, {stats.anchors} cue anchors "
        f"({stats.positive_anchors} gold); anchors find {recall:.1%} of gold cues; "
        f"{time.perf_counter() - started:.0f} s"
    )


@train.command(name="ner")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", type=click.Choice(["de", "en"]), required=True, help="Model language.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Model file [default: the packaged model, src/zufolge/models/ner-LANG.crfsuite].",
)
@click.option("--iterations", type=click.IntRange(min=1), default=None, help="[default: 100]")
@click.option("--c1", type=float, default=None, help="L1 regularisation [default: 0.02].")
@click.option("--c2", type=float, default=None, help="L2 regularisation [default: 0.1].")
def train_ner(
    gold: tuple[str, ...],
    lang: str,
    out: str | None,
    iterations: int | None,
    c1: float | None,
    c2: float | None,
) -> None:
    """Train the named-entity tagger (a CRF) on gold JSONL files.

    GOLD files are in the format of ../shared/data: de-ner-germeval2014 (outer PER/LOC/ORG
    spans) or en-news-meantime (ner.jsonl or meantime_en_docs.jsonl; NAM mentions). These are
    the only NER gold here, so the model trains on all of it: score it with the k-fold
    cross-validation of `zufolge eval ner`, never on the file itself.

    \b
    Examples:
      zufolge train ner --lang de ../shared/data/de-ner-germeval2014/dev.jsonl
      zufolge train ner --lang en ../shared/data/en-news-meantime/ner.jsonl
    """
    from pathlib import Path

    from zufolge.extract.entities import train as ner
    from zufolge.extract.entities.tagger import model_path

    target = Path(out) if out else model_path(lang)
    started = time.perf_counter()
    docs = [doc for g in gold for doc in ner.read_gold(Path(g))]
    ner.train_model(
        (ner.sequence(doc, lang) for doc in docs),
        target,
        c1=ner.C1 if c1 is None else c1,
        c2=ner.C2 if c2 is None else c2,
        iterations=iterations or ner.ITERATIONS,
    )
    names = sum(len(doc.spans) for doc in docs)
    click.echo(
        f"trained {target} on {len(docs)} documents, {names} gold names; "
        f"{target.stat().st_size / 1e6:.2f} MB; {time.perf_counter() - started:.0f} s"
    )


def run_cli() -> None:
    """Entry point: user errors become one line on stderr, never a traceback."""
    try:
        main(standalone_mode=True)
    except BrokenPipeError:  # `zufolge analyze ... | head`
        sys.stderr.close()
        sys.exit(0)
