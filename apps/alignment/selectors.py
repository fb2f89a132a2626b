"""Reads of a resolution's units and links: one constant set of queries whatever its size."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Q

from apps.alignment.models import Edit, Level, Link, LinkReview, Status
from apps.bitext.keyed import arabic_label, sdg_term
from apps.bitext.structure import action_group, article_label_text
from apps.corpus.models import Clause, Paragraph, Resolution, Sentence

EXPORT_FORMAT = "tawazi-alignment/1"

# The edits the review queue's undo takes back: a reviewer's confirmation, flag (or cleared
# flag) or correction. An undo or a re-alignment is taken back in the editor's history.
REVIEW_ACTIONS = frozenset(
    {
        Edit.Action.CONFIRM,
        Edit.Action.FLAG,
        Edit.Action.MERGE,
        Edit.Action.SPLIT,
        Edit.Action.SHIFT,
        Edit.Action.LINK,
        Edit.Action.UNLINK,
        Edit.Action.TEXT,
    }
)

# How many undos of undos link_last_reviews follows back (each step is one indexed query).
UNDO_CHAIN_LIMIT = 100

# A link as it is now: its id, level, version and resolution's id.
LinkVersion = tuple[int, str, int, int]


def link_last_reviews(links: Sequence[LinkVersion]) -> dict[int, Edit]:
    """For each link, the standing edit that left it as it is: the latest that wrote its
    version, or, where an undo wrote an earlier state back, the edit that wrote that state; a
    link that no recorded edit left so (as imported) is left out. One indexed query, and one
    more for each step back over undos that any of the links needs."""
    found: dict[int, Edit] = {}
    pending = {
        link_id: (level, version, resolution_id) for link_id, level, version, resolution_id in links
    }
    for _ in range(UNDO_CHAIN_LIMIT):
        if not pending:
            break
        wanted = Q()
        for link_id, (level, version, resolution_id) in pending.items():
            wanted |= Q(
                link_id=link_id, level=level, version=version, edit__resolution_id=resolution_id
            )
        latest: dict[int, Edit] = {}
        for row in (
            LinkReview.objects.filter(wanted, edit__undone_by__isnull=True)
            .select_related("edit__user", "edit__undoes")
            .order_by("-edit__created_at", "-edit_id")
        ):
            latest.setdefault(row.link_id, row.edit)
        following = {}
        for link_id, (level, _version, resolution_id) in pending.items():
            edit = latest.get(link_id)
            if edit is None:
                continue
            undone = getattr(edit, "undoes", None)
            earlier = [
                s["version"]
                for s in (undone.before["links"].get(level, []) if undone is not None else [])
                if s["id"] == link_id
            ]
            if edit.action != Edit.Action.UNDO or not earlier:
                found[link_id] = edit
            else:
                following[link_id] = (level, earlier[0], resolution_id)
        pending = following
    return found


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
    # Rows of .values(): the stubs type each as its own TypedDict.
    paragraphs: Sequence[Mapping[str, Any]]
    sentences: Sequence[Mapping[str, Any]]
    clauses: Sequence[Mapping[str, Any]]
    links: list[LinkData]


def resolution_alignment(resolution: Resolution) -> AlignmentData:
    """All units and links of a resolution in reading order (seven queries)."""
    paragraphs = list(
        Paragraph.objects.of(resolution)
        .order_by("lang", "index")
        .values(
            "id",
            "lang",
            "index",
            "text",
            "kind",
            "phrase_start",
            "phrase_end",
            "action",
            "number",
            "source_label",
        )
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
    # Plain-string keys: looking Level(...) up per link costs more than the queries on big texts.
    rank = {level.value: i for i, level in enumerate(Level)}
    unit_order = {level.value: order[level] for level in Level}
    for link in links.values():
        key = unit_order[link.level].__getitem__
        link.ar.sort(key=key)
        link.en.sort(key=key)
    ordered = sorted(links.values(), key=lambda k: (rank[k.level], k.position))
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
            "place_ar": resolution.place_ar,
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
                # The paragraph's own number in its source ("1.1"), "" when it gives none.
                "source_label": p["source_label"],
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


# --- The reader's rows --------------------------------------------------------------------------

# Confidence bands for the reader (and the review screens): a link's score falls in one of three.
CONFIDENCE_HIGH = 0.8
CONFIDENCE_LOW = 0.5


def confidence_band(score: float | None) -> str:
    """Name the confidence band of a link score: "hi", "mid", "lo", or "none" for no link."""
    if score is None:
        return "none"
    if score >= CONFIDENCE_HIGH:
        return "hi"
    if score >= CONFIDENCE_LOW:
        return "mid"
    return "lo"


@dataclass
class ClauseView:
    id: int
    lead: str
    text: str
    tags: str
    score: float | None
    start: int = 0
    end: int = 0
    # On a link with units on both sides (a link with an empty side leaves the unit unaligned).
    paired: bool = False

    @property
    def band(self) -> str:
        return confidence_band(self.score) if self.paired else "none"


@dataclass
class SentenceView:
    id: int
    lead: str
    tags: str
    clauses: list[ClauseView]
    tail: str
    start: int = 0
    end: int = 0
    score: float | None = None
    paired: bool = False


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
    text: str = ""
    phrase: tuple[int, int] | None = None
    # Position among the numbered paragraphs of the same kind and language, from 1 ("op. para.
    # 5"); 0 for one outside the numbering (text, a heading, the opening formula).
    number: int = 0
    # The number the source publishes it under ("1.1"), cited instead of the counted one.
    source_label: str = ""

    @property
    def group(self) -> str:
        """The action's cross-language group ("emphasize" and "affirm" → "affirm")."""
        return action_group(self.action) if self.action else ""

    @property
    def anchor(self) -> str:
        """The paragraph's id in the page and its permalink fragment."""
        return f"para-{self.id}"

    @property
    def phrase_text(self) -> str:
        return self.text[self.phrase[0] : self.phrase[1]] if self.phrase else ""

    @property
    def unnumbered(self) -> bool:
        """The text prints it with no number of its own (prints_no_number)."""
        return prints_no_number(self)

    @property
    def label(self) -> str:
        """Short margin label: the source's own ("1.1", on the Arabic side as the Arabic text
        writes it, "1-1", "1-أ"), else "op. 5", "pre. 1", or "¶ 3"."""
        return margin_label(self.lang, self.kind, self.number, self.index, self.source_label)


class Numbered(Protocol):
    """What the numbering rule reads of a paragraph (a Paragraph, a ParagraphView, a row's)."""

    @property
    def lang(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def source_label(self) -> str: ...
    @property
    def text(self) -> str: ...


def prints_no_number(paragraph: Numbered) -> bool:
    """The text prints the paragraph with no number of its own: a heading ("Preamble", the
    title) or the opening formula ("The General Assembly"), which the counting leaves at 0."""
    if paragraph.source_label:
        return False
    return paragraph.kind == Paragraph.Kind.HEADING or (
        paragraph.kind == Paragraph.Kind.PREAMBLE and paragraph.number == 0
    )


def row_prints_no_number(paragraphs: Sequence[Numbered]) -> bool:
    """The reader shows a row of these paragraphs (a paragraph link) with no number: a heading or
    the opening formula, with nothing beside it but a line of a few words that belongs to it
    ("Now, therefore,"); a paragraph of text aligned with a heading keeps the row its number.
    The reader's margin, search's hits and citations all follow this one rule."""
    if any(p.source_label or p.number for p in paragraphs):
        return False
    return any(prints_no_number(p) for p in paragraphs) and all(
        prints_no_number(p) or (p.kind == Paragraph.Kind.TEXT and len(p.text.split()) <= 3)
        for p in paragraphs
    )


def may_print_no_number(
    kind: str, number: int, source_label: str, text: str, *, heading_beside: bool = True
) -> bool:
    """Whether a paragraph can be in a row printed with no number (row_prints_no_number), read
    from its own fields: only for these is its row worth loading (paragraph_rows). A short line
    of text can only where a heading or the opening formula shares its row: heading_beside says
    whether one does, where the caller knows (search reads it with the hit)."""
    if source_label or number:
        return False
    return kind in (Paragraph.Kind.HEADING, Paragraph.Kind.PREAMBLE) or (
        kind == Paragraph.Kind.TEXT and heading_beside and len(text.split()) <= 3
    )


def counted_by_place(kind: str, number: int, source_label: str) -> bool:
    """The paragraph has no number of its own: its label counts it by place ("¶ 12")."""
    return not source_label and (
        not number or kind not in (Paragraph.Kind.PREAMBLE, Paragraph.Kind.OPERATIVE)
    )


@dataclass(frozen=True)
class RowParagraph:
    """A paragraph of a reading row, as the numbering rule reads it."""

    id: int
    lang: str
    kind: str
    number: int
    source_label: str
    text: str
    index: int


def paragraph_rows(paragraph_ids: Sequence[int]) -> dict[int, list[RowParagraph]]:
    """The paragraphs of each given paragraph's reading row (its paragraph links' members, itself
    included; itself alone without a link), in one query."""
    ids = list(dict.fromkeys(paragraph_ids))
    if not ids:
        return {}
    rows: dict[int, dict[int, RowParagraph]] = defaultdict(dict)
    members = Link.paragraphs.through.objects.filter(
        paragraph_id__in=ids, link__level=Level.PARAGRAPH
    ).values_list(
        "paragraph_id",
        "link__paragraphs__id",
        "link__paragraphs__lang",
        "link__paragraphs__kind",
        "link__paragraphs__number",
        "link__paragraphs__source_label",
        "link__paragraphs__text",
        "link__paragraphs__index",
    )
    for paragraph_id, member_id, lang, kind, number, source_label, text, index in members.order_by(
        "link__paragraphs__index"
    ):
        member = RowParagraph(member_id, lang, kind, number, source_label, text, index)
        rows[paragraph_id][member.id] = member
    missing = [i for i in ids if i not in rows]
    for p in Paragraph.objects.filter(id__in=missing).values_list(
        "id", "lang", "kind", "number", "source_label", "text", "index"
    ):
        rows[p[0]][p[0]] = RowParagraph(*p)
    return {i: list(row.values()) for i, row in rows.items()}


def unnumbered_name(
    paragraph: Numbered, row: Sequence[Numbered], lang: str, *, first: bool = False
) -> str | None:
    """How a paragraph is named where the reader shows its row with no number: by its heading's
    text in lang ("Preamble", "الديباجة"; the paragraph's own language without one), "" for the
    opening formula (no number at all) and for the heading that opens the text (first: the
    document's own title, which the citation or hit already names); None where the row is
    numbered as usual."""
    if not row_prints_no_number(row):
        return None
    if paragraph.kind != Paragraph.Kind.HEADING or first:
        return ""
    for p in row:
        if p.lang == lang and p.kind == Paragraph.Kind.HEADING:
            return p.text.strip(" :.")
    return paragraph.text.strip(" :.")


def numbered_by(paragraph: RowParagraph, row: Sequence[RowParagraph]) -> RowParagraph:
    """The paragraph whose number the reader's margin shows for this one: where it has none of
    its own and the first paragraph of its language in its row has one, that one (the Arabic
    breaks the UDHR's op. 1 in two lines, and its second, "على أنه المستوى المشترك…", reads in
    op. 1's row, not as "¶ 12"); else itself. A paragraph with its own number keeps it."""
    if not counted_by_place(paragraph.kind, paragraph.number, paragraph.source_label):
        return paragraph
    first = next((p for p in row if p.lang == paragraph.lang), paragraph)
    if counted_by_place(first.kind, first.number, first.source_label):
        return paragraph
    return first


def margin_label(lang: str, kind: str, number: int, index: int, source_label: str = "") -> str:
    """How the reader's margin labels a paragraph of this language: the source's own number as
    the text writes it ("1.a" in English, "1-أ" in Arabic), else "op. 5", "pre. 1", or "¶ 3"."""
    if source_label and lang == "ar":
        return article_label_text(source_label, "ar", short=True) or arabic_label(source_label)
    return paragraph_label(kind, number, index, short=True, source_label=source_label)


def paragraph_label(
    kind: str, number: int, index: int, *, short: bool = False, source_label: str = ""
) -> str:
    """How a paragraph is cited in English: as its source numbers it ("1.1", an SDG target),
    else "op. para. 5", "preamb. para. 2", "para. 3" (a paragraph numbered 0 has no number in
    its part: the opening formula); an article's paragraph as "Art. 1", "Art. 2, second
    paragraph"."""
    if source_label:
        return article_label_text(source_label, "en", short=short) or source_label
    if number == 0:
        return f"¶ {index + 1}" if short else f"para. {index + 1}"
    if kind == Paragraph.Kind.OPERATIVE:
        return f"op. {number}" if short else f"op. para. {number}"
    if kind == Paragraph.Kind.PREAMBLE:
        return f"pre. {number}" if short else f"preamb. para. {number}"
    return f"¶ {index + 1}" if short else f"para. {index + 1}"


def paragraph_label_ar(kind: str, number: int, index: int, *, source_label: str = "") -> str:
    """How a paragraph is cited in Arabic: as its source numbers it, in the Arabic text's form
    ("1-1", "1-أ", "المادة 1"), else "الفقرة 5 من المنطوق", "الفقرة 2 من الديباجة"."""
    if source_label:
        return article_label_text(source_label, "ar") or arabic_label(source_label)
    if number == 0:
        return f"الفقرة {index + 1}"
    if kind == Paragraph.Kind.OPERATIVE:
        return f"الفقرة {number} من المنطوق"
    if kind == Paragraph.Kind.PREAMBLE:
        return f"الفقرة {number} من الديباجة"
    return f"الفقرة {index + 1}"


# The kinds of paragraph in which the resolution itself acts (the anatomy panel's actions).
ACTING_KINDS = frozenset({Paragraph.Kind.PREAMBLE, Paragraph.Kind.OPERATIVE})


@dataclass
class Row:
    link: LinkData
    ar: list[ParagraphView]
    en: list[ParagraphView]

    @property
    def first(self) -> ParagraphView | None:
        paragraphs = self.ar + self.en
        return paragraphs[0] if paragraphs else None

    @property
    def labels(self) -> list[tuple[str, str]]:
        """The margin label of each language's first paragraph, as (lang, label); one when both
        languages number the row alike. The UDHR's English preamble has a paragraph the Arabic
        lacks, so English "pre. 5" sits beside Arabic "pre. 4". None for a row the text prints
        unnumbered: a heading, or the opening formula with what shares its row (the UDHR's "Now,
        therefore, The General Assembly"), where a count by place ("¶ 10") would be invented."""
        if self.unnumbered:
            return []
        ar = [("ar", self.ar[0].label)] if self.ar else []
        en = [("en", self.en[0].label)] if self.en else []
        if ar and en and ar[0][1] == en[0][1]:
            return ar
        return ar + en

    @property
    def unnumbered(self) -> bool:
        """The reader prints the row with no number (row_prints_no_number)."""
        return row_prints_no_number(self.ar + self.en)

    @property
    def kind(self) -> str:
        first = self.first
        return first.kind if first else Paragraph.Kind.TEXT

    @property
    def groups(self) -> set[str]:
        """The action groups of the row's preambular and operative paragraphs in either language:
        what the resolution does, not what a framing report says its authors did."""
        return {p.group for p in self.ar + self.en if p.group and p.kind in ACTING_KINDS}

    @property
    def band(self) -> str:
        return confidence_band(self.link.score)


def resolution_rows(resolution: Resolution) -> list[Row]:
    """Reading rows: one per paragraph link, each side's paragraphs with sentences and clauses
    marked with the tags of the links they are on (seven queries whatever the size)."""
    data = resolution_alignment(resolution)
    tags: dict[tuple[str, int], list[str]] = defaultdict(list)
    scores: dict[tuple[str, int], float] = {}
    paired: set[tuple[str, int]] = set()
    for link in data.links:
        for unit_id in link.ar + link.en:
            tags[(link.level, unit_id)].append(link.tag)
            scores[(link.level, unit_id)] = link.score
            if link.ar and link.en:
                paired.add((link.level, unit_id))
    clauses_of: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for c in data.clauses:
        clauses_of[c["sentence_id"]].append(c)
    sentences_of: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
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
                        start=c["start"],
                        end=c["end"],
                        paired=(Level.CLAUSE, c["id"]) in paired,
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
                    start=s["start"],
                    end=s["end"],
                    score=scores.get((Level.SENTENCE, s["id"])),
                    paired=(Level.SENTENCE, s["id"]) in paired,
                )
            )
            cursor = max(cursor, s["end"])
        phrase = (
            (p["phrase_start"], p["phrase_end"])
            if p["phrase_start"] is not None and p["phrase_end"] is not None
            else None
        )
        views[p["id"]] = ParagraphView(
            id=p["id"],
            lang=p["lang"],
            dir="rtl" if p["lang"] == "ar" else "ltr",
            index=p["index"],
            kind=p["kind"],
            action=p["action"],
            sentences=sentence_views,
            tail=text[cursor:],
            text=text,
            phrase=phrase,
            number=p["number"],
            source_label=p["source_label"],
        )
    return [
        Row(link=link, ar=[views[i] for i in link.ar], en=[views[i] for i in link.en])
        for link in data.links
        if link.level == Level.PARAGRAPH
    ]


@dataclass
class ActionEntry:
    """One action of the anatomy panel: its group and the rows where the resolution takes it."""

    group: str
    rows: list[Row]

    @property
    def phrase_ar(self) -> str:
        """The Arabic wording of the action in its first paragraph ("يدين")."""
        for row in self.rows:
            for p in row.ar:
                if p.group == self.group and p.kind in ACTING_KINDS and p.phrase_text:
                    return p.phrase_text
        return ""


def rows_by_action(rows: list[Row]) -> list[ActionEntry]:
    """Group reading rows by the action group of their paragraphs, most frequent first."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for group in sorted(row.groups):
            grouped[group].append(row)
    return [
        ActionEntry(group, grouped[group])
        for group in sorted(grouped, key=lambda g: (-len(grouped[g]), g))
    ]


# --- Citations ------------------------------------------------------------------------------------

_UNIT_RE = re.compile(r"^(para-|s|c)(\d{1,12})$")

# Arabic names of the places where UN and OIC bodies usually meet, by their English name folded
# (place_key); a place not here stays as written, isolated in the Arabic citation.
PLACES_AR = {
    # UN headquarters and offices, and cities whose name a UN resolution carries
    "new york": "نيويورك",
    "geneva": "جنيف",
    "vienna": "فيينا",
    "nairobi": "نيروبي",
    "paris": "باريس",
    "rome": "روما",
    "the hague": "لاهاي",
    "bangkok": "بانكوك",
    "addis ababa": "أديس أبابا",
    "beirut": "بيروت",
    "santiago": "سانتياغو",
    "sharm el-sheikh": "شرم الشيخ",
    "marrakech": "مراكش",
    "marrakesh": "مراكش",
    # OIC, Arab League and GCC meetings
    "jeddah": "جدة",
    "riyadh": "الرياض",
    "mecca": "مكة المكرمة",
    "makkah": "مكة المكرمة",
    "medina": "المدينة المنورة",
    "istanbul": "إسطنبول",
    "ankara": "أنقرة",
    "cairo": "القاهرة",
    "doha": "الدوحة",
    "kuwait": "الكويت",
    "manama": "المنامة",
    "muscat": "مسقط",
    "abu dhabi": "أبوظبي",
    "dubai": "دبي",
    "amman": "عمّان",
    "baghdad": "بغداد",
    "damascus": "دمشق",
    "rabat": "الرباط",
    "tunis": "تونس",
    "algiers": "الجزائر",
    "khartoum": "الخرطوم",
    "nouakchott": "نواكشوط",
    "tehran": "طهران",
    "baku": "باكو",
    "tashkent": "طشقند",
    "islamabad": "إسلام آباد",
    "kuala lumpur": "كوالالمبور",
    "jakarta": "جاكرتا",
    "dakar": "داكار",
    "niamey": "نيامي",
    "yaounde": "ياوندي",
    "banjul": "بانجول",
    "abidjan": "أبيدجان",
    "ouagadougou": "واغادوغو",
    "kampala": "كمبالا",
}


def place_key(place: str) -> str:
    """Fold a place's English name for PLACES_AR: "Yaoundé" and " yaounde " are "yaounde"."""
    decomposed = unicodedata.normalize("NFKD", place)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


MONTHS_AR = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]


@dataclass
class Citation:
    unit: str
    paragraph: Paragraph
    en: str
    ar: str
    fragment: str
    # The Arabic paragraph cited: the unit's own, or the one aligned with an English unit.
    ar_paragraph: Paragraph | None = None
    # The Arabic citation in pieces, each with whether the page isolates it (<bdi>): a Latin
    # symbol or place ("A/RES/217 A (III)", "Paris") would otherwise take the number after it
    # into its left-to-right run ("Paris، 10" shown as "10 ،Paris") and scramble the brackets.
    ar_pieces: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def ar_copy(self) -> str:
        """The Arabic citation as the Copy button puts it on the clipboard: right-to-left isolated
        as a whole, its Latin symbol and place isolated inside (Unicode's RLI, FSI and PDI marks,
        the plain-text <bdi>), so that pasted into an English paragraph or a field that takes its
        direction from the first letter it still reads from the right with its brackets in place."""
        inner = "".join(
            f"\u2068{text}\u2069" if isolate else text for text, isolate in self.ar_pieces
        )
        return f"\u2067{inner}\u2069"


def _citation_source_pieces(resolution: Resolution, *, arabic: bool) -> list[tuple[str, bool]]:
    """The resolution part of a citation, "OIC CFM Ex-21 (Jeddah, 25 Aug 2025)", in pieces, each
    with whether it is a name or place that Arabic text must isolate."""
    name = resolution.symbol or (resolution.title_ar if arabic else resolution.title_en)
    pieces = [(name or resolution.slug, True)]
    where: list[tuple[str, bool]] = []
    place = resolution.place
    if arabic:
        place = resolution.place_ar or PLACES_AR.get(place_key(place), place)
    if place:
        where.append((place, True))
    if resolution.date:
        d = resolution.date
        day = f"{d.day} {MONTHS_AR[d.month - 1]} {d.year}" if arabic else f"{d:%-d %b %Y}"
        where.append((day, False))
    if where:
        pieces.append((" (", False))
        for i, piece in enumerate(where):
            if i:
                pieces.append(("، " if arabic else ", ", False))
            pieces.append(piece)
        pieces.append((")", False))
    return pieces


# The SDG resolutions, whose numbers name a goal ("1"), a target ("1.a") or an indicator
# ("1.1.1") by their depth: a citation says which ("target 1.a"). Another keyed source's numbers
# are cited bare.
SDG_SYMBOLS = frozenset({"A/RES/70/1", "A/RES/71/313"})


def _sourced_label(resolution: Resolution, label: str, lang: str) -> str:
    """A source number as cited: "target 1.a", "الغاية 1-أ" in an SDG resolution, an article as
    "Art. 1" / "المادة 1", else bare."""
    article = article_label_text(label, lang)
    if article is not None:
        return article
    shown = arabic_label(label) if lang == "ar" else label
    term = sdg_term(label, lang) if resolution.symbol.strip() in SDG_SYMBOLS else ""
    return f"{term} {shown}" if term else shown


def _citation_source(resolution: Resolution, *, arabic: bool) -> str:
    """The resolution part of a citation: "OIC CFM Ex-21 (Jeddah, 25 Aug 2025)"."""
    return "".join(text for text, _ in _citation_source_pieces(resolution, arabic=arabic))


def unit_citation(resolution: Resolution, unit: str) -> Citation | None:
    """Cite a paragraph, sentence or clause ("para-12", "s40", "c301") of a resolution in both
    languages, numbering paragraphs within their kind; None if it is not one of its units."""
    match = _UNIT_RE.match(unit)
    if match is None:
        return None
    prefix, pk = match.group(1), int(match.group(2))
    paragraphs = Paragraph.objects.of(resolution)
    if prefix == "para-":
        paragraph = paragraphs.filter(pk=pk).first()
    elif prefix == "s":
        paragraph = paragraphs.filter(sentences__pk=pk).first()
    else:
        paragraph = paragraphs.filter(sentences__clauses__pk=pk).first()
    if paragraph is None:
        return None
    # The aligned paragraph(s) in the other language, to cite each language's own numbering.
    counterparts = list(
        paragraphs.filter(links__paragraphs=paragraph)
        .exclude(lang=paragraph.lang)
        .order_by("index")
        .distinct()
    )

    ar_paragraph = paragraph if paragraph.lang == "ar" else (counterparts or [paragraph])[0]
    en_paragraph = paragraph if paragraph.lang == "en" else (counterparts or [paragraph])[0]
    # Each language is cited by the paragraph its row's margin is numbered by (numbered_by).
    ar_numbered: Paragraph | RowParagraph = ar_paragraph
    en_numbered: Paragraph | RowParagraph = en_paragraph
    row: list[RowParagraph] = []
    if any(
        counted_by_place(p.kind, p.number, p.source_label) for p in (ar_paragraph, en_paragraph)
    ):
        row = paragraph_rows([paragraph.pk])[paragraph.pk]
        members = {p.id: p for p in row}
        if ar_paragraph.pk in members:
            ar_numbered = numbered_by(members[ar_paragraph.pk], row)
        if en_paragraph.pk in members:
            en_numbered = numbered_by(members[en_paragraph.pk], row)
    # A row the reader shows with no number is cited by its heading's name, or by none.
    unnumbered: dict[str, str | None] = {"en": None, "ar": None}
    if may_print_no_number(
        paragraph.kind, paragraph.number, paragraph.source_label, paragraph.text
    ):
        row = row or paragraph_rows([paragraph.pk])[paragraph.pk]
        first = paragraph.index == 0
        unnumbered = {
            lang: unnumbered_name(paragraph, row, lang, first=first) for lang in unnumbered
        }
    if unnumbered["en"] is not None:
        en_label = unnumbered["en"]
    elif en_numbered.source_label:
        en_label = _sourced_label(resolution, en_numbered.source_label, "en")
    else:
        en_label = paragraph_label(en_numbered.kind, en_numbered.number, en_numbered.index)
    en = ", ".join(filter(None, [_citation_source(resolution, arabic=False), en_label]))
    ar_pieces = _citation_source_pieces(resolution, arabic=True)
    if unnumbered["ar"] is not None:
        ar_label = unnumbered["ar"]
    elif ar_numbered.source_label:
        ar_label = _sourced_label(resolution, ar_numbered.source_label, "ar")
    else:
        ar_label = paragraph_label_ar(ar_numbered.kind, ar_numbered.number, ar_numbered.index)
    if not ar_label:
        pass  # the opening formula: the resolution alone
    elif re.search("[A-Za-z]", ar_label):
        # A source number with Latin letters (one the Arabic text gives no form for) is
        # isolated, as the symbol is, so the Arabic sentence cannot reorder its parts.
        ar_pieces += [("، ", False), (ar_label, True)]
    else:
        ar_pieces.append(("، " + ar_label, False))
    ar = "".join(text for text, _ in ar_pieces)
    return Citation(
        unit=unit,
        paragraph=paragraph,
        en=en,
        ar=ar,
        fragment=unit,
        ar_paragraph=ar_paragraph if ar_paragraph.lang == "ar" else None,
        ar_pieces=ar_pieces,
    )


# --- An edit's before and after, as an editor reads them ------------------------------------

# How much of a unit's text the edit's page shows beside its label.
SNIPPET_CHARS = 70


@dataclass(frozen=True)
class UnitShown:
    """A unit of a link in an edit: its place ("op. 5 s. 2") and the start of its text."""

    label: str
    snippet: str
    gone: bool = False  # no longer stored (re-segmented or re-imported since) nor in the edit

    @property
    def label_dir(self) -> str:
        """The label's own direction: "¶ 1" and "op. 3 s. 1" read left to right also in an
        Arabic cell (not "1 ¶"); "المادة 1" right to left."""
        return "rtl" if any("\u0600" <= ch <= "\u06ff" for ch in self.label) else "ltr"


@dataclass(frozen=True)
class LinkShown:
    """One link of an edit's before or after: "#3", its status, flag, note and units; what
    differs from the same link on the other side ("status", "flag", "note", "Arabic",
    "English", "place"), or "new" / "removed" when it is on one side only."""

    number: str
    status: str
    flagged: bool
    note: str
    ar: list[UnitShown]
    en: list[UnitShown]
    changed: list[str]

    @property
    def sides(self) -> list[tuple[str, list[UnitShown], bool]]:
        """Arabic then English: the language, its units, and whether they changed."""
        return [
            ("ar", self.ar, "Arabic" in self.changed),
            ("en", self.en, "English" in self.changed),
        ]

    @property
    def change(self) -> str:
        """The row's "What changed" cell."""
        if self.changed in (["new"], ["removed"]):
            return self.changed[0]
        return ", ".join(self.changed) + " changed" if self.changed else "unchanged"


@dataclass(frozen=True)
class LevelChanges:
    level: str
    before: list[LinkShown]
    after: list[LinkShown]

    @property
    def sides(self) -> list[tuple[str, list[LinkShown]]]:
        return [("before", self.before), ("after", self.after)]


_COMPARED = (
    ("status", "status"),
    ("flagged", "flag"),
    ("note", "note"),
    ("ar", "Arabic"),
    ("en", "English"),
    ("position", "place"),
)


def _snippet(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= SNIPPET_CHARS else words[: SNIPPET_CHARS - 1].rstrip() + "…"


def _edit_unit_ids(edit: Edit) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = defaultdict(set)
    for state in (edit.before, edit.after):
        links = state.get("links", {}) if isinstance(state, Mapping) else {}
        for level, rows in links.items():
            for row in rows:
                ids[level].update(row.get("ar", []))
                ids[level].update(row.get("en", []))
    return ids


def _edit_unit_labels(edit: Edit) -> dict[tuple[str, int], UnitShown]:
    """The units an edit's links hold, labelled, with their text: a text edit's own snapshot
    first (its sentences before the edit are stored no more), else as stored now (three
    queries at most)."""
    ids = _edit_unit_ids(edit)
    snapshots = [
        state["paragraph"]
        for state in (edit.before, edit.after)
        if isinstance(state, Mapping) and isinstance(state.get("paragraph"), Mapping)
    ]
    paragraph_ids = set(ids.get(Level.PARAGRAPH, set())) | {s["id"] for s in snapshots}
    paragraphs = {
        row["id"]: row
        for row in Paragraph.objects.filter(pk__in=paragraph_ids).values(
            "id", "lang", "index", "kind", "number", "source_label", "text"
        )
    }

    def place(paragraph: Mapping[str, Any]) -> str:
        return margin_label(
            paragraph["lang"],
            paragraph["kind"],
            paragraph["number"],
            paragraph["index"],
            paragraph["source_label"],
        )

    shown: dict[tuple[str, int], UnitShown] = {}
    for pk in ids.get(Level.PARAGRAPH, set()):
        if pk in paragraphs:
            stored = paragraphs[pk]
            shown[(Level.PARAGRAPH, pk)] = UnitShown(place(stored), _snippet(stored["text"]))
    # Newest last: the edit's after, then its before, win over what is stored now.
    for snapshot in snapshots:
        paragraph = paragraphs.get(snapshot["id"])
        if paragraph is None:
            continue
        for sentence in snapshot.get("sentences", []):
            label = f"{place(paragraph)} s. {sentence['index'] + 1}"
            shown.setdefault(
                (Level.SENTENCE, sentence["id"]), UnitShown(label, _snippet(sentence["text"]))
            )
            for clause in sentence.get("clauses", []):
                shown.setdefault(
                    (Level.CLAUSE, clause["id"]),
                    UnitShown(f"{label} c. {clause['index'] + 1}", _snippet(clause["text"])),
                )
    wanted = ids.get(Level.SENTENCE, set()) - {pk for lv, pk in shown if lv == Level.SENTENCE}
    for sentence_row in Sentence.objects.filter(pk__in=wanted).values(
        "id",
        "index",
        "text",
        "paragraph__lang",
        "paragraph__index",
        "paragraph__kind",
        "paragraph__number",
        "paragraph__source_label",
    ):
        para = {
            k.removeprefix("paragraph__"): v
            for k, v in sentence_row.items()
            if k.startswith("paragraph__")
        }
        shown[(Level.SENTENCE, sentence_row["id"])] = UnitShown(
            f"{place(para)} s. {sentence_row['index'] + 1}", _snippet(sentence_row["text"])
        )
    wanted = ids.get(Level.CLAUSE, set()) - {pk for lv, pk in shown if lv == Level.CLAUSE}
    prefix = "sentence__paragraph__"
    for row in Clause.objects.filter(pk__in=wanted).values(
        "id",
        "index",
        "text",
        "sentence__index",
        *(prefix + name for name in ("lang", "index", "kind", "number", "source_label")),
    ):
        para = {k.removeprefix(prefix): v for k, v in row.items() if k.startswith(prefix)}
        shown[(Level.CLAUSE, row["id"])] = UnitShown(
            f"{place(para)} s. {row['sentence__index'] + 1} c. {row['index'] + 1}",
            _snippet(row["text"]),
        )
    return shown


def edit_changes(edit: Edit) -> list[LevelChanges]:
    """An edit's before and after by level (paragraph, sentence, clause), each link with its
    units labelled and their text begun, and what changed marked (four queries at most)."""
    units = _edit_unit_labels(edit)
    states = [
        state.get("links", {}) if isinstance(state, Mapping) else {}
        for state in (edit.before, edit.after)
    ]

    def shown(
        level: str, row: Mapping[str, Any], other: Mapping[Any, Any], alone: str
    ) -> LinkShown:
        twin = other.get(row.get("id", -1))
        if twin is None:
            changed = [alone]
        else:
            changed = [name for key, name in _COMPARED if row.get(key) != twin.get(key)]
        sides = {
            lang: [
                units.get((level, pk), UnitShown(f"{level} {pk}", "", gone=True))
                for pk in row.get(lang, [])
            ]
            for lang in ("ar", "en")
        }
        status = row.get("status", "")
        return LinkShown(
            number=f"#{row.get('position', 0) + 1}",
            status=str(Status(status).label) if status in Status.values else str(status),
            flagged=bool(row.get("flagged")),
            note=str(row.get("note") or ""),
            ar=sides["ar"],
            en=sides["en"],
            changed=changed,
        )

    changes = []
    for level in Level.values:
        before, after = (list(state.get(level, [])) for state in states)
        if not (before or after):
            continue
        after_ids = {row.get("id"): row for row in after}
        before_ids = {row.get("id"): row for row in before}
        changes.append(
            LevelChanges(
                level,
                [shown(level, row, after_ids, "removed") for row in before],
                [shown(level, row, before_ids, "new") for row in after],
            )
        )
    return changes
