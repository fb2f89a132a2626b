"""Reads for review: what needs a person's eyes, why, and how far review has come."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from apps.alignment.models import Edit, Level, Link, LinkReview, Status
from apps.alignment.selectors import REVIEW_ACTIONS, link_last_reviews
from apps.bitext.qa import Finding, outlying_ratios, ratio_departures
from apps.corpus.models import Clause, Paragraph, Resolution, Sentence

# Below this confidence a link is called weak.
LOW_SCORE = 0.5
_UNIT_MODEL: dict[str, type[Paragraph] | type[Sentence] | type[Clause]] = {
    Level.PARAGRAPH: Paragraph,
    Level.SENTENCE: Sentence,
    Level.CLAUSE: Clause,
}
_RESOLUTION_PATH = {
    Level.PARAGRAPH: "resolution_id",
    Level.SENTENCE: "paragraph__resolution_id",
    Level.CLAUSE: "sentence__paragraph__resolution_id",
}
_ORDER = {
    Level.PARAGRAPH: ("lang", "index"),
    Level.SENTENCE: ("lang", "paragraph__index", "index"),
    Level.CLAUSE: ("lang", "sentence__paragraph__index", "sentence__index", "index"),
}
_PARAGRAPH_LABEL = {
    Level.PARAGRAPH: "source_label",
    Level.SENTENCE: "paragraph__source_label",
    Level.CLAUSE: "sentence__paragraph__source_label",
}
_FIELD = {Level.PARAGRAPH: "paragraph", Level.SENTENCE: "sentence", Level.CLAUSE: "clause"}
_PARAGRAPH_INDEX = {
    Level.PARAGRAPH: "index",
    Level.SENTENCE: "paragraph__index",
    Level.CLAUSE: "sentence__paragraph__index",
}


# A unit's place in its language's text: paragraph, sentence in it, clause in that.
_PLACE = {
    Level.PARAGRAPH: ("index",),
    Level.SENTENCE: ("paragraph__index", "index"),
    Level.CLAUSE: ("sentence__paragraph__index", "sentence__index", "index"),
}


def unit_places(resolution: Resolution, level: str) -> dict[int, str]:
    """Each unit's place in its language's text, counted from 1: "p6" (paragraph 6), "p6s2"
    (its second sentence), "p6s2c1" (that sentence's first clause); the same when the same
    text is imported again, though the units are stored anew (one query)."""
    level = Level(level)
    rows = (
        _UNIT_MODEL[level]
        .objects.filter(**{_RESOLUTION_PATH[level]: resolution.pk})
        .values_list("id", *_PLACE[level])
    )
    return {
        pk: "".join(f"{letter}{number + 1}" for letter, number in zip("psc", numbers, strict=False))
        for pk, *numbers in rows
    }


@dataclass(frozen=True)
class Signoff:
    """Who gave a link its review (confirmed or corrected) and when; username "" when the
    account is gone."""

    status: str
    username: str
    at: datetime


def review_signoffs(resolution: Resolution, level: str) -> dict[int, Signoff]:
    """For each link of a level that a person confirmed or corrected, who gave it that status
    and when: the latest standing edit that gave it, an undo that brought it back only when no
    standing edit gave it (as the editor's refusals name reviewers); one query. A link whose
    status no recorded edit gave (loaded from a dump without its history) has none."""
    rows = (
        LinkReview.objects.filter(
            edit__resolution=resolution,
            level=Level(level),
            given=True,
            status__in=(Status.CONFIRMED, Status.CORRECTED),
            edit__undone_by__isnull=True,
        )
        .order_by("-edit__created_at", "-edit_id")
        .values_list(
            "link_id", "status", "edit__created_at", "edit__action", "edit__user__username"
        )
    )
    found: dict[int, Signoff] = {}
    # sorted() is stable: newest first within the non-undos, then within the undos.
    for link_id, status, at, _, username in sorted(rows, key=lambda r: r[3] == Edit.Action.UNDO):
        found.setdefault(link_id, Signoff(status, username or "", at))
    return found


# The edits that can make pairings (an undo brings back earlier ones; a confirmation or a flag
# keeps the pairing it reviews).
_MAKING_ACTIONS = [a for a in Edit.Action if a != Edit.Action.UNDO]
# Who made a link the aligner made (at import, on a re-alignment, or below an editor's change),
# as a TMX's creationid names it: no username can hold a space, so no account is taken for it.
ALIGNER = "Tawazi aligner"


@dataclass(frozen=True)
class Creation:
    """Who made a link and when: the aligner (ALIGNER) or the editor who drew it (username ""
    when the account is gone)."""

    by: str
    at: datetime


def _pair(ar: Iterable[int], en: Iterable[int]) -> tuple[frozenset[int], frozenset[int]]:
    """A pairing of units, whatever the link's id or the members' order."""
    return frozenset(ar), frozenset(en)


def link_creations(
    resolution: Resolution, level: str
) -> dict[tuple[frozenset[int], frozenset[int]], Creation]:
    """Who made each pairing of units (Arabic ids, English ids) that a recorded edit made, and
    when: an edit makes the pairings it leaves that were not among those it replaced (a merge,
    a split, a link drawn by hand: by the editor when it left them reviewed; by the aligner when
    it left them automatic, re-aligned under the editor's change). An undo makes none: the
    pairings it brings back keep their maker. A pairing no edit made was made by the aligner at
    import. One query."""
    edits = (
        Edit.objects.filter(resolution=resolution, action__in=_MAKING_ACTIONS)
        .filter(Exists(LinkReview.objects.filter(edit=OuterRef("pk"), level=Level(level))))
        .order_by("created_at", "pk")
        .values_list("created_at", "user__username", "before", "after")
    )
    made: dict[tuple[frozenset[int], frozenset[int]], Creation] = {}
    for at, username, before, after in edits:
        replaced = {_pair(s["ar"], s["en"]) for s in (before.get("links") or {}).get(level, ())}
        for state in (after.get("links") or {}).get(level, ()):
            pair = _pair(state["ar"], state["en"])
            if pair not in replaced:
                by = ALIGNER if state["status"] == Status.AUTO else username or ""
                made[pair] = Creation(by, at)
    return made


@dataclass
class Reason:
    code: str  # flagged | low-score | shape | unaligned | ratio | number | date | symbol | ...
    text: str
    weight: float
    # A passage of the link's text the reason points at, shown after the text in its own
    # language and direction (the omission check's least matched clause).
    quote: str = ""
    quote_lang: str = ""


@dataclass(frozen=True)
class UndoOffer:
    """What a reviewer's undo on a link takes back: their last review of it."""

    label: str  # the button: "Undo my confirmation"
    what: str  # "confirmation", "flag", "clearing of the flag", "correction"
    when: datetime
    summary: str  # the history's line: "Flagged sentence link #6: The English adds a clause"


def _undo_offer(edit: Edit, link_id: int) -> UndoOffer:
    if edit.action == Edit.Action.CONFIRM:
        label, what = "Undo my confirmation", "confirmation"
    elif edit.action == Edit.Action.FLAG:
        after = [s for s in edit.after["links"].get(edit.level, []) if s["id"] == link_id]
        if after and not after[0].get("flagged"):
            label, what = "Undo clearing the flag", "clearing of the flag"
        else:
            label, what = "Undo my flag", "flag"
    else:
        label, what = "Undo my correction", "correction"
    return UndoOffer(label=label, what=what, when=edit.created_at, summary=edit.summary)


def review_undos(items: Iterable[ReviewItem | None], user: Any) -> None:
    """Offer on each item the undo of the user's own last review of its link (a confirmation,
    a flag or its clearing, a correction), saying which; none where the last review is someone
    else's or not a review, nor on an automatic link a correction only re-drew (one query, and
    one per step back over earlier undos)."""
    shown = [i for i in items if i is not None]
    if not shown or not getattr(user, "is_authenticated", False):
        return
    last = link_last_reviews([(i.id, i.level, i.version, i.resolution_id) for i in shown])
    for item in shown:
        edit = last.get(item.id)
        if edit is None or edit.action not in REVIEW_ACTIONS or edit.user_id != user.pk:
            continue
        # An automatic link a correction only re-drew (a clause link under merged sentences)
        # was not itself reviewed; a cleared flag was.
        if item.reviewed or item.flagged or edit.action == Edit.Action.FLAG:
            item.undo = _undo_offer(edit, item.id)


@dataclass
class ReviewItem:
    """One link as a reviewer sees it: both sides' text, its state and why it may be wrong."""

    id: int
    resolution_id: int
    level: str
    position: int
    score: float
    status: str
    version: int
    flagged: bool
    note: str
    ar: list[str]
    en: list[str]
    ar_ids: list[int] = field(default_factory=list)
    en_ids: list[int] = field(default_factory=list)
    # Index (from 0) of the paragraph each unit belongs to, per side.
    ar_paragraphs: list[int] = field(default_factory=list)
    en_paragraphs: list[int] = field(default_factory=list)
    # The source's own number ("1.1") of the paragraph each unit belongs to, per side ("": none).
    ar_labels: list[str] = field(default_factory=list)
    en_labels: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    # The QA findings stored with the link ({"check", "message", "ar", "en"}).
    findings: list[dict[str, Any]] = field(default_factory=list)
    length_ratio: float | None = None
    # Filled in by the caller for cross-corpus lists.
    resolution: Resolution | None = None
    # The undo of the reviewer's own last review of the link, when they have one (review_undos).
    undo: UndoOffer | None = None

    @property
    def need(self) -> float:
        """How urgently the link needs review; 0 for a reviewed link with no flag."""
        if self.status != Status.AUTO and not self.flagged:
            return 0.0
        return sum(r.weight for r in self.reasons)

    @property
    def has_findings(self) -> bool:
        """Whether the checks between the two sides found something (a pair only)."""
        return bool(self.findings and self.ar_ids and self.en_ids)

    def named(self, lang: str) -> list[str]:
        """What the findings name on one side (numbers, symbols, quotes, a clause), to mark in
        its text; dates are named in words the text does not use."""
        if not self.has_findings:
            return []
        return [
            str(v)
            for f in self.findings
            if isinstance(f, dict) and f.get("check") != "date"
            for v in f.get(lang) or []
        ]

    @property
    def ar_named(self) -> list[str]:
        return self.named("ar")

    @property
    def en_named(self) -> list[str]:
        return self.named("en")

    @property
    def reviewed(self) -> bool:
        return self.status != Status.AUTO

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def shape(self) -> str:
        return f"{len(self.ar_ids)}:{len(self.en_ids)}"

    def side_labels(self, lang: str) -> list[str]:
        """The source's own numbers ("1.1") of the paragraphs one side's units are in, once each."""
        labels: list[str] = getattr(self, f"{lang}_labels")
        return list(dict.fromkeys(label for label in labels if label))

    @property
    def source_labels(self) -> str:
        """The source's own numbers of the link's paragraphs, both sides once ("1.1", "1.4, 1.5";
        a label may hold a space, the UDHR's "Art. 1")."""
        return ", ".join(dict.fromkeys(self.side_labels("ar") + self.side_labels("en")))

    @property
    def units(self) -> int:
        """Units on both sides: a link of more than one can be unlinked or split."""
        return len(self.ar_ids) + len(self.en_ids)

    def add(
        self,
        unit_id: int,
        lang: str,
        paragraph_number: int,
        text: str | None = None,
        label: str = "",
    ) -> None:
        """Add a member unit on its side (in reading order)."""
        getattr(self, f"{lang}_ids").append(unit_id)
        getattr(self, f"{lang}_paragraphs").append(paragraph_number)
        getattr(self, f"{lang}_labels").append(label)
        if text is not None:
            getattr(self, lang).append(text)

    @property
    def side_only(self) -> str:
        """What a link with an empty side is ("Arabic only — no English"), said in place of a
        confidence, which it has none of to show; "" for a pair."""
        if self.ar_ids and self.en_ids:
            return ""
        return "Arabic only — no English" if self.ar_ids else "English only — no Arabic"

    @property
    def band(self) -> str:
        """Confidence band, for colour and its text label: high, medium or low."""
        return "high" if self.score >= 0.8 else "medium" if self.score >= LOW_SCORE else "low"


def finding_message(stored: Any) -> str:
    """A stored QA finding in plain words, as the review page says it: from its check, side and
    values (Finding.from_json), else, stored by older code, its stored message, else a plain
    line; never an error."""
    try:
        return Finding.from_json(stored).message
    except ValueError:
        message = stored.get("message") if isinstance(stored, dict) else None
        return str(message or "Possible difference between the sides")


def _finding_reason(stored: Any) -> Reason:
    """A stored QA finding as a reason, said from its check, side and values; an omission's
    clause is set apart, so the page can mark it as Arabic or English. A finding stored by
    older code, without what its kind needs, is shown with the message it was stored with
    (`refresh_findings --stale` stores them anew)."""
    try:
        finding = Finding.from_json(stored)
    except ValueError:
        check = stored.get("check") if isinstance(stored, dict) else None
        return Reason(str(check or "finding"), finding_message(stored), 2.5)
    quote = finding.quote
    return Reason(
        finding.check,
        finding.lead,
        2.5,
        quote=quote,
        quote_lang=finding.side if quote else "",
    )


def _length_reason(departure: float) -> Reason:
    """An unusual length said with the longer side and by how much."""
    longer, shorter = ("English", "Arabic") if departure > 1 else ("Arabic", "English")
    times = max(departure, 1 / departure)
    text = f"Unusual length: the {longer} is {times:.1f} times as long as usual for its {shorter}"
    return Reason("ratio", text, 1.0)


def _reasons(item: ReviewItem, outlier: bool, departure: float | None = None) -> list[Reason]:
    reasons: list[Reason] = []
    ar, en = len(item.ar_ids), len(item.en_ids)
    if item.flagged:
        reasons.append(Reason("flagged", f"Flagged: {item.note or 'no note'}", 5.0))
    if not ar or not en:
        side = "English" if not en else "Arabic"
        reasons.append(Reason("unaligned", f"Unaligned: no {side} counterpart", 3.0))
    elif (ar, en) != (1, 1):
        unit = f"{item.level}{'s' if ar > 1 else ''}"
        reasons.append(Reason("shape", f"Not one-to-one: {ar} Arabic {unit}, {en} English", 1.0))
    if item.score < LOW_SCORE and ar and en:
        reasons.append(Reason("low-score", f"Low confidence ({item.score:.2f})", 2.0 - item.score))
    # The omission check says the same thing better (the side, and the clause it lacks) and by
    # its own measure: a second "Unusual length" with another figure only confused reviewers.
    omission = item.has_findings and any(f.get("check") == "omission" for f in item.findings)
    if outlier and departure and not omission:
        reasons.append(_length_reason(departure))
    if item.has_findings:
        for finding in item.findings:
            reasons.append(_finding_reason(finding))
    return reasons


_LINK_FIELDS = (
    "id",
    "resolution_id",
    "level",
    "position",
    "score",
    "status",
    "version",
    "flagged",
    "note",
    "findings",
    "length_ratio",
)


def review_items(
    resolutions: Iterable[Resolution], level: str, *, reasons: bool = True, texts: bool = True
) -> list[ReviewItem]:
    """Every link of a level in the given resolutions, in reading order, with its reasons for
    review read from what is stored with the links (three queries whatever the number of
    resolutions). With texts=False the units' text is left out (review_texts adds it)."""
    level = Level(level)
    ids = [r.pk for r in resolutions]
    items = {
        row["id"]: ReviewItem(**row, ar=[], en=[])
        for row in Link.objects.filter(resolution_id__in=ids, level=level)
        .order_by("resolution_id", "position")
        .values(*_LINK_FIELDS)
    }
    through = getattr(Link, f"{_FIELD[level]}s").through
    members = through.objects.filter(link__resolution_id__in=ids, link__level=level)
    if texts:
        units = {
            u["id"]: u
            for u in _UNIT_MODEL[level]
            .objects.filter(**{f"{_RESOLUTION_PATH[level]}__in": ids})
            .order_by(*_ORDER[level])
            .values(
                "id",
                "lang",
                "text",
                paragraph_number=F(_PARAGRAPH_INDEX[level]),
                paragraph_label=F(_PARAGRAPH_LABEL[level]),
            )
        }
        order = {unit_id: i for i, unit_id in enumerate(units)}
        for link_id, unit_id in sorted(
            members.values_list("link_id", f"{_FIELD[level]}_id"),
            key=lambda pair: order.get(pair[1], 0),
        ):
            unit = units[unit_id]
            items[link_id].add(
                unit_id,
                unit["lang"],
                unit["paragraph_number"],
                unit["text"],
                unit["paragraph_label"],
            )
    else:
        prefix = f"{_FIELD[level]}__"
        for link_id, unit_id, lang, paragraph_number in members.order_by(
            *(prefix + name for name in _ORDER[level])
        ).values_list(
            "link_id",
            f"{_FIELD[level]}_id",
            prefix + "lang",
            prefix + _PARAGRAPH_INDEX[level],
        ):
            items[link_id].add(unit_id, lang, paragraph_number)
    ordered = list(items.values())
    if not reasons:
        return ordered
    by_resolution: dict[int, list[ReviewItem]] = defaultdict(list)
    for item in ordered:
        by_resolution[item.resolution_id].append(item)
    for group in by_resolution.values():
        logs = [i.length_ratio for i in group]
        for item, outlier, departure in zip(
            group, outlying_ratios(logs), ratio_departures(logs), strict=True
        ):
            item.reasons = _reasons(item, outlier, departure)
    return ordered


def review_texts(items: Sequence[ReviewItem], level: str) -> None:
    """Fill in the units' text of items read with texts=False (one query)."""
    wanted = [u for item in items for u in item.ar_ids + item.en_ids]
    text = dict(_UNIT_MODEL[Level(level)].objects.filter(pk__in=wanted).values_list("pk", "text"))
    for item in items:
        item.ar = [text[u] for u in item.ar_ids]
        item.en = [text[u] for u in item.en_ids]


def corpus_queue(resolutions: Iterable[Resolution], level: str, *, limit: int) -> list[ReviewItem]:
    """The links most in need of review across resolutions, ranked on what is stored with the
    links; the text is read for those shown only (three queries)."""
    queue = review_queue(review_items(resolutions, level, texts=False))[:limit]
    review_texts(queue, level)
    return queue


def review_queue(items: Sequence[ReviewItem]) -> list[ReviewItem]:
    """Links still needing review, most urgent first (ties in reading order)."""
    return sorted((i for i in items if i.need > 0), key=lambda i: -i.need)


# The queue narrowed to one kind of link: the choice's label and how the count names the links.
QUEUE_FILTERS = {
    "findings": ("With a finding between the sides", "with a finding between the sides"),
    "flagged": ("Flagged", "flagged"),
    "low": ("Low confidence (below 0.50)", "of low confidence (below 0.50)"),
    "unaligned": ("Unaligned: Arabic only or English only", "with no counterpart on one side"),
}


def queue_filtered(queue: Sequence[ReviewItem], only: str) -> list[ReviewItem]:
    """The queue's links of one kind (a QUEUE_FILTERS key), in queue order; all for ""."""
    kinds: dict[str, Callable[[ReviewItem], bool]] = {
        "findings": lambda i: i.has_findings,
        "flagged": lambda i: i.flagged,
        # Pairs only, as the low-score reason: a unit with nothing on the other side has no
        # translation to doubt (the aligner scores its choice to leave it alone), and a
        # translator checking doubtful translations asks for "unaligned" to see those.
        "low": lambda i: i.score < LOW_SCORE and bool(i.ar_ids and i.en_ids),
        "unaligned": lambda i: not (i.ar_ids and i.en_ids),
    }
    keep = kinds.get(only)
    return [i for i in queue if keep(i)] if keep else list(queue)


def queue_start(queue: Sequence[ReviewItem], after: str) -> int | None:
    """Where one resolution's queue goes on after the last link a page showed, given as
    "need:position" (queue_after): links reviewed on that page have left the queue since, so a
    page number alone would skip as many of those after them. None for a malformed value."""
    need, _, position = after.partition(":")
    try:
        last = (-float(need), int(position))
    except ValueError:
        return None
    return sum(1 for i in queue if (-i.need, i.position) <= last)


def queue_after(item: ReviewItem) -> str:
    """The place of a link in its resolution's queue, for queue_start (the float read back exactly)."""
    return f"{item.need!r}:{item.position}"


def neighbours(items: Sequence[ReviewItem], link_id: int) -> tuple[int | None, int | None]:
    """The previous and next suspicious links (needing review) in reading order."""
    index = next((k for k, i in enumerate(items) if i.id == link_id), None)
    if index is None:
        return None, None
    previous = next((i.id for i in reversed(items[:index]) if i.need > 0), None)
    following = next((i.id for i in items[index + 1 :] if i.need > 0), None)
    return previous, following


@dataclass
class Progress:
    total: int = 0
    reviewed: int = 0
    flagged: int = 0
    # Confirmed or corrected, then flagged by a reviewer: not a pair to reuse until the flag is
    # cleared, so the confirmed-only exports leave them out.
    reviewed_flagged: int = 0

    @property
    def cleared(self) -> int:
        """Links confirmed or corrected and not flagged: what a confirmed-only export holds."""
        return self.reviewed - self.reviewed_flagged

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 0


def review_progress(resolutions: Iterable[Resolution]) -> dict[int, dict[str, Progress]]:
    """Per resolution and level: links, links reviewed (confirmed or corrected), flagged, and
    reviewed links flagged since."""
    out: dict[int, dict[str, Progress]] = defaultdict(dict)
    rows = (
        Link.objects.filter(resolution__in=list(resolutions))
        .values("resolution_id", "level")
        .annotate(
            total=Count("id"),
            reviewed=Count("id", filter=~Q(status=Status.AUTO)),
            # Not named "flagged": that name would shadow the field in the filter below.
            n_flagged=Count("id", filter=Q(flagged=True)),
            reviewed_flagged=Count("id", filter=~Q(status=Status.AUTO) & Q(flagged=True)),
        )
        .order_by()
    )
    for row in rows:
        out[row["resolution_id"]][row["level"]] = Progress(
            row["total"], row["reviewed"], row["n_flagged"], row["reviewed_flagged"]
        )
    return out


def one_sided_counts(resolution: Resolution) -> dict[str, int]:
    """Per level, the links with one side empty: a unit with nothing linked to it in the other
    language (one query)."""
    one_sided = Q()
    for level in Level:
        through = getattr(Link, f"{_FIELD[level]}s").through
        has = {
            lang: Exists(
                through.objects.filter(link_id=OuterRef("pk"), **{f"{_FIELD[level]}__lang": lang})
            )
            for lang in ("ar", "en")
        }
        one_sided |= Q(level=level) & (Q(~has["ar"]) | Q(~has["en"]))
    rows = (
        Link.objects.filter(resolution=resolution)
        .filter(one_sided)
        .values("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(Level.values, 0)
    counts.update({row["level"]: row["n"] for row in rows})
    return counts


@dataclass
class MapPoint:
    id: int
    x: float
    y: float
    w: float
    h: float
    band: str
    status: str
    flagged: bool
    title: str


def alignment_map(items: Sequence[ReviewItem], size: int = 440) -> dict[str, Any]:
    """An SVG plot of Arabic position against English position: one mark per link, sized by
    its units' length, so a jump off the diagonal or a run of weak links shows at once."""
    total_ar = sum(len(t) for i in items for t in i.ar) or 1
    total_en = sum(len(t) for i in items for t in i.en) or 1
    x = y = 0.0
    points = []
    for item in items:
        w = size * sum(len(t) for t in item.ar) / total_ar
        h = size * sum(len(t) for t in item.en) / total_en
        points.append(
            MapPoint(
                id=item.id,
                x=round(x, 1),
                y=round(y, 1),
                w=round(max(w, 2.0), 1),
                h=round(max(h, 2.0), 1),
                band=item.band,
                status=item.status,
                flagged=item.flagged,
                title=f"#{item.position + 1} {item.shape} score {item.score:.2f} {item.status}"
                + (" flagged" if item.flagged else ""),
            )
        )
        x += w
        y += h
    return {"size": size, "half": size // 2, "points": points}
