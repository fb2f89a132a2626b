"""Language-independent anchor tokens (numbers, months, document symbols) for alignment."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["extract_anchors"]

# Arabic-script separators seen in numbers: U+066B decimal, U+066C thousands; U+060C is the
# Arabic comma, which separates words, never digit groups.
_ARABIC_DECIMAL = "\u066b"
_ARABIC_THOUSANDS = "\u066c"
_TATWEEL = "\u0640"

# Spaces that may group digits in UN typography ("62 500"); a plain space is too ambiguous
# ("on 25 August 2025, 18 500 ...") so only the no-break and thin spaces are accepted.
_GROUPING_SPACES = "\u00a0\u2009\u202f"

_ARABIC_MONTHS: dict[str, int] = {
    # Gregorian transliterations, with the hamza-less spellings common in news text.
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "ابريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "أغسطس": 8,
    "اغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine (Syriac) names, used in UN Arabic as "آب/أغسطس".
    "شباط": 2,
    "آذار": 3,
    "اذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "اب": 8,
    "أيلول": 9,
    "ايلول": 9,
}
# Two-word Levantine names: first word -> {second word: month}.
_ARABIC_TWO_WORD_MONTHS: dict[str, dict[str, int]] = {
    "كانون": {"الثاني": 1, "الأول": 12, "الاول": 12},
    "تشرين": {"الأول": 10, "الاول": 10, "الثاني": 11},
}
_ENGLISH_MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Month words that are also ordinary words ("may", "march"; مارس "he practised"; آب "father";
# نيسان the car maker) count only next to a day or year number.
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "dec", "مارس", "آب", "اب", "نيسان"})
# Proclitics that attach to an Arabic month name: و "and", ب "in", ل "to/for", ف "so".
_ARABIC_PROCLITICS = ("و", "ب", "ل", "ف")

# One pass over the folded text: a document symbol, a number, or a word.  Symbols come first so
# the digits inside "A/RES/ES-10/24" are not also read as loose numbers.
_TOKEN = re.compile(
    r"""
    (?P<sym>(?<![A-Za-z])[A-Z]{1,12}(?:\.[0-9]+)?(?:/[A-Z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?)+)
    | (?P<numsym>[0-9]+(?:/[0-9]+)+)                                       # 51/9 (-ق ت, -CT)
    | (?P<num>[0-9]+(?:[,\u066c\u00a0\u2009\u202f][0-9]{3}(?![0-9]))*(?:[.\u066b][0-9]+)?)
    | (?P<word>[^\W\d_]+)
    """,
    re.VERBOSE,
)
# Longest input examined, so a pathological paste cannot stall the import.
_MAX_CHARS = 200_000


_MARKS = re.compile("[\u0640\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _fold(text: str) -> str:
    """Return text with every decimal digit as ASCII, tatweel and combining marks dropped."""
    text = _MARKS.sub("", text)
    if text.isascii() or _OTHER_DIGIT.search(text) is None:
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)


def _number_anchor(raw: str) -> str:
    """Return the canonical "n:" anchor for a matched number with any grouping or decimals."""
    for sep in (",", _ARABIC_THOUSANDS, *_GROUPING_SPACES):
        raw = raw.replace(sep, "")
    raw = raw.replace(_ARABIC_DECIMAL, ".")
    whole, _, frac = raw.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return f"n:{whole}.{frac}" if frac else f"n:{whole}"


def _arabic_month(word: str, following: str) -> tuple[int, str] | None:
    """Return (month, bare name) for an Arabic month word, with or without one proclitic."""
    candidates = [word]
    if len(word) > 3 and word.startswith(_ARABIC_PROCLITICS):
        candidates.append(word[1:])
    for candidate in candidates:
        if candidate in _ARABIC_MONTHS:
            return _ARABIC_MONTHS[candidate], candidate
        second = _ARABIC_TWO_WORD_MONTHS.get(candidate)
        if second is not None and following in second:
            return second[following], candidate
    return None


# UN heading enumerators: Arabic spells the letters and the Roman numerals out ("باء - عملية
# الاستفتاء" = "B. Referendum process", "خامسا - تعيين" = "V. Appointment"). Arabic needs the dash
# after the word (أولا alone is "first"); English needs a capital after the full stop, and the
# start of the text or of a sentence before it, so "George W. Bush" or "World War II." is no heading.
_AR_LETTERS = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام")
_AR_ORDINALS = (
    "أولا",
    "ثانيا",
    "ثالثا",
    "رابعا",
    "خامسا",
    "سادسا",
    "سابعا",
    "ثامنا",
    "تاسعا",
    "عاشرا",
)
_AR_HEADING = re.compile(
    r"(?<![^\s(])(" + "|".join(_AR_LETTERS + _AR_ORDINALS) + r")\u064b?\s*[-\u2013\u2014]\s"
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_EN_HEADING = re.compile(r"(?:^|[.;:!?]\s+)([A-L]|[IVX]{1,4})\.\s+(?=[A-Z])")


def _heading_anchors(text: str, arabic: bool) -> set[str]:
    """Return "h:B" for a lettered heading and "r:5" for a Roman-numbered one."""
    found: set[str] = set()
    if arabic:
        for match in _AR_HEADING.finditer(text):
            word = match.group(1)
            if word in _AR_LETTERS:
                found.add("h:" + "ABCDEFGHIJKL"[_AR_LETTERS.index(word)])
            else:
                found.add(f"r:{_AR_ORDINALS.index(word) + 1}")
        return found
    for match in _EN_HEADING.finditer(text):
        mark = match.group(1)
        if mark in _ROMAN:  # "I." is read as Roman one, never as the ninth letter
            found.add(f"r:{_ROMAN.index(mark) + 1}")
        elif len(mark) == 1:
            found.add("h:" + mark)
    return found


def extract_anchors(text: str, lang: str) -> frozenset[str]:
    """Return the language-independent anchors of text: "n:62500", "m:8", "s:A/RES/ES-10/24",
    "h:B" and "r:5" for lettered and Roman-numbered headings."""
    folded = _fold(text[:_MAX_CHARS])
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(folded):
        kind = match.lastgroup or "word"
        tokens.append((kind, match.group(kind)))

    anchors: set[str] = set()
    arabic = lang.lower().startswith("ar")
    for index, (kind, value) in enumerate(tokens):
        if kind == "sym":
            # UN symbols carry a number ("A/RES/ES-10/24"); "UNEP/UNDP" is just words.
            if any(ch.isdigit() for ch in value):
                anchors.add("s:" + value)
        elif kind == "numsym":
            anchors.add("s:" + value)
        elif kind == "num":
            anchors.add(_number_anchor(value))
        else:
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            found: tuple[int, str] | None
            if arabic or not value.isascii():
                found = _arabic_month(value, following)
            else:
                key = value.lower()
                found = (_ENGLISH_MONTHS[key], key) if key in _ENGLISH_MONTHS else None
                # "May" as a verb is lower-case; abbreviations are capitalised too.
                if found is not None and not value[0].isupper():
                    found = None
            if found is None:
                continue
            month, name = found
            if name in _AMBIGUOUS_MONTHS and not _next_to_number(tokens, index):
                continue
            anchors.add(f"m:{month}")
    anchors |= _heading_anchors(folded, arabic)
    return frozenset(anchors)


def _next_to_number(tokens: list[tuple[str, str]], index: int) -> bool:
    """Return whether a number sits within two tokens of tokens[index] (a day or a year)."""
    lo = max(0, index - 2)
    hi = min(len(tokens), index + 3)
    return any(tokens[k][0] == "num" for k in range(lo, hi) if k != index)
