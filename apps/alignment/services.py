"""Writes to alignments: storing the aligner's links for a resolution."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import F, Q, QuerySet

from apps.alignment.models import Edit, Level, Link, LinkReview, Status
from apps.alignment.selectors import REVIEW_ACTIONS, UNDO_CHAIN_LIMIT, link_last_reviews
from apps.bitext import anchors, lexicon, qa, segment
from apps.bitext.align import Bead, align_units, fixable
from apps.bitext.document import (
    LinkKey,
    UnitKey,
    UnitLink,
    UnitReview,
    link_key,
    segment_paragraphs,
)
from apps.bitext.qa import check_clause_units, check_units, length_ratio
from apps.bitext.textfile import clean_paragraph, without_controls
from apps.corpus.models import Clause, CorpusGeneration, Lang, Paragraph, Resolution, Sentence
from apps.corpus.revisions import revision_bump
from apps.corpus.units import anatomy_fields, paragraphs_renumber, subunits_create
from apps.search.services import search_links_refresh

_MEMBER_FIELD = {Level.PARAGRAPH: "paragraph", Level.SENTENCE: "sentence", Level.CLAUSE: "clause"}
_MEMBERS = {Level.PARAGRAPH: "paragraphs", Level.SENTENCE: "sentences", Level.CLAUSE: "clauses"}


_UNREVIEWED = UnitReview()


def _clamp(score: float) -> float:
    return min(1.0, max(0.0, float(score)))


@transaction.atomic
def links_create(
    *,
    resolution: Resolution,
    unit_links: Sequence[UnitLink],
    unit_ids: Mapping[str, Mapping[UnitKey, int]],
    reviews: Mapping[LinkKey, UnitReview] | None = None,
) -> list[Link]:
    """Bulk-create links and their members; positions follow the order of unit_links per level.
    reviews give links their status, flag and note (an import of reviewed links), by level and
    members."""
    positions: dict[str, int] = {}
    rows = []
    for unit_link in unit_links:
        position = positions.get(unit_link.level, 0)
        positions[unit_link.level] = position + 1
        review = (reviews or {}).get(link_key(unit_link), _UNREVIEWED)
        rows.append(
            Link(
                resolution=resolution,
                level=unit_link.level,
                position=position,
                score=_clamp(unit_link.score),
                status=review.status,
                flagged=review.flagged,
                note=review.note,
            )
        )
    Link.objects.bulk_create(rows, batch_size=2000)
    members: dict[str, list[object]] = {level: [] for level in _MEMBERS}
    for row, unit_link in zip(rows, unit_links, strict=True):
        level = Level(unit_link.level)
        through = getattr(Link, _MEMBERS[level]).through
        column = f"{_MEMBER_FIELD[level]}_id"
        for lang, keys in ((Lang.ARABIC, unit_link.ar), (Lang.ENGLISH, unit_link.en)):
            for key in keys:
                members[level].append(through(link_id=row.pk, **{column: unit_ids[lang][key]}))
    for level, field in _MEMBERS.items():
        try:
            getattr(Link, field).through.objects.bulk_create(members[level], batch_size=5000)
        except IntegrityError as error:
            # The database keeps a unit in one link of its level; the aligner broke that.
            raise EditError(
                f"The aligner put a {level} in two links; nothing was changed."
            ) from error
        created = [row.pk for row in rows if row.level == level]
        if created:
            link_findings_update(resolution=resolution, level=level, link_ids=created)
    return rows


@cache
def checks_version() -> str:
    """A fingerprint of the QA checks' code (apps/bitext/qa.py and the anchors, clauses and
    shipped lexicon its omission check reads): stored findings made by other code may say
    something else."""
    digest = hashlib.sha1()
    for module in (qa, anchors, segment, lexicon):
        digest.update(Path(str(module.__file__)).read_bytes())
    if lexicon.DEFAULT_LEXICON_PATH.is_file():
        digest.update(lexicon.DEFAULT_LEXICON_PATH.read_bytes())
    return digest.hexdigest()[:12]


def findings_version_stored(*, using: str = DEFAULT_DB_ALIAS) -> str:
    """The checks' version that last checked every link ("" if none has)."""
    rows = CorpusGeneration.objects.using(using).filter(pk=1)
    return rows.values_list("findings_version", flat=True).first() or ""


def findings_version_record(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Record that every link has just been checked by the current checks."""
    generations = CorpusGeneration.objects.using(using)
    if not generations.filter(pk=1).update(findings_version=checks_version()):
        generations.get_or_create(pk=1, defaults={"findings_version": checks_version()})


# Links checked per query when storing findings (keeps IN lists short on every database).
_FINDINGS_CHUNK = 500


def link_findings_update(
    *,
    resolution: Resolution,
    level: str,
    link_ids: Sequence[int] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Run the QA checks on links of one level (all of the resolution's unless link_ids are
    given) and store what they find and the length ratio; return the number of links changed."""
    level = Level(level)
    field = _MEMBER_FIELD[level]
    through = getattr(Link, _MEMBERS[level]).through
    links = Link.objects.using(using).filter(resolution_id=resolution.pk, level=level)
    if link_ids is None:
        chunks = [links]
    else:
        ids = list(link_ids)
        chunks = [
            links.filter(pk__in=ids[i : i + _FINDINGS_CHUNK])
            for i in range(0, len(ids), _FINDINGS_CHUNK)
        ]
    connection = connections[using]
    findings_field = Link._meta.get_field("findings")
    quote = connection.ops.quote_name
    update = (
        f"UPDATE {quote(Link._meta.db_table)} SET {quote('findings')} = %s, "
        f"{quote('length_ratio')} = %s WHERE {quote('id')} = %s"
    )
    changed = 0
    with transaction.atomic(using=using):
        for chunk in chunks:
            stored = {
                pk: (findings, ratio)
                for pk, findings, ratio in chunk.values_list("pk", "findings", "length_ratio")
            }
            texts: dict[int, dict[str, list[str]]] = {pk: {"ar": [], "en": []} for pk in stored}
            members = through.objects.using(using).filter(
                link__resolution_id=resolution.pk, link__level=level
            )
            if link_ids is not None:
                members = members.filter(link_id__in=list(stored))
            # A clause is also read against its sentence: what word order put in another clause
            # of it is not missing (check_clause_units).
            clause = level == Level.CLAUSE
            sentences: dict[int, dict[str, dict[int, str]]] = {
                pk: {"ar": {}, "en": {}} for pk in stored
            }
            ordered = members.order_by(*_UNIT_ORDER[level]).values_list(
                "link_id",
                f"{field}__lang",
                f"{field}__text",
                *(("clause__sentence_id", "clause__sentence__text") if clause else ()),
            )
            for link_id, lang, text, *sentence in ordered:
                texts[link_id][lang].append(text)
                if sentence:
                    sentences[link_id][lang][sentence[0]] = sentence[1]
            updates = []
            for pk, sides in texts.items():
                found = (
                    check_clause_units(
                        sides["ar"],
                        sides["en"],
                        list(sentences[pk]["ar"].values()),
                        list(sentences[pk]["en"].values()),
                    )
                    if clause
                    else check_units(sides["ar"], sides["en"])
                )
                findings = [f.as_json() for f in found]
                ratio = length_ratio(" ".join(sides["ar"]), " ".join(sides["en"]))
                if (findings, ratio) != stored[pk]:
                    updates.append(
                        (findings_field.get_db_prep_save(findings, connection), ratio, pk)
                    )
            if updates:
                # One prepared UPDATE run per row: bulk_update's CASE expressions took as long as
                # the checks themselves (5 s for an import's 3,800 links).
                with connection.cursor() as cursor:
                    cursor.executemany(update, updates)
            changed += len(updates)
    return changed


# A position no resolution reaches, for renumbering links without breaking their uniqueness.
_RENUMBER_OFFSET = 10_000_000


@transaction.atomic
def resolution_realign(*, resolution: Resolution) -> list[Link]:
    """Re-align a resolution around its confirmed and corrected links, which keep their id,
    members, score, status, flag, note and version; only the automatic links between them are
    re-aligned. An automatic link the aligner finds again (same units) keeps its id, flag and
    note; a flagged one it re-draws passes its flag and note to the links that take its units."""
    from apps.alignment.models import Status
    from apps.bitext.document import SegmentedParagraph, align_document
    from apps.corpus.models import Clause, Paragraph, Sentence

    Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
    sides: dict[str, list[SegmentedParagraph]] = {}
    ids: dict[str, dict[UnitKey, int]] = {}
    keys: dict[tuple[str, int], UnitKey] = {}  # (level, unit id) -> key
    sentences_of: dict[int, list[Sentence]] = {}
    for sentence in Sentence.objects.filter(paragraph__resolution=resolution).order_by("index"):
        sentences_of.setdefault(sentence.paragraph_id, []).append(sentence)
    clauses_of: dict[int, list[Clause]] = {}
    for clause in Clause.objects.filter(sentence__paragraph__resolution=resolution).order_by(
        "index"
    ):
        clauses_of.setdefault(clause.sentence_id, []).append(clause)
    for lang in (Lang.ARABIC, Lang.ENGLISH):
        paragraphs = list(Paragraph.objects.of(resolution).in_language(lang).order_by("index"))
        segmented = []
        ids[lang] = {}
        for p, paragraph in enumerate(paragraphs):
            ids[lang][(p,)] = paragraph.pk
            keys[(Level.PARAGRAPH, paragraph.pk)] = (p,)
            spans = []
            for s, sentence in enumerate(sentences_of.get(paragraph.pk, [])):
                ids[lang][(p, s)] = sentence.pk
                keys[(Level.SENTENCE, sentence.pk)] = (p, s)
                clause_spans = []
                for c, clause in enumerate(clauses_of.get(sentence.pk, [])):
                    ids[lang][(p, s, c)] = clause.pk
                    keys[(Level.CLAUSE, clause.pk)] = (p, s, c)
                    clause_spans.append((clause.start, clause.end))
                spans.append(((sentence.start, sentence.end), tuple(clause_spans)))
            segmented.append(SegmentedParagraph(paragraph.text, lang, tuple(spans)))
        sides[lang] = segmented

    stored = list(
        Link.objects.of(resolution)
        .prefetch_related("paragraphs", "sentences", "clauses")
        .order_by("level", "position")
    )
    fixed: list[UnitLink] = []
    row_of: dict[int, Link] = {}
    auto_by_units: dict[tuple[str, frozenset[int]], Link] = {}
    for link in stored:
        members = list(getattr(link, _MEMBERS[Level(link.level)]).all())
        if link.status == Status.AUTO:
            auto_by_units[(link.level, frozenset(u.pk for u in members))] = link
            continue
        unit_link = UnitLink(
            link.level,
            tuple(keys[(link.level, u.pk)] for u in members if u.lang == Lang.ARABIC),
            tuple(keys[(link.level, u.pk)] for u in members if u.lang == Lang.ENGLISH),
            link.score,
        )
        fixed.append(unit_link)
        row_of[id(unit_link)] = link

    found = align_document(sides[Lang.ARABIC], sides[Lang.ENGLISH], fixed=fixed)

    def units_of(unit_link: UnitLink) -> frozenset[int]:
        return frozenset(
            [ids[Lang.ARABIC][k] for k in unit_link.ar]
            + [ids[Lang.ENGLISH][k] for k in unit_link.en]
        )

    fresh: list[UnitLink] = []
    reused: list[Link] = []
    for unit_link in found:
        if id(unit_link) in row_of:
            continue
        again = auto_by_units.pop((unit_link.level, units_of(unit_link)), None)
        if again is None:
            fresh.append(unit_link)
            continue
        again.score = _clamp(unit_link.score)
        again.version += 1
        row_of[id(unit_link)] = again
        reused.append(again)
    # Flagged automatic links that were re-drawn: their doubt and note go to the new links over
    # their units, so a reviewer's question is never lost by re-aligning.
    doubts: dict[tuple[str, int], list[Link]] = {}
    for (level, units), link in auto_by_units.items():
        if link.flagged:
            for unit in units:
                doubts.setdefault((level, unit), []).append(link)
    Link.objects.filter(pk__in=[link.pk for link in auto_by_units.values()]).delete()
    kept_ids = [row.pk for row in row_of.values()]
    Link.objects.filter(pk__in=kept_ids).update(position=F("position") + _RENUMBER_OFFSET)
    created = iter(links_create(resolution=resolution, unit_links=fresh, unit_ids=ids))
    ordered: list[Link] = []
    flagged: list[Link] = []
    positions: dict[str, int] = {}
    for unit_link in found:
        if id(unit_link) in row_of:
            row = row_of[id(unit_link)]
        else:
            row = next(created)
            earlier = {
                link.pk: link
                for unit in units_of(unit_link)
                for link in doubts.get((unit_link.level, unit), [])
            }
            if earlier:
                row.flagged = True
                row.note = "\n".join(
                    dict.fromkeys(link.note for link in earlier.values() if link.note)
                )
                flagged.append(row)
        row.position = positions.get(unit_link.level, 0)
        positions[unit_link.level] = row.position + 1
        ordered.append(row)
    Link.objects.bulk_update(flagged, ["flagged", "note"], batch_size=2000)
    Link.objects.bulk_update(reused, ["score", "version"], batch_size=2000)
    # Two passes, so no intermediate state repeats a (level, position) pair.
    for row in ordered:
        row.position += 2 * _RENUMBER_OFFSET
    Link.objects.bulk_update(ordered, ["position"], batch_size=2000)
    for row in ordered:
        row.position -= 2 * _RENUMBER_OFFSET
    Link.objects.bulk_update(ordered, ["position"], batch_size=2000)
    search_links_refresh(resolution=resolution)
    revision_bump(resolution=resolution)
    return ordered


# --- Editing: every change replaces a contiguous stretch of links per level, is checked against
# the versions the editor saw (optimistic locking), and is recorded as an undoable Edit. ---------


class EditError(ValueError):
    """An edit that cannot be made; the message says why in plain words."""


class StaleEditError(EditError):
    """The stretch changed since the editor loaded it: reload and try again. `reason` says what
    changed and `advice` what to do; a page that shows the current state itself (the alignment
    editor) gives its own advice instead."""

    def __init__(self, reason: str, advice: str = "", link: Link | None = None) -> None:
        super().__init__(f"{reason} {advice}" if advice else reason)
        self.reason = reason
        self.advice = advice
        # The link whose version changed, when one did (the reason names it "Link #41").
        self.link = link


class ReviewBelowError(EditError):
    """A change at one level would re-draw confirmed or corrected links below it that the
    editor's page did not show (their versions were not sent): someone's review, which is kept
    unless an editor breaks it knowingly. `below` lists them (id, level, position, version,
    status); sending their versions as seen_below applies the change. `by` names, per link id,
    whose work re-drawing it would lose (the first _NAMED_REVIEWERS links)."""

    def __init__(
        self, message: str, below: list[dict[str, Any]], by: Mapping[int, str] | None = None
    ) -> None:
        super().__init__(message)
        self.below = below
        self.by = dict(by or {})


_UNIT_ORDER = {
    Level.PARAGRAPH: ("paragraph__lang", "paragraph__index"),
    Level.SENTENCE: ("sentence__lang", "sentence__paragraph__index", "sentence__index"),
    Level.CLAUSE: (
        "clause__lang",
        "clause__sentence__paragraph__index",
        "clause__sentence__index",
        "clause__index",
    ),
}
_CHILD = {Level.PARAGRAPH: Level.SENTENCE, Level.SENTENCE: Level.CLAUSE}
# Positions are moved out of the way through this offset, so the unique (resolution, level,
# position) constraint holds after every row of an UPDATE.
_POSITION_OFFSET = 1_000_000_000

LinkState = dict[str, Any]
Sides = dict[str, list[int]]


def _members(level: str, link_ids: Sequence[int]) -> dict[int, Sides]:
    """Members of links by language, each side in reading order (one query)."""
    field = _MEMBER_FIELD[Level(level)]
    through = getattr(Link, _MEMBERS[Level(level)]).through
    rows = (
        through.objects.filter(link_id__in=link_ids)
        .order_by(*_UNIT_ORDER[Level(level)])
        .values_list("link_id", f"{field}_id", f"{field}__lang")
    )
    out: dict[int, Sides] = {pk: {"ar": [], "en": []} for pk in link_ids}
    for link_id, unit_id, lang in rows:
        out[link_id][lang].append(unit_id)
    return out


def _states(links: Sequence[Link]) -> list[LinkState]:
    """Snapshots of links (fields and members) as stored in an Edit."""
    if not links:
        return []
    members = _members(links[0].level, [link.pk for link in links])
    return [
        {
            "id": link.pk,
            "position": link.position,
            "score": link.score,
            "status": link.status,
            "flagged": link.flagged,
            "note": link.note,
            "version": link.version,
            "ar": members[link.pk]["ar"],
            "en": members[link.pk]["en"],
        }
        for link in links
    ]


def _lock(resolution: Resolution, versions: Mapping[int, int], *, user: Any = None) -> list[Link]:
    """Lock the links the editor saw and check their versions; ordered by level and position.

    The resolution row is locked first: edits renumber the positions after their stretch, so
    two edits of one resolution run one after the other (and cannot deadlock). A refusal names
    the edit that changed the stretch: as `user`'s own, made in another tab or window, when
    it is theirs."""
    Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
    links = list(
        Link.objects.select_for_update()
        .filter(resolution=resolution, pk__in=list(versions))
        .order_by("level", "position")
    )
    if len(links) != len(versions):
        gone = set(versions) - {link.pk for link in links}
        removed = _removed_by(resolution, gone)
        if _made_by(removed, user):
            raise StaleEditError(
                "Part of this stretch changed since you loaded it (a link no longer exists)."
                + _yours(removed)
            )
        raise StaleEditError(
            "Part of this stretch was changed by someone else (a link no longer exists)."
            + _it_was(removed),
            "Reload the page to see the current alignment.",
        )
    for link in links:
        if link.version != versions[link.pk]:
            left = _left_by(link)
            name = f"Link #{link.position + 1} ({link.level})"
            loaded = f"(version {versions[link.pk]}, now {link.version})"
            if _made_by(left, user):
                raise StaleEditError(
                    f"{name} changed since you loaded it {loaded}." + _yours(left), link=link
                )
            raise StaleEditError(
                f"{name} was changed by someone else since you loaded it {loaded}." + _it_was(left),
                "Reload the page to see their change, then edit again.",
                link=link,
            )
    return links


# How many of a resolution's latest edits a refusal reads to find the one that removed a link.
_REMOVED_BY_LOOKBACK = 50


def _it_was(edit: Edit | None) -> str:
    """ " It was omar: “Merged 2 paragraph links from #6”." for a stale refusal; "" when the edit
    or its author is not known."""
    if edit is None or edit.user is None:
        return ""
    return f" It was {edit.user}: “{edit.summary}”."


def _made_by(edit: Edit | None, user: Any) -> bool:
    """Whether `user` (signed in) made `edit`."""
    pk = getattr(user, "pk", None)
    return edit is not None and pk is not None and edit.user_id == pk


def _yours(edit: Edit | None) -> str:
    """ " You changed this in another tab or window: “Merged 2 paragraph links from #4”. Reload
    to see it." for a refusal the editor's own other change caused."""
    summary = edit.summary if edit is not None else ""
    return f" You changed this in another tab or window: “{summary}”. Reload to see it."


def _left_by(link: Link) -> Edit | None:
    """The edit that left `link` at its current version (the LinkReview index)."""
    review = (
        LinkReview.objects.filter(link_id=link.pk, level=link.level, version=link.version)
        .select_related("edit__user")
        .order_by("-edit_id")
        .first()
    )
    return review.edit if review else None


def _removed_by(resolution: Resolution, ids: set[int]) -> Edit | None:
    """The latest edit that removed one of the links `ids` (it had them before), among the
    resolution's latest edits."""
    latest = (
        Edit.objects.filter(resolution=resolution)
        .select_related("user")
        .order_by("-created_at", "-id")[:_REMOVED_BY_LOOKBACK]
    )
    return next(
        (
            edit
            for edit in latest
            if any(
                s["id"] in ids for states in edit.before.get("links", {}).values() for s in states
            )
        ),
        None,
    )


def _check_run(resolution: Resolution, links: Sequence[Link]) -> None:
    """Refuse links of mixed levels or with another link between them (not one stretch)."""
    if len({link.level for link in links}) != 1:
        raise EditError("These links are at different levels; edit one level at a time.")
    positions = sorted(link.position for link in links)
    between = (
        Link.objects.filter(
            resolution=resolution,
            level=links[0].level,
            position__gt=positions[0],
            position__lt=positions[-1],
        )
        .exclude(pk__in=[link.pk for link in links])
        .exists()
    )
    if between:
        raise EditError("These links are not neighbours; only adjacent links can be combined.")


def _replace_run(
    resolution: Resolution, level: str, old: Sequence[Link], new: Sequence[LinkState]
) -> list[Link]:
    """Replace a contiguous run of links with new ones in its place, renumbering what follows."""
    ordered = sorted(old, key=lambda link: link.position)
    lo, hi = ordered[0].position, ordered[-1].position
    Link.objects.filter(pk__in=[link.pk for link in ordered]).delete()
    delta = len(new) - (hi - lo + 1)
    if delta:
        after = Link.objects.filter(resolution=resolution, level=level)
        after.filter(position__gt=hi).update(position=F("position") + _POSITION_OFFSET)
        after.filter(position__gte=_POSITION_OFFSET).update(
            position=F("position") - _POSITION_OFFSET + delta
        )
    return _write_run(resolution, level, new, start=lo)


def _write_run(
    resolution: Resolution, level: str, new: Sequence[LinkState], *, start: int
) -> list[Link]:
    """Create links (keeping the ids of restored ones) and their members from position start."""
    rows = [
        Link(
            id=state.get("id"),
            resolution=resolution,
            level=level,
            position=start + i,
            score=_clamp(state["score"]),
            status=state["status"],
            flagged=state.get("flagged", False),
            note=state.get("note", ""),
            version=state["version"],
        )
        for i, state in enumerate(new)
    ]
    Link.objects.bulk_create(rows)
    through = getattr(Link, _MEMBERS[Level(level)]).through
    column = f"{_MEMBER_FIELD[Level(level)]}_id"
    try:
        through.objects.bulk_create(
            [
                through(link_id=row.pk, **{column: unit_id})
                for row, state in zip(rows, new, strict=True)
                for unit_id in state["ar"] + state["en"]
            ]
        )
    except IntegrityError as error:
        # A unit is in one link of its level (the database says so): another writer linked one
        # of these units since they were read. The caller's transaction rolls the edit back.
        raise StaleEditError(
            f"Another change linked some of these {level}s at the same time.",
            "Reload the page and edit again.",
        ) from error
    link_findings_update(resolution=resolution, level=level, link_ids=[row.pk for row in rows])
    return rows


_UNIT_MODEL: dict[str, type[Paragraph] | type[Sentence] | type[Clause]] = {
    Level.PARAGRAPH: Paragraph,
    Level.SENTENCE: Sentence,
    Level.CLAUSE: Clause,
}


def _unit_texts(level: str, ids: Sequence[int]) -> dict[int, str]:
    model = _UNIT_MODEL[Level(level)]
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "text"))


def _children(level: str, parents: Sequence[LinkState]) -> tuple[list[Link], dict[int, Sides]]:
    """The child links under a run of parent links, in order, with the child units of each
    parent (sentences of its paragraphs, clauses of its sentences) by language."""
    child = _CHILD[Level(level)]
    unit_ids = [u for state in parents for u in state["ar"] + state["en"]]
    if child == Level.SENTENCE:
        sentences = Sentence.objects.filter(paragraph_id__in=unit_ids).order_by(
            "lang", "paragraph__index", "index"
        )
        parent_of = dict(sentences.values_list("pk", "paragraph_id"))
        lang_of = dict(sentences.values_list("pk", "lang"))
    else:
        clauses = Clause.objects.filter(sentence_id__in=unit_ids).order_by(
            "lang", "sentence__paragraph__index", "sentence__index", "index"
        )
        parent_of = dict(clauses.values_list("pk", "sentence_id"))
        lang_of = dict(clauses.values_list("pk", "lang"))
    group_of = {u: i for i, state in enumerate(parents) for u in state["ar"] + state["en"]}
    groups: dict[int, Sides] = {i: {"ar": [], "en": []} for i in range(len(parents))}
    for unit_id, parent_id in parent_of.items():
        groups[group_of[parent_id]][lang_of[unit_id]].append(unit_id)
    field = _MEMBERS[child]
    link_ids = (
        Link.objects.filter(level=child, **{f"{field}__in": list(parent_of)})
        .values_list("pk", flat=True)
        .distinct()
    )
    links = list(
        Link.objects.select_for_update().filter(pk__in=list(link_ids)).order_by("position")
    )
    return links, groups


def _align_group(
    level: str, sides: Sides, version: int, reviewed: Sequence[LinkState] = ()
) -> list[LinkState]:
    """Fresh automatic links for one group of units (the aligner run on just that stretch),
    drawn around the reviewed links that still lie in it, kept as fixed points (InterText's
    and hunalign's anchors): a reviewed link is only re-drawn when its units no longer fit."""
    texts = _unit_texts(level, sides["ar"] + sides["en"])
    index = {lang: {u: i for i, u in enumerate(sides[lang])} for lang in ("ar", "en")}
    candidates = [
        Bead(
            tuple(index["ar"][u] for u in state["ar"]),
            tuple(index["en"][u] for u in state["en"]),
            _clamp(state["score"]),
        )
        for state in reviewed
        if (state["ar"] or state["en"])
        and all(u in index[lang] for lang in ("ar", "en") for u in state[lang])
    ]
    beads = align_units(
        [texts[u] for u in sides["ar"]],
        [texts[u] for u in sides["en"]],
        level=level,
        fixed=fixable(candidates, len(sides["ar"]), len(sides["en"])),
    )
    return [
        {
            "score": bead.score,
            "status": Status.AUTO,
            "version": version,
            "ar": [sides["ar"][i] for i in bead.ar],
            "en": [sides["en"][j] for j in bead.en],
        }
        for bead in beads
    ]


def _fits(states: Sequence[LinkState], groups: Mapping[int, Sides]) -> bool:
    """Whether every child link lies inside one parent group."""
    group_of = {u: g for g, sides in groups.items() for u in sides["ar"] + sides["en"]}
    return all(len({group_of.get(u) for u in s["ar"] + s["en"]}) <= 1 for s in states)


def _rebuild_children(
    resolution: Resolution,
    level: str,
    parents: Sequence[LinkState],
    before: dict[str, list[LinkState]],
    after: dict[str, list[LinkState]],
    force: bool = False,
    old: Mapping[str, Sequence[Link]] | None = None,
    renamed: Mapping[str, Mapping[int, int]] | None = None,
) -> None:
    """Re-align the levels below a changed run of links when their links no longer fit in it
    (always with force). `old` adds child links found beforehand (whose units are gone);
    `renamed` gives, per level, the new id of a re-segmented unit whose text is unchanged, so a
    new link over the same text as a reviewed one keeps its review."""
    if Level(level) not in _CHILD:
        return
    child = _CHILD[Level(level)]
    links, groups = _children(level, parents)
    extra = [link for link in (old or {}).get(child, ()) if link.pk not in {k.pk for k in links}]
    links = sorted([*links, *extra], key=lambda link: link.position)
    current = _states(links)
    if not force and _fits(current, groups):
        return
    old_states = before.get(child) or current
    version = max((link.version for link in links), default=0) + 1
    if renamed and child in renamed:
        # The links as they were, over the new ids of the units whose text is unchanged (the
        # stored ones lost the edited paragraph's units: half a link is no link to keep).
        ids = renamed[child]
        current = [
            dict(s, ar=[ids.get(u, u) for u in s["ar"]], en=[ids.get(u, u) for u in s["en"]])
            for s in old_states
        ]
    reviewed = [s for s in current if s["status"] != Status.AUTO]
    new_states = [
        s for g in range(len(parents)) for s in _align_group(child, groups[g], version, reviewed)
    ]
    new_states = _keep_review(current, new_states)
    if links:
        rows = _replace_run(resolution, child, links, new_states)
    else:
        rows = _insert_run(resolution, child, parents, new_states)
    before[child] = old_states
    after[child] = _states(rows)
    _rebuild_children(
        resolution, child, after[child], before, after, force=True, old=old, renamed=renamed
    )


def _keep_review(old: Sequence[LinkState], new: Sequence[LinkState]) -> list[LinkState]:
    """Give re-aligned links the review of the links they replace: a new link over exactly the
    units of an old one keeps its id, status, flag and note (and a reviewed one its score); a
    flagged old link that is re-drawn passes its flag and note to the new links over its units."""
    by_units = {frozenset(s["ar"] + s["en"]): s for s in old}
    found_again: set[int] = set()
    out: list[LinkState] = []
    for state in new:
        same = by_units.get(frozenset(state["ar"] + state["en"]))
        if same is None:
            out.append(dict(state))
            continue
        found_again.add(same["id"])
        kept = {key: same[key] for key in ("id", "status", "flagged", "note")}
        if same["status"] != Status.AUTO:
            kept["score"] = same["score"]
        out.append({**state, **kept})
    doubts: dict[int, list[LinkState]] = {}
    for state in old:
        if state["flagged"] and state["id"] not in found_again:
            for unit in state["ar"] + state["en"]:
                doubts.setdefault(unit, []).append(state)
    for state in out:
        earlier = {s["id"]: s for u in state["ar"] + state["en"] for s in doubts.get(u, [])}
        if earlier and "id" not in state:
            state["flagged"] = True
            state["note"] = "\n".join(
                dict.fromkeys(s["note"] for s in earlier.values() if s["note"])
            )
    return out


def _insert_run(
    resolution: Resolution, level: str, parents: Sequence[LinkState], new: Sequence[LinkState]
) -> list[Link]:
    """Place links where none were (a stretch whose children had no links), at the end."""
    last = (
        Link.objects.filter(resolution=resolution, level=level)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    start = 0 if last is None else last + 1
    return _write_run(resolution, level, new, start=start)


def _record(
    *,
    resolution: Resolution,
    user: Any,
    action: str,
    level: str,
    summary: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> Edit:
    """Record an edit; every edit ends here, so here the reading page and searches go stale, and
    the search index takes the sentence links the edit re-drew."""
    search_links_refresh(
        resolution=resolution,
        sentence_ids={
            unit
            for side in (before, after)
            for state in side.get("links", {}).get(Level.SENTENCE, ())
            for unit in state["ar"] + state["en"]
        },
    )
    revision_bump(resolution=resolution)
    edit = Edit.objects.create(
        resolution=resolution,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        level=level,
        summary=summary,
        before=before,
        after=after,
    )
    LinkReview.objects.bulk_create(link_reviews_of(edit))
    return edit


def link_reviews_of(edit: Edit) -> list[LinkReview]:
    """Every link state an edit left, for the LinkReview index (automatic ones too: a flag, or
    its clearing, on an automatic link is a review the queue's undo takes back)."""
    before = {
        (level, s["id"]): s["status"]
        for level, states in edit.before.get("links", {}).items()
        for s in states
    }
    return [
        LinkReview(
            edit=edit,
            link_id=s["id"],
            level=level,
            version=s["version"],
            status=s["status"],
            given=before.get((level, s["id"])) != s["status"],
        )
        for level, states in edit.after.get("links", {}).items()
        for s in states
    ]


def link_reviews_rebuild(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Rebuild the LinkReview index from the recorded edits (a dump made before it existed)."""
    LinkReview.objects.using(using).all().delete()
    batch: list[LinkReview] = []
    for edit in Edit.objects.using(using).order_by("pk").iterator(chunk_size=500):
        batch += link_reviews_of(edit)
        if len(batch) >= 2000:
            LinkReview.objects.using(using).bulk_create(batch)
            batch = []
    LinkReview.objects.using(using).bulk_create(batch)


def _restructure(
    *,
    resolution: Resolution,
    user: Any,
    action: str,
    links: Sequence[Link],
    new: Sequence[LinkState],
    summary: str,
    seen_below: Mapping[int, int] | None = None,
) -> Edit:
    """Replace a run of links with `new` (states without ids get new rows), fix the levels below
    and record the edit. Refused if that re-draws a confirmed or corrected link below which is
    not in seen_below (the versions of the links below that the editor was shown)."""
    level = links[0].level
    _check_run(resolution, links)
    before_states = _states(sorted(links, key=lambda link: link.position))
    version = max(link.version for link in links) + 1
    states = [dict(s, version=version) for s in new]
    if not any(s["ar"] or s["en"] for s in states):
        raise EditError("The edit would leave no units on any link.")
    states = [s for s in states if s["ar"] or s["en"]]
    rows = _replace_run(resolution, level, links, states)
    before: dict[str, list[LinkState]] = {level: before_states}
    after: dict[str, list[LinkState]] = {level: _states(rows)}
    _rebuild_children(resolution, level, after[level], before, after)
    redrawn = _redrawn_reviewed(level, before, after)
    _check_seen_below(resolution, redrawn, seen_below or {})
    return _record(
        resolution=resolution,
        user=user,
        action=action,
        level=level,
        summary=summary + _redrawn_review(resolution, redrawn),
        before={"links": before},
        after={"links": after},
    )


def _redrawn_reviewed(
    level: str,
    before: Mapping[str, Sequence[LinkState]],
    after: Mapping[str, Sequence[LinkState]],
    *,
    same_units: str = "",
) -> list[LinkState]:
    """The confirmed or corrected links below `level` (at every level for "") that an edit
    re-drew (their units now lie under different parents, or their text changed), each with its
    level, as they were before. A link kept keeps its id (over the same units, or units of
    unchanged text re-segmented); one only confirmed over a correction, or the reverse, is kept.
    At level `same_units`, where a change keeps a link's id over other units (a merge), only a
    link over the same units is kept."""
    redrawn = []
    for child in _LEVEL_ORDER:
        if child == level or child not in before:
            continue
        kept = (
            set() if child == same_units else {(s["id"], s["status"]) for s in after.get(child, [])}
        )
        reviewed_again = {
            (s["id"], tuple(s["ar"]), tuple(s["en"]))
            for s in after.get(child, [])
            if s["status"] != Status.AUTO
        }
        redrawn += [
            dict(s, level=child)
            for s in before[child]
            if s["status"] != Status.AUTO
            and (s["id"], s["status"]) not in kept
            and (s["id"], tuple(s["ar"]), tuple(s["en"])) not in reviewed_again
        ]
    return redrawn


# Edits that make the links of their own level what they are: new members (or, for a text edit,
# the paragraph link's new text), or a confirmation, also of a link someone had already
# confirmed or corrected (a merge onto a corrected link keeps its status but is new work).
_MAKING_EDITS = REVIEW_ACTIONS - {Edit.Action.FLAG}
# How many recorded states of one link _reviewers walks back through.
_REVIEW_WALK_LIMIT = 1000


def _reviewers(resolution: Resolution, states: Sequence[LinkState]) -> dict[int, str]:
    """Whose work each link is, which re-drawing it would lose: walking back from its current
    state through the edits that wrote its states, the latest that gave it its status or made
    it at its own level (a flag, or a change that only carried it along, is passed over; an undo
    is followed to the state it wrote back, so a change done again names who made it). One
    query, over the LinkReview index only."""
    if not states:
        return {}
    wanted = Q()
    for s in states:
        wanted |= Q(level=s["level"], link_id=s["id"])
    rows = (
        LinkReview.objects.filter(wanted, edit__resolution=resolution)
        .order_by("-edit__created_at", "-edit_id")
        .values_list(
            "link_id",
            "level",
            "version",
            "given",
            "edit_id",
            "edit__action",
            "edit__level",
            "edit__user__username",
            "edit__undoes__id",
        )
    )
    history: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    for row in rows:
        history.setdefault((row[1], row[0]), []).append(row)
    found: dict[int, str] = {}
    for s in states:
        rows_of = history.get((Level(s["level"]).value, s["id"]), [])
        # Newest first: the state as it is, else (an unrecorded change since) the latest.
        at = next((k for k, row in enumerate(rows_of) if row[2] == s["version"]), 0)
        for _ in range(_REVIEW_WALK_LIMIT):
            if at >= len(rows_of):
                break
            _, level, _, given, _, action, edit_level, username, undone = rows_of[at]
            if action == Edit.Action.UNDO and undone is not None:
                # It wrote back the state before the edit it undid: the next older row.
                order = [row[4] for row in rows_of]
                at = order.index(undone) + 1 if undone in order else at + 1
                continue
            if given or (action in _MAKING_EDITS and level == edit_level):
                found[s["id"]] = username or ""
                break
            at += 1
    return found


# How many re-drawn links a refusal looks up the reviewers of (one query; a page lists them).
_NAMED_REVIEWERS = 100


def _check_seen_below(
    resolution: Resolution,
    redrawn: Sequence[LinkState],
    seen_below: Mapping[int, int],
    *,
    level: str = "",
) -> None:
    """Refuse re-drawing reviewed links below that the editor was not shown, or that changed
    since (InterText keeps confirmed links unless the editor explicitly breaks them); `level`
    is the change's own (an undo may re-draw a link of its level, not below it)."""
    changed = [s for s in redrawn if s["id"] in seen_below and seen_below[s["id"]] != s["version"]]
    if changed:
        first = changed[0]
        below = " below" if first["level"] != level else ""
        raise StaleEditError(
            f"{first['level'].capitalize()} link #{first['position'] + 1}{below} was changed by "
            f"{_changed_by(resolution, first)} since you were shown it.",
            "Reload the page to see their change, then edit again.",
        )
    unseen = [s for s in redrawn if s["id"] not in seen_below]
    if not unseen:
        return
    many = len(unseen) != 1
    by = _reviewers(resolution, unseen[:_NAMED_REVIEWERS])
    below = "" if any(s["level"] == level for s in unseen) else " below it"
    raise ReviewBelowError(
        f"This change would re-draw {redrawn_described(unseen, by, names=True)}{below}, "
        f"a review this page does not show. Check {'them' if many else 'it'}; to re-draw "
        f"{'them' if many else 'it'} anyway, press the button again (undo brings "
        f"{'them' if many else 'it'} back).",
        [{key: s[key] for key in ("id", "level", "position", "version", "status")} for s in unseen],
        by,
    )


def _changed_by(resolution: Resolution, state: LinkState) -> str:
    """Who left a link as it is, from the LinkReview index, with the edit's summary ("bob
    (“Confirmed sentence link #4”)"); "someone else" when no recorded edit with a user did."""
    row = (
        LinkReview.objects.filter(
            edit__resolution=resolution,
            link_id=state["id"],
            level=Level(state["level"]),
            version=state["version"],
        )
        .order_by("-edit__created_at", "-edit_id")
        .values_list("edit__user__username", "edit__summary")
        .first()
    )
    if row is None or not row[0]:
        return "someone else"
    return f"{row[0]} (“{row[1]}”)"


# How many links a description of re-drawn reviews names one by one ("sentence link #5").
_NAMED_LINKS = 5


def _with_and(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def redrawn_described(
    links: Sequence[Mapping[str, Any]], by: Mapping[int, str], *, names: bool = False
) -> str:
    """Exactly which reviews re-drawing `links` (each with id, level, position and status) loses
    and whose they are (`by`, username by link id): "2 confirmed sentence links by amina and a
    corrected clause link by omar", each kind of link in the order met; with `names`, each
    link named after its kind ("(sentence link #5, sentence link #6)", the first _NAMED_LINKS
    of all), with who reviewed it where one kind of link is the work of several."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for link in links:
        groups.setdefault((Level(link["level"]).value, link["status"]), []).append(link)
    described = []
    left = _NAMED_LINKS
    for (level, status), group in groups.items():
        whose = [by.get(link["id"], "") for link in group]
        known = list(dict.fromkeys(name for name in whose if name))
        one = len(known) == 1 and all(whose)
        if one:
            who = f" by {known[0]}"
        elif known:
            counts = [f"{whose.count(name)} by {name}" for name in known]
            unknown = whose.count("")
            if unknown:
                counts.append(f"{unknown} with no recorded reviewer")
            who = f" ({', '.join(counts)})"
        else:
            who = ""
        count = "a" if names and len(group) == 1 else str(len(group))
        text = f"{count} {status} {level} link{'s' if len(group) != 1 else ''}{who}"
        if names and left > 0:
            shown = [
                f"{level} link #{link['position'] + 1}"
                + ("" if one or not by.get(link["id"]) else f" by {by[link['id']]}")
                for link in group[:left]
            ]
            more = f" and {len(group) - len(shown)} more" if len(group) > len(shown) else ""
            text += f" ({', '.join(shown)}{more})"
            left -= len(shown)
        described.append(text)
    return _with_and(described)


def _redrawn_review(
    resolution: Resolution, redrawn: Sequence[LinkState], *, level: str = ""
) -> str:
    """A note for the summary when the levels below (or, for an undo, its own `level`) lost
    confirmed or corrected links, saying which and whose: maybe someone else's review, which
    undoing this edit restores."""
    if not redrawn:
        return ""
    many = len(redrawn) != 1
    by = _reviewers(resolution, redrawn[:_NAMED_REVIEWERS])
    below = "" if any(s["level"] == level for s in redrawn) else " below"
    return (
        f"; {redrawn_described(redrawn, by)}{below} {'were' if many else 'was'} re-drawn (undo "
        f"brings {'them' if many else 'it'} back)"
    )


# _redrawn_review's note, as an undo's summary quotes the edit it undoes: the undo brought those
# links back, and undoing the undo re-draws them, so the quoted promise would be false. (Notes
# written before they said which reviews, "1 confirmed or corrected sentence link below was
# re-drawn", match too.)
_REDRAWN_NOTE = re.compile(
    r"; \d+ (?:confirmed|corrected) .*? (?:was|were) re-drawn \(undo brings (?:it|them) back\)$"
)


def _label(link: Link) -> str:
    return f"{link.level} link #{link.position + 1}"


# The longest flag note a reviewer may leave (the review form counts towards it).
NOTE_LIMIT = 2000


@transaction.atomic
def link_confirm(*, resolution: Resolution, link_id: int, version: int, user: Any) -> Edit:
    """Mark a link as confirmed by a person."""
    return _link_review(
        resolution=resolution,
        link_id=link_id,
        version=version,
        user=user,
        action=Edit.Action.CONFIRM,
        changes={"status": Status.CONFIRMED},
    )


@transaction.atomic
def link_flag(
    *,
    resolution: Resolution,
    link_id: int,
    version: int,
    user: Any,
    note: str,
    flagged: bool = True,
) -> Edit:
    """Flag a link with a note for an editor, or clear its flag; a note over NOTE_LIMIT
    characters is refused whole, never cut."""
    note = without_controls(note).strip() if flagged else ""
    if flagged and not note:
        raise EditError("Say why you flag this link (a short note).")
    if len(note) > NOTE_LIMIT:
        raise EditError(
            f"Your note is {len(note):,} characters long; the limit is {NOTE_LIMIT:,}. Nothing "
            f"was saved: shorten it by {len(note) - NOTE_LIMIT:,} characters and flag again."
        )
    return _link_review(
        resolution=resolution,
        link_id=link_id,
        version=version,
        user=user,
        action=Edit.Action.FLAG,
        changes={"flagged": flagged, "note": note},
    )


def _link_review(
    *,
    resolution: Resolution,
    link_id: int,
    version: int,
    user: Any,
    action: str,
    changes: dict[str, Any],
) -> Edit:
    (link,) = _lock(resolution, {link_id: version}, user=user)
    (before,) = _states([link])
    for name, value in changes.items():
        setattr(link, name, value)
    link.version += 1
    link.save(update_fields=[*changes, "version", "updated_at"])
    (after,) = _states([link])
    verb = (
        "Confirmed" if action == Edit.Action.CONFIRM else "Flagged" if link.flagged else "Unflagged"
    )
    return _record(
        resolution=resolution,
        user=user,
        action=action,
        level=link.level,
        summary=f"{verb} {_label(link)}" + (f": {link.note}" if link.flagged else ""),
        before={"links": {link.level: [before]}},
        after={"links": {link.level: [after]}},
    )


@transaction.atomic
def link_confirm_undo(*, resolution: Resolution, link_id: int, version: int, user: Any) -> Edit:
    """Take back one's own confirmation of a link (undo that edit), while the link is as it left
    it; another reviewer's confirmation is left to them or to an editor's history."""
    (link,) = _lock(resolution, {link_id: version}, user=user)
    review = (
        LinkReview.objects.filter(
            link_id=link.pk,
            level=link.level,
            version=link.version,
            edit__resolution=resolution,
            edit__action=Edit.Action.CONFIRM,
            edit__undone_by__isnull=True,
        )
        .select_related("edit__user")
        .order_by("-edit__created_at", "-edit_id")
        .first()
    )
    confirmed = review.edit if review else None
    if confirmed is None:
        raise EditError("This link has no confirmation to undo. Nothing was saved.")
    if confirmed.user_id != getattr(user, "pk", None):
        name = confirmed.user.get_username() if confirmed.user else "Someone else"
        raise EditError(
            f"{name} confirmed this link; only they, or an editor from the alignment editor's "
            "history, can undo it. Nothing was saved."
        )
    return edit_undo(resolution=resolution, edit_id=confirmed.pk, user=user)


def _last_review(link: Link) -> Edit | None:
    """The standing edit that left the link as it is (None when no recorded edit did: the link
    is as imported)."""
    return link_last_reviews([(link.pk, link.level, link.version, link.resolution_id)]).get(link.pk)


@transaction.atomic
def link_review_undo(*, resolution: Resolution, link_id: int, version: int, user: Any) -> Edit:
    """Take back one's own last review of a link (a confirmation, a flag or its clearing, or a
    correction in the editor) by undoing that edit; refused, naming them, when the link's last
    review is another reviewer's."""
    (link,) = _lock(resolution, {link_id: version}, user=user)
    review = _last_review(link)
    if review is None:
        raise EditError("This link has no review to undo. Nothing was saved.")
    if review.action not in REVIEW_ACTIONS:
        raise EditError(
            f"The last change to this link (“{review.summary}”) is not a review; an editor can "
            "undo it from the alignment editor's history. Nothing was saved."
        )
    if review.user_id != getattr(user, "pk", None):
        name = review.user.get_username() if review.user else "Someone else"
        raise EditError(
            f"{name} made the last review of this link (“{review.summary}”); only they, or an "
            "editor from the alignment editor's history, can undo it. Nothing was saved."
        )
    return edit_undo(resolution=resolution, edit_id=review.pk, user=user)


@transaction.atomic
def link_merge(
    *,
    resolution: Resolution,
    versions: Mapping[int, int],
    user: Any,
    seen_below: Mapping[int, int] | None = None,
) -> Edit:
    """Merge two or more adjacent links of one level into one corrected link."""
    if len(versions) < 2:
        raise EditError("Choose at least two adjacent links to merge.")
    links = _lock(resolution, versions, user=user)
    states = _states(sorted(links, key=lambda link: link.position))
    merged = {
        "id": states[0]["id"],
        "score": min(s["score"] for s in states),
        "status": Status.CORRECTED,
        "flagged": any(s["flagged"] for s in states),
        "note": "\n".join(s["note"] for s in states if s["note"]),
        "ar": [u for s in states for u in s["ar"]],
        "en": [u for s in states for u in s["en"]],
    }
    _check_same_parent(resolution, links[0].level, merged)
    return _restructure(
        resolution=resolution,
        user=user,
        action=Edit.Action.MERGE,
        links=links,
        new=[merged],
        summary=f"Merged {len(links)} {links[0].level} links from #{states[0]['position'] + 1}",
        seen_below=seen_below,
    )


@transaction.atomic
def link_link(
    *,
    resolution: Resolution,
    ar_link_id: int,
    en_link_id: int,
    versions: Mapping[int, int],
    user: Any,
    seen_below: Mapping[int, int] | None = None,
) -> Edit:
    """Join an Arabic-only link and an adjacent English-only link into one 1:1 link, whichever
    of the two comes first."""
    links = _lock(resolution, versions, user=user)
    members = _members(links[0].level, [ar_link_id, en_link_id])
    if not members[ar_link_id]["ar"] and not members[en_link_id]["en"]:
        ar_link_id, en_link_id = en_link_id, ar_link_id
    if members[ar_link_id]["en"] or not members[ar_link_id]["ar"]:
        raise EditError("The first link must have Arabic units only (an unaligned Arabic unit).")
    if members[en_link_id]["ar"] or not members[en_link_id]["en"]:
        raise EditError("The second link must have English units only (an unaligned English unit).")
    edit = link_merge(resolution=resolution, versions=versions, user=user, seen_below=seen_below)
    edit.action = Edit.Action.LINK
    edit.summary = edit.summary.replace("Merged", "Linked", 1)
    edit.save(update_fields=["action", "summary"])
    return edit


@transaction.atomic
def link_unlink(
    *,
    resolution: Resolution,
    link_id: int,
    version: int,
    user: Any,
    seen_below: Mapping[int, int] | None = None,
) -> Edit:
    """Break a link apart: each of its units becomes unaligned (a one-sided link)."""
    (link,) = _lock(resolution, {link_id: version}, user=user)
    (state,) = _states([link])
    if len(state["ar"]) + len(state["en"]) < 2:
        raise EditError("This link has a single unit; there is nothing to unlink.")
    new = [{"score": 0.0, "status": Status.CORRECTED, "ar": [u], "en": []} for u in state["ar"]] + [
        {"score": 0.0, "status": Status.CORRECTED, "ar": [], "en": [u]} for u in state["en"]
    ]
    new[0]["id"] = link.pk
    return _restructure(
        resolution=resolution,
        user=user,
        action=Edit.Action.UNLINK,
        links=[link],
        new=new,
        summary=f"Unlinked {_label(link)} into {len(new)} unaligned units",
        seen_below=seen_below,
    )


@transaction.atomic
def link_split(
    *,
    resolution: Resolution,
    link_id: int,
    version: int,
    ar_at: int,
    en_at: int,
    user: Any,
    seen_below: Mapping[int, int] | None = None,
) -> Edit:
    """Split a link in two: its first ar_at Arabic and en_at English units, then the rest."""
    (link,) = _lock(resolution, {link_id: version}, user=user)
    (state,) = _states([link])
    if not (0 <= ar_at <= len(state["ar"]) and 0 <= en_at <= len(state["en"])):
        raise EditError("The split point is outside the link.")
    first = {"ar": state["ar"][:ar_at], "en": state["en"][:en_at]}
    second = {"ar": state["ar"][ar_at:], "en": state["en"][en_at:]}
    if not (first["ar"] or first["en"]) or not (second["ar"] or second["en"]):
        raise EditError("Both parts of a split must keep at least one unit.")
    common = {"score": state["score"], "status": Status.CORRECTED}
    return _restructure(
        resolution=resolution,
        user=user,
        action=Edit.Action.SPLIT,
        links=[link],
        new=[
            {**common, **first, "id": link.pk, "note": state["note"], "flagged": state["flagged"]},
            {**common, **second},
        ],
        summary=f"Split {_label(link)} after {_units(ar_at, 'Arabic')} and {_units(en_at, 'English')}",
        seen_below=seen_below,
    )


def _units(count: int, language: str) -> str:
    """Count units in words for the history: "no English unit", "1 Arabic unit", "2 … units"."""
    if count == 0:
        return f"no {language} unit"
    return f"{count} {language} unit{'s' if count > 1 else ''}"


@transaction.atomic
def unit_shift(
    *,
    resolution: Resolution,
    link_id: int,
    lang: str,
    direction: str,
    versions: Mapping[int, int],
    user: Any,
    seen_below: Mapping[int, int] | None = None,
) -> Edit:
    """Move the first (direction "prev") or last ("next") unit of one side of a link onto the
    neighbouring link of the same level."""
    if direction not in {"prev", "next"} or lang not in {"ar", "en"}:
        raise EditError("Shift a unit to the previous or next link, on the Arabic or English side.")
    if link_id not in versions:
        raise EditError("The link to shift from is missing from the edit.")
    source = Link.objects.filter(resolution=resolution, pk=link_id).first()
    if source is None:
        raise StaleEditError("This link no longer exists.", "Reload the page.")
    neighbours = Link.objects.filter(resolution=resolution, level=source.level)
    target = (
        neighbours.filter(position__lt=source.position).order_by("-position")
        if direction == "prev"
        else neighbours.filter(position__gt=source.position).order_by("position")
    ).first()
    if target is None:
        raise EditError(f"There is no {'previous' if direction == 'prev' else 'next'} link.")
    expected = dict(versions)
    expected.setdefault(target.pk, target.version)
    links = _lock(
        resolution, {source.pk: expected[source.pk], target.pk: expected[target.pk]}, user=user
    )
    by_id = {s["id"]: s for s in _states(sorted(links, key=lambda link: link.position))}
    src, dst = by_id[source.pk], by_id[target.pk]
    if not src[lang]:
        raise EditError("This side of the link has no unit to shift.")
    if direction == "prev":
        unit = src[lang].pop(0)
        dst[lang].append(unit)
    else:
        unit = src[lang].pop()
        dst[lang].insert(0, unit)
    for s in (src, dst):
        s["status"] = Status.CORRECTED
    _check_same_parent(
        resolution, source.level, {"ar": src["ar"] + dst["ar"], "en": src["en"] + dst["en"]}
    )
    ordered = [by_id[link.pk] for link in sorted(links, key=lambda link: link.position)]
    side = "Arabic" if lang == "ar" else "English"
    return _restructure(
        resolution=resolution,
        user=user,
        action=Edit.Action.SHIFT,
        links=links,
        new=ordered,
        summary=f"Shifted the {side} unit of {_label(source)} to the "
        f"{'previous' if direction == 'prev' else 'next'} link",
        seen_below=seen_below,
    )


def _check_same_parent(resolution: Resolution, level: str, state: Mapping[str, list[int]]) -> None:
    """Refuse an edit that would join units under different parent links (sentences of
    different paragraph links): the levels must nest."""
    if level == Level.PARAGRAPH:
        return
    parent_level = Level.PARAGRAPH if level == Level.SENTENCE else Level.SENTENCE
    units = state["ar"] + state["en"]
    parent_units: QuerySet[Any, int]  # a subquery of the query below
    if level == Level.SENTENCE:
        parent_units = Sentence.objects.filter(pk__in=units).values_list("paragraph_id", flat=True)
    else:
        parent_units = Clause.objects.filter(pk__in=units).values_list("sentence_id", flat=True)
    field = _MEMBERS[parent_level]
    parents = (
        Link.objects.filter(
            resolution=resolution, level=parent_level, **{f"{field}__in": list(parent_units)}
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    if len(set(parents)) > 1:
        raise EditError(
            f"These {level}s belong to different {parent_level} links; "
            f"change the {parent_level} alignment first."
        )


def _paragraph_state(paragraph: Paragraph) -> dict[str, Any]:
    """A paragraph with its sentences and clauses, ids included, as stored in an Edit."""
    sentences = list(paragraph.sentences.order_by("index").prefetch_related("clauses"))
    return {
        "id": paragraph.pk,
        "text": paragraph.text,
        "kind": paragraph.kind,
        "phrase_start": paragraph.phrase_start,
        "phrase_end": paragraph.phrase_end,
        "action": paragraph.action,
        "sentences": [
            {
                "id": s.pk,
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "clauses": [
                    {"id": c.pk, "index": c.index, "start": c.start, "end": c.end, "text": c.text}
                    for c in sorted(s.clauses.all(), key=lambda c: c.index)
                ],
            }
            for s in sentences
        ],
    }


def _paragraph_restore(state: Mapping[str, Any]) -> None:
    """Write a paragraph snapshot back: its text, anatomy and units with their old ids."""
    paragraph = Paragraph.objects.get(pk=state["id"])
    paragraph.sentences.all().delete()
    for name in ("text", "kind", "phrase_start", "phrase_end", "action"):
        setattr(paragraph, name, state[name])
    paragraph.save()
    paragraphs_renumber(resolution_ids=[paragraph.resolution_id])
    sentences = [
        Sentence(
            id=s["id"],
            paragraph=paragraph,
            lang=paragraph.lang,
            index=s["index"],
            start=s["start"],
            end=s["end"],
            text=s["text"],
        )
        for s in state["sentences"]
    ]
    Sentence.objects.bulk_create(sentences)
    Clause.objects.bulk_create(
        [
            Clause(
                id=c["id"],
                sentence_id=s["id"],
                lang=paragraph.lang,
                index=c["index"],
                start=c["start"],
                end=c["end"],
                text=c["text"],
            )
            for s in state["sentences"]
            for c in s["clauses"]
        ]
    )


def _paragraph_resegment(paragraph: Paragraph, text: str) -> None:
    """Replace a paragraph's text and re-segment it into new sentences and clauses."""
    paragraph.sentences.all().delete()
    paragraph.text = text
    for name, value in anatomy_fields(text, paragraph.lang).items():
        setattr(paragraph, name, value)
    paragraph.save()
    paragraphs_renumber(resolution_ids=[paragraph.resolution_id])
    subunits_create([paragraph], segment_paragraphs([text], paragraph.lang))


def _renamed_units(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, dict[int, int]]:
    """Per level, the old id -> new id of a re-segmented paragraph's sentences and clauses whose
    text is unchanged, matched in order (two _paragraph_state snapshots)."""
    renamed: dict[str, dict[int, int]] = {}
    for level in (Level.SENTENCE, Level.CLAUSE):
        a, b = (
            state["sentences"]
            if level == Level.SENTENCE
            else [c for s in state["sentences"] for c in s["clauses"]]
            for state in (old, new)
        )
        matcher = SequenceMatcher(None, [u["text"] for u in a], [u["text"] for u in b], False)
        renamed[level] = {
            a[i + k]["id"]: b[j + k]["id"]
            for i, j, size in matcher.get_matching_blocks()
            for k in range(size)
        }
    return renamed


def _search_reindex(resolution: Resolution) -> None:
    """Refresh the search index after a text change, when the search app provides one."""
    try:
        from apps.search import services as search_services
    except ImportError:
        return
    reindex = getattr(search_services, "search_index_resolution", None)
    if reindex is not None:
        reindex(resolution=resolution)


MAX_PARAGRAPH_CHARS = 50_000


@transaction.atomic
def paragraph_edit_text(
    *,
    resolution: Resolution,
    paragraph_id: int,
    text: str,
    versions: Mapping[int, int],
    user: Any,
    seen_below: Mapping[int, int] | None = None,
) -> Edit:
    """Change a paragraph's text; only its paragraph link's stretch is re-segmented and
    re-aligned at sentence and clause level, around its reviewed links whose units are left as
    they were. `versions` names that paragraph link. Refused if that re-draws a confirmed or
    corrected link not in seen_below (the versions of those the editor was shown)."""
    text = clean_paragraph(" ".join(text.split()))  # as an import stores a paragraph
    if not text:
        raise EditError("The paragraph text cannot be empty; unlink or merge it instead.")
    if len(text) > MAX_PARAGRAPH_CHARS:
        raise EditError(
            f"The text is {len(text):,} characters; the limit is {MAX_PARAGRAPH_CHARS:,}."
        )
    Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
    paragraph = (
        Paragraph.objects.select_for_update().filter(resolution=resolution, pk=paragraph_id).first()
    )
    if paragraph is None:
        raise StaleEditError("This paragraph no longer exists.", "Reload the page.")
    link = (
        Link.objects.filter(resolution=resolution, level=Level.PARAGRAPH, paragraphs=paragraph)
        .values_list("pk", flat=True)
        .first()
    )
    if link is None or link not in versions:
        raise StaleEditError(
            "The paragraph's alignment changed since you loaded it.", "Reload the page."
        )
    (parent,) = _lock(resolution, {link: versions[link]}, user=user)
    if paragraph.text == text:
        raise EditError("The text is unchanged.")
    (parent_state,) = _states([parent])
    sentence_links, _ = _children(Level.PARAGRAPH, [parent_state])
    clause_links, _ = _children(Level.SENTENCE, _states(sentence_links))
    before: dict[str, list[LinkState]] = {
        Level.SENTENCE: _states(sentence_links),
        Level.CLAUSE: _states(clause_links),
    }
    before_paragraph = _paragraph_state(paragraph)
    _paragraph_resegment(paragraph, text)
    after_paragraph = _paragraph_state(paragraph)
    after: dict[str, list[LinkState]] = {}
    # The sentences and clauses whose text the edit left as it was keep their links' review.
    _rebuild_children(
        resolution,
        Level.PARAGRAPH,
        [parent_state],
        before,
        after,
        force=True,
        old={Level.SENTENCE: sentence_links, Level.CLAUSE: clause_links},
        renamed=_renamed_units(before_paragraph, after_paragraph),
    )
    redrawn = _redrawn_reviewed(Level.PARAGRAPH, before, after)
    _check_seen_below(resolution, redrawn, seen_below or {})
    parent.status = Status.CORRECTED
    parent.version += 1
    parent.save(update_fields=["status", "version", "updated_at"])
    # The paragraph link keeps its members, but one side's text is new.
    link_findings_update(resolution=resolution, level=Level.PARAGRAPH, link_ids=[parent.pk])
    before[Level.PARAGRAPH] = [parent_state]
    after[Level.PARAGRAPH] = _states([parent])
    _search_reindex(resolution)
    side = "Arabic" if paragraph.lang == "ar" else "English"
    return _record(
        resolution=resolution,
        user=user,
        action=Edit.Action.TEXT,
        level=Level.PARAGRAPH,
        summary=f"Edited the text of {side} paragraph {paragraph.index + 1}"
        + _redrawn_review(resolution, redrawn),
        before={"links": before, "paragraph": before_paragraph},
        after={"links": after, "paragraph": after_paragraph},
    )


_LEVEL_ORDER = [Level.PARAGRAPH, Level.SENTENCE, Level.CLAUSE]


def _versions_restored_by_undo(
    resolution: Resolution, expected: Mapping[int, int]
) -> dict[int, int] | None:
    """The current versions of the links an edit left behind, when every change to them since
    has been undone; None when one of them is gone or a later change still stands.

    An undo writes a link's earlier state back under a new version, so the versions differ
    although the content is exactly what the edit left: follow each current version back
    through the undos that wrote it to the version it restored."""
    current = dict(
        Link.objects.filter(resolution=resolution, pk__in=list(expected)).values_list(
            "pk", "version"
        )
    )
    if len(current) != len(expected):
        return None
    written_back: dict[tuple[int, int], int] = {}
    undos = Edit.objects.filter(resolution=resolution, action=Edit.Action.UNDO).select_related(
        "undoes"
    )
    for undo in undos:
        undone = getattr(undo, "undoes", None)
        if undone is None:
            continue
        earlier = {
            s["id"]: s["version"] for states in undone.before["links"].values() for s in states
        }
        for states in undo.after["links"].values():
            for state in states:
                if state["id"] in earlier:
                    written_back[(state["id"], state["version"])] = earlier[state["id"]]
    for pk, version in current.items():
        # Each step goes back to a strictly older version, so this ends.
        while version != expected[pk] and (pk, version) in written_back:
            version = written_back[(pk, version)]
        if version != expected[pk]:
            return None
    return current


def _later_edit_error(resolution: Resolution, edit: Edit, ids: set[int]) -> StaleEditError:
    """The refusal of an undo that a later edit still standing stands in the way of, naming the
    latest that wrote one of the links `ids`, else the latest one."""
    later_edits = (
        Edit.objects.filter(resolution=resolution, created_at__gte=edit.created_at)
        .exclude(pk=edit.pk)
        .filter(undone_by__isnull=True)
        .order_by("-created_at", "-id")
    )
    later = next(
        (
            e
            for e in later_edits
            if any(s["id"] in ids for states in e.after["links"].values() for s in states)
        ),
        later_edits.first(),
    )
    who = f" by {later.user}" if later and later.user else ""
    hint = f"{who} (“{later.summary}”)" if later else ""
    return StaleEditError(
        f"A later edit{hint} changed the same stretch; undo that one first, or edit by hand."
    )


def _changed_since_shown(
    resolution: Resolution, edit: Edit, expected: Mapping[int, int], seen: Mapping[int, int]
) -> StaleEditError | None:
    """The refusal of an undo one of whose links the page showed as the edit left it (seen at
    that version: the Edit admin's confirmation lists the reviews an undo re-draws) and that has
    changed since, naming who changed it; None when no such link changed."""
    shown = {pk for pk, version in expected.items() if seen.get(pk) == version}
    if not shown:
        return None
    links = {link.pk: link for link in Link.objects.filter(resolution=resolution, pk__in=shown)}
    changed = [pk for pk in sorted(shown) if pk not in links or links[pk].version != expected[pk]]
    if not changed:
        return None
    states = {s["id"]: (level, s) for level, states in edit.after["links"].items() for s in states}
    first = changed[0]
    link = links.get(first)
    level, position = (
        (link.level, link.position) if link else (states[first][0], states[first][1]["position"])
    )
    later = (
        Edit.objects.filter(resolution=resolution, created_at__gte=edit.created_at)
        .exclude(pk=edit.pk)
        .select_related("user")
        .order_by("-created_at", "-id")
    )
    by = next(
        (e for e in later if any(s["id"] == first for st in e.after["links"].values() for s in st)),
        None,
    )
    who = f" by {by.user} (“{by.summary}”)" if by and by.user else ""
    return StaleEditError(
        f"{Level(level).label.capitalize()} link #{position + 1} was changed{who} since this "
        "page was shown: look again."
    )


def _check_nesting_restored(
    resolution: Resolution, edit: Edit, restored: Mapping[str, Sequence[LinkState]]
) -> None:
    """Refuse an undo that would leave a link across two of the parent links it writes back: a
    later edit below (sentences merged across the paragraphs a merge joined) relies on the edit,
    and rebuilding those links would silently undo that later edit too."""
    for level, parents in restored.items():
        if Level(level) not in _CHILD or not parents:
            continue
        links, groups = _children(level, parents)
        if not _fits(_states(links), groups):
            raise _later_edit_error(resolution, edit, {link.pk for link in links})


# A link state as an edit drew it: level, id, status and the units of each side.
_DrawnKey = tuple[str, int, str, tuple[int, ...], tuple[int, ...]]


def _drawn_key(level: str, state: LinkState) -> _DrawnKey:
    return (
        Level(level).value,
        state["id"],
        state["status"],
        tuple(state["ar"]),
        tuple(state["en"]),
    )


def _drawn_by(edit: Edit) -> set[_DrawnKey]:
    """The reviewed link states an edit wrote that were not there before it (a status it gave,
    or members it drew), as _drawn_key makes them."""
    before = {
        _drawn_key(level, s) for level, states in edit.before["links"].items() for s in states
    }
    return {
        key
        for level, states in edit.after["links"].items()
        for s in states
        if s["status"] != Status.AUTO and (key := _drawn_key(level, s)) not in before
    }


def _undone_root(edit: Edit) -> Edit:
    """The change an undo (of an undo ...) goes back to: the first edit of the chain that is not
    an undo; the edit itself when it is not one."""
    for _ in range(UNDO_CHAIN_LIMIT):
        undone = getattr(edit, "undoes", None) if edit.action == Edit.Action.UNDO else None
        if undone is None:
            break
        edit = undone
    return edit


def _undo_summary(edit: Edit) -> str:
    """The summary of undoing `edit`, quoting it without its re-drawn note: "Undid: Merged …";
    undoing that undo "Redid: Merged …" (not "Undid: Undid: …"), and undoing a redo "Undid"."""
    quoted = _REDRAWN_NOTE.sub("", edit.summary)
    if edit.action == Edit.Action.UNDO:
        for done, flipped in (("Undid: ", "Redid: "), ("Redid: ", "Undid: ")):
            if quoted.startswith(done):
                return flipped + quoted.removeprefix(done)
    return f"Undid: {quoted}"


@transaction.atomic
def edit_undo(
    *,
    resolution: Resolution,
    edit_id: int,
    user: Any,
    seen_below: Mapping[int, int] | None = None,
    shown_below: Mapping[int, int] | None = None,
) -> Edit:
    """Undo one recorded edit, also after other edits elsewhere, by writing its `before` state
    back; refused when a later edit changed the same stretch (undo that one first), or when it
    would re-draw a confirmed or corrected link below the edit's level not in seen_below (an
    undo of an undo re-doing a change that broke someone's review). `shown_below` are the
    versions a page showed the editor (seen_below unless given): a link of them changed since
    is refused as changed since that page was shown; a trial run, which shows no page, gives
    none."""
    edit = (
        Edit.objects.select_for_update(of=("self",))
        .select_related("undone_by__user")
        .filter(resolution=resolution, pk=edit_id)
        .first()
    )
    if edit is None:
        raise EditError("This edit does not exist.")
    if edit.undone_by is not None:
        who = f" by {edit.undone_by.user}" if edit.undone_by.user else ""
        raise EditError(f"This edit has already been undone{who}.")
    after_links: dict[str, list[LinkState]] = edit.after["links"]
    before_links: dict[str, list[LinkState]] = edit.before["links"]
    expected = {s["id"]: s["version"] for states in after_links.values() for s in states}
    try:
        current = _lock(resolution, expected, user=user)
    except StaleEditError:
        versions = _versions_restored_by_undo(resolution, expected)
        current = [] if versions is None else _lock(resolution, versions, user=user)
    if len(current) != len(expected):
        shown = seen_below if shown_below is None else shown_below
        raise _changed_since_shown(resolution, edit, expected, shown or {}) or (
            _later_edit_error(resolution, edit, set(expected))
        )
    paragraph_after = edit.after.get("paragraph")
    paragraph_before = edit.before.get("paragraph")
    if paragraph_after is not None:
        paragraph = Paragraph.objects.select_for_update().get(pk=paragraph_after["id"])
        if paragraph.text != paragraph_after["text"]:
            raise StaleEditError("The paragraph's text was changed again later; undo that first.")
        _paragraph_restore(paragraph_before)
    # Above every version these links have had, also those that undos since have written.
    version = (
        max(
            [s["version"] for states in after_links.values() for s in states]
            + [s["version"] for states in before_links.values() for s in states]
            + [link.version for link in current]
        )
        + 1
    )
    standing = {
        level: _states([link for link in current if link.level == level]) for level in after_links
    }
    restored: dict[str, list[LinkState]] = {}
    for level in _LEVEL_ORDER:
        if level not in before_links and level not in after_links:
            continue
        old = [link for link in current if link.level == level]
        new = [dict(s, version=version) for s in before_links.get(level, [])]
        if old and new:
            rows = _replace_run(resolution, level, old, new)
        elif new:
            rows = _insert_run(resolution, level, [], new)
        else:
            Link.objects.filter(pk__in=[link.pk for link in old]).delete()
            rows = []
        restored[level] = _states(rows)
    _check_nesting_restored(resolution, edit, restored)
    # At every level, the edit's own too: an undo of an undo (doing a change again) re-draws
    # the reviews that undo brought back, someone's work the history does not show. What the
    # change itself gave (a merge's corrected link) is what undoing it takes back knowingly.
    own = _drawn_by(_undone_root(edit))
    redrawn = [
        s
        for s in _redrawn_reviewed("", standing, restored, same_units=edit.level)
        if _drawn_key(s["level"], s) not in own
    ]
    _check_seen_below(resolution, redrawn, seen_below or {}, level=edit.level)
    if paragraph_after is not None:
        _search_reindex(resolution)
    undo = _record(
        resolution=resolution,
        user=user,
        action=Edit.Action.UNDO,
        level=edit.level,
        summary=_undo_summary(edit) + _redrawn_review(resolution, redrawn, level=edit.level),
        before={"links": after_links} | ({"paragraph": paragraph_after} if paragraph_after else {}),
        after={"links": restored} | ({"paragraph": paragraph_before} if paragraph_before else {}),
    )
    edit.undone_by = undo
    edit.save(update_fields=["undone_by"])
    return undo


@transaction.atomic
def resolution_realign_unconfirmed(*, resolution: Resolution, user: Any) -> Edit:
    """Re-align everything not confirmed or corrected (the aligner's resolution_realign),
    recorded as one undoable edit over all links."""
    Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
    links = list(Link.objects.of(resolution).order_by("level", "position"))
    before = {
        level: _states([link for link in links if link.level == level]) for level in _LEVEL_ORDER
    }
    resolution_realign(resolution=resolution)
    links = list(Link.objects.of(resolution).order_by("level", "position"))
    after = {
        level: _states([link for link in links if link.level == level]) for level in _LEVEL_ORDER
    }
    return _record(
        resolution=resolution,
        user=user,
        action=Edit.Action.REALIGN,
        level="",
        summary="Re-aligned everything not confirmed",
        before={"links": before},
        after={"links": after},
    )
