"""The data model that flows through the pipeline.

read → RawDocument → clean → Article → analyze → Doc → extract → Analysis

Every span is a pair of character offsets into ``Article.text`` (the cleaned body, or the
verbatim input with ``--no-clean``), like spaCy's ``Doc``: later stages add layers, they never
copy or re-slice the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ParagraphKind = Literal["lead", "body", "subheading"]
RemovedKind = Literal["gallery", "caption", "credit", "repeated_title", "navigation", "other"]


@dataclass(slots=True)
class RawDocument:
    """One input document as a reader found it, before any cleaning.

    Exactly one of ``text`` (plain text, already decoded) and ``html`` is set.
    """

    path: str | None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    # Where inside ``path`` the document came from: "line 12", "record 3", None for whole files.
    locator: str | None = None

    @property
    def label(self) -> str:
        """Human-readable name for messages: ``path`` plus locator."""
        name = self.path or "<stdin>"
        return f"{name} ({self.locator})" if self.locator else name


@dataclass(slots=True, frozen=True)
class ReadError:
    """An input that could not be read; reported and skipped, never fatal for a batch."""

    path: str
    reason: str


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    kind: ParagraphKind = "body"


@dataclass(slots=True)
class Removed:
    kind: RemovedKind
    text: str


@dataclass(slots=True)
class Article:
    """A cleaned article: body text plus metadata and what was removed to get it."""

    text: str
    paragraphs: list[Paragraph]
    title: str | None = None
    removed: list[Removed] = field(default_factory=list)
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    kicker: str | None = None  # the line above the headline ("Russland braucht Rekruten")

    @classmethod
    def from_raw(cls, raw: RawDocument, text: str, paragraphs: list[Paragraph], **fields):
        """An article with the reader's metadata (path, url, outlet, author, published,
        title); ``fields`` set or override the rest."""
        base = {
            "title": raw.title,
            "path": raw.path,
            "url": raw.url,
            "outlet": raw.outlet,
            "author": raw.author,
            "published": raw.published,
        }
        return cls(text=text, paragraphs=paragraphs, **{**base, **fields})


@dataclass(slots=True)
class Doc:
    """An analysed article: language, sentences and tokens as offset arrays into ``text``.

    Tokens are kept as two parallel lists of offsets rather than objects: the extractors scan
    them with regexes and bisect, and a 5,000-sentence article must not cost 100k objects.
    """

    article: Article
    language: str  # "de", "en" or "other"
    sentences: list[tuple[int, int]]
    token_starts: list[int]
    token_ends: list[int]

    @property
    def text(self) -> str:
        return self.article.text

    def tokens(self) -> list[str]:
        text = self.article.text
        return [text[s:e] for s, e in zip(self.token_starts, self.token_ends, strict=True)]


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Source:
    span: Span | None
    resolved: str | None
    type: str


@dataclass(slots=True)
class Certainty:
    level: str
    cues: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Stance:
    polarity: Literal["supports", "denies"]
    target: str


@dataclass(slots=True)
class Attribution:
    id: str
    kind: str
    cue: list[Span]
    source: Source | None
    message: list[Span]
    addressee: Span | None = None
    frame: list[Span] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)
    nested_in: str | None = None
    certainty: Certainty | None = None
    stance: Stance | None = None


@dataclass(slots=True)
class Entity:
    id: str
    label: str
    canonical: str
    mentions: list[Span]


@dataclass(slots=True)
class Place:
    span: Span
    name: str
    lat: float | None
    lon: float | None
    country: str | None


@dataclass(slots=True)
class TimeExpression:
    span: Span
    value: str | None
    anchor: str | None


@dataclass(slots=True)
class Quantity:
    span: Span
    value: float | None
    min: float | None
    max: float | None
    unit: str | None


@dataclass(slots=True)
class Analysis:
    """Everything zufolge knows about one document; serialised by ``zufolge.contract``."""

    doc: Doc
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
