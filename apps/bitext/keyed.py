"""Reading keyed bilingual files: an Arabic and an English flat YAML file with the same keys
(`1-2-title: …`, as translation repositories keep UN texts), paired by key, not by position."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from apps.bitext.document import UnitLink
from apps.bitext.textfile import InputError, clean_paragraph

# A top-level entry: a plain or quoted key, a colon, then a space or the end of the line.
_ENTRY = re.compile(
    r"""^(?P<key>'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s#'"\-?:,\[\]{}&*!|>%@`][^:#]*?)\s*:(?:\s+|$)(?P<rest>.*)$"""
)
_NESTED = re.compile(r"""^\s+(?:-(?:\s|$)|[^\s'"][^:]*:(?:\s|$))""")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0", " ": " "}
# Values YAML would not read as one text: flow collections, anchors, aliases, tags, blocks.
_NOT_TEXT = ("[", "{", "&", "*", "!", "|", ">", "%", "@", "`")


def _not_flat(name: str, number: int, why: str) -> InputError:
    return InputError(
        f"{name}, line {number}: {why}. A keyed file is flat YAML, one `key: text` entry a "
        "line (a long text continued on indented lines, or quoted)."
    )


def read_keyed(text: str, name: str = "input") -> dict[str, str]:
    """A flat keyed YAML file as {key: text} in file order; an entry with no text is left out."""
    lines = text.splitlines()
    entries: dict[str, str] = {}
    number = 0
    while number < len(lines):
        line = lines[number].lstrip("\ufeff")
        number += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or (stripped == "---" and not entries):
            continue
        if line[0].isspace():
            raise _not_flat(name, number, "an indented line with no entry above it")
        match = _ENTRY.match(line)
        if match is None:
            why = (
                "a list item, not a `key: text` entry"
                if stripped.startswith("- ") or stripped == "-"
                else f"no `key: text` entry in {stripped[:60]!r}"
            )
            raise _not_flat(name, number, why)
        key = _scalar_key(match["key"])
        if key in entries:
            raise _not_flat(name, number, f"the key {key!r} appears twice")
        start = number
        value, number = _value(match["rest"], lines, number, name)
        if not key:
            raise _not_flat(name, start, "an entry with an empty key")
        entries[key] = value
    if not entries:
        raise InputError(f"{name}: no `key: text` entries were found.")
    return {key: value for key, value in entries.items() if value}


def _scalar_key(raw: str) -> str:
    if raw.startswith("'"):
        raw = raw[1:-1].replace("''", "'")
    elif raw.startswith('"'):
        raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return clean_paragraph(raw)


def _continuation(lines: list[str], number: int) -> tuple[list[str], int]:
    """The indented (or blank) lines from number on, and the number of the next entry's line."""
    taken: list[str] = []
    while number < len(lines) and (not lines[number].strip() or lines[number][0].isspace()):
        taken.append(lines[number])
        number += 1
    while taken and not taken[-1].strip():
        taken.pop()
    return taken, number


def _value(rest: str, lines: list[str], number: int, name: str) -> tuple[str, int]:
    """An entry's text starting with rest, continued on the lines from number on."""
    rest = rest.strip()
    if rest.startswith(("'", '"')):
        return _quoted(rest, lines, number, name)
    if rest.startswith(_NOT_TEXT):
        raise _not_flat(name, number, f"a value starting with {rest[0]!r} is not plain text")
    more, after = _continuation(lines, number)
    for offset, line in enumerate(more):
        if _NESTED.match(line) or (not rest and offset == 0 and line.strip().startswith("- ")):
            raise _not_flat(
                name,
                number + offset + 1,
                "an indented `key: value` or list item (a nested mapping or list; quote a text "
                "that holds `: `)",
            )
    parts = [_uncomment(rest)] + [_uncomment(line.strip()) for line in more]
    text = " ".join(part for part in parts if part)
    return ("" if text in {"~", "null", "Null", "NULL"} else clean_paragraph(text)), after


def _uncomment(part: str) -> str:
    """A plain scalar's text without a trailing comment (" #" starts one)."""
    cut = part.find(" #")
    return (part[:cut] if cut >= 0 else part).strip() if not part.startswith("#") else ""


def _quoted(rest: str, lines: list[str], number: int, name: str) -> tuple[str, int]:
    """A single- or double-quoted text, folded over as many lines as it runs."""
    quote = rest[0]
    start = number
    pieces: list[str] = []
    current = rest[1:]
    while True:
        end = _closing(current, quote)
        if end is not None:
            pieces.append(current[:end])
            tail = current[end + 1 :].strip()
            if tail and not tail.startswith("#"):
                raise _not_flat(name, number, f"text after the closing quote: {tail[:40]!r}")
            break
        pieces.append(current)
        if number >= len(lines):
            raise _not_flat(name, start, f"the quoted text opened here is never closed ({quote})")
        current = lines[number].strip()
        number += 1
    # Folding: a line break is a space; a blank line is a break (one paragraph: a space).
    folded = " ".join(piece.strip() for piece in pieces if piece.strip())
    if quote == "'":
        return clean_paragraph(folded.replace("''", "'")), number
    return clean_paragraph(_unescape(folded, name, start)), number


def _closing(text: str, quote: str) -> int | None:
    """Where the closing quote is in text, or None when the text runs on."""
    k = 0
    while k < len(text):
        ch = text[k]
        if quote == '"' and ch == "\\":
            k += 2
            continue
        if ch == quote:
            if quote == "'" and text[k + 1 : k + 2] == "'":
                k += 2
                continue
            return k
        k += 1
    return None


def _unescape(text: str, name: str, number: int) -> str:
    out: list[str] = []
    k = 0
    while k < len(text):
        ch = text[k]
        if ch != "\\":
            out.append(ch)
            k += 1
            continue
        code = text[k + 1 : k + 2]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            k += 2
        elif code in {"x", "u", "U"}:
            width = {"x": 2, "u": 4, "U": 8}[code]
            digits = text[k + 2 : k + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise _not_flat(name, number, f"a broken escape \\{code}{digits}")
            point = int(digits, 16)
            k += 2 + width
            if 0xD800 <= point <= 0xDBFF and re.match(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", text[k:]):
                point = 0x10000 + (point - 0xD800) * 0x400 + int(text[k + 2 : k + 6], 16) - 0xDC00
                k += 6  # a surrogate pair written as two escapes, as JSON writes them
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                raise _not_flat(name, number, f"an escape for no character (\\{code}{digits})")
            out.append(chr(point))
        else:
            raise _not_flat(name, number, f"an unknown escape \\{code}")
    return "".join(out)


# A key's last part when it names the field rather than the entry: "1-short", "1-2-title".
_FIELD_SUFFIX = re.compile(r"[-_.](?:title|short|long|text|description|name)$", re.IGNORECASE)
_LABEL_PARTS = re.compile(r"[0-9]+|[A-Za-z]")


def key_label(key: str) -> str:
    """The number a keyed entry is published under, from its key: "1-2-title" → "1.2", "17-a-
    title" → "17.a", "1-1-1-title" → "1.1.1", "1-short" → "1"; "" for a key that is not a
    number (a name such as "preamble-title"), which then keeps the reader's own numbering."""
    stem = _FIELD_SUFFIX.sub("", key.strip())
    parts = re.split(r"[-_.]", stem)
    if not parts or not parts[0].isdigit() or len(stem) > 30:
        return ""
    if not all(_LABEL_PARTS.fullmatch(part) for part in parts):
        return ""
    return ".".join(parts)


# The letters of a target's number in Arabic, in the order the shared SDG data letters its
# lists: the indicators write "(a) … (b) … (c) … (d)" as "(أ) … (ب) … (ج) … (د)" (4.7.1) and
# name indicator 12.a.1 "المؤشر 12-أ-1" (in 7.b.1's text, "للمؤشر 12-أ-1"). No target
# goes past "d"; a later letter has no form the data shows, so such a label stays as it is.
_ARABIC_LETTERS = {"a": "أ", "b": "ب", "c": "ج", "d": "د"}


def arabic_label(label: str) -> str:
    """A source number as the Arabic SDG text writes it: parts joined by hyphens and letters in
    Arabic ("1.a" → "1-أ", "12.a.1" → "12-أ-1", "1.1" → "1-1", "1" → "1"); a label with a part
    the data gives no Arabic form for is returned unchanged."""
    parts = label.split(".")
    if not label or not all(p.isdigit() or p.lower() in _ARABIC_LETTERS for p in parts):
        return label
    return "-".join(p if p.isdigit() else _ARABIC_LETTERS[p.lower()] for p in parts)


# What an SDG number names by its depth (A/RES/70/1's goals and targets, A/RES/71/313's
# indicators: the shared files' keys "1-title", "1-a-title", "1-a-1-title"), in English and in
# Arabic. "المؤشر" is the data's own ("المؤشر 12-أ-1"); "الهدف" is its word for goal ("أهداف
# التنمية المستدامة"); the data has no word for an SDG target (it writes Aichi "targets" as
# "أهداف", the goals' word), so "الغاية" is the UN's Arabic term for one (A/RES/70/1's "غايات").
SDG_TERMS = {1: ("Goal", "الهدف"), 2: ("target", "الغاية"), 3: ("indicator", "المؤشر")}


def sdg_term(label: str, lang: str) -> str:
    """The word an SDG number is cited with: "Goal" (1), "target" (1.a), "indicator" (1.1.1),
    or in Arabic "الهدف", "الغاية", "المؤشر"; "" for a label of no such depth."""
    terms = SDG_TERMS.get(len(label.split("."))) if label else None
    if terms is None:
        return ""
    return terms[1] if lang == "ar" else terms[0]


def natural_key(key: str) -> tuple[tuple[int, int, str], ...]:
    """A key's sort order with its numbers by value ("16-2" before "16-10") and numbers before
    letters, as UN texts number targets (1.1 … 1.5, 1.a, 1.b)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", key)
        if part
    )


@dataclass(frozen=True, slots=True)
class KeyedDocument:
    """Both sides of a keyed pair as paragraphs in one key order, with each key's place."""

    keys: tuple[str, ...]
    ar: tuple[str, ...]
    en: tuple[str, ...]
    # Per key: its paragraph's index on the Arabic side and on the English side (None: absent).
    places: tuple[tuple[int | None, int | None], ...]
    only_ar: tuple[str, ...]
    only_en: tuple[str, ...]
    # Why the keys follow their numbers rather than the files' order ("" when they do not).
    reordered: str

    def labels(self, lang: str) -> list[str]:
        """One side's paragraph labels as the source numbers them ("1.1"), in paragraph order."""
        side = 0 if lang == "ar" else 1
        return [
            key_label(key)
            for key, place in zip(self.keys, self.places, strict=True)
            if place[side] is not None
        ]

    def paragraph_links(self) -> list[UnitLink]:
        """One paragraph link per key: a pair, or a paragraph without counterpart."""
        return places_links(self.places)

    def notes(self, ar_name: str = "Arabic", en_name: str = "English") -> list[str]:
        """What an editor should know before saving: keys on one side only, the order chosen."""
        notes = []
        for side, keys, other in (
            (ar_name, self.only_ar, en_name),
            (en_name, self.only_en, ar_name),
        ):
            if keys:
                notes.append(
                    f"{len(keys)} key{'s' if len(keys) != 1 else ''} only in {side} (imported "
                    f"without a counterpart; absent or empty in {other}): {_listed(keys)}"
                )
        if self.reordered:
            notes.append(
                f"{len(self.keys) - len(self.only_ar) - len(self.only_en)} keys paired; "
                f"{self.reordered}, so paragraphs follow the keys' numbers (1-2 before 1-10, "
                "1-5 before 1-a)."
            )
        else:
            notes.append(
                f"{len(self.keys) - len(self.only_ar) - len(self.only_en)} keys paired, in the "
                "files' order."
            )
        return notes


def places_links(places: Sequence[Sequence[int | None]]) -> list[UnitLink]:
    """Paragraph links from each link's Arabic and English paragraph index (None: none)."""
    return [
        UnitLink(
            "paragraph",
            () if a is None else ((a,),),
            () if e is None else ((e,),),
            1.0 if a is not None and e is not None else 0.0,
        )
        for a, e in places
    ]


def _listed(keys: tuple[str, ...], shown: int = 12) -> str:
    more = len(keys) - shown
    return ", ".join(keys[:shown]) + (f" and {more} more" if more > 0 else "") + "."


def pair_keyed(
    ar: Mapping[str, str], en: Mapping[str, str], ar_name: str = "Arabic", en_name: str = "English"
) -> KeyedDocument:
    """Pair two keyed files' texts by key. The files' order is kept when both list the keys in
    the same order and not merely sorted as text; otherwise keys follow their numbers."""
    shared_ar = [key for key in ar if key in en]
    shared_en = [key for key in en if key in ar]
    if not shared_ar:
        raise InputError(
            f"{ar_name} and {en_name} have no key in common (for example {next(iter(ar))!r} and "
            f"{next(iter(en))!r}): are they the two languages of the same file?"
        )
    merged = _merged(list(ar), list(en))
    reordered = ""
    if shared_ar != shared_en:
        first = next(k for k, (a, e) in enumerate(zip(shared_ar, shared_en, strict=True)) if a != e)
        reordered = (
            f"the files list them in different orders ({ar_name} has {shared_ar[first]!r} where "
            f"{en_name} has {shared_en[first]!r})"
        )
    elif len(merged) > 1 and all(list(side) == sorted(side) for side in (ar, en)):
        reordered = "the files list them sorted as text (1, 10, 11, …, 2)"
    keys = sorted(merged, key=natural_key) if reordered else merged
    ar_texts: list[str] = []
    en_texts: list[str] = []
    places: list[tuple[int | None, int | None]] = []
    for key in keys:
        a = e = None
        if key in ar:
            a = len(ar_texts)
            ar_texts.append(ar[key])
        if key in en:
            e = len(en_texts)
            en_texts.append(en[key])
        places.append((a, e))
    return KeyedDocument(
        keys=tuple(keys),
        ar=tuple(ar_texts),
        en=tuple(en_texts),
        places=tuple(places),
        only_ar=tuple(key for key in keys if key not in en),
        only_en=tuple(key for key in keys if key not in ar),
        reordered=reordered,
    )


def _merged(ar_keys: list[str], en_keys: list[str]) -> list[str]:
    """The Arabic keys in their order, with each English-only key after the key both files
    share that comes before it in English, and after the Arabic-only keys that follow that one."""
    in_ar, in_en = set(ar_keys), set(en_keys)
    english_after: dict[str | None, list[str]] = {}
    shared: str | None = None
    for key in en_keys:
        if key in in_ar:
            shared = key
        else:
            english_after.setdefault(shared, []).append(key)
    merged: list[str] = []
    pending = english_after.get(None, [])  # English-only keys before any shared key
    for key in ar_keys:
        if key in in_en:
            merged += pending
            pending = english_after.get(key, [])
        merged.append(key)
    return merged + pending


def read_keyed_pair(
    ar_text: str, en_text: str, ar_name: str = "Arabic", en_name: str = "English"
) -> KeyedDocument:
    """Read an Arabic and an English keyed file and pair them by key."""
    return pair_keyed(read_keyed(ar_text, ar_name), read_keyed(en_text, en_name), ar_name, en_name)


def is_keyed_name(name: str) -> bool:
    """True for a file name a keyed file goes by (.yml, .yaml)."""
    return name.lower().endswith((".yml", ".yaml"))
