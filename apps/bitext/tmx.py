"""TMX 1.4b: writing aligned units with their properties, and reading translation units back."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from apps.bitext.textfile import MAX_FILE_BYTES, InputError, clean_paragraph, size_error

__all__ = [
    "SOURCES",
    "TmxUnit",
    "paragraph_props",
    "read_tmx",
    "tmx_date",
    "tmx_labels",
    "tmx_left_out",
    "tmx_locale",
    "tmx_metadata",
    "tmx_paragraphs",
    "tmx_symbol",
    "write_tmx",
]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# TMX segtype for each alignment level.
SEGTYPES = {"paragraph": "paragraph", "sentence": "sentence", "clause": "phrase"}
# The <tuv> order for each source language. A CAT tool such as Trados Studio imports only units
# whose source language is its memory's: a translator working from English needs srclang="en".
SOURCES = {"ar": ("ar", "en"), "en": ("en", "ar")}
# A language's locale as CAT tools write it: the language, then optionally its script and its
# region (BCP 47: "ar-SA", "en-US", "ar-001", "ar-Arab-EG"); "_" is read as "-".
_LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?")
_LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}
_EXAMPLES = {"ar": "ar, ar-SA or ar-EG", "en": "en, en-US or en-GB"}


def tmx_locale(code: str, lang: str) -> str:
    """The code to write for one language ("ar" or "en") in a TMX, as BCP 47 spells it
    ("ar_sa" gives "ar-SA"); ValueError, saying what is wanted, for a code of another
    language or one that is not a language with an optional script and region."""
    match = _LOCALE.fullmatch(code)
    if match is None or match.group(1).lower() != lang:
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise ValueError(
            f"{shown!r} is not an {_LANGUAGE_NAMES[lang]} language code: give {lang} or {lang} "
            f"with a region, such as {_EXAMPLES[lang]}."
        )
    language, script, region = match.groups()
    return "-".join(
        part
        for part in (language.lower(), script and script.title(), region and region.upper())
        if part
    )


# The header prop that says which Tawazi TMX this is: "2" counts the paragraphs of
# x-ar-paragraphs / x-en-paragraphs from 1, as the reader does; a Tawazi TMX without it
# (exported before December 2026) counted them from 0.
FORMAT_PROP = "x-tawazi-format"
FORMAT = "2"


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One translation unit: the Arabic and English segments, its <prop> elements and its
    <note>s (what CAT tools such as OmegaT show a translator beside the match)."""

    ar: str
    en: str
    props: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    # The unit's id (<tu tuid>); "" for its place in the file (1, 2, …).
    tuid: str = ""
    # Who last changed the pair and when (<tu changeid>, <tu changedate>), as CAT tools show a
    # match's author and date (OmegaT, Trados Studio and memoQ read them on the <tu>); "" and
    # None for a pair no person has changed.
    changeid: str = ""
    changedate: dt.datetime | None = None
    # Who made the pair and when (<tu creationid>, <tu creationdate>): the aligner or the editor
    # who drew it; "" and None where that is not known.
    creationid: str = ""
    creationdate: dt.datetime | None = None

    def prop(self, name: str) -> str | None:
        return next((value for key, value in self.props if key == name), None)


def write_tmx(
    units: Sequence[TmxUnit],
    *,
    level: str,
    header_props: Sequence[tuple[str, str]] = (),
    note: str = "",
    notes: Sequence[str] = (),
    created: dt.datetime | None = None,
    source: str = "ar",
    locales: Mapping[str, str] | None = None,
) -> bytes:
    """A TMX 1.4b document (UTF-8) with Arabic ("ar") or English ("en") as the source language,
    whose <tuv> comes first in each unit. A unit with one side empty (or only whitespace and
    characters XML cannot hold) has no <tuv> for that side: an empty <seg> would be read by CAT
    tools as a translation that is deliberately empty, while a missing <tuv> is no translation.
    locales gives the code written for each language, as tmx_locale checks it ({"ar": "ar-SA",
    "en": "en-US"}); by default "ar" and "en"."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {sorted(SOURCES)}, not {source!r}")
    codes = {lang: tmx_locale((locales or {}).get(lang, lang), lang) for lang in ("ar", "en")}
    stamp = tmx_date(created or dt.datetime.now(dt.UTC))
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "Tawazi",
            "creationtoolversion": "1",
            "segtype": SEGTYPES.get(level, "sentence"),
            "o-tmf": "tawazi-alignment/1",
            "adminlang": "en",
            "srclang": codes[source],
            "datatype": "plaintext",
            "creationdate": stamp,
        },
    )
    ET.SubElement(header, "prop", type=FORMAT_PROP).text = FORMAT
    # A prop with no value says nothing, and CAT tools may show it as an empty field: none.
    for name, value in header_props:
        if _xml_safe(value).strip():
            ET.SubElement(header, "prop", type=name).text = _xml_safe(value)
    # note first: the one a reader of the header takes for the file's summary (the export's
    # warning); notes after it (what the file is of).
    for text in (note, *notes):
        if text:
            ET.SubElement(header, "note").text = _xml_safe(text)
    body = ET.SubElement(root, "body")
    for number, unit in enumerate(units, start=1):
        tu = ET.SubElement(body, "tu", tuid=unit.tuid or str(number))
        if unit.creationdate is not None:
            tu.set("creationdate", tmx_date(unit.creationdate))
        if unit.creationid:
            tu.set("creationid", _xml_safe(unit.creationid))
        if unit.changedate is not None:
            tu.set("changedate", tmx_date(unit.changedate))
        if unit.changeid:
            tu.set("changeid", _xml_safe(unit.changeid))
        for text in unit.notes:
            ET.SubElement(tu, "note").text = _xml_safe(text)
        for name, value in unit.props:
            if _xml_safe(value).strip():
                ET.SubElement(tu, "prop", type=name).text = _xml_safe(value)
        for lang in SOURCES[source]:
            text = _seg_text(unit.ar if lang == "ar" else unit.en)
            if not text.strip():
                continue
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: codes[lang]})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + document


def tmx_date(moment: dt.datetime) -> str:
    """A moment as TMX writes dates: ISO 8601 basic in UTC, "20261207T113322Z" (a naive
    datetime is taken to be UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


# What XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE, U+FFFF), and the
# controls it holds but discourages (DEL and C1, XML 1.0 section 2.2; XML 1.1 asks them escaped),
# which a title mis-decoded from Windows-1252 brings ("\x85" for "…"): no CAT tool wants them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# In a segment, a vertical tab (Word's line break in pasted text) or a form feed (a PDF's page
# break) parts two words: a space, not nothing ("Decides that", not "Decidesthat").
_SEG_SPACES = re.compile("[\x0b\x0c]")


def _xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _seg_text(text: str) -> str:
    return _xml_safe(_SEG_SPACES.sub(" ", text))


# Inline elements whose content is the source format's native code ("<b>", "{1}", "\\par"), not
# text (TMX 1.4b, section 3.7); only a <sub> inside them holds translatable text.
_NATIVE_CODE = {"bpt", "ept", "it", "ph", "ut"}


# Where a <sub> starts or ends; NUL cannot occur in XML text.
_SUB_EDGE = "\x00"
# A sub-flow (a footnote's or a tooltip's own words) is set apart from the words round its code,
# "ceasefire of 25 August 2025.", not "ceasefireof 25 August 2025.".
_WORDS_MEET = re.compile(r"(?<=[^\s\x00])\x00+(?=[^\s\x00.,;:!?)\]}،؛؟])")


def _text(element: ET.Element) -> str:
    """A segment's text: <hi> and <sub> text kept, the native code of <bpt>, <ept>, <ph>, <it>
    and <ut> left out, whitespace collapsed, and cleaned at its edges as every import is."""
    text = _WORDS_MEET.sub(" ", "".join(_segment_text(element))).replace(_SUB_EDGE, "")
    return clean_paragraph(" ".join(text.split()))


def _segment_text(element: ET.Element, native: bool = False) -> list[str]:
    native = native or element.tag in _NATIVE_CODE
    parts = [] if native or element.text is None else [element.text]
    for child in element:
        if child.tag == "sub":
            parts += [_SUB_EDGE, *_segment_text(child), _SUB_EDGE]
        else:
            parts += _segment_text(child, native)
        if child.tail and not native:
            parts.append(child.tail)
    return parts


class TmxUnits(list[TmxUnit]):
    """The translation units of a TMX file, with its header's props."""

    header_props: tuple[tuple[str, str], ...] = ()

    @property
    def first_paragraph(self) -> int:
        """The number of a side's first paragraph in x-ar-paragraphs / x-en-paragraphs: 1 in
        a Tawazi TMX of format 2 or later, 0 in one from before (or another tool's)."""
        value = dict(self.header_props).get(FORMAT_PROP, "")
        return 1 if value.isdigit() and int(value) >= 2 else 0


def _first_paragraph(units: Sequence[TmxUnit]) -> int:
    return units.first_paragraph if isinstance(units, TmxUnits) else 0


def read_tmx(data: bytes, name: str = "input", *, max_bytes: int = MAX_FILE_BYTES) -> TmxUnits:
    """Read the Arabic-English translation units of a TMX file; refuse anything else clearly."""
    if len(data) > max_bytes:
        raise size_error(name, len(data), max_bytes)
    if not data.strip():
        raise InputError(f"{name}: file is empty.")
    # Entities are how XML bombs and external lookups work; a TMX file needs none.
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data[:2048] and b"[" in data[:2048]:
        raise InputError(f"{name}: the file declares XML entities, which TMX does not need.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise InputError(f"{name}: not well-formed XML ({error}).") from None
    except LookupError as error:  # an encoding Python does not know, in the XML declaration
        raise InputError(f"{name}: the XML declaration names an {error}.") from None
    if root.tag != "tmx":
        raise InputError(f"{name}: this is XML but not TMX (the root element is <{root.tag}>).")
    body = root.find("body")
    if body is None:
        raise InputError(f"{name}: the TMX file has no <body>.")
    units = TmxUnits()
    header = root.find("header")
    if header is not None:
        units.header_props = tuple(
            (p.get("type", ""), (p.text or "").strip()) for p in header.findall("prop")
        )
    for number, tu in enumerate(body.iter("tu"), start=1):
        segments: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            # Any locale of the two languages ("ar-SA", "EN_us"), not a language whose code
            # merely starts alike (Aragonese "arg").
            lang = re.split("[-_]", tuv.get(XML_LANG) or tuv.get("lang") or "")[0].lower()
            seg = tuv.find("seg")
            if seg is not None and lang in {"ar", "en"}:
                try:
                    segments.setdefault(lang, _text(seg))
                except RecursionError:
                    raise InputError(
                        f"{name}: translation unit {number} nests its inline elements too deeply."
                    ) from None
        if not segments:
            raise InputError(
                f"{name}: translation unit {number} has neither an Arabic nor an English segment."
            )
        props = tuple((p.get("type", ""), (p.text or "").strip()) for p in tu.findall("prop"))
        units.append(TmxUnit(segments.get("ar", ""), segments.get("en", ""), props))
    if not units:
        raise InputError(f"{name}: the TMX file has no translation units.")
    if not any(u.ar for u in units):
        raise InputError(f'{name}: no Arabic segments (xml:lang="ar" or "ar-…") were found.')
    if not any(u.en for u in units):
        raise InputError(f'{name}: no English segments (xml:lang="en" or "en-…") were found.')
    return units


def paragraph_props(
    lang: str, paragraphs: Sequence[int], texts: Sequence[str], labels: Sequence[str] = ()
) -> tuple[tuple[str, str], ...]:
    """The props by which tmx_paragraphs puts one side of a unit back into its paragraphs: the
    numbers of the paragraphs its units (in reading order) belong to, x-ar-paragraphs "3,4", and
    how many words of the segment, " ".join(texts), each of them holds, x-ar-paragraph-words
    "57,23"; and, when its source numbers them (labels, one per unit: an SDG target's "1.a"),
    each paragraph's own number, x-ar-paragraph-labels "1.5,1.a" ("" for one it does not)."""
    runs: list[tuple[int, int, str]] = []
    for number, text, label in zip(paragraphs, texts, labels or [""] * len(texts), strict=True):
        words = len(_seg_text(text).split())
        if runs and runs[-1][0] == number:
            runs[-1] = (number, runs[-1][1] + words, runs[-1][2])
        else:
            runs.append((number, words, label))
    props: tuple[tuple[str, str], ...] = (
        (f"x-{lang}-paragraphs", ",".join(str(number) for number, _, _ in runs)),
        (f"x-{lang}-paragraph-words", ",".join(str(words) for _, words, _ in runs)),
    )
    if any(label for _, _, label in runs):
        props += ((f"x-{lang}-paragraph-labels", ",".join(label for _, _, label in runs)),)
    return props


def _usable(units: Sequence[TmxUnit]) -> bool:
    first = _first_paragraph(units)
    return all(_has_paragraph_numbers(u, lang, first) for u in units for lang in ("ar", "en"))


def tmx_labels(units: Sequence[TmxUnit]) -> tuple[list[str], list[str]]:
    """Each side's paragraphs' own numbers, as tmx_paragraphs gives the paragraphs ("1.1",
    "1.a"; "" for one not numbered), from x-ar-paragraph-labels / x-en-paragraph-labels (one
    per paragraph in x-ar-paragraphs); an empty list for a side none of whose paragraphs is
    numbered, or when the units are not put back into their paragraphs."""
    if not _usable(units):
        return [], []
    return _side_labels(units, "ar"), _side_labels(units, "en")


def _side_labels(units: Sequence[TmxUnit], lang: str) -> list[str]:
    labels: dict[int, str] = {}
    for unit in units:
        numbers = _numbers(unit, f"x-{lang}-paragraphs")
        if not ((unit.ar if lang == "ar" else unit.en) and numbers):
            continue
        found = (unit.prop(f"x-{lang}-paragraph-labels") or "").split(",")
        if len(found) != len(numbers):  # no labels, or edited by hand: none taken from it
            found = [""] * len(numbers)
        for number, label in zip(numbers, found, strict=True):
            if not labels.get(number):
                labels[number] = label.strip()
    ordered = [labels.get(number, "") for number in sorted(_paragraph_parts(units, lang))]
    return ordered if any(ordered) else []


def tmx_paragraphs(units: Sequence[TmxUnit]) -> tuple[list[str], list[str]]:
    """Both sides' paragraphs: units exported by Tawazi carry their paragraph numbers
    (x-ar-paragraphs, x-en-paragraphs) and are joined back into paragraphs, a unit spanning
    several paragraphs cut at the word counts of x-ar-paragraph-words / x-en-paragraph-words;
    any other TMX gives one paragraph per unit and side."""
    if _usable(units):
        return _regroup(units, "ar"), _regroup(units, "en")
    # Without usable paragraph numbers (another tool's TMX, or numbers edited by hand), a
    # paragraph per unit keeps every segment.
    return [u.ar for u in units if u.ar], [u.en for u in units if u.en]


# What Tawazi writes in x-ar-paragraphs / x-en-paragraphs: "3", "3,4", or "" for no paragraph;
# and in x-ar-paragraph-words / x-en-paragraph-words, a word count for each of those paragraphs.
_PARAGRAPH_NUMBERS = re.compile(r"(?:[0-9]+(?:,[0-9]+)*)?")


def _has_paragraph_numbers(unit: TmxUnit, lang: str, first: int) -> bool:
    """Whether a side's paragraph numbers can be used: well formed, and none below the file's
    first paragraph (a 0 in a file counting from 1 was typed in by hand). A side the unit
    lacks needs none (a one-sided unit has no prop for it: an empty one is not written)."""
    value = unit.prop(f"x-{lang}-paragraphs")
    if value is None and not (unit.ar if lang == "ar" else unit.en):
        return True
    if value is None or _PARAGRAPH_NUMBERS.fullmatch(value) is None:
        return False
    return all(int(n) >= first for n in value.split(",") if n)


def _numbers(unit: TmxUnit, name: str) -> list[int]:
    value = unit.prop(name) or ""
    if _PARAGRAPH_NUMBERS.fullmatch(value) is None:
        return []
    return [int(n) for n in value.split(",") if n]


def _regroup(units: Sequence[TmxUnit], lang: str) -> list[str]:
    return [" ".join(parts) for _, parts in sorted(_paragraph_parts(units, lang).items())]


def _paragraph_parts(units: Sequence[TmxUnit], lang: str) -> dict[int, list[str]]:
    """Each paragraph's pieces of text by its number, from the units of one side."""
    paragraphs: dict[int, list[str]] = {}
    for unit in units:
        text = unit.ar if lang == "ar" else unit.en
        numbers = _numbers(unit, f"x-{lang}-paragraphs")
        if not (text and numbers):
            continue
        words = text.split()
        counts = _numbers(unit, f"x-{lang}-paragraph-words")
        if len(counts) != len(numbers) or sum(counts) != len(words):
            # An older export, or a segment edited in a CAT tool since: the unit's text stays
            # whole, in its first paragraph, so that no word is lost.
            numbers, counts = numbers[:1], [len(words)]
        start = 0
        for number, count in zip(numbers, counts, strict=True):
            if count:
                paragraphs.setdefault(number, []).append(" ".join(words[start : start + count]))
            start += count
    return paragraphs


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def tmx_symbol(units: Sequence[TmxUnit]) -> str:
    """The document symbol a Tawazi TMX names in its header ("A/RES/217 A (III)"); "" for none."""
    props = dict(units.header_props) if isinstance(units, TmxUnits) else {}
    return props.get("x-symbol", "")


# The header props in which a Tawazi TMX names its resolution, by the metadata field each holds.
METADATA_PROPS = {
    "symbol": "x-symbol",
    "title_en": "x-title-en",
    "title_ar": "x-title-ar",
    "body": "x-body",
    "session": "x-session",
    "date": "x-date",
    "place": "x-place",
    "place_ar": "x-place-ar",
}


def tmx_metadata(units: Sequence[TmxUnit]) -> dict[str, str]:
    """The resolution's metadata a Tawazi TMX names in its header ({"symbol": "A/RES/217 A
    (III)", "title_en": …, "date": "1948-12-10"}), the fields it gives only; a date that is not
    YYYY-MM-DD (edited by hand) is left out."""
    props = dict(units.header_props) if isinstance(units, TmxUnits) else {}
    found = {field: props.get(name, "").strip() for field, name in METADATA_PROPS.items()}
    if found["date"]:
        try:
            dt.date.fromisoformat(found["date"])
        except ValueError:
            found["date"] = ""
    return {field: value for field, value in found.items() if value}


def tmx_left_out(units: Sequence[TmxUnit], name: str) -> list[str]:
    """What a Tawazi TMX says its export left out of the text, as notes for whoever imports it:
    the links with no counterpart on one side, or all but the confirmed ones; none for another
    tool's TMX, whose header says nothing of the kind."""
    props = dict(units.header_props) if isinstance(units, TmxUnits) else {}
    notes = []
    lone = _count(props.get("x-one-sided-left-out"))
    if lone:
        links = "1 link that has" if lone == 1 else f"{lone} links that have"
        notes.append(
            f"{name} was exported without its {links} no counterpart on one side: their text "
            "is not in the file, so it will be missing from this resolution. To keep it, export "
            "“TMX with the one-sided links” and import that file."
        )
    if props.get("x-confirmed-only") == "1":
        notes.append(
            f"{name} holds the confirmed links only: the text of the others is not in the file, "
            "so it will be missing from this resolution. To keep it, import a TMX of all pairs."
        )
    return notes
