"""Split Arabic and English paragraphs into sentences and clauses, as character offsets."""

from __future__ import annotations

import re
from collections import deque

__all__ = [
    "MAX_SENTENCE_CHARS",
    "MIN_CLAUSE_WORDS",
    "Span",
    "segment_paragraph",
    "split_clauses",
    "split_sentences",
]

Span = tuple[int, int]

# A sentence longer than this (no usable punctuation) is cut at whitespace, so that one pasted
# blob can neither stall the aligner nor make a reader scroll through a single "sentence".
MAX_SENTENCE_CHARS = 2000
# Clauses with fewer words are merged into a neighbour: "Monday," or "2025," is not a clause.
MIN_CLAUSE_WORDS = 4
# An opening bracket or quote further back than this is treated as never closed.
_BRACKET_REACH = 500

_TERMINATORS = ".!?\u061f\u06d4\u203c\u2047\u2048\u2049\u2026"  # . ! ? ؟ ۔ ‼ ⁇ ⁈ ⁉ …
_OPENERS = "([{\u00ab\u201c"  # ( [ { « “
_CLOSERS = ")]}\u00bb\u201d"  # ) ] } » ”
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_QUOTES = "\"'\u2019"
_EXCLAMATIONS = "!?\u203c\u2047\u2048\u2049"  # ! ? ‼ ⁇ ⁈ ⁉

_SENTENCE_EVENT_RE = re.compile(
    f"(?P<stop>[{re.escape(_TERMINATORS)}]+[{re.escape(_CLOSERS + _QUOTES)}]*)"
    f"|(?P<line>[{re.escape(_LINE_BREAKS)}])"
    f"|(?P<open>[{re.escape(_OPENERS)}])"
    f"|(?P<close>[{re.escape(_CLOSERS)}])"
    '|(?P<quote>")'
)
# Connectives that open a new clause without punctuation ("… Gaza Strip including …",
# "… الضفة الغربية بما فيها …"): the clause is cut before them, in both languages alike.
_CONNECTIVES_EN = (
    "including",
    "in addition to",
    "while",
    "whereas",
    "to ensure",
    "so that",
    "and to",
    "and the",
    "and its",
    "as well as",
    "in order to",
    "which",
    "whereby",
    "and calls",
    "and demands",
    "and urges",
    "and requests",
    "and emphasizes",
    "and stresses",
    "and affirms",
    "and reaffirms",
    "and condemns",
    "and rejects",
    "and welcomes",
    "and supports",
)
_CONNECTIVES_AR = (
    "بما في ذلك",
    "بما فيها",
    "بما فيه",
    "إضافة إلى",
    "بالإضافة إلى",
    "فضلا عن",
    "فضلاً عن",
    "من أجل",
    "بهدف",
    "لضمان",
    "بينما",
    "الذي",
    "التي",
    "الذين",
)
_CONNECTIVE_RE = "|".join(
    re.escape(c).replace("\\ ", r"\s+")
    for c in sorted(_CONNECTIVES_EN + _CONNECTIVES_AR, key=len, reverse=True)
)
# Arabic writes "and the" as one word (والتحرك "and the action", والقدس "and Jerusalem"), so the
# English cut before "and the" has its Arabic counterpart before a word opening with وال.
_AR_AND_THE = r"وال(?=[\u0621-\u064a]{2})"
# But a second adjective agreeing with the one before it coordinates within one noun phrase
# ("القمة العربية والإسلامية", the Arab and Islamic Summit; "السلم الإقليمي والدولي", regional and
# international peace): its وال is "and", as English "Arab and Islamic" is no cut. Agreeing =
# both definite relational (nisba) adjectives with the same ending. Some nouns end as such an
# adjective does (والجمهورية, والتنمية); a hand-made list of 49 kept their cut, but with bare
# nouns joined (_joins_bare_noun) it changed 4 Arabic lines of the demo, UDHR, SDG, UNPC, NTREX
# and FLORES, none for the better ("دولة فلسطين والجمهورية التركية" held the State of Palestine
# in the wrong clause; "المؤشرات الكمية | والنوعية" cut two adjectives), so it is gone.
_AR_WORD_CHARS = "\u0621-\u063a\u0641-\u064a\u0640\u064b-\u065f\u0670"
_AR_WORD_AT_RE = re.compile(f"[{_AR_WORD_CHARS}]+")
_AR_WORD_BEFORE_RE = re.compile(f"(?<!\\S)([{_AR_WORD_CHARS}]+)\\s+$")
_AR_MARKS_RE = re.compile("[\u0640\u064b-\u065f\u0670]")
_NISBA_RE = re.compile(r"^(?:[وفبك]?ال|لل)([\u0621-\u064a]{2,}?)(ية|يين|يون|ي)$")
_NISBA_PLURAL = {"يين": "ين", "يون": "ين"}
# Definite words, and those with a preposition written onto the article (بال, كال, لل).
_AR_DEFINITE_RE = re.compile(r"^(?:[وف]?(?:ال|بال|كال|لل))[\u0621-\u064a]")
_AR_PREPOSITION_ARTICLE_RE = re.compile(r"^[وف]?(?:بال|كال|لل)")
_AR_AND_THE_NEXT_RE = re.compile(r"\s+وال[\u0621-\u064a]{2}")
_AR_RELATIVES = frozenset(["والذي", "والتي", "والذين", "واللذين", "واللتين", "واللاتي", "واللواتي"])
_BARE_ALEF = str.maketrans("أإآ", "ااا")
# A preposition before "which" opens the relative clause with it ("the country or territory" |
# "to which a person belongs", as "to whom" does): the cut goes before the preposition, never
# after it; and a phrase too short to be a clause since the last cut ("the latest of which",
# "all of which", "the text of which" after a comma) opens it where that phrase begins.
_PREPOSITIONS = frozenset(
    [
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "amid",
        "among",
        "amongst",
        "around",
        "at",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "by",
        "concerning",
        "despite",
        "during",
        "for",
        "from",
        "in",
        "inside",
        "into",
        "like",
        "near",
        "of",
        "on",
        "onto",
        "over",
        "per",
        "regarding",
        "through",
        "throughout",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "upon",
        "via",
        "with",
        "within",
        "without",
    ]
)
_WORD_BEFORE_WHICH_RE = re.compile(r"(?<![\w-])([A-Za-z]+)\s+$")
_CLAUSE_EVENT_RE = re.compile(
    rf"(?<=\s)(?P<before>(?:{_CONNECTIVE_RE})(?=\s)|{_AR_AND_THE})"
    "|(?P<cut>[,;:\u060c\u061b\u2014])"  # , ; : ، ؛ —
    f"|(?P<open>[{re.escape(_OPENERS)}])"
    f"|(?P<close>[{re.escape(_CLOSERS)}])"
    '|(?P<quote>")'
)

_MONTH_ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_ABBREVIATIONS = (
    frozenset(
        [
            "no",
            "nos",
            "art",
            "arts",
            "para",
            "paras",
            "p",
            "pp",
            "vol",
            "vols",
            "ch",
            "chap",
            "sect",
            "sec",
            "fig",
            "figs",
            "cf",
            "vs",
            "viz",
            "ibid",
            "op",
            "cit",
            "al",
            "mr",
            "mrs",
            "ms",
            "dr",
            "st",
            "prof",
            "sr",
            "jr",
            "gen",
            "col",
            "lt",
            "gov",
            "sen",
            "rep",
            "amb",
            "hon",
            "rev",
            "fr",
            "messrs",
            "mme",
            "mm",
            "h.e",
            "h.r.h",
            "inc",
            "ltd",
            "co",
            "corp",
            "dept",
            "est",
            "approx",
            "ca",
            "nr",
            "res",
            "doc",
            "add",
            "corr",
            "suppl",
            "annex",
            "rev",
            "sess",
            "ser",
            "e.g",
            "i.e",
            "u.s",
            "u.k",
            "u.n",
            "u.s.a",
        ]
    )
    | _MONTH_ABBREVIATIONS
)
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")
_NUMBERING_PART = r"(?:\d{1,3}|[ivxlcdm]{1,6}|[IVXLCDM]{1,6}|[^\W\d_])"
_NUMBERING_RE = re.compile(rf"^{_NUMBERING_PART}(?:\.{_NUMBERING_PART})*$")  # 1. IV. IV.G. 2.1.
_LEADING_PUNCT = "([{\u00ab\u201c\"'"

_DIGIT_COMMA_CHARS = ",\u060c:"
_MONTHS = (
    frozenset(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
    | _MONTH_ABBREVIATIONS
)
_WEEKDAYS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
_YEAR_AFTER_RE = re.compile(r"\s*[12]\d{3}\b")
_WORD_BEFORE_RE = re.compile(r"(\w+)\W*$")


def _strip_span(text: str, start: int, end: int) -> Span | None:
    """Shrink text[start:end] to exclude surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _pieces(text: str, start: int, end: int, cuts: list[int]) -> list[Span]:
    """Turn ascending cut positions inside [start, end) into stripped, non-empty spans."""
    spans: list[Span] = []
    previous = start
    for cut in [*cuts, end]:
        span = _strip_span(text, previous, cut)
        if span is not None:
            spans.append(span)
        previous = cut
    return spans


def _limit_length(text: str, span: Span, limit: int) -> list[Span]:
    """Cut a span longer than limit at its last whitespace before each limit (hard cut if none)."""
    start, end = span
    spans: list[Span] = []
    while end - start > limit:
        window_end = start + limit
        cut = window_end
        for index in range(window_end, start + limit // 2, -1):
            if text[index - 1].isspace():
                cut = index
                break
        piece = _strip_span(text, start, cut)
        if piece is not None:
            spans.append(piece)
        rest = _strip_span(text, cut, end)
        if rest is None:
            return spans
        start = rest[0]
    spans.append((start, end))
    return spans


def _token_before(text: str, position: int, floor: int) -> tuple[str, int]:
    """Return the whitespace-delimited token ending at position (at most 40 chars) and its start."""
    index = position
    while index > floor and position - index < 40 and not text[index - 1].isspace():
        index -= 1
    return text[index:position].lstrip(_LEADING_PUNCT), index


def _starts_segment(text: str, position: int, segment_start: int) -> bool:
    """Say whether only whitespace and opening brackets stand between segment_start and position."""
    index = position
    while index > segment_start and position - index < 20:
        if not (text[index - 1].isspace() or text[index - 1] in _LEADING_PUNCT):
            return False
        index -= 1
    return index == segment_start


def _next_visible(text: str, position: int) -> str:
    """Return the first non-whitespace character at or after position (bounded look-ahead)."""
    for index in range(position, min(len(text), position + 40)):
        if not text[index].isspace():
            return text[index]
    return ""


def _is_false_stop(text: str, stop_start: int, stop_end: int, segment_start: int) -> bool:
    """Say whether a full stop ends an abbreviation, an initial or a list number, or an exclamation
    or question mark is followed in lower case, rather than ending a sentence."""
    stop = text[stop_start:stop_end].rstrip(_CLOSERS + _QUOTES)
    if stop and all(char in _EXCLAMATIONS for char in stop):
        # "Lo! we were wrong-doers.", "shall we believe? are not they": older and literary
        # English goes on after an exclamation in lower case, within the same sentence.
        return _lower_case_follows(text, stop_end)
    if stop != ".":
        return False
    token, token_start = _token_before(text, stop_start, segment_start)
    last_part = re.split(r"[-/\u2013]", token)[-1]  # "Korea-U.S."
    if last_part.lower() in _ABBREVIATIONS or _INITIALS_RE.match(last_part):
        return True
    if _NUMBERING_RE.match(token) and _starts_segment(text, token_start, segment_start):
        return True
    if len(token) == 1 and token.isalpha():
        return True
    # "etc. and", "cf. the": a Latin sentence never starts in lower case.
    return _lower_case_follows(text, stop_end)


def _lower_case_follows(text: str, position: int) -> bool:
    """Say whether the next visible character is a lower-case Latin letter."""
    following = _next_visible(text, position)
    return following.isalpha() and following.islower() and following.isascii()


class _Brackets:
    """Open brackets and quotes seen so far, forgetting any left open for too long."""

    def __init__(self) -> None:
        """Start with nothing open."""
        self._open: deque[tuple[int, str]] = deque()

    def push(self, position: int, char: str) -> None:
        """Record an opening bracket or quote."""
        self._open.append((position, char))

    def close(self) -> None:
        """Close the innermost open bracket, if any."""
        if self._open:
            self._open.pop()

    def straight_quote(self, position: int) -> None:
        """Toggle a straight double quote: close the innermost one if open, else open one."""
        if self._open and self._open[-1][1] == '"':
            self._open.pop()
        else:
            self._open.append((position, '"'))

    def depth(self, position: int) -> int:
        """Return how many brackets are open at position, after expiring stale ones."""
        while self._open and position - self._open[0][0] > _BRACKET_REACH:
            self._open.popleft()
        return len(self._open)

    def clear(self) -> None:
        """Forget everything (at a line break)."""
        self._open.clear()


def split_sentences(text: str, lang: str) -> list[Span]:
    """Return the stripped (start, end) offsets of the sentences of a paragraph, in order."""
    cuts: list[int] = []
    brackets = _Brackets()
    segment_start = 0
    for match in _SENTENCE_EVENT_RE.finditer(text):
        kind = match.lastgroup
        position = match.start()
        if kind == "open":
            brackets.push(position, match.group())
        elif kind == "close":
            brackets.close()
        elif kind == "quote":
            brackets.straight_quote(position)
        elif kind == "line":
            cuts.append(position)
            segment_start = position
            brackets.clear()
        elif kind == "stop":
            stop_end = match.end()
            for char in match.group():
                if char in _CLOSERS:
                    brackets.close()
                elif char == '"':
                    brackets.straight_quote(position)
            if stop_end < len(text) and not text[stop_end].isspace():
                continue
            if brackets.depth(position) > 0:
                continue
            if _is_false_stop(text, position, stop_end, segment_start):
                continue
            cuts.append(stop_end)
            segment_start = stop_end
    spans: list[Span] = []
    for span in _pieces(text, 0, len(text), cuts):
        spans.extend(_limit_length(text, span, MAX_SENTENCE_CHARS))
    return spans


def _word_count(text: str, span: Span) -> int:
    """Count whitespace-separated words in text[span]."""
    return len(text[span[0] : span[1]].split())


def _is_protected_comma(text: str, position: int, start: int, end: int) -> bool:
    """Say whether a comma or colon belongs to a number, a time or a date rather than a clause."""
    char = text[position]
    before = text[position - 1] if position > start else ""
    after = text[position + 1] if position + 1 < end else ""
    if char in _DIGIT_COMMA_CHARS and before.isdigit() and after.isdigit():
        return True  # 62,500  ٦٢،٥٠٠  10:30
    if char != ",":
        return False
    if text[max(start, position - 3) : position].lower() == "day":
        word_match = _WORD_BEFORE_RE.search(text, max(start, position - 12), position)
        if word_match and word_match.group(1).lower() in _WEEKDAYS:
            return True  # Monday, August 25
    if not _YEAR_AFTER_RE.match(text, position + 1, end):
        return False
    # August 25, 2025  /  June 21 and 22, 2025
    word_match = _WORD_BEFORE_RE.search(text, max(start, position - 30), position)
    word_before = word_match.group(1).lower() if word_match else ""
    return word_before.isdigit() or word_before in _MONTHS


def _merge_short(text: str, spans: list[Span]) -> list[Span]:
    """Merge clauses shorter than MIN_CLAUSE_WORDS into a neighbour (the previous one when possible)."""
    merged: list[Span] = []
    merged_words = 0
    for span in spans:
        words = _word_count(text, span)
        if merged and (words < MIN_CLAUSE_WORDS or merged_words < MIN_CLAUSE_WORDS):
            merged[-1] = (merged[-1][0], span[1])
            merged_words += words
        else:
            merged.append(span)
            merged_words = words
    return merged


def _relative_cut(text: str, position: int, floor: int) -> int | None:
    """Where the clause opened by the connective at position begins: there, or before a
    preposition governing "which", or nowhere new (None) when the stretch since the last cut
    (floor) up to that preposition is shorter than a clause."""
    if not text.startswith("which", position):
        return position
    word = _WORD_BEFORE_WHICH_RE.search(text, max(floor, position - 40), position)
    if word is None or word.group(1).lower() not in _PREPOSITIONS:
        return position
    preposition = word.start(1)
    if _word_count(text, (floor, preposition)) < MIN_CLAUSE_WORDS:
        return None
    return preposition


def _nisba(word: str) -> tuple[str, str] | None:
    """Return a definite relational adjective's stem and ending (العربية: عرب, ية), else None."""
    found = _NISBA_RE.match(_AR_MARKS_RE.sub("", word).translate(_BARE_ALEF))
    if found is None:
        return None
    return found.group(1), _NISBA_PLURAL.get(found.group(2), found.group(2))


def _coordinates_adjective(text: str, position: int, floor: int) -> bool:
    """Say whether the وال word at position is an adjective agreeing with the word before it
    (the same noun phrase goes on), rather than the "and the" opening a new clause."""
    word = _AR_WORD_AT_RE.match(text, position)
    before = _AR_WORD_BEFORE_RE.search(text, max(floor, position - 40), position)
    if word is None or before is None:
        return False
    this, previous = _nisba(word.group()), _nisba(before.group(1))
    return this is not None and previous is not None and this[1] == previous[1]


def _joins_bare_noun(text: str, position: int, floor: int) -> bool:
    """Say whether the وال word at position joins a bare definite noun to the one before it
    ("تهدد الأمن والسلم", "من الغذاء والدواء والوقود"), so that its وال is "and", not a new clause.

    Bare: the noun before it heads no longer noun phrase (no definite word before it since the last
    cut: a verb, a preposition or a construct noun governs it; or a preposition is written onto
    it, للسلطة والمال), or the two are items of one list (the word before is itself a وال
    conjunct, not an adjective, or the وال word is followed by another); a relative pronoun
    (والتي) always opens its clause. English renders such pairs without a cut ("peace and
    security", "power and money"); a وال after a longer noun phrase ("جرائم الإبادة الجماعية" |
    "والكارثة الإنسانية") still opens a clause, as English "and the" does."""
    word = _AR_WORD_AT_RE.match(text, position)
    if word is None or not word.group().startswith("وال") or word.group() in _AR_RELATIVES:
        return False
    before = _AR_WORD_BEFORE_RE.search(text, max(floor, position - 40), position)
    if before is None or not _AR_DEFINITE_RE.match(before.group(1)):
        return False
    if _AR_AND_THE_NEXT_RE.match(text, word.end()):
        return True
    if before.group(1).startswith("و"):
        return not _coordinates_adjective(text, before.start(1), floor)
    if _AR_PREPOSITION_ARTICLE_RE.match(before.group(1)):
        return True
    earlier = _AR_WORD_BEFORE_RE.search(text, max(floor, before.start(1) - 40), before.start(1))
    return earlier is None or not _AR_DEFINITE_RE.match(earlier.group(1))


def split_clauses(text: str, lang: str, start: int, end: int) -> list[Span]:
    """Return the stripped clause spans of the sentence text[start:end], as offsets into text."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    cuts: list[int] = []
    brackets = _Brackets()
    for match in _CLAUSE_EVENT_RE.finditer(text, start, end):
        kind = match.lastgroup
        position = match.start()
        if kind == "open":
            brackets.push(position, match.group())
        elif kind == "close":
            brackets.close()
        elif kind == "quote":
            brackets.straight_quote(position)
        elif kind == "before":
            floor = cuts[-1] if cuts else start
            if (
                brackets.depth(position) == 0
                and not _coordinates_adjective(text, position, floor)
                and not _joins_bare_noun(text, position, floor)
            ):
                cut = _relative_cut(text, position, floor)
                if cut is not None:
                    cuts.append(cut)
        elif kind == "cut":
            if brackets.depth(position) > 0 or _is_protected_comma(text, position, start, end):
                continue
            cuts.append(match.end())
    return _merge_short(text, _pieces(text, start, end, cuts))


def segment_paragraph(text: str, lang: str) -> list[tuple[Span, list[Span]]]:
    """Split a paragraph into sentences, each with its clauses, all as offsets into text."""
    return [
        (sentence, split_clauses(text, lang, *sentence)) for sentence in split_sentences(text, lang)
    ]
