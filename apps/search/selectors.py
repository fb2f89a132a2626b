"""Reads of the search index: ranked, counted, faceted hits with their aligned counterparts.

A page of results costs a constant number of queries whatever the corpus size: the engine ranks a
bounded window of candidates, and only the sentences shown (plus a bounded sample for translation
spotting) are fetched, analysed and highlighted.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from apps.alignment.models import Level
from apps.alignment.selectors import (
    margin_label,
    may_print_no_number,
    numbered_by,
    paragraph_label,
    paragraph_rows,
    unnumbered_name,
)
from apps.bitext.analyze import (
    Query,
    analyze,
    mixes_languages,
    parse_query,
    stem_positions,
    stem_word,
    stems_match,
    stored_columns,
    word_form,
)
from apps.core.db import fetch_prepared
from apps.corpus.models import DIRECTION, Lang, Paragraph, Resolution
from apps.search import engines
from apps.search.engines import Filters, Window
from apps.search.services import body_tag
from apps.search.stats import LAM, background_df, spotting_stems

PER_PAGE = 20
# Matches whose counterparts are read to spot translations (bounded, like the ranking).
SPOT_SAMPLE = 40
SPOT_TERMS = 6
FACET_LIMIT = 12

_SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,120}")
_ARABIC_LETTER_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


_START, _END, _STEM, _FORM = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)


@dataclass
class Counterpart:
    lang: str
    dir: str
    sentence_id: int
    text: str
    highlighted: SafeString


@dataclass
class Hit:
    sentence_id: int
    lang: str
    dir: str
    text: str
    highlighted: SafeString
    score: float
    resolution: Resolution
    paragraph_id: int
    paragraph_index: int
    # The source's own number as the English text writes it, the same for both languages
    # ("1.a"), else "op. 13", "pre. 2", or "¶ 16" for other paragraphs (the API's label); where
    # the reader shows the row with no number, the English heading's name ("Preamble") or "".
    paragraph_label: str
    # As the reader's margin shows it in the hit's language: "1-أ" for an Arabic hit in 1.a;
    # where the reader prints the row unnumbered, a heading's name ("الديباجة"), else "".
    margin_label: str
    url: str
    counterparts: list[Counterpart] = field(default_factory=list)


@dataclass
class Facet:
    value: str
    label: str
    count: int
    active: bool = False


@dataclass
class Translation:
    text: str
    count: int
    lang: str = ""

    @property
    def dir(self) -> str:
        return DIRECTION.get(self.lang, "ltr")


@dataclass
class SearchResult:
    q: str
    query: Query
    lang: str
    resolution: str
    body: str
    year: int | None
    page: int
    count: int
    count_capped: bool
    hits: list[Hit]
    hints: list[str]
    resolution_facets: list[Facet]
    lang_facets: list[Facet]
    translations: list[Translation]
    sample_size: int
    # When nothing matches in the chosen language and every word is in the other: that language,
    # offered as a link beside the hint.
    other_lang: str = ""
    # The title of the resolution searched (the `resolution` filter), for the count line to name.
    resolution_title: str = ""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.count, engines.WINDOW) / PER_PAGE))

    @property
    def window(self) -> int:
        """The matches a search reads (all of them are when the count is not capped)."""
        return engines.WINDOW

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PER_PAGE + 1


# --- highlighting ---------------------------------------------------------------------------


# Tag events at one offset, in the order they are written: a mark closes, then the clause span
# closes, then the span opens, then a mark opens, so a mark meeting the span's edge there is not
# closed and reopened empty. (offset, order) tuples sort without a key function.
_MARK_CLOSE, _SPAN_CLOSE, _SPAN_OPEN, _MARK_OPEN = 0, 1, 2, 3
_TAGS = ("</mark>", "</span>", '<span class="aligned">', "<mark>")
_TO_ESCAPE = re.compile("[&<>\"']")  # what html.escape() replaces


def highlight(
    text: str,
    words: Iterable[tuple[int, int]],
    *,
    span: tuple[int, int] | None = None,
) -> SafeString:
    """Escape text and wrap runs of the given words, (start, end) of each in text order, in <mark>
    (whole words, marks kept inside); with span, also wrap that character range in
    <span class="aligned">."""
    events: list[tuple[int, int]] = []
    run_end = -1
    for start, end in words:
        if run_end >= 0 and not text[run_end:start].strip():
            run_end = end  # the run goes on over the space between two neighbouring words
        else:
            if run_end >= 0:
                events.append((run_end, _MARK_CLOSE))
            events.append((start, _MARK_OPEN))
            run_end = end
    if run_end >= 0:
        events.append((run_end, _MARK_CLOSE))
    if span is not None and span[0] < span[1]:
        events.append((span[0], _SPAN_OPEN))
        events.append((span[1], _SPAN_CLOSE))
    if not events:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    events.sort()
    # Most sentences hold nothing to escape: their pieces are then taken as they are (str()).
    piece = escape if _TO_ESCAPE.search(text) else str
    out: list[str] = []
    cursor = 0
    open_mark = False
    for offset, kind in events:
        out.append(piece(text[cursor:offset]))
        cursor = offset
        if kind in (_SPAN_OPEN, _SPAN_CLOSE) and open_mark:
            # A mark crossing the clause edge is closed and reopened so tags stay nested.
            out.append("</mark>" + _TAGS[kind] + "<mark>")
            continue
        open_mark = kind == _MARK_OPEN or (open_mark and kind != _MARK_CLOSE)
        out.append(_TAGS[kind])
    out.append(piece(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every text piece is escaped above


# --- translation spotting ---------------------------------------------------------------------


@dataclass(slots=True)
class _Words:
    """The tokens of a text as columns, each token's stem, start and end (a tuple per word cost
    more to build and to free than the page does with them), in text order."""

    stems: list[str]
    starts: list[int]
    ends: list[int]

    def within(self, span: tuple[int, int] | None) -> slice:
        """The tokens inside the character range (all of them without one)."""
        if span is None:
            return slice(None)
        # Tokens are in text order and do not overlap: both edges by bisection.
        return slice(bisect_left(self.starts, span[0]), bisect_right(self.ends, span[1]))

    def starting_in(self, span: tuple[int, int] | None) -> range:
        """Indexes of the tokens that start inside the character range (all without one)."""
        if span is None:
            return range(len(self.stems))
        return range(bisect_left(self.starts, span[0]), bisect_left(self.starts, span[1]))

    def at(self, positions: Iterable[int]) -> list[tuple[int, int]]:
        """(start, end) of the tokens at these indexes."""
        return [(self.starts[i], self.ends[i]) for i in positions]


@dataclass
class _Other:
    """A counterpart sentence of a match, analysed once for both spotting and highlighting."""

    sentence_id: int
    lang: str
    text: str
    words: _Words
    forms: list[str]  # the words' forms, for matching the query (its stems where none differs)


@dataclass
class _Pair:
    """One matched sentence, analysed, with its counterpart sentences and aligned clause spans."""

    sentence: dict[str, Any]
    words: _Words
    positions: list[int]
    counterparts: list[_Other] = field(default_factory=list)
    # counterpart sentence id -> (start, end) of the aligned clause within that sentence
    aligned: dict[int, tuple[int, int]] = field(default_factory=dict)


# Plain SQL: these reads run on every results page, and the ORM's compiling of joins and
# subqueries cost more than the reads themselves. Column names are quoted ("index", "end").
# The matched sentences, each with the other members of its sentence links (a row per member,
# or one row of NULLs without any): one round trip for both, with each one's stored tokens.
# Whether one of the paragraphs its paragraph links join to paragraph p (p itself included) meets
# a condition on it, `op`.
_IN_ITS_ROW_SQL = f"""EXISTS (
        SELECT 1
          FROM alignment_link_paragraphs AS pm
          JOIN alignment_link AS pl ON pl.id = pm.link_id AND pl.level = '{Level.PARAGRAPH.value}'
          JOIN alignment_link_paragraphs AS po ON po.link_id = pm.link_id
          JOIN corpus_paragraph AS op ON op.id = po.paragraph_id
         WHERE pm.paragraph_id = p.id AND {{condition}})"""
# For a paragraph of plain text with no number, whether its paragraph links join it to a heading
# or the opening formula: only then can its row be printed with no number (a short line of
# ordinary text, "Date of launch:", is numbered as usual and its row is not read for the hit).
_HEADING_OR_FORMULA = f"""op.source_label = ''
           AND (op.kind = '{Paragraph.Kind.HEADING.value}'
                OR (op.kind = '{Paragraph.Kind.PREAMBLE.value}' AND op.number = 0))"""
_HEADING_BESIDE_SQL = f"""
    CASE WHEN p.kind = '{Paragraph.Kind.TEXT.value}' AND p.number = 0 AND p.source_label = ''
    THEN {_IN_ITS_ROW_SQL.format(condition=_HEADING_OR_FORMULA)}
    END"""
# For a paragraph with no number of its own, whether its paragraph links put it after one of its
# language that has one: the reader's margin then shows that number for its row (numbered_by).
_NUMBERED_EARLIER = f"""op.lang = p.lang AND op."index" < p."index"
           AND (op.source_label <> '' OR (op.number > 0 AND op.kind IN
                ('{Paragraph.Kind.PREAMBLE.value}', '{Paragraph.Kind.OPERATIVE.value}')))"""
_NUMBERED_BEFORE_SQL = f"""
    CASE WHEN p.source_label = '' AND (p.number = 0 OR p.kind NOT IN
        ('{Paragraph.Kind.PREAMBLE.value}', '{Paragraph.Kind.OPERATIVE.value}'))
    THEN {_IN_ITS_ROW_SQL.format(condition=_NUMBERED_EARLIER)}
    END"""
_SENTENCES_SQL = f"""
    SELECT s.id, s.lang, s.text, s.start, s.paragraph_id, p.resolution_id, p."index", p.kind,
           p.number, p.source_label, {_HEADING_BESIDE_SQL}, {_NUMBERED_BEFORE_SQL}, e.stems, e.spans, o.sentence_id,
           os.lang, os.text, oe.stems, oe.spans
      FROM corpus_sentence AS s
      JOIN corpus_paragraph AS p ON p.id = s.paragraph_id
      LEFT JOIN search_entry AS e ON e.sentence_id = s.id
      LEFT JOIN alignment_link_sentences AS m ON m.sentence_id = s.id
      LEFT JOIN alignment_link AS l ON l.id = m.link_id AND l.level = '{Level.SENTENCE.value}'
      LEFT JOIN alignment_link_sentences AS o ON o.link_id = l.id AND o.sentence_id <> s.id
      LEFT JOIN corpus_sentence AS os ON os.id = o.sentence_id
      LEFT JOIN search_entry AS oe ON oe.sentence_id = os.id
     WHERE s.id {{in_ids}}
     ORDER BY o.link_id, os."index", os.id"""
# Every linked clause of the matched sentences' clauses, with the clause it is linked from.
_CLAUSES_SQL = """
    SELECT c.sentence_id, c.start, c."end", oc.lang, oc.sentence_id, oc.start - os.start,
           oc."end" - os.start
      FROM corpus_clause AS c
      JOIN alignment_link_clauses AS m ON m.clause_id = c.id
      JOIN alignment_link_clauses AS o ON o.link_id = m.link_id AND o.clause_id <> c.id
      JOIN corpus_clause AS oc ON oc.id = o.clause_id
      JOIN corpus_sentence AS os ON os.id = oc.sentence_id
     WHERE c.sentence_id {in_ids}
     ORDER BY m.link_id, oc."index"
"""


# The resolutions shown (hits' sources and facets): only what the page shows of them, read as
# model instances with the other fields deferred (the ORM's query building cost more than the read).
_RESOLUTION_FIELDS = ("id", "slug", "symbol", "title_ar", "title_en")  # in the model's field order
_RESOLUTIONS_SQL = f"""
    SELECT {", ".join(_RESOLUTION_FIELDS)} FROM {Resolution._meta.db_table} WHERE id {{in_ids}}"""


def _resolutions(ids: Sequence[int]) -> dict[int, Resolution]:
    if not ids:
        return {}
    alias = connection.alias  # a lookup through the connection proxy's context-local storage
    return {
        row[0]: Resolution.from_db(alias, _RESOLUTION_FIELDS, row)
        for row in _rows(_RESOLUTIONS_SQL, ids)
    }


def _rows(sql: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The rows of one of the reads above for the given ids. On PostgreSQL the ids travel as one
    array and the statement is prepared: planning these joins took longer than running them (1 ms
    each for 40 sentences at 1M pairs), and their plan (index look-ups) does not depend on the ids."""
    if connection.vendor == "postgresql":
        return fetch_prepared(sql.format(in_ids="= ANY(%s::bigint[])"), [list(ids)])
    with connection.cursor() as cursor:
        cursor.execute(sql.format(in_ids="IN (" + ", ".join(["%s"] * len(ids)) + ")"), ids)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def _label_unnumbered(sentences: list[dict[str, Any]]) -> None:
    """Label the given sentences' paragraphs as the reader shows them where it shows their row
    with no number (row_prints_no_number): by the heading's name, or none; and where it shows
    the number of another paragraph of their row (numbered_by): by that number (one query, none
    unless a paragraph may be one of these)."""
    sentences = [s for s in sentences if s["unnumbered"] or s["numbered_before"]]
    if not sentences:
        return
    rows = paragraph_rows([s["paragraph_id"] for s in sentences])
    for s in sentences:
        row = rows.get(s["paragraph_id"], [])
        paragraph = next((p for p in row if p.id == s["paragraph_id"]), None)
        if paragraph is None:
            continue
        numbered = numbered_by(paragraph, row)
        if numbered is not paragraph:
            s["margin_label"] = margin_label(
                numbered.lang, numbered.kind, numbered.number, numbered.index, numbered.source_label
            )
            s["paragraph_label"] = paragraph_label(
                numbered.kind,
                numbered.number,
                numbered.index,
                short=True,
                source_label=numbered.source_label,
            )
            continue
        first = s["paragraph_index"] == 0
        margin = unnumbered_name(paragraph, row, s["lang"], first=first)
        if margin is not None:
            s["margin_label"] = margin
            s["paragraph_label"] = unnumbered_name(paragraph, row, Lang.ENGLISH, first=first) or ""


def _pairs(query: Query, sentence_ids: Sequence[int]) -> dict[int, _Pair]:
    """Load, analyse and align the given sentences (two queries whatever their number)."""
    if not sentence_ids:
        return {}
    ids = [int(i) for i in sentence_ids]
    pairs: dict[int, _Pair] = {}
    others: dict[int, _Other] = {}
    # Tokens of the texts shown, rebuilt from the index's stems and spans (a quarter of what
    # analysing costs), or analysed where the index has none or a match needs the words' forms
    # (a lone prefix: the index keeps forms only as a set); resolutions repeat their preambles
    # and formulas word for word, so each text is read once for all its uses.
    stored = not any(p.prefix and len(p.terms) == 1 for p in query.phrases())
    known: dict[str, tuple[_Words, list[str]]] = {}  # text -> its words, and their forms
    matched: dict[str, list[int]] = {}

    def words_of(text: str, stems: str | None, spans: Any) -> tuple[_Words, list[str]]:
        words = known.get(text)
        if words is None:
            columns = stored_columns(stems, spans) if stored and stems is not None else None
            if columns is not None:
                words = known[text] = _Words(*columns), columns[0]  # each form is its stem
            else:
                tokens = analyze(text)
                words = known[text] = (
                    _Words(
                        list(map(_STEM, tokens)), list(map(_START, tokens)), list(map(_END, tokens))
                    ),
                    list(map(_FORM, tokens)),
                )
        return words

    for row in _rows(_SENTENCES_SQL, ids):
        (
            sid,
            lang,
            text,
            start,
            paragraph_id,
            resolution_id,
            index,
            kind,
            number,
            source_label,
            heading_beside,
            numbered_before,
            stems,
            spans,
            other_id,
            other_lang,
            other_text,
            other_stems,
            other_spans,
        ) = row
        pair = pairs.get(sid)
        if pair is None:
            sentence = {
                "id": sid,
                "lang": lang,
                "text": text,
                "start": start,
                "paragraph_id": paragraph_id,
                "resolution_id": resolution_id,
                "paragraph_index": index,
                "paragraph_label": paragraph_label(
                    kind, number, index, short=True, source_label=source_label
                ),
                "margin_label": margin_label(lang, kind, number, index, source_label),
                # Whether the reader may show the paragraph's row with no number (its labels
                # are then read from the row, for the hits shown: _label_unnumbered).
                "unnumbered": may_print_no_number(
                    kind, number, source_label, text, heading_beside=heading_beside != 0
                ),
                # Whether it may read in the row of a numbered paragraph, named by its number.
                "numbered_before": bool(numbered_before),
            }
            words, forms = words_of(text, stems, spans)
            positions = matched.get(text)
            if positions is None:
                positions = matched[text] = stem_positions(query, words.stems, forms)
            pair = pairs[sid] = _Pair(sentence, words, positions)
        if other_id is None or other_lang == lang:
            continue
        other = others.get(other_id)
        if other is None:
            other = _Other(
                other_id, other_lang, other_text, *words_of(other_text, other_stems, other_spans)
            )
            others[other_id] = other
        pair.counterparts.append(other)
    # The clause holding the first match, and the counterpart clauses linked to it.
    for sid, start, end, lang, other_id, other_start, other_end in _rows(_CLAUSES_SQL, ids):
        pair = pairs.get(sid)
        if pair is None or not pair.positions or lang == pair.sentence["lang"]:
            continue
        first = pair.words.starts[pair.positions[0]] + pair.sentence["start"]
        if not start <= first < end:
            continue
        if other_id in pair.aligned:
            old = pair.aligned[other_id]
            other_start, other_end = min(other_start, old[0]), max(other_end, old[1])
        pair.aligned[other_id] = (other_start, other_end)
    return pairs


@lru_cache(maxsize=1)
def _lexicon_partners() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The aligner's bilingual lexicon by key both ways: Arabic key -> English keys, English key ->
    Arabic keys (empty if not shipped)."""
    try:
        from apps.bitext import lexicon
    except ImportError:  # the lexicon is optional
        return {}, {}
    table = lexicon.default_lexicon().translations
    reverse: dict[str, set[str]] = defaultdict(set)
    for ar, ens in table.items():
        for en in ens:
            reverse[en].add(ar)
    return {ar: frozenset(ens) for ar, ens in table.items()}, {
        en: frozenset(ars) for en, ars in reverse.items()
    }


@lru_cache(maxsize=1)
def _keys_by_stem() -> dict[str, dict[str, frozenset[str]]]:
    """Per language, a search stem -> the lexicon keys the analyzer stems to it: the lexicon keys
    six letters of an English word ("ending", the lexicon's pair of إنهاء) and the search stems
    it ("end"), so a counterpart's "end" is known to translate إنهاء."""
    from_arabic, from_english = _lexicon_partners()
    by_lang: dict[str, dict[str, frozenset[str]]] = {}
    for lang, table in ((Lang.ARABIC, from_arabic), (Lang.ENGLISH, from_english)):
        by_stem: dict[str, set[str]] = defaultdict(set)
        for key in table:
            stem = stem_word(key)
            if stem:
                by_stem[stem].add(key)
        by_lang[lang] = {stem: frozenset(keys) for stem, keys in by_stem.items()}
    return by_lang


@lru_cache(maxsize=2)
def _function_stems(lang: str) -> frozenset[str]:
    """Stems never spotted as a translation (of, من, the "th" of 8th), unless the query is one."""
    try:
        from apps.bitext import lexicon
    except ImportError:
        return frozenset()
    return lexicon.function_stems(lang)


# The lexicon's key of a word as written, one cache per language: a cached function of one string
# looks its argument up as it is (two arguments are packed into a tuple and hashed at every call).
@lru_cache(maxsize=50_000)
def _arabic_key(word: str) -> str:
    try:
        from apps.bitext import lexicon
    except ImportError:
        return ""
    return lexicon.arabic_stem(word)


@lru_cache(maxsize=50_000)
def _english_key(word: str) -> str:
    try:
        from apps.bitext import lexicon
    except ImportError:
        return ""
    return lexicon.english_stem(word)


def _lexicon_key(lang: str) -> Callable[[str], str]:
    """The lexicon's key of a word written in lang."""
    return _arabic_key if lang == Lang.ARABIC else _english_key


def _joined(gap: str) -> bool:
    """Whether two words with this between them stand side by side (spaces, or a hyphen with
    none: Secretary-General), not across punctuation (إسرائيل، القوة; "Israel - the")."""
    return not gap.strip() or gap in ("-", "\u2010", "\u2011")


@dataclass(slots=True)
class _Seen:
    """A counterpart as spotting reads it: the tokens of its aligned clause (all of them without
    one), the stems it counts for, and the lexicon keys of its language paired with the query."""

    pair: _Pair  # the matched sentence it translates
    lang: str
    text: str
    stems: list[str]
    starts: list[int]
    ends: list[int]
    present: set[str]  # spotting_stems of the words counted
    partners: set[str]  # this language's lexicon keys the lexicon pairs with a matched word


@dataclass
class _Marks:
    """What spotting marks in one language's counterparts: the stems shown alone, wherever they
    stand, and each phrase shown by its stems, only where its words stand side by side ("human
    rights", not the "human" of "All human beings"): all of a two-word phrase, two words at least
    of a longer one (قوة احتلال of القوة القائمة بالاحتلال)."""

    words: set[str] = field(default_factory=set)
    phrases: list[frozenset[str]] = field(default_factory=list)

    def positions(self, text: str, words: _Words, span: tuple[int, int] | None) -> list[int]:
        """Indexes of the words to mark among those starting in span (all without one)."""
        at = words.starting_in(span)
        stems, starts, ends = words.stems, words.starts, words.ends
        marked = {i for i in at if stems[i] in self.words}
        if not self.phrases:
            return sorted(marked)
        in_phrases = set().union(*self.phrases)
        # A word counts for a phrase's stem as spotting counted it: لحقوق for حقوق.
        keys = {
            i: stem if stem in in_phrases else stem[1:]
            for i in at
            if (stem := stems[i]) in in_phrases
            or (stem[:1] == LAM and len(stem) > 3 and stem[1:] in in_phrases)
        }
        for phrase in self.phrases:
            need = min(2, len(phrase))
            run: list[int] = []
            for i in [*at, -1]:  # -1 ends the last run
                if (
                    run
                    and keys.get(i) in phrase
                    and run[-1] == i - 1
                    and _joined(text[ends[i - 1] : starts[i]])
                ):
                    run.append(i)
                    continue
                if len({keys[j] for j in run}) >= need:
                    marked.update(run)
                run = [i] if keys.get(i) in phrase else []
        return sorted(marked)


class _Scored(NamedTuple):
    """A counterpart stem scored as a translation of the query (sorted as a tuple: best first)."""

    score: float
    lang: str
    stem: str
    held: int  # counterparts holding it
    # Beside a word the lexicon pairs with the query, a word it does not pair is spotted only if
    # it is in a quarter of the counterparts, or as part of that word's phrase ("social" of
    # "social protection", not "entitled" beside it).
    weak: bool


def _query_partners(pair: _Pair) -> set[str]:
    """The counterpart language's lexicon keys the lexicon pairs with a matched word."""
    lang, text, words = pair.sentence["lang"], pair.sentence["text"], pair.words
    from_arabic, from_english = _lexicon_partners()
    table = from_arabic if lang == Lang.ARABIC else from_english
    key = _lexicon_key(lang)
    partners: set[str] = set()
    for i in pair.positions:
        partners.update(table.get(key(text[words.starts[i] : words.ends[i]]), ()))
    return partners


def _read_counterparts(pairs: Iterable[_Pair]) -> list[_Seen]:
    """The counterparts of the matched sentences (each pair's aligned clause where known), in the
    order of the matches."""
    seen: list[_Seen] = []
    for pair in pairs:
        if not pair.positions:
            continue
        partners = _query_partners(pair)
        for other in pair.counterparts:
            inner = other.words.within(pair.aligned.get(other.sentence_id))
            stems = other.words.stems[inner]
            seen.append(
                _Seen(
                    pair,
                    other.lang,
                    other.text,
                    stems,
                    other.words.starts[inner],
                    other.words.ends[inner],
                    spotting_stems(stems),
                    partners,
                )
            )
    return seen


def _countable(
    seen: Iterable[_Seen], skip: dict[str, frozenset[str]], among: set[str] | None = None
) -> dict[str, tuple[dict[str, int], int]]:
    """Per language, the stems (those `among` if given) that may be spotted, each with the number
    of counterparts holding it, and the number of counterparts: a stem held by two of them at
    least, not a number, a letter or a skipped function word, nor a ل-word counted without its ل
    (spotting_stems)."""
    by_lang: dict[str, list[set[str]]] = defaultdict(list)
    for item in seen:
        by_lang[item.lang].append(item.present if among is None else item.present & among)
    countable: dict[str, tuple[dict[str, int], int]] = {}
    for lang, sets in by_lang.items():
        skipped = skip[lang]
        countable[lang] = (
            {
                stem: c
                for stem, c in Counter(chain.from_iterable(sets)).items()
                if c >= 2
                and len(stem) >= 2
                and not stem.isdigit()
                and stem not in skipped
                and not (stem[:1] == LAM and len(stem) > 3)  # without_lam(stem) is None
            },
            len(sets),
        )
    return countable


def _lexical_stems(seen: Iterable[_Seen], wanted: set[str]) -> set[str]:
    """The wanted stems written, in some counterpart, as a word the lexicon pairs with a matched
    word (only these stems are asked about: a lexicon key costs a call per word)."""
    lexical: set[str] = set()
    for item in seen:
        if not item.partners:
            continue
        key, text = _lexicon_key(item.lang), item.text
        for stem, start, end in zip(item.stems, item.starts, item.ends, strict=True):
            if stem in wanted and stem not in lexical and key(text[start:end]) in item.partners:
                lexical.add(stem)
    return lexical


def _score(countable: dict[str, tuple[dict[str, int], int]], lexical: set[str]) -> list[_Scored]:
    """The countable stems more frequent in the counterparts than in the background, scored by
    how much (the lexicon's pairs thrice as much), best first."""
    scored: list[_Scored] = []
    for lang, (counts, n) in countable.items():
        df, total = background_df(lang)
        for stem, c in counts.items():
            p1 = c / n
            p0 = (df.get(stem, 0) + 1) / (total + 2)
            paired = stem in lexical
            if p1 <= (1.1 if paired else 1.5) * p0:
                continue
            score = p1 * math.log(p1 / p0) * (3.0 if paired else 1.0)
            scored.append(_Scored(score, lang, stem, c, not paired and p1 < 0.25))
    scored.sort(reverse=True)
    return scored


# How a counterpart word beside a candidate relates to the matched sentence, by the lexicon.
_COUNTED = 0  # no other word of the matched sentence accounts for it
_OTHER_WORD = 1  # the translation of another word of the matched sentence
_QUERY = 2  # paired with the query or a word of its phrase


def _phrase_extent(pair: _Pair, function: frozenset[str]) -> set[int]:
    """The matched words of a sentence and the words of their phrase: up to two content words
    each side, with nothing but spaces between (القوة القائمة بالاحتلال, "social protection")."""
    text, words = pair.sentence["text"], pair.words
    extent = set(pair.positions)
    for i in pair.positions:
        for step in (1, -1):
            j = i
            for _ in range(2):
                k = j + step
                if not 0 <= k < len(words.stems) or words.stems[k] in function:
                    break
                left, right = (j, k) if step == 1 else (k, j)
                if not _joined(text[words.ends[left] : words.starts[right]]):
                    break
                extent.add(k)
                j = k
    return extent


class _Explainer:
    """Tells which counterpart words translate another word of one matched sentence than the
    query (إسرائيل for the "Israel" beside "occupying power"), from the lexicon keys of the
    matched sentence's words: those of the query's phrase, then the others when a question
    needs them (a lexicon key costs a call per word; on the demo, UDHR and SDG targets about one
    matched sentence in eight is never asked)."""

    def __init__(self, pair: _Pair, function: frozenset[str]) -> None:
        self.pair = pair
        from_arabic, from_english = _lexicon_partners()
        # The lexicon from the counterparts' keys back to the matched sentence's.
        self.back = from_english if pair.sentence["lang"] == Lang.ARABIC else from_arabic
        self.key = _lexicon_key(pair.sentence["lang"])
        self.extent = _phrase_extent(pair, function)
        self.query_keys = {self.word_key(i) for i in pair.positions}
        # The keys of the phrase's other words, and of the sentence's other words, without the
        # query's keys.
        positions = set(pair.positions)
        self.near = {self.word_key(i) for i in self.extent - positions} - self.query_keys
        self._elsewhere: set[str] | None = None

    def word_key(self, i: int) -> str:
        """The lexicon key of the matched sentence's word i."""
        words = self.pair.words
        return self.key(self.pair.sentence["text"][words.starts[i] : words.ends[i]])

    def elsewhere(self) -> set[str]:
        """The keys of the matched sentence's words outside the query's phrase."""
        if self._elsewhere is None:
            text, words = self.pair.sentence["text"], self.pair.words
            keys = map(self.key, map(text.__getitem__, map(slice, words.starts, words.ends)))
            extent = self.extent
            self._elsewhere = {key for i, key in enumerate(keys) if i not in extent}
            self._elsewhere -= self.query_keys
        return self._elsewhere

    def kinds(self, word_keys: dict[int, str], partners: set[str]) -> dict[int, int]:
        """_COUNTED, _OTHER_WORD or _QUERY for counterpart words by their lexicon keys. A key the
        lexicon pairs with the query and with another word ("condemn" and "strongly": بشدة) is
        no evidence for either."""
        kinds: dict[int, int] = {}
        for m, word_key in word_keys.items():
            paired_with = self.back.get(word_key)
            if paired_with is None:
                kinds[m] = _COUNTED
            elif word_key in partners or not paired_with.isdisjoint(self.near):
                kinds[m] = _QUERY
            elif not paired_with.isdisjoint(self.elsewhere()):
                kinds[m] = _OTHER_WORD
            else:
                kinds[m] = _COUNTED
        return kinds

    def paired_alone(self, word_key: str) -> bool:
        """Whether the lexicon pairs this counterpart key with no word of the matched sentence
        but the query's."""
        paired_with = self.back[word_key]
        return paired_with.isdisjoint(self.near) and paired_with.isdisjoint(self.elsewhere())


def _uncount_explained(
    item: _Seen,
    pool_words: set[str],
    explainer: _Explainer,
    function: frozenset[str],
    paired_before: set[str],
) -> tuple[set[str], set[str]]:
    """The stems a counterpart counts for once the candidates' words explained by another word of
    the matched sentence are left out, and the candidates' stems it pairs with the query alone
    (not asked again of those already found so in another counterpart: paired_before).

    Left out: a word the lexicon pairs with another word of the matched sentence (not the query,
    nor a word of its phrase: القائمة بالاحتلال after القوة, القوة القائمة before بالاحتلال,
    "social" before "protection"), and a word next to one with nothing but spaces between
    (Strip of "Gaza Strip", قطاع of قطاع غزة), unless a function word or the start of a
    conjunct (وإدانته after رفضه)."""
    text, stems, starts, ends = item.text, item.stems, item.starts, item.ends
    key = _lexicon_key(item.lang)
    at = [m for m, stem in enumerate(stems) if stem in pool_words]
    word_keys = {m: key(text[starts[m] : ends[m]]) for m in at}
    kinds = explainer.kinds(word_keys, item.partners)
    paired = {
        stems[m]
        for m in at
        if stems[m] not in paired_before
        and kinds[m] == _QUERY
        and word_keys[m] in item.partners
        and explainer.paired_alone(word_keys[m])
    }
    # The words still counted that may stand joined to another word's translation, and their
    # neighbours' kinds (looked up for these words only: a lexicon key costs a call per word).
    joinable = {
        m
        for m in at
        if kinds[m] == _COUNTED
        and stems[m] not in function
        and not (text[starts[m]] == "و" != stems[m][:1])
    }
    beside = sorted(
        {o for m in joinable for o in (m - 1, m + 1) if 0 <= o < len(stems) and o not in kinds}
    )
    kinds.update(
        explainer.kinds({o: key(text[starts[o] : ends[o]]) for o in beside}, item.partners)
    )
    explained = [
        m
        for m in at
        if kinds[m] == _OTHER_WORD
        or (
            m in joinable
            and any(
                kinds.get(o) == _OTHER_WORD and _joined(text[ends[min(m, o)] : starts[max(m, o)]])
                for o in (m - 1, m + 1)
            )
        )
    ]
    if not explained:
        return item.present, paired
    counted = list(stems)
    for m in explained:
        counted[m] = ""
    return spotting_stems(stem for stem in counted if stem), paired


# A run of spotted words side by side in one counterpart: (stem, start, end, text) per word.
_Run = list[tuple[str, int, int, str]]


def _side_by_side(
    seen: Iterable[_Seen], counts: dict[str, int]
) -> tuple[dict[str, Counter[str]], Counter[tuple[str, str]], list[_Run]]:
    """Where the candidate stems stand in the counterparts: per stem, the words it was written as
    (first occurrence in each counterpart); per pair of stems side by side (nothing but spaces
    between), the counterparts holding them so, counted in text order (a set would order ties
    by string hash, which differs between processes and so between cached pages); and the runs
    of candidate words side by side, to show a phrase as the text writes it."""
    surfaces: dict[str, Counter[str]] = {stem: Counter() for stem in counts}
    pairs_in_order: list[tuple[str, str]] = []
    runs: list[_Run] = []
    for item in seen:
        if counts.keys().isdisjoint(item.present):
            continue
        text, starts, ends = item.text, item.starts, item.ends
        # Each word under the candidate it counted for (لشعب under شعب, see spotting_stems;
        # without_lam written out, as a call per word cost more than the rest of this loop).
        keys = [
            stem[1:] if stem[:1] == LAM and len(stem) > 3 and stem[1:] in counts else stem
            for stem in item.stems
        ]
        at = [i for i, key in enumerate(keys) if key in counts and key in item.present]
        firsts: dict[str, int] = {}
        for i in at:
            firsts.setdefault(keys[i], i)
        for stem, i in firsts.items():
            surfaces[stem][text[starts[i] : ends[i]].casefold()] += 1
        here: set[tuple[str, str]] = set()
        run: _Run = []
        for n, i in enumerate(at):
            if n and (at[n - 1] != i - 1 or not _joined(text[ends[i - 1] : starts[i]])):
                if len(run) > 1:
                    runs.append(run)
                run = []
            if run and (run[-1][0], keys[i]) not in here:
                here.add((run[-1][0], keys[i]))
                pairs_in_order.append((run[-1][0], keys[i]))
            run.append((keys[i], starts[i], ends[i], text))
        if len(run) > 1:
            runs.append(run)
    return surfaces, Counter(pairs_in_order), runs


def _root(group: dict[str, str], stem: str) -> str:
    """The first stem of the phrase a stem was merged into (itself if none)."""
    while group.get(stem, stem) != stem:
        stem = group[stem]
    return stem


def _merge_adjacent(
    bigrams: Counter[tuple[str, str]], counts: dict[str, int], weak: set[str]
) -> tuple[dict[str, set[str]], dict[str, tuple[str, str]]]:
    """Candidates that mostly stand side by side (الأمم المتحدة, occupying power): when both
    travel together, one phrase (القوة القائمة بالاحتلال, a chain of such pairs), given as its
    first stem -> its stems; else the phrase replaces the rarer word only, given as that word ->
    the pair."""
    group: dict[str, str] = {}  # stem -> a stem of its phrase nearer the first
    rarer_only: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    # Most frequent first, ties in text order (as Counter.most_common).
    adjacent = sorted(
        ((a, b, n) for (a, b), n in bigrams.items()), key=lambda item: item[2], reverse=True
    )
    for a, b, together in adjacent:
        if a == b or a in rarer_only or b in rarer_only:
            continue
        if together < 0.7 * min(counts[a], counts[b]):
            continue
        if together >= 0.7 * max(counts[a], counts[b]) and a not in weak and b not in weak:
            ra, rb = _root(group, a), _root(group, b)
            if ra != rb:
                group[rb] = ra
            used.update((a, b))
        elif a not in used and b not in used:
            rarer = a if counts[a] < counts[b] else b
            if rarer not in used:
                used.add(rarer)
                rarer_only[rarer] = (a, b)
    members: dict[str, set[str]] = defaultdict(set)
    for stem in used:
        if stem not in rarer_only:
            members[_root(group, stem)].add(stem)
    return members, rarer_only


def _as_written(runs: Iterable[_Run], wanted: set[str]) -> tuple[str, int] | None:
    """The stretch of candidate words side by side made of these stems, as written, and how many
    times: the one holding most of them, then the most common; None if seen only once."""
    found: Counter[tuple[int, str]] = Counter()
    for run in runs:
        i = 0
        while i < len(run):
            j = i
            while j < len(run) and run[j][0] in wanted:
                j += 1
            if j - i >= 2:
                written = " ".join(run[i][3][run[i][1] : run[j - 1][2]].casefold().split())
                found[len({stem for stem, *_ in run[i:j]}), written] += 1
            i = max(j, i + 1)
    (_size, written), n = max(
        found.items(), key=lambda item: (item[0][0], item[1]), default=((0, ""), 0)
    )
    return (written, n) if n >= 2 else None  # a stretch seen once is no phrase


def _phrases(
    runs: list[_Run],
    members: dict[str, set[str]],
    rarer_only: dict[str, tuple[str, str]],
    langs: dict[str, str],
) -> tuple[dict[str, tuple[Translation, set[str]]], set[str]]:
    """The merged candidates the counterparts write as a phrase at least twice: per stem shown as
    a phrase (a phrase's first stem, or the rarer word), the phrase and the stems it holds; and
    the stems now shown within a phrase."""
    phrases: dict[str, tuple[Translation, set[str]]] = {}
    within: set[str] = set()
    for head, together in members.items():
        written = _as_written(runs, together)
        if written is not None:
            phrases[head] = (Translation(written[0], written[1], langs[head]), together)
            within |= together
    for rarer, (a, b) in rarer_only.items():
        written = _as_written(runs, {a, b})
        if written is not None:
            phrases[rarer] = (Translation(written[0], written[1], langs[rarer]), {a, b})
            within.add(rarer)
    return phrases, within


def _translating_neighbours(
    seen: Iterable[_Seen],
    explainers: dict[tuple[str, str, tuple[int, ...]], _Explainer],
    counts: dict[str, int],
    lexical: set[str],
) -> tuple[set[str], set[str]]:
    """The candidates that, in half the counterparts holding them at least, translate a word
    beside the query in its phrase and not the query: "end" for الاحتلال, from إنهاء الاحتلال
    ("end the occupation"). Within a phrase with the query's translation such a word is shown
    ("israeli occupation"); alone it is another word's translation. Also, the candidates that
    in half their counterparts at least the lexicon pairs with a word beside the query, whether
    or not with the query too: "human" for لحقوق, from لحقوق الإنسان (the lexicon pairs both
    words with both "human" and "rights"; "rights" is also in the counterparts of حقوق alone)."""
    by_stem = _keys_by_stem()
    beside: Counter[str] = Counter()
    near_paired: Counter[str] = Counter()
    for item in seen:
        here = [stem for stem in counts if stem in item.present]
        if not here:
            continue
        sentence = item.pair.sentence
        explainer = explainers.get((sentence["lang"], sentence["text"], tuple(item.pair.positions)))
        if explainer is None or not explainer.near:
            continue
        key, text, back = _lexicon_key(item.lang), item.text, explainer.back
        keys_of = by_stem[item.lang]
        for stem in here:
            keys = set(keys_of.get(stem, ()))
            keys.update(
                key(text[start:end])
                for word, start, end in zip(item.stems, item.starts, item.ends, strict=True)
                if word == stem or word == LAM + stem
            )
            partners = set().union(*(back.get(k, ()) for k in keys))
            if partners.isdisjoint(explainer.near):
                continue
            near_paired[stem] += 1
            if stem not in lexical and partners.isdisjoint(explainer.query_keys):
                beside[stem] += 1
    return (
        {stem for stem, n in beside.items() if 2 * n >= counts[stem]},
        {stem for stem, n in near_paired.items() if 2 * n >= counts[stem]},
    )


def _summary(
    candidates: list[_Scored],
    weak: set[str],
    phrases: dict[str, tuple[Translation, set[str]]],
    within: set[str],
    surfaces: dict[str, Counter[str]],
    lexical: set[str],
    own: dict[str, float],
    neighbours: set[str],
) -> tuple[list[Translation], dict[str, _Marks]]:
    """The summary (the translation most associated with the query, the lexicon's pairs first,
    a phrase holding a neighbour's translation after its word shown alone, and then first by
    `own`, a stem's score where the query's own form was matched; then the others most frequent
    first; a word shown within a phrase not again alone) and what to mark per language (a word
    shown within a phrase only there, and a weak candidate only within a phrase)."""
    spotted: dict[str, _Marks] = defaultdict(_Marks)
    shown = [item for item in candidates if item.stem not in weak or item.stem in within]
    alone = {item.stem for item in shown if item.stem not in phrases and item.stem not in within}
    summary: list[tuple[bool, bool, float, float, Translation]] = []
    for score, lang, stem, count, _weak in shown:
        if stem in alone:
            spotted[lang].words.add(stem)
            if lang == Lang.ARABIC:
                spotted[lang].words.add(LAM + stem)  # the words counted for it (spotting_stems)
        if stem in phrases:
            translation, stems = phrases[stem]
            spotted[lang].phrases.append(frozenset(stems))
            # "human rights" for لحقوق: "human" is الإنسان's, the word beside it, and "rights",
            # the typed word's own translation, is shown alone too: that one leads.
            covers_neighbour = not stems.isdisjoint(neighbours) and not alone.isdisjoint(
                stems - neighbours
            )
            summary.append(
                (not stems & lexical, covers_neighbour, -own.get(stem, 0.0), -score, translation)
            )
        elif stem not in within:
            best = surfaces[stem].most_common(1)
            if best:
                translation = Translation(best[0][0], count, lang)
                summary.append(
                    (stem not in lexical, False, -own.get(stem, 0.0), -score, translation)
                )
    if not summary:
        return [], spotted
    # The best-scored translation leads (where the query's own form was matched, if `own` has
    # scores); the others follow most frequent first, as a reader takes a line of counts
    # (Linguee's), ties in count keeping the score's order. Ordered by count alone,
    # "paragraph 20" (the lexicon pairs فقرة with it) led "poverty 18" for الفقر.
    lead = min(summary, key=lambda entry: entry[:4])
    summary.sort(key=lambda entry: (entry[0], entry[3]))
    rest = [entry[4] for entry in summary if entry is not lead]
    return [lead[4], *sorted(rest, key=lambda t: -t.count)], spotted


def _spot(
    pairs: Iterable[_Pair], forms: frozenset[str] = frozenset()
) -> tuple[list[Translation], dict[str, _Marks], int]:
    """Words most associated with the query in the counterparts (aligned clause when known),
    against background frequencies, as Linguee-style spotting does: words the aligner's lexicon
    pairs with a matched word come first; a counterpart word the lexicon pairs with another word
    of the matched sentence (إسرائيل for the "Israel" beside "occupying power": the document's
    topic, in the counterparts whatever the query) is not counted; adjacent spotted words that
    travel together are one phrase (القوة القائمة بالاحتلال), shown as written; the best guess
    is the one most associated with the query's own `forms` where other forms of its stem were
    matched too (الإنسان "human", not الإنسانية's "humanitarian"). Returns the summary, the
    stems to mark per language, and the number of counterparts read."""
    matched = [pair for pair in pairs if pair.positions]
    function: dict[str, frozenset[str]] = {
        lang: _function_stems(lang) for lang in (Lang.ARABIC, Lang.ENGLISH)
    }
    # Function words are spotted only for a query made of them (من -> of, from).
    function_query = all(
        pair.words.stems[i] in function[pair.sentence["lang"]]
        for pair in matched
        for i in pair.positions
    )
    skip: dict[str, frozenset[str]] = {
        lang: frozenset() if function_query else stems for lang, stems in function.items()
    }
    seen = _read_counterparts(matched)

    # 1. The candidates: the stems most associated with the query, counting every word.
    countable = _countable(seen, skip)
    lexical = _lexical_stems(seen, {stem for counts, _n in countable.values() for stem in counts})
    pool = {item.stem for item in _score(countable, lexical)[: 3 * SPOT_TERMS]}

    # 2. Each candidate checked where it stands: the words another word of the matched sentence
    # explains are not counted.
    pool_words = pool | {LAM + stem for stem in pool}  # the words counted for them
    # One explainer per matched text and matches (a formula repeated in many resolutions).
    explainers: dict[tuple[str, str, tuple[int, ...]], _Explainer] = {}
    paired: set[str] = set()  # candidates paired with the query alone, somewhere
    for item in seen:
        if pool.isdisjoint(item.present):
            continue
        sentence = item.pair.sentence
        source = (sentence["lang"], sentence["text"], tuple(item.pair.positions))
        explainer = explainers.get(source)
        if explainer is None:
            explainer = explainers[source] = _Explainer(item.pair, function[sentence["lang"]])
        item.present, paired_here = _uncount_explained(
            item, pool_words, explainer, function[item.lang], paired
        )
        paired |= paired_here

    # 3. The candidates scored again on what is left.
    lexical = (lexical - pool) | paired
    scored = _score(_countable(seen, skip, among=pool), lexical)
    if lexical.isdisjoint(item.stem for item in scored):
        scored = [item._replace(weak=False) for item in scored]
    top = [item for item in scored if not item.weak][:SPOT_TERMS]
    weak = {item.stem for item in scored[: 2 * SPOT_TERMS] if item.weak}
    candidates = top + [item for item in scored[: 2 * SPOT_TERMS] if item.weak]

    # 4. Candidates side by side merged into phrases as written.
    counts = {item.stem: item.held for item in candidates}
    surfaces, bigrams, runs = _side_by_side(seen, counts)
    members, rarer_only = _merge_adjacent(bigrams, counts, weak)
    langs = {item.stem: item.lang for item in candidates}
    phrases, within = _phrases(runs, members, rarer_only, langs)
    # 5. A word that translates the query's neighbour (end, of إنهاء الاحتلال) only in a phrase.
    neighbours_only, neighbours = _translating_neighbours(seen, explainers, counts, lexical)
    weak |= neighbours_only
    own = _own_form_scores(seen, forms, skip, {item.stem for item in candidates}, lexical)
    translations, spotted = _summary(
        candidates, weak, phrases, within, surfaces, lexical, own, neighbours
    )
    return translations, spotted, len(seen)


# Fewest matched sentences holding the query's own form for their counterparts to choose the
# best guess: with fewer, no stem is in two of them (_countable) and the scores say nothing.
MIN_OWN_FORM = 3


def _own_form_scores(
    seen: list[_Seen],
    forms: frozenset[str],
    skip: dict[str, frozenset[str]],
    candidates: set[str],
    lexical: set[str],
) -> dict[str, float]:
    """The candidates' scores in the counterparts of the matched sentences that hold one of the
    query's own forms, when others matched it only through another form of its stem (الإنسانية,
    humanitarian, for الإنسان: the light stemmer gives both انس); empty when every match, or
    fewer than MIN_OWN_FORM, hold the form."""
    if not forms:
        return {}
    own: dict[int, bool] = {}
    for item in seen:
        pair = item.pair
        if id(pair) not in own:
            text, words = pair.sentence["text"], pair.words
            own[id(pair)] = any(
                word_form(text[words.starts[i] : words.ends[i]]) in forms for i in pair.positions
            )
    held = sum(own.values())
    if held == len(own) or held < MIN_OWN_FORM:
        return {}
    counted = [item for item in seen if own[id(item.pair)]]
    return {
        item.stem: item.score for item in _score(_countable(counted, skip, candidates), lexical)
    }


def warm_up() -> None:
    """Load what the first search would: the analyzer's tables and the lexicon by key (no
    database). A server calls this before gc.freeze() (config/wsgi.py), so these long-lived
    structures are not walked by every full collection: loaded later, they made one of ~60
    searches take 50 ms longer at 1M pairs (benchmarks/README.md, Search)."""
    analyze("وإذ يؤكد المجلس على مركزية القضية الفلسطينية، 62,500")
    analyze("The Council emphasizes the centrality of the Palestinian issue, 62,500")
    _lexicon_partners()
    _keys_by_stem()
    _function_stems(Lang.ARABIC)
    _function_stems(Lang.ENGLISH)


# --- the search -----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _reader_path(slug: str) -> str:
    """The reader's URL of a resolution (reversing costs ~20 µs, and a page links up to 20)."""
    return reverse("reader:resolution", kwargs={"slug": slug})


def _hits(
    ids: Sequence[int],
    scores: Sequence[float],
    pairs: dict[int, _Pair],
    spotted: dict[str, _Marks],
    resolutions: dict[int, Resolution],
    query: Query | None = None,
) -> list[Hit]:
    """The hits shown; with a query, a counterpart that matches it too has its match marked as
    well as the spotted words (a pair found on both sides, listed once: _one_per_pair)."""
    hits = []
    for sid, score in zip(ids, scores, strict=True):
        pair = pairs.get(sid)
        if pair is None:  # the sentence vanished between the two queries
            continue
        s = pair.sentence
        resolution = resolutions[s["resolution_id"]]
        counterparts = []
        for other in pair.counterparts:
            terms = spotted.get(other.lang)
            span = pair.aligned.get(other.sentence_id)
            words = other.words
            # The spotted words, in the aligned clause where there is one.
            marks = terms.positions(other.text, words, span) if terms else []
            if query is not None and stems_match(query, words.stems, other.forms):
                marks = sorted({*marks, *stem_positions(query, words.stems, other.forms)})
            counterparts.append(
                Counterpart(
                    lang=other.lang,
                    dir=DIRECTION[other.lang],
                    sentence_id=other.sentence_id,
                    text=other.text,
                    highlighted=highlight(other.text, words.at(marks), span=span),
                )
            )
        hits.append(
            Hit(
                sentence_id=sid,
                lang=s["lang"],
                dir=DIRECTION[s["lang"]],
                text=s["text"],
                highlighted=highlight(s["text"], pair.words.at(pair.positions)),
                score=score,
                resolution=resolution,
                paragraph_id=s["paragraph_id"],
                paragraph_index=s["paragraph_index"],
                paragraph_label=s["paragraph_label"],
                margin_label=s["margin_label"],
                url=f"{_reader_path(resolution.slug)}?hl=s{sid}#s{sid}",
                counterparts=counterparts,
            )
        )
    return hits


def facet_counts(
    facets: Iterable[tuple[int, str, int]], lang: str, resolution_id: int | None
) -> tuple[Counter[str], Counter[int]]:
    """Matches per language (within the resolution filter) and per resolution (within the
    language filter) from the window's (resolution, lang, matches) rows: each facet ignores
    its own filter, so the other choices' counts stay visible."""
    by_lang: Counter[str] = Counter()
    by_resolution: Counter[int] = Counter()
    for r, lg, n in facets:
        if resolution_id is None or r == resolution_id:
            by_lang[lg] += n
        if not lang or lg == lang:
            by_resolution[r] += n
    return by_lang, by_resolution


LANGUAGE_NAMES: dict[str, str] = {Lang.ARABIC: "Arabic", Lang.ENGLISH: "English"}
_LATIN_RE = re.compile("[a-z]")


def _words_language(query: Query) -> str:
    """The language every searched word is written in ("ar" or "en"), or "" for a mix or none."""
    terms = "".join(term for phrase in query.phrases() for term in phrase.terms)
    arabic, latin = bool(_ARABIC_LETTER_RE.search(terms)), bool(_LATIN_RE.search(terms))
    return Lang.ARABIC if arabic and not latin else Lang.ENGLISH if latin and not arabic else ""


def _one_per_pair(found: Window) -> tuple[Window, list[tuple[int, str, int]]]:
    """The window with each aligned pair matched on both sides listed once, under its Arabic
    sentence, at the better place of its two (its English sentence is shown as the counterpart),
    and the facets of the candidates so merged; unchanged, with no query, when the candidates are
    in one language (a word of one language: most searches).

    The Arabic side, not the better-ranked one: the same hits on both engines whatever their
    scores, every merged pair read in the same direction, and an n:m link's sentences listed as a
    language filter lists them (each Arabic sentence with its English counterparts)."""
    if len({lg for _r, lg, _n in found.facets}) < 2:  # the facets count the candidates
        return found, found.facets
    # A pair is merged when both its sides are candidates: the index row of each holds its
    # sentence link (reading the links here cost numbers found on both sides 16-27 % of
    # search()'s CPU at 100k pairs: benchmarks/README.md, Search).
    arabic: dict[int, list[int]] = defaultdict(list)  # sentence link -> its Arabic candidates
    ar, en = Lang.ARABIC.value, Lang.ENGLISH.value
    for sid, _r, lg, _score, link in found.candidates:
        if lg == ar and link is not None:
            arabic[link].append(sid)
    merged = {  # English sentence -> its Arabic partners
        sid: arabic[link]
        for sid, _r, lg, _score, link in found.candidates
        if lg == en and link in arabic
    }
    if not merged:
        return found, found.facets
    ids: list[int] = []
    scores: list[float] = []
    listed: set[int] = set()
    for sid, score in zip(found.ids, found.scores, strict=True):
        for shown in sorted(merged[sid]) if sid in merged else (sid,):
            if shown not in listed:
                listed.add(shown)
                ids.append(shown)
                scores.append(score)
    facets = Counter((r, lg) for sid, r, lg, _score, _link in found.candidates if sid not in merged)
    window = Window(
        facets=[(r, lg, n) for (r, lg), n in facets.items()],
        count=len(ids),
        capped=found.capped,
        ids=ids,
        scores=scores,
        candidates=found.candidates,
    )
    return window, window.facets


def search(
    q: str,
    *,
    lang: str = "",
    resolution: str = "",
    body: str = "",
    year: int | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    spot: bool = True,
) -> SearchResult:
    """Ranked hits of a query with counterparts, count, facets and translation summary."""
    query = parse_query(q)
    hints = list(query.hints)
    lang = lang if lang in (Lang.ARABIC, Lang.ENGLISH) else ""
    page = max(1, min(page, math.ceil(engines.WINDOW / max(1, per_page))))
    result = SearchResult(
        q=q,
        query=query,
        lang=lang,
        resolution=resolution,
        body=body,
        year=year,
        page=page,
        count=0,
        count_capped=False,
        hits=[],
        hints=hints,
        resolution_facets=[],
        lang_facets=[],
        translations=[],
        sample_size=0,
    )
    resolution_id: int | None = None
    if resolution:
        row = None
        if _SLUG_RE.fullmatch(resolution):
            row = Resolution.objects.filter(slug=resolution).values_list("id", "title_en").first()
        if row is None:
            hints.append(f"No resolution is called {resolution!r}.")
            return result
        resolution_id, title = row
        result.resolution_title = title or resolution
    if query.empty:
        return result
    filters = Filters(
        lang=lang,
        resolution_id=resolution_id,
        body_tag=body_tag(body) if body.strip() else "",
        year=year,
    )
    found = engines.window(query, filters)
    # The language facets count each language's matches, what choosing one lists; the rest of the
    # page counts what it lists, a pair matched on both sides once when no language is chosen.
    facets = pair_facets = found.facets
    if not lang:
        found, pair_facets = _one_per_pair(found)
    result.count, result.count_capped = found.count, found.capped
    if found.count == 0:
        if mixes_languages(query):
            hints.append(
                "No sentence holds these Arabic and English words together: each is in one"
                " language. Search in one of them; every hit shows its translation beside it,"
                " with the words that translate yours marked."
            )
        elif lang and (other := _words_language(query)) not in ("", lang):
            result.other_lang = other
            hints.append(
                f"Your words are {LANGUAGE_NAMES[other]}, but {LANGUAGE_NAMES[lang]} was chosen:"
                f" search them in {LANGUAGE_NAMES[other]} or in both languages."
            )
        elif lang or resolution_id is not None or filters.body_tag or year is not None:
            hints.append(
                "No sentence matches with these filters. Clear them, or try fewer words, or a"
                " word's prefix followed by *."
            )
        else:
            hints.append("No sentence matches. Try fewer words, or a word's prefix followed by *.")
        return result
    # A shared or old link past the end (the corpus has changed since) shows the last page.
    page = result.page = min(page, math.ceil(min(found.count, engines.WINDOW) / max(1, per_page)))
    offset = (page - 1) * per_page
    ranked_ids = found.ids[offset : offset + per_page]
    ranked_scores = found.scores[offset : offset + per_page]
    sample = found.ids[:SPOT_SAMPLE] if spot else []
    pairs = _pairs(query, list(dict.fromkeys([*ranked_ids, *sample])))
    if spot:
        result.translations, spotted, result.sample_size = _spot(
            (pairs[i] for i in sample if i in pairs), frozenset(t.form for t in analyze(q))
        )
    else:
        spotted = {}
    by_lang = facet_counts(facets, lang, resolution_id)[0]
    by_resolution = facet_counts(pair_facets, lang, resolution_id)[1]
    shown_resolutions = [r for r, _n in by_resolution.most_common(FACET_LIMIT)]
    _label_unnumbered([pairs[i].sentence for i in ranked_ids if i in pairs])
    wanted = {pairs[i].sentence["resolution_id"] for i in ranked_ids if i in pairs}
    resolutions = _resolutions(sorted(wanted | set(shown_resolutions)))
    # With no language chosen a counterpart may match too (and its pair is listed once): when the
    # candidates are in both languages, or past a full window of one for words of neither (2015).
    languages = {lg for _r, lg, _n in facets}
    both = not lang and (len(languages) > 1 or (found.capped and not _words_language(query)))
    result.hits = _hits(
        ranked_ids, ranked_scores, pairs, spotted, resolutions, query if both else None
    )
    result.resolution_facets = [
        Facet(
            resolutions[r].slug,
            str(resolutions[r]),
            n,
            active=resolutions[r].slug == resolution,
        )
        for r, n in by_resolution.most_common(FACET_LIMIT)
        if r in resolutions
    ]
    result.lang_facets = [
        Facet(code, label, by_lang[code], active=code == lang)
        for code, label in ((Lang.ARABIC.value, "العربية"), (Lang.ENGLISH.value, "English"))
        if by_lang[code]
    ]
    return result


def hit_json(hit: Hit) -> dict[str, Any]:
    """One hit in the API's shape."""
    return {
        "resolution": {
            "slug": hit.resolution.slug,
            "symbol": hit.resolution.symbol,
            "title_en": hit.resolution.title_en,
            "title_ar": hit.resolution.title_ar,
        },
        "paragraph": {
            "id": hit.paragraph_id,
            "lang": hit.lang,
            "index": hit.paragraph_index,
            "label": hit.paragraph_label,
            "margin_label": hit.margin_label,
        },
        "sentence": {"id": hit.sentence_id, "text": hit.text},
        "highlighted": str(hit.highlighted),
        "score": round(hit.score, 6),
        "counterpart": [
            {
                "lang": c.lang,
                "sentence_id": c.sentence_id,
                "text": c.text,
                "highlighted": str(c.highlighted),
            }
            for c in hit.counterparts
        ],
        "url": hit.url,
    }


def result_json(result: SearchResult) -> dict[str, Any]:
    """The API's response: query, count, page, results, plus facets, translations and hints."""
    return {
        "query": result.q,
        "count": result.count,
        "count_capped": result.count_capped,
        "page": result.page,
        "pages": result.pages,
        "results": [hit_json(h) for h in result.hits],
        "facets": {
            "resolution": {f.value: f.count for f in result.resolution_facets},
            "lang": {f.value: f.count for f in result.lang_facets},
        },
        "translations": [
            {"text": t.text, "count": t.count, "lang": t.lang} for t in result.translations
        ],
        "hints": result.hints,
    }


def concordance(
    word: str,
    *,
    lang: str = "ar",
    limit: int = 10,
    exclude_sentence: int | None = None,
) -> list[dict[str, Any]]:
    """Up to limit sentences using word (in lang), each with its highlighted text, aligned
    counterpart and reader URL, for the reader's word-help panel."""
    limit = max(0, min(limit, PER_PAGE * 2))
    if not limit:
        return []
    # The word is taken literally: quoted, so OR, - or * in it are not operators.
    literal = '"' + word.replace('"', " ") + '"'
    result = search(literal, lang=lang, per_page=limit + 1, spot=False)
    hits = [h for h in result.hits if h.sentence_id != exclude_sentence][:limit]
    return [hit_json(h) for h in hits]
