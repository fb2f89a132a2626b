"""Tawazi's CSV export of one level's links: the cells a spreadsheet opens safely, and reading the
file back into both sides' paragraphs and their pairing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from apps.bitext.document import (
    LinkKey,
    SegmentedParagraph,
    UnitKey,
    UnitLink,
    UnitReview,
    link_key,
    segment_paragraphs,
)
from apps.bitext.textfile import InputError, clean_paragraph

__all__ = ["CsvDocument", "csv_cell", "csv_text", "read_link_csv"]

# What makes Excel or LibreOffice Calc read a cell as a formula (OWASP, CSV Injection): a note
# "=HYPERLINK(...)" typed by a reviewer would be a live link, or worse, in the translator's sheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading
    apostrophe (which spreadsheets hide), as OWASP recommends, and so does one whose apostrophes
    are followed by such a start (so that csv_text gives back the very text); any other cell is
    unchanged."""
    text = str(value)
    return "'" + text if text.lstrip("'").startswith(_FORMULA_START) else text


def csv_text(cell: str) -> str:
    """The text csv_cell wrote a cell for: its added apostrophe taken off."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell


LEVELS = ("paragraph", "sentence", "clause")
STATUSES = ("auto", "confirmed", "corrected")
# What a flagged cell may hold: Tawazi writes 1 and 0; a spreadsheet may show TRUE and FALSE.
_FLAGS = {"": False, "0": False, "1": True, "false": False, "true": True}
# The columns a CSV needs to be put back into its paragraphs; the others are read if present.
NEEDED = ("level", "ar", "en", "ar_paragraphs", "en_paragraphs")
_NUMBERS = re.compile(r"[0-9]+(?: [0-9]+)*")


@dataclass(frozen=True)
class _Row:
    line: int
    level: str
    ar: str
    en: str
    score: float
    # Each side's paragraph numbers and, when the file says them, each one's share of the words.
    ar_numbers: tuple[int, ...]
    en_numbers: tuple[int, ...]
    ar_words: tuple[int, ...]
    en_words: tuple[int, ...]
    ar_labels: tuple[str, ...]
    en_labels: tuple[str, ...]
    review: UnitReview = UnitReview()
    # The link's number in its level (the position column), None if the cell is not one.
    position: int | None = None
    # The note was written without a flag (in a spreadsheet): it is imported as a flag.
    note_flagged: bool = False


@dataclass(frozen=True)
class CsvDocument:
    """Both sides' paragraphs read back from a CSV export, their labels ("1.a"; empty lists when
    none has one), and the paragraph links the rows make, by paragraph index (None when the rows
    cannot pair the paragraphs in order: the aligner pairs them)."""

    level: str
    ar: list[str]
    en: list[str]
    ar_labels: list[str] = field(default_factory=list)
    en_labels: list[str] = field(default_factory=list)
    paragraph_links: list[UnitLink] | None = None
    notes: list[str] = field(default_factory=list)
    # The links the rows give below paragraph level, over the units segment_paragraphs cuts
    # ar and en into: a sentence CSV's sentence links; a clause CSV's clause links and the
    # sentence links their pairs make. Empty when the rows cannot be put on those units (the
    # aligner pairs them then).
    links: list[UnitLink] = field(default_factory=list)
    # The status, flag and note of each link the rows give (at the CSV's level) that has one.
    reviews: dict[LinkKey, UnitReview] = field(default_factory=dict)


def read_link_csv(text: str, name: str = "input") -> CsvDocument:
    """Read a CSV exported by Tawazi (any level): each side's paragraphs rebuilt from the rows'
    paragraph numbers, a row over several paragraphs cut where its word counts say, one-sided
    rows kept; InputError, in one line, for a file that is not such a CSV."""
    # newline="": a line break inside a quoted cell is part of the cell, as the csv module asks.
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader, [])]
        missing = [column for column in NEEDED if column not in header]
        if missing:
            raise InputError(
                f"{name}: not a CSV exported by Tawazi: its first line lacks the column"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(missing)
                + "."
            )
        rows: list[_Row] = []
        level = ""
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            row = _row(header, cells, reader.line_num, name)
            if row.level not in LEVELS:
                raise InputError(
                    f"{name}, line {row.line}: level {row.level[:20]!r} is not paragraph, "
                    "sentence or clause."
                )
            if level and row.level != level:
                raise InputError(
                    f"{name}, line {row.line}: a {row.level} link after {level} links; a CSV "
                    "export holds one level."
                )
            level = row.level
            rows.append(row)
    except csv.Error as error:
        raise InputError(f"{name}, line {reader.line_num}: not valid CSV ({error}).") from None
    if not rows:
        raise InputError(f"{name}: the CSV has a header but no links.")
    positions = {row.position for row in rows}
    if None not in positions and len(positions) == len(rows):
        # Rows sorted in a spreadsheet (by status, to find the flagged ones) are put back in
        # reading order, or each paragraph's pieces would be joined out of order.
        rows.sort(key=lambda row: row.position or 0)
    return _document(rows, name, level)


def _row(header: list[str], cells: list[str], line: int, name: str) -> _Row:
    if len(cells) != len(header):
        raise InputError(
            f"{name}, line {line}: {len(cells)} cells where the header has {len(header)}."
        )
    row = dict(zip(header, cells, strict=True))

    def numbers(column: str) -> tuple[int, ...]:
        value = row.get(column, "").strip()
        if value and _NUMBERS.fullmatch(value) is None:
            raise InputError(
                f"{name}, line {line}: {column} {value[:40]!r} is not paragraph numbers "
                "(such as 3 or 3 4)."
            )
        return tuple(int(n) for n in value.split())

    def words(column: str) -> tuple[int, ...]:
        value = row.get(column, "").strip()
        return tuple(int(n) for n in value.split()) if _NUMBERS.fullmatch(value) else ()

    ar, en = clean_paragraph(csv_text(row["ar"])), clean_paragraph(csv_text(row["en"]))
    ar_numbers, en_numbers = numbers("ar_paragraphs"), numbers("en_paragraphs")
    for lang, text, held in (("Arabic", ar, ar_numbers), ("English", en, en_numbers)):
        if text and not held:
            column = "ar_paragraphs" if lang == "Arabic" else "en_paragraphs"
            raise InputError(f"{name}, line {line}: {lang} text but no {column}.")
    try:
        score = float(row.get("score") or 0)
    except ValueError:
        raise InputError(
            f"{name}, line {line}: score {row['score'][:20]!r} is not a number."
        ) from None
    status = row.get("status", "").strip()
    if status.lower() not in (*STATUSES, ""):
        raise InputError(
            f"{name}, line {line}: status {status[:20]!r} is not auto, confirmed or corrected."
        )
    flag = row.get("flagged", "").strip()
    if flag.lower() not in _FLAGS:
        raise InputError(f"{name}, line {line}: flagged {flag[:20]!r} is not 1 (flagged) or 0.")
    note = clean_paragraph(csv_text(row.get("note", "")))
    flagged = _FLAGS[flag.lower()]
    return _Row(
        line,
        row["level"].strip(),
        ar,
        en,
        score,
        ar_numbers if ar else (),
        en_numbers if en else (),
        words("ar_paragraph_words"),
        words("en_paragraph_words"),
        _labels(csv_text(row.get("ar_paragraph_labels", ""))),
        _labels(csv_text(row.get("en_paragraph_labels", ""))),
        # A note only shows on a flagged link: one written without the flag is flagged.
        review=UnitReview(status.lower() or "auto", flagged or bool(note), note),
        note_flagged=bool(note) and not flagged,
        position=int(number) if (number := row.get("position", "").strip()).isdecimal() else None,
    )


def _labels(cell: str) -> tuple[str, ...]:
    # ", " between labels: a label may hold a space (the UDHR's "Art. 1").
    return tuple(label.strip() for label in cell.split(", ")) if cell.strip() else ()


def _document(rows: Sequence[_Row], name: str, level: str) -> CsvDocument:
    """Both sides' paragraphs, labels and pairing from the rows, the links and reviews the
    rows give, and notes on what is missing or aligned anew."""
    ar, ar_numbers, ar_labels, ar_pieces = _side(rows, "ar")
    en, en_numbers, en_labels, en_pieces = _side(rows, "en")
    if not ar:
        raise InputError(f"{name}: no Arabic text in the ar column.")
    if not en:
        raise InputError(f"{name}: no English text in the en column.")
    notes = [
        f"{name} lacks {language} paragraph{'s' if len(gaps) > 1 else ''} "
        + ", ".join(map(str, gaps[:10]))
        + (" …" if len(gaps) > 10 else "")
        + " (exported with the confirmed links only?): "
        + ("its text is" if len(gaps) == 1 else "their text is")
        + " not in the file, so it will be missing from this resolution."
        for language, held in (("Arabic", _held(rows, "ar")), ("English", _held(rows, "en")))
        if (gaps := [n for n in range(min(held), max(held)) if n not in held])
    ]
    paragraph_links = _paragraph_links(rows, ar_numbers, en_numbers)
    reviewed = list(zip(rows, ar_pieces, en_pieces, strict=True))
    links: list[UnitLink] = []
    given: list[tuple[_Row, UnitLink]] = []
    if level == "paragraph":
        given = [
            (row, UnitLink(level, tuple((i,) for i, _, _ in a), tuple((i,) for i, _, _ in e), 0))
            for row, a, e in reviewed
        ]
        notes.append(
            f"{name} pairs paragraphs: the sentences and clauses inside each pair are aligned "
            "automatically, without statuses, flags or notes."
        )
    elif paragraph_links is None:
        notes.append(
            f"{name}: its rows do not keep each side's text in order, so its {level} pairs, "
            "statuses, flags and notes are not imported; the text is aligned automatically."
        )
    else:
        placed = _unit_links(
            reviewed, level, segment_paragraphs(ar, "ar"), segment_paragraphs(en, "en")
        )
        if isinstance(placed, int):
            notes.append(
                f"{name}, line {placed}: the row's text is not cut into {level}s as Tawazi cuts "
                f"it (edited since the export?), so the file's {level} pairs, statuses, flags and "
                "notes are not imported: its paragraph pairs are kept and aligned automatically "
                "inside."
            )
        else:
            given = placed
            links = [link for _, link in given]
            if level == "clause":
                links = _sentence_links(links) + links
            else:
                notes.append(
                    f"{name} pairs sentences: the clauses inside each pair are aligned "
                    "automatically, without statuses, flags or notes."
                )
    reviews = {link_key(link): row.review for row, link in given if row.review != UnitReview()}
    flagged = [row.line for row, link in given if row.note_flagged]
    if flagged:
        notes.append(
            f"{name}: {_count(len(flagged), 'note')} written without a flag (line"
            + ("s " if len(flagged) > 1 else " ")
            + ", ".join(map(str, flagged[:10]))
            + (" …" if len(flagged) > 10 else "")
            + ") imported as flagged, so that reviewers see "
            + ("them." if len(flagged) > 1 else "it.")
        )
    return CsvDocument(
        level=level,
        ar=ar,
        en=en,
        ar_labels=ar_labels,
        en_labels=en_labels,
        paragraph_links=paragraph_links,
        notes=notes,
        links=links,
        reviews=reviews,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number:,} {noun}s"


# Where one side of a row's text lies: a paragraph (its index) and the row's words in it,
# from the first to the one after the last.
_Piece = tuple[int, int, int]


def _unit_links(
    rows: Sequence[tuple[_Row, list[_Piece], list[_Piece]]],
    level: str,
    ar: Sequence[SegmentedParagraph],
    en: Sequence[SegmentedParagraph],
) -> list[tuple[_Row, UnitLink]] | int:
    """Each row's link over the sentences or clauses (level) its text holds, as
    segment_paragraphs cuts the paragraphs; the line of the first row whose text does not
    hold whole units of its level, or that would put a side's units out of reading order."""
    units = {"ar": _units(ar, level), "en": _units(en, level)}
    found: list[tuple[_Row, UnitLink]] = []
    last: dict[str, UnitKey] = {}
    for row, ar_held, en_held in rows:
        sides: list[tuple[UnitKey, ...]] = []
        for lang, held in (("ar", ar_held), ("en", en_held)):
            keys: list[UnitKey] = []
            for index, first, end in held:
                words = units[lang][index]
                if words is None or first not in words:
                    return row.line
                at = first
                while at < end and at in words:
                    key, at = words[at]
                    keys.append(key)
                if at != end:
                    return row.line
            if keys and keys[0] <= last.get(lang, (-1,)):
                return row.line
            if keys:
                last[lang] = keys[-1]
            sides.append(tuple(keys))
        if sides[0] or sides[1]:
            found.append((row, UnitLink(level, sides[0], sides[1], row.score)))
    return found


def _units(
    paragraphs: Sequence[SegmentedParagraph], level: str
) -> list[dict[int, tuple[UnitKey, int]] | None]:
    """Per paragraph, its sentences or clauses by their first word: each unit's key and the
    word after its last; None for a paragraph whose units do not each hold whole words."""
    found: list[dict[int, tuple[UnitKey, int]] | None] = []
    for p, paragraph in enumerate(paragraphs):
        text = paragraph.text
        spans = [
            ((p, s, c) if level == "clause" else (p, s), span)
            for s, (sentence, clauses) in enumerate(paragraph.sentences)
            for c, span in (enumerate(clauses) if level == "clause" else [(0, sentence)])
        ]
        words: dict[int, tuple[UnitKey, int]] = {}
        at = count = 0
        for key, (start, end) in spans:
            inside = len(text[start:end].split())
            if start < at or not inside or _cuts_word(text, start) or _cuts_word(text, end):
                break
            count += len(text[at:start].split())
            words[count] = (key, count + inside)
            count += inside
            at = end
        else:
            found.append(words)
            continue
        found.append(None)
    return found


def _cuts_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and not text[at - 1].isspace() and not text[at].isspace()


def _sentence_links(clauses: Sequence[UnitLink]) -> list[UnitLink]:
    """The sentence links clause links make: the sentences a clause link joins are one link,
    with the lowest score among its clause links, in the order of the clause links. A sentence
    whose clauses no link joins to another sentence is left for the aligner to pair."""
    parent: dict[tuple[str, UnitKey], tuple[str, UnitKey]] = {}

    def root(node: tuple[str, UnitKey]) -> tuple[str, UnitKey]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for link in clauses:
        nodes = [("ar", key[:2]) for key in link.ar] + [("en", key[:2]) for key in link.en]
        for node in nodes:
            parent[root(node)] = root(nodes[0])
    groups: dict[tuple[str, UnitKey], list[tuple[str, UnitKey]]] = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    scores: dict[tuple[str, UnitKey], float] = {}
    for link in clauses:
        if link.ar and link.en:
            top = root(("ar", link.ar[0][:2]))
            scores[top] = min(scores.get(top, link.score), link.score)
    links = []
    for top, members in groups.items():
        ar = tuple(sorted(key for lang, key in members if lang == "ar"))
        en = tuple(sorted(key for lang, key in members if lang == "en"))
        if (ar and en) or len(members) > 1:
            links.append(UnitLink("sentence", ar, en, scores.get(top, 0.0)))
    return links


def _held(rows: Sequence[_Row], lang: str) -> set[int]:
    """The paragraph numbers one side's rows name (a paragraph whose words an older export left
    in the row's first paragraph is named all the same)."""
    return {n for row in rows for n in (row.ar_numbers if lang == "ar" else row.en_numbers)}


def _side(
    rows: Sequence[_Row], lang: str
) -> tuple[list[str], list[int], list[str], list[list[_Piece]]]:
    """One side's paragraphs in number order, their numbers, their labels (empty if none
    is labelled), and where each row's text lies in them."""
    pieces: dict[int, list[str]] = {}
    lengths: dict[int, int] = {}
    placed: list[list[tuple[int, int, int]]] = []
    labels: dict[int, str] = {}
    for row in rows:
        text = row.ar if lang == "ar" else row.en
        held = row.ar_numbers if lang == "ar" else row.en_numbers
        counts = row.ar_words if lang == "ar" else row.en_words
        found = row.ar_labels if lang == "ar" else row.en_labels
        placed.append([])
        if not text:
            continue
        words = text.split()
        if len(counts) != len(held) or sum(counts) != len(words):
            # An older export, or a cell edited in a spreadsheet since: the row's text stays
            # whole, in its first paragraph, so that no word is lost.
            counts = (len(words),) + (0,) * (len(held) - 1)
        start = 0
        for number, count in zip(held, counts, strict=True):
            if count:
                pieces.setdefault(number, []).append(" ".join(words[start : start + count]))
                first = lengths.get(number, 0)
                lengths[number] = first + count
                placed[-1].append((number, first, first + count))
            start += count
        # A label for each paragraph only when the row lists one for each of them.
        if len(found) == len(held):
            for number, label in zip(held, found, strict=True):
                labels.setdefault(number, label)
    numbers = sorted(pieces)
    index = {number: i for i, number in enumerate(numbers)}
    ordered = [labels.get(number, "") for number in numbers]
    return (
        [" ".join(pieces[n]) for n in numbers],
        numbers,
        ordered if any(ordered) else [],
        [[(index[n], first, end) for n, first, end in row] for row in placed],
    )


def _paragraph_links(
    rows: Sequence[_Row], ar_numbers: list[int], en_numbers: list[int]
) -> list[UnitLink] | None:
    """The paragraph links the rows make: rows that share a paragraph are one link, with the
    lowest score among its rows with both sides (among all its rows for a one-sided link); None
    when those links would not hold each side's paragraphs in order (the aligner pairs them
    then)."""
    ar_index = {number: index for index, number in enumerate(ar_numbers)}
    en_index = {number: index for index, number in enumerate(en_numbers)}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for row in rows:
        nodes = [("ar", n) for n in row.ar_numbers if n in ar_index]
        nodes += [("en", n) for n in row.en_numbers if n in en_index]
        for node in nodes:
            parent[root(node)] = root(nodes[0])
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    paired: dict[tuple[str, int], float] = {}
    lone: dict[tuple[str, int], float] = {}
    for row in rows:
        if row.ar_numbers or row.en_numbers:
            top = root(("ar", row.ar_numbers[0]) if row.ar_numbers else ("en", row.en_numbers[0]))
            scores = paired if row.ar_numbers and row.en_numbers else lone
            scores[top] = min(scores.get(top, row.score), row.score)
    links = []
    for top, members in groups.items():
        ar = sorted(ar_index[n] for lang, n in members if lang == "ar")
        en = sorted(en_index[n] for lang, n in members if lang == "en")
        score = paired.get(top, 0.0) if ar and en else lone.get(top, 0.0)
        links.append(UnitLink("paragraph", tuple((i,) for i in ar), tuple((i,) for i in en), score))
    return _in_order(links)


def _in_order(links: list[UnitLink]) -> list[UnitLink] | None:
    """The links in reading order, each side's paragraphs once and in order (a one-sided link
    where its side has it, before a one-sided link of the other side if its rows come first);
    None if they cannot be so ordered."""
    rank = {id(link): number for number, link in enumerate(links)}
    by_ar = {link.ar[0][0]: link for link in links if link.ar}
    by_en = {link.en[0][0]: link for link in links if link.en}
    ar_count = sum(len(link.ar) for link in links)
    en_count = sum(len(link.en) for link in links)
    ordered: list[UnitLink] = []
    next_ar = next_en = 0
    while next_ar < ar_count or next_en < en_count:
        at_ar, at_en = by_ar.get(next_ar), by_en.get(next_en)
        # The next link: one that starts each side where it is, or a one-sided one.
        starting = [
            link
            for link in (at_ar, at_en)
            if link is not None
            and (link is at_ar) == bool(link.ar)
            and (link is at_en) == bool(link.en)
        ]
        if not starting:
            return None
        link = min(starting, key=lambda found: rank[id(found)])
        if [key[0] for key in link.ar] != list(range(next_ar, next_ar + len(link.ar))) or [
            key[0] for key in link.en
        ] != list(range(next_en, next_en + len(link.en))):
            return None
        ordered.append(link)
        next_ar += len(link.ar)
        next_en += len(link.en)
    return ordered if len(ordered) == len(links) else None
