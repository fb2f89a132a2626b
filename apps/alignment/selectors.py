"""Reads of a resolution's units and links: one constant set of queries whatever its size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from apps.alignment.models import Level, Link
from apps.corpus.models import Clause, Paragraph, Resolution, Sentence

EXPORT_FORMAT = "tawazi-alignment/1"


@dataclass
class LinkData:
    id: int
    level: str
    position: int
    score: float
    status: str
    version: int
    ar: list[int] = field(default_factory=list)
    en: list[int] = field(default_factory=list)

    @property
    def tag(self) -> str:
        """The name units carry in the page to say they are on this link (p12, s40, c301)."""
        return f"{self.level[0]}{self.id}"


@dataclass
class AlignmentData:
    resolution: Resolution
    paragraphs: list[dict[str, Any]]
    sentences: list[dict[str, Any]]
    clauses: list[dict[str, Any]]
    links: list[LinkData]


def resolution_alignment(resolution: Resolution) -> AlignmentData:
    """All units and links of a resolution in reading order (seven queries)."""
    paragraphs = list(
        Paragraph.objects.of(resolution)
        .order_by("lang", "index")
        .values("id", "lang", "index", "text", "kind", "phrase_start", "phrase_end", "action")
    )
    sentences = list(
        Sentence.objects.filter(paragraph__resolution=resolution)
        .order_by("paragraph__lang", "paragraph__index", "index")
        .values("id", "paragraph_id", "lang", "index", "start", "end", "text")
    )
    clauses = list(
        Clause.objects.filter(sentence__paragraph__resolution=resolution)
        .order_by(
            "sentence__paragraph__lang", "sentence__paragraph__index", "sentence__index", "index"
        )
        .values("id", "sentence_id", "lang", "index", "start", "end", "text")
    )
    links = {
        row["id"]: LinkData(**row)
        for row in Link.objects.of(resolution)
        .order_by("level", "position")
        .values("id", "level", "position", "score", "status", "version")
    }
    order = {
        Level.PARAGRAPH: {u["id"]: i for i, u in enumerate(paragraphs)},
        Level.SENTENCE: {u["id"]: i for i, u in enumerate(sentences)},
        Level.CLAUSE: {u["id"]: i for i, u in enumerate(clauses)},
    }
    lang_of = {
        Level.PARAGRAPH: {u["id"]: u["lang"] for u in paragraphs},
        Level.SENTENCE: {u["id"]: u["lang"] for u in sentences},
        Level.CLAUSE: {u["id"]: u["lang"] for u in clauses},
    }
    for level, members in (
        (
            Level.PARAGRAPH,
            Link.paragraphs.through.objects.filter(link__resolution=resolution).values_list(
                "link_id", "paragraph_id"
            ),
        ),
        (
            Level.SENTENCE,
            Link.sentences.through.objects.filter(link__resolution=resolution).values_list(
                "link_id", "sentence_id"
            ),
        ),
        (
            Level.CLAUSE,
            Link.clauses.through.objects.filter(link__resolution=resolution).values_list(
                "link_id", "clause_id"
            ),
        ),
    ):
        for link_id, unit_id in members:
            link = links[link_id]
            getattr(link, lang_of[level][unit_id]).append(unit_id)
    for link in links.values():
        link.ar.sort(key=order[Level(link.level)].__getitem__)
        link.en.sort(key=order[Level(link.level)].__getitem__)
    ordered = sorted(
        links.values(), key=lambda k: ([lv.value for lv in Level].index(k.level), k.position)
    )
    return AlignmentData(resolution, paragraphs, sentences, clauses, ordered)


def resolution_export(resolution: Resolution) -> dict[str, Any]:
    """The resolution and its alignment in the tawazi-alignment/1 exchange format."""
    data = resolution_alignment(resolution)
    return {
        "format": EXPORT_FORMAT,
        "resolution": {
            "slug": resolution.slug,
            "symbol": resolution.symbol,
            "title_ar": resolution.title_ar,
            "title_en": resolution.title_en,
            "body": resolution.body,
            "session": resolution.session,
            "date": resolution.date.isoformat() if resolution.date else None,
            "place": resolution.place,
        },
        "paragraphs": [
            {
                "id": p["id"],
                "lang": p["lang"],
                "index": p["index"],
                "text": p["text"],
                "kind": p["kind"],
                "phrase": [p["phrase_start"], p["phrase_end"]]
                if p["phrase_start"] is not None
                else None,
                "action": p["action"],
            }
            for p in data.paragraphs
        ],
        "sentences": [
            {k: s[k] for k in ("id", "index", "start", "end", "text")}
            | {"paragraph": s["paragraph_id"]}
            for s in data.sentences
        ],
        "clauses": [
            {k: c[k] for k in ("id", "index", "start", "end", "text")}
            | {"sentence": c["sentence_id"]}
            for c in data.clauses
        ],
        "links": [
            {
                "id": link.id,
                "level": link.level,
                "ar": link.ar,
                "en": link.en,
                "score": round(link.score, 4),
                "status": link.status,
            }
            for link in data.links
        ],
    }


@dataclass
class ClauseView:
    id: int
    lead: str
    text: str
    tags: str
    score: float | None


@dataclass
class SentenceView:
    id: int
    lead: str
    tags: str
    clauses: list[ClauseView]
    tail: str


@dataclass
class ParagraphView:
    id: int
    lang: str
    dir: str
    index: int
    kind: str
    action: str
    sentences: list[SentenceView]
    tail: str


@dataclass
class Row:
    link: LinkData
    ar: list[ParagraphView]
    en: list[ParagraphView]


def resolution_rows(resolution: Resolution) -> list[Row]:
    """Reading rows: one per paragraph link, each side's paragraphs with sentences and clauses
    marked with the tags of the links they are on."""
    data = resolution_alignment(resolution)
    tags: dict[tuple[str, int], list[str]] = defaultdict(list)
    scores: dict[tuple[str, int], float] = {}
    for link in data.links:
        for unit_id in link.ar + link.en:
            tags[(link.level, unit_id)].append(link.tag)
            scores[(link.level, unit_id)] = link.score
    clauses_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in data.clauses:
        clauses_of[c["sentence_id"]].append(c)
    sentences_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for s in data.sentences:
        sentences_of[s["paragraph_id"]].append(s)

    views: dict[int, ParagraphView] = {}
    for p in data.paragraphs:
        text = p["text"]
        cursor = 0
        sentence_views = []
        for s in sentences_of[p["id"]]:
            lead = text[cursor : s["start"]]
            cursor = s["start"]
            clause_views = []
            for c in clauses_of[s["id"]]:
                clause_views.append(
                    ClauseView(
                        id=c["id"],
                        lead=text[cursor : c["start"]],
                        text=c["text"],
                        tags=" ".join(tags[(Level.CLAUSE, c["id"])]),
                        score=scores.get((Level.CLAUSE, c["id"])),
                    )
                )
                cursor = c["end"]
            sentence_views.append(
                SentenceView(
                    id=s["id"],
                    lead=lead,
                    tags=" ".join(tags[(Level.SENTENCE, s["id"])]),
                    clauses=clause_views,
                    tail=text[cursor : s["end"]],
                )
            )
            cursor = max(cursor, s["end"])
        views[p["id"]] = ParagraphView(
            id=p["id"],
            lang=p["lang"],
            dir="rtl" if p["lang"] == "ar" else "ltr",
            index=p["index"],
            kind=p["kind"],
            action=p["action"],
            sentences=sentence_views,
            tail=text[cursor:],
        )
    return [
        Row(link=link, ar=[views[i] for i in link.ar], en=[views[i] for i in link.en])
        for link in data.links
        if link.level == Level.PARAGRAPH
    ]
