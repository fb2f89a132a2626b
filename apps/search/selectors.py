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
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from apps.alignment.models import Level
from apps.alignment.selectors import margin_label, paragraph_label
from apps.bitext.analyze import (
    Query,
    analyze,
    mixes_languages,
    parse_query,
    stem_positions,
    stored_columns,
)
from apps.core.db import fetch_prepared
from apps.corpus.models import DIRECTION, Lang, Resolution
from apps.search import engines
from apps.search.engines import Filters
from apps.search.services import body_tag
from apps.search.stats import LAM, background_df, spotting_stems, without_lam

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
    # ("1.a"), else "op. 13", "pre. 2", or "¶ 16" for other paragraphs (the API's label).
    paragraph_label: str
    # As the reader's margin shows it in the hit's language: "1-أ" for an Arabic hit in 1.a.
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
_SENTENCES_SQL = f"""
    SELECT s.id, s.lang, s.text, s.start, s.paragraph_id, p.resolution_id, p."index", p.kind,
           p.number, p.source_label, e.stems, e.spans, o.sentence_id, os.lang, os.text, oe.stems, oe.spans
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
                other_id, other_lang, other_text, words_of(other_text, other_stems, other_spans)[0]
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


def _source_keys(
    pair: _Pair,
    function: dict[str, frozenset[str]],
    from_arabic: dict[str, frozenset[str]],
    from_english: dict[str, frozenset[str]],
) -> tuple[set[str], set[str], dict[str, frozenset[str]]]:
    """The lexicon keys of a matched sentence's words: those of the matched words' phrase (up to
    two content words each side, nothing but spaces between) and the others, without the matched
    words' own; and the table from the counterpart's keys back to them."""
    lang = pair.sentence["lang"]
    text = pair.sentence["text"]
    words = pair.words
    keys = list(
        map(_lexicon_key(lang), map(text.__getitem__, map(slice, words.starts, words.ends)))
    )
    positions = set(pair.positions)
    extent = set(positions)
    source_function = function[lang]
    for i in pair.positions:
        for step in (1, -1):
            j = i
            for _ in range(2):
                k = j + step
                if not 0 <= k < len(keys) or words.stems[k] in source_function:
                    break
                left, right = (j, k) if step == 1 else (k, j)
                if not _joined(text[words.ends[left] : words.starts[right]]):
                    break
                extent.add(k)
                j = k
    query_keys = {keys[i] for i in positions}
    near = {keys[i] for i in extent - positions} - query_keys
    elsewhere = {key for i, key in enumerate(keys) if i not in extent} - query_keys
    return near, elsewhere, (from_english if lang == Lang.ARABIC else from_arabic)


def _spot(
    pairs: Iterable[_Pair],
) -> tuple[list[Translation], dict[str, set[str]], int]:
    """Words most associated with the query in the counterparts (aligned clause when known),
    against background frequencies, as Linguee-style spotting does: words the aligner's lexicon
    pairs with a matched word come first; a counterpart word the lexicon pairs with another word
    of the matched sentence (إسرائيل for the "Israel" beside "occupying power": the document's
    topic, in the counterparts whatever the query) is not counted; adjacent spotted words that
    travel together are one phrase (القوة القائمة بالاحتلال), shown as written."""
    # Per language, the stems of each counterpart (a set each: counterparts holding a stem).
    inside: dict[str, list[set[str]]] = defaultdict(list)
    # Per counterpart, its text and its tokens and stems within the aligned clause: the words
    # shown for the spotted stems, and which of them stand side by side, are found in these at
    # the end (for 6 stems, not for every word).
    seen: list[tuple[str, list[int], list[int], list[str], set[str]]] = []
    # Per counterpart (as seen), its pair and its language's lexicon table back to the source.
    origins: list[_Pair] = []
    lexical: set[str] = set()
    from_arabic, from_english = _lexicon_partners()
    function: dict[str, frozenset[str]] = {
        lang: _function_stems(lang) for lang in (Lang.ARABIC, Lang.ENGLISH)
    }
    # Function words are spotted only for a query made of them (من -> of, from).
    function_query = True
    query_partners: dict[int, set[str]] = {}  # id(pair) -> counterpart keys paired with the query
    for pair in pairs:
        if not pair.positions:
            continue
        source_lang = pair.sentence["lang"]
        source_key = _lexicon_key(source_lang)
        # The counterpart keys the lexicon pairs with a matched word.
        partners: set[str] = set()
        table = from_arabic if source_lang == Lang.ARABIC else from_english
        matched = pair.words
        for i in pair.positions:
            if function_query and matched.stems[i] not in function[source_lang]:
                function_query = False
            word = pair.sentence["text"][matched.starts[i] : matched.ends[i]]
            partners.update(table.get(source_key(word), ()))
        query_partners[id(pair)] = partners
        for other in pair.counterparts:
            lang, text = other.lang, other.text
            inner = other.words.within(pair.aligned.get(other.sentence_id))
            stems = other.words.stems[inner]
            starts = other.words.starts[inner]
            ends = other.words.ends[inner]
            if partners:
                key = _lexicon_key(lang)
                for stem, start, end in zip(stems, starts, ends, strict=True):
                    if stem not in lexical and key(text[start:end]) in partners:
                        lexical.add(stem)
            present = spotting_stems(stems)
            inside[lang].append(present)
            seen.append((text, starts, ends, stems, present))
            origins.append(pair)

    def score_all(
        inside: dict[str, list[set[str]]], lexical: set[str], among: set[str] | None
    ) -> list[tuple[float, str, str, int, bool]]:
        scored: list[tuple[float, str, str, int, bool]] = []
        for lang, stem_sets in inside.items():
            holding = Counter(chain.from_iterable(stem_sets))  # stem -> counterparts holding it
            n = len(stem_sets)
            df, total = background_df(lang)
            skip = frozenset() if function_query else function.get(lang, frozenset())
            for stem, c in holding.items():
                if among is not None and stem not in among:
                    continue
                if c < 2 or len(stem) < 2 or stem.isdigit() or stem in skip:
                    continue
                if without_lam(stem) is not None:  # counted without its ل (spotting_stems)
                    continue
                p1 = c / n
                p0 = (df.get(stem, 0) + 1) / (total + 2)
                if p1 <= (1.1 if stem in lexical else 1.5) * p0:
                    continue
                score = p1 * math.log(p1 / p0) * (3.0 if stem in lexical else 1.0)
                # Beside a word the lexicon pairs with the query, a word it does not pair is
                # spotted only if it is in a quarter of the counterparts, or as part of that
                # word's phrase (a "weak" word: "social" of "social protection", not "entitled"
                # beside it).
                scored.append((score, lang, stem, c, stem not in lexical and p1 < 0.25))
        scored.sort(reverse=True)
        return scored

    # The best candidates, then each checked where it stands: a counterpart word the lexicon
    # pairs with another word of the matched sentence (not the query, nor a word of its phrase:
    # القائمة بالاحتلال after القوة, القوة القائمة before بالاحتلال, "social" before
    # "protection", up to two content words each side with nothing but spaces between) is that
    # word's translation and not counted; so is a word next to it with nothing but spaces
    # between (Strip of "Gaza Strip", قطاع of قطاع غزة), unless a function word or the start of
    # a conjunct (وإدانته after رفضه). A key the lexicon pairs with the query and with another
    # word ("condemn" and "strongly": بشدة) is no evidence for either.
    pool = {stem for _s, _l, stem, _c, _w in score_all(inside, lexical, None)[: 3 * SPOT_TERMS]}
    pool_words = pool | {LAM + stem for stem in pool}  # the words counted for them
    sources: dict[int, tuple[set[str], set[str], dict[str, frozenset[str]]]] = {}
    paired: set[str] = set()  # pool stems paired with the query alone, somewhere
    inside = defaultdict(list)
    for n_seen, (text, starts, ends, stems, present) in enumerate(seen):
        pair = origins[n_seen]
        lang = Lang.ENGLISH if pair.sentence["lang"] == Lang.ARABIC else Lang.ARABIC
        if pool.isdisjoint(present):
            inside[lang].append(present)
            continue
        known = sources.get(id(pair))
        if known is None:
            known = sources[id(pair)] = _source_keys(pair, function, from_arabic, from_english)
        near, elsewhere, back = known
        partners = query_partners[id(pair)]
        key = _lexicon_key(lang)
        last = len(stems) - 1
        at = [m for m, stem in enumerate(stems) if stem in pool_words]
        # Per word: 0 counted, 1 another word's translation, 2 paired with the query or its phrase.
        kinds: dict[int, int] = {}
        for m in {o for i in at for o in (i - 1, i, i + 1) if 0 <= o <= last}:
            word_key = key(text[starts[m] : ends[m]])
            paired_with = back.get(word_key)
            kinds[m] = 0
            if paired_with is None:
                continue
            if word_key in partners:
                if paired_with.isdisjoint(near) and paired_with.isdisjoint(elsewhere):
                    paired.add(stems[m])
                kinds[m] = 2
            elif not paired_with.isdisjoint(near):
                kinds[m] = 2
            elif not paired_with.isdisjoint(elsewhere):
                kinds[m] = 1
        other_function = function[lang]
        counted = list(stems)
        for m in at:
            stem = stems[m]
            explained = kinds[m] == 1
            if (
                kinds[m] == 0
                and stem not in other_function
                and not (text[starts[m]] == "و" != stem[:1])
            ):
                explained = any(
                    0 <= o <= last
                    and kinds[o] == 1
                    and _joined(text[ends[min(m, o)] : starts[max(m, o)]])
                    for o in (m - 1, m + 1)
                )
            if explained:
                counted[m] = ""
        present = spotting_stems(stem for stem in counted if stem)
        inside[lang].append(present)
        seen[n_seen] = (text, starts, ends, stems, present)
    lexical = (lexical - pool) | paired
    scored = score_all(inside, lexical, pool)
    if lexical.isdisjoint(stem for _s, _l, stem, _c, _w in scored):
        scored = [(s, lang, stem, c, False) for s, lang, stem, c, _w in scored]
    top = [item for item in scored if not item[4]][:SPOT_TERMS]
    weak = {stem for _s, _l, stem, _c, w in scored[: 2 * SPOT_TERMS] if w}
    candidates = top + [item for item in scored[: 2 * SPOT_TERMS] if item[4]]
    counts = {stem: c for _s, _l, stem, c, _w in candidates}
    langs = {stem: lang for _s, lang, stem, _c, _w in candidates}
    # Per spotted stem, the words it was written as (first occurrence in each counterpart); per
    # run of spotted stems side by side (nothing but spaces between), the counterparts holding
    # each pair, in text order: a set would order ties among equally frequent pairs by string
    # hash, which differs between processes (and so between cached pages); and the runs as
    # written, to show a phrase as the text has it.
    surfaces: dict[str, Counter[str]] = {stem: Counter() for stem in counts}
    side_by_side: list[tuple[str, str]] = []
    runs: list[list[tuple[str, int, int, str]]] = []  # (stem, start, end, text) per word
    for text, starts, ends, stems, present in seen:
        if counts.keys().isdisjoint(present):
            continue
        # Each word under the spotted stem it counted for (لشعب under شعب, see spotting_stems).
        keys = [
            base if (base := without_lam(stem)) is not None and base in counts else stem
            for stem in stems
        ]
        at = [i for i, key in enumerate(keys) if key in counts and key in present]
        firsts: dict[str, int] = {}
        for i in at:
            firsts.setdefault(keys[i], i)
        for stem, i in firsts.items():
            surfaces[stem][text[starts[i] : ends[i]].casefold()] += 1
        here: set[tuple[str, str]] = set()
        run: list[tuple[str, int, int, str]] = []
        for n, i in enumerate(at):
            if n and (at[n - 1] != i - 1 or not _joined(text[ends[i - 1] : starts[i]])):
                if len(run) > 1:
                    runs.append(run)
                run = []
            if run and (run[-1][0], keys[i]) not in here:
                here.add((run[-1][0], keys[i]))
                side_by_side.append((run[-1][0], keys[i]))
            run.append((keys[i], starts[i], ends[i], text))
        if len(run) > 1:
            runs.append(run)
    bigrams = Counter(side_by_side)
    # Merge spotted words that mostly occur side by side (الأمم المتحدة, occupying power): both
    # travel together: one phrase (القوة القائمة بالاحتلال, a chain of such pairs); else the
    # phrase replaces the rarer word only.
    group: dict[str, str] = {}  # stem -> its phrase's first stem

    def root(stem: str) -> str:
        while group.get(stem, stem) != stem:
            stem = group[stem]
        return stem

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
            ra, rb = root(a), root(b)
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
            members[root(stem)].add(stem)
    merged: dict[str, tuple[str, int, str]] = {}

    def as_written(wanted: set[str]) -> tuple[str, int] | None:
        """The stretch of spotted words side by side made of these stems, as written: the one
        holding most of them, then the most common."""
        found: Counter[tuple[int, str]] = Counter()
        for r in runs:
            i = 0
            while i < len(r):
                j = i
                while j < len(r) and r[j][0] in wanted:
                    j += 1
                if j - i >= 2:
                    written = " ".join(r[i][3][r[i][1] : r[j - 1][2]].casefold().split())
                    found[len({s for s, *_ in r[i:j]}), written] += 1
                i = max(j, i + 1)
        (_size, written), n = max(
            found.items(), key=lambda item: (item[0][0], item[1]), default=((0, ""), 0)
        )
        return (written, n) if n >= 2 else None  # a stretch seen once is no phrase

    for head, together_stems in members.items():
        written = as_written(together_stems)
        if written is not None:
            merged[head] = (written[0], written[1], langs[head])
        else:
            used.difference_update(together_stems)
    for rarer, (a, b) in rarer_only.items():
        written = as_written({a, b})
        if written is not None:
            merged[rarer] = (written[0], written[1], langs[rarer])
        else:
            used.discard(rarer)
    spotted: dict[str, set[str]] = defaultdict(set)
    summary: list[tuple[bool, float, Translation]] = []
    for score, lang, stem, c, _w in candidates:
        if stem in weak and stem not in used:
            continue
        spotted[lang].add(stem)
        if lang == Lang.ARABIC:
            spotted[lang].add(LAM + stem)  # the words counted for it (spotting_stems)
        if stem in merged:
            phrase = members.get(stem) or set(rarer_only.get(stem, ()))
            summary.append((not phrase & lexical, -score, Translation(*merged[stem])))
        elif stem not in used:
            best = surfaces[stem].most_common(1)
            if best:
                summary.append((stem not in lexical, -score, Translation(best[0][0], c, lang)))
    # The lexicon's pairs first, each kind most associated with the query first.
    summary.sort(key=lambda item: item[:2])
    return [t for _lex, _score, t in summary], spotted, len(seen)


def warm_up() -> None:
    """Load what the first search would: the analyzer's tables and the lexicon by key (no
    database). A server calls this before gc.freeze() (config/wsgi.py), so these long-lived
    structures are not walked by every full collection: loaded later, they made one of ~60
    searches take 50 ms longer at 1M pairs (benchmarks/README.md, Search)."""
    analyze("وإذ يؤكد المجلس على مركزية القضية الفلسطينية، 62,500")
    analyze("The Council emphasizes the centrality of the Palestinian issue, 62,500")
    _lexicon_partners()
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
    spotted: dict[str, set[str]],
    resolutions: dict[int, Resolution],
) -> list[Hit]:
    hits = []
    for sid, score in zip(ids, scores, strict=True):
        pair = pairs.get(sid)
        if pair is None:  # the sentence vanished between the two queries
            continue
        s = pair.sentence
        resolution = resolutions[s["resolution_id"]]
        counterparts = []
        for other in pair.counterparts:
            terms = spotted.get(other.lang, set())
            span = pair.aligned.get(other.sentence_id)
            words = other.words
            # The spotted words, in the aligned clause where there is one.
            marks = [i for i in words.starting_in(span) if words.stems[i] in terms] if terms else []
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
    facets = found.facets
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
            pairs[i] for i in sample if i in pairs
        )
    else:
        spotted = {}
    by_lang, by_resolution = facet_counts(facets, lang, resolution_id)
    shown_resolutions = [r for r, _n in by_resolution.most_common(FACET_LIMIT)]
    wanted = {pairs[i].sentence["resolution_id"] for i in ranked_ids if i in pairs}
    resolutions = _resolutions(sorted(wanted | set(shown_resolutions)))
    result.hits = _hits(ranked_ids, ranked_scores, pairs, spotted, resolutions)
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
