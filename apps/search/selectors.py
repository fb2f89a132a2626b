"""Reads of the search index: ranked, counted, faceted hits with their aligned counterparts.

A page of results costs a constant number of queries whatever the corpus size: the engine ranks a
bounded window of candidates, and only the sentences shown (plus a bounded sample for translation
spotting) are fetched, analysed and highlighted.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Subquery
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.alignment.models import Level, Link
from apps.bitext.analyze import Query, Token, analyze, match_positions, parse_query
from apps.corpus.models import Clause, Lang, Paragraph, Resolution, Sentence
from apps.search import engines
from apps.search.engines import RANK_WINDOW, Filters
from apps.search.services import body_tag
from apps.search.stats import background_df

PER_PAGE = 20
MAX_PAGE = RANK_WINDOW // PER_PAGE
# Matches whose counterparts are read to spot translations (bounded, like the ranking).
SPOT_SAMPLE = 40
SPOT_TERMS = 6
FACET_LIMIT = 12

_SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,120}")

SentenceThrough = Link.sentences.through
ClauseThrough = Link.clauses.through


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
    url: str
    counterparts: list[Counterpart] = field(default_factory=list)

    @property
    def paragraph_number(self) -> int:
        return self.paragraph_index + 1


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

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, math.ceil(self.count / PER_PAGE)))

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


def highlight(
    text: str,
    tokens: Sequence[Token],
    positions: Iterable[int],
    *,
    span: tuple[int, int] | None = None,
) -> SafeString:
    """Escape text and wrap runs of the given tokens in <mark> (whole words, marks kept inside);
    with span, also wrap that character range in <span class="aligned">."""
    runs: list[tuple[int, int]] = []
    previous = -2
    for i in sorted(set(positions)):
        if i == previous + 1 and runs and not text[runs[-1][1] : tokens[i].start].strip():
            runs[-1] = (runs[-1][0], tokens[i].end)
        else:
            runs.append((tokens[i].start, tokens[i].end))
        previous = i
    events: list[tuple[int, int, str]] = []
    for start, end in runs:
        events.append((start, 1, "<mark>"))
        events.append((end, 0, "</mark>"))
    if span is not None and span[0] < span[1]:
        # A mark crossing the clause edge is closed and reopened so tags stay nested.
        events.append((span[0], 2, '<span class="aligned">'))
        events.append((span[1], -1, "</span>"))
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    cursor = 0
    open_mark = False
    for offset, kind, tag in events:
        out.append(escape(text[cursor:offset]))
        cursor = offset
        if kind in (2, -1) and open_mark:
            out.append("</mark>" + tag + "<mark>")
            continue
        if kind == 1:
            open_mark = True
        elif kind == 0:
            open_mark = False
        out.append(tag)
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every text piece is escaped above


# --- translation spotting ---------------------------------------------------------------------


@dataclass
class _Pair:
    """One matched sentence, analysed, with its counterpart sentences and aligned clause spans."""

    sentence: dict[str, Any]
    tokens: list[Token]
    positions: list[int]
    counterparts: list[dict[str, Any]] = field(default_factory=list)
    # counterpart sentence id -> (start, end) of the aligned clause within that sentence
    aligned: dict[int, tuple[int, int]] = field(default_factory=dict)


def _pairs(query: Query, sentence_ids: Sequence[int]) -> dict[int, _Pair]:
    """Load, analyse and align the given sentences (four queries whatever their number)."""
    if not sentence_ids:
        return {}
    sentences = {
        s["id"]: s
        for s in Sentence.objects.filter(id__in=sentence_ids)
        .order_by()
        .values("id", "lang", "text", "start", "paragraph_id")
    }
    pairs: dict[int, _Pair] = {}
    for sid, s in sentences.items():
        tokens = analyze(s["text"])
        pairs[sid] = _Pair(s, tokens, match_positions(query, tokens))
    # Counterpart sentences: the other members of the sentence links of these sentences.
    members = (
        SentenceThrough.objects.filter(
            link_id__in=Subquery(
                SentenceThrough.objects.filter(
                    sentence_id__in=list(sentences), link__level=Level.SENTENCE
                ).values("link_id")
            )
        )
        .order_by("link_id", "sentence__index", "sentence_id")
        .values("link_id", "sentence_id", "sentence__lang", "sentence__text", "sentence__start")
    )
    by_link: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in members:
        by_link[row["link_id"]].append(row)
    for rows in by_link.values():
        for row in rows:
            pair = pairs.get(row["sentence_id"])
            if pair is None:
                continue
            for other in rows:
                if other["sentence__lang"] != pair.sentence["lang"]:
                    pair.counterparts.append(other)
    # The clause holding the first match, and the counterpart clauses linked to it.
    clauses = (
        Clause.objects.filter(sentence_id__in=list(sentences))
        .order_by()
        .values("id", "sentence_id", "start", "end")
    )
    matched_clause: dict[int, int] = {}
    for c in clauses:
        pair = pairs[c["sentence_id"]]
        if not pair.positions:
            continue
        first = pair.tokens[pair.positions[0]].start + pair.sentence["start"]
        if c["start"] <= first < c["end"]:
            matched_clause[c["id"]] = c["sentence_id"]
    if matched_clause:
        clause_members = (
            ClauseThrough.objects.filter(
                link_id__in=Subquery(
                    ClauseThrough.objects.filter(clause_id__in=list(matched_clause)).values(
                        "link_id"
                    )
                )
            )
            .order_by("link_id", "clause__index")
            .values(
                "link_id",
                "clause_id",
                "clause__lang",
                "clause__start",
                "clause__end",
                "clause__sentence_id",
                "clause__sentence__start",
            )
        )
        clause_links: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in clause_members:
            clause_links[row["link_id"]].append(row)
        for rows in clause_links.values():
            sources = [r for r in rows if r["clause_id"] in matched_clause]
            for source in sources:
                pair = pairs[matched_clause[source["clause_id"]]]
                for other in rows:
                    if other["clause__lang"] == pair.sentence["lang"]:
                        continue
                    base = other["clause__sentence__start"]
                    sid = other["clause__sentence_id"]
                    start, end = other["clause__start"] - base, other["clause__end"] - base
                    if sid in pair.aligned:
                        old = pair.aligned[sid]
                        start, end = min(start, old[0]), max(end, old[1])
                    pair.aligned[sid] = (start, end)
    return pairs


def _analyze_span(text: str, span: tuple[int, int] | None) -> list[Token]:
    """Tokens of text, or only of the span (offsets still into text)."""
    if span is None:
        return analyze(text)
    start = span[0]
    return [
        Token(t.start + start, t.end + start, t.stem, t.form)
        for t in analyze(text[start : span[1]])
    ]


@lru_cache(maxsize=1)
def _lexicon_pairs() -> frozenset[tuple[str, str]]:
    """The aligner's bilingual lexicon as (Arabic key, English key) pairs (empty if not shipped)."""
    try:
        from apps.bitext import lexicon
    except ImportError:  # the lexicon is optional
        return frozenset()
    table = lexicon.default_lexicon().translations
    return frozenset((ar, en) for ar, ens in table.items() for en in ens)


@lru_cache(maxsize=50_000)
def _lexicon_key(word: str, lang: str) -> str:
    try:
        from apps.bitext import lexicon
    except ImportError:
        return ""
    return lexicon.arabic_stem(word) if lang == Lang.ARABIC else lexicon.english_stem(word)


def _spot(
    pairs: Iterable[_Pair],
) -> tuple[list[Translation], dict[str, set[str]], int]:
    """Stems most associated with the query in the counterparts (aligned clause when known),
    against background frequencies, boosted where the aligner's lexicon pairs them with a matched
    word; adjacent spotted words that travel together are summarised as one phrase."""
    inside: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    samples: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    lexical: set[str] = set()
    lexicon_pairs = _lexicon_pairs()
    for pair in pairs:
        if not pair.positions:
            continue
        source_lang = pair.sentence["lang"]
        source_keys = {
            _lexicon_key(pair.sentence["text"][t.start : t.end], source_lang)
            for t in (pair.tokens[i] for i in pair.positions)
        }
        for other in pair.counterparts:
            lang = other["sentence__lang"]
            text = other["sentence__text"]
            span = pair.aligned.get(other["sentence_id"])
            seen: set[str] = set()
            tokens = _analyze_span(text, span)
            for token in tokens:
                word = text[token.start : token.end]
                if token.stem not in seen:
                    seen.add(token.stem)
                    surfaces[token.stem][word.casefold()] += 1
                if lexicon_pairs and token.stem not in lexical:
                    key = _lexicon_key(word, lang)
                    for source in source_keys:
                        pair_key = (source, key) if source_lang == Lang.ARABIC else (key, source)
                        if pair_key in lexicon_pairs:
                            lexical.add(token.stem)
                            break
            bigrams.update({(a.stem, b.stem) for a, b in zip(tokens, tokens[1:], strict=False)})
            inside[lang].update(seen)
            samples[lang] += 1
    scored: list[tuple[float, str, str, int]] = []
    for lang, counts in inside.items():
        n = samples[lang]
        df, total = background_df(lang)
        for stem, c in counts.items():
            if c < 2 or len(stem) < 2 or stem.isdigit():
                continue
            p1 = c / n
            p0 = (df.get(stem, 0) + 1) / (total + 2)
            if p1 <= (1.1 if stem in lexical else 1.5) * p0:
                continue
            score = p1 * math.log(p1 / p0) * (3.0 if stem in lexical else 1.0)
            scored.append((score, lang, stem, c))
    scored.sort(reverse=True)
    top = scored[:SPOT_TERMS]
    spotted: dict[str, set[str]] = defaultdict(set)
    for _score, lang, stem, _c in top:
        spotted[lang].add(stem)
    # Merge pairs of spotted words that mostly occur side by side (الأمم المتحدة, occupying power).
    counts = {stem: c for _s, _l, stem, c in top}
    merged: dict[str, tuple[str, int]] = {}
    used: set[str] = set()
    for (a, b), together in bigrams.most_common():
        if a not in counts or b not in counts or a == b or a in used or b in used:
            continue
        if together < 0.7 * min(counts[a], counts[b]):
            continue
        phrase = surfaces[a].most_common(1)[0][0] + " " + surfaces[b].most_common(1)[0][0]
        # Both words travel together: one phrase; else the phrase replaces the rarer word only.
        if together >= 0.7 * max(counts[a], counts[b]):
            used.update((a, b))
            merged[a] = (phrase, together)
        else:
            rarer = a if counts[a] < counts[b] else b
            used.add(rarer)
            merged[rarer] = (phrase, together)
    summary = []
    for _score, _lang, stem, c in top:
        if stem in merged:
            summary.append(Translation(*merged[stem]))
        elif stem not in used:
            summary.append(Translation(surfaces[stem].most_common(1)[0][0], c))
    summary.sort(key=lambda t: -t.count)
    return summary, spotted, sum(samples.values())


# --- the search -----------------------------------------------------------------------------


def _reader_url(slug: str, sentence_id: int) -> str:
    return (
        reverse("reader:resolution", kwargs={"slug": slug}) + f"?hl=s{sentence_id}#s{sentence_id}"
    )


def _hits(
    ids: Sequence[int],
    scores: Sequence[float],
    pairs: dict[int, _Pair],
    spotted: dict[str, set[str]],
    resolutions: dict[int, Resolution],
    paragraph_info: dict[int, tuple[int, int]],
) -> list[Hit]:
    hits = []
    for sid, score in zip(ids, scores, strict=True):
        pair = pairs.get(sid)
        if pair is None:  # the sentence vanished between the two queries
            continue
        s = pair.sentence
        resolution_id, index = paragraph_info[s["paragraph_id"]]
        resolution = resolutions[resolution_id]
        counterparts = []
        for other in pair.counterparts:
            tokens = analyze(other["sentence__text"])
            terms = spotted.get(other["sentence__lang"], set())
            span = pair.aligned.get(other["sentence_id"])
            marks = [
                i
                for i, t in enumerate(tokens)
                if t.stem in terms and (span is None or span[0] <= t.start < span[1])
            ]
            counterparts.append(
                Counterpart(
                    lang=other["sentence__lang"],
                    dir="rtl" if other["sentence__lang"] == Lang.ARABIC else "ltr",
                    sentence_id=other["sentence_id"],
                    text=other["sentence__text"],
                    highlighted=highlight(other["sentence__text"], tokens, marks, span=span),
                )
            )
        hits.append(
            Hit(
                sentence_id=sid,
                lang=s["lang"],
                dir="rtl" if s["lang"] == Lang.ARABIC else "ltr",
                text=s["text"],
                highlighted=highlight(s["text"], pair.tokens, pair.positions),
                score=score,
                resolution=resolution,
                paragraph_id=s["paragraph_id"],
                paragraph_index=index,
                url=_reader_url(resolution.slug, sid),
                counterparts=counterparts,
            )
        )
    return hits


def _sample_ids(query: Query, filters: Filters) -> list[int]:
    page = engines.ranked_page(query, filters, offset=0, limit=SPOT_SAMPLE)
    return page.ids


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
    page = max(1, min(page, MAX_PAGE))
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
        found = None
        if _SLUG_RE.fullmatch(resolution):
            found = Resolution.objects.filter(slug=resolution).values_list("id", flat=True).first()
        if found is None:
            hints.append(f"No resolution is called {resolution!r}.")
            return result
        resolution_id = found
    if query.empty:
        return result
    filters = Filters(
        lang=lang,
        resolution_id=resolution_id,
        body_tag=body_tag(body) if body.strip() else "",
        year=year,
    )
    facets = engines.facet_counts(query, filters)
    unfiltered = sum(n for _r, _l, n in facets)
    if unfiltered < engines.COUNT_CAP:
        count = sum(
            n
            for r, lg, n in facets
            if (not lang or lg == lang) and (resolution_id is None or r == resolution_id)
        )
        capped = False
    elif lang or resolution_id is not None:
        count = engines.match_count(query, filters)
        capped = count >= engines.COUNT_CAP
    else:  # the facets already counted up to the cap, with the same filters
        count, capped = unfiltered, True
    result.count, result.count_capped = count, capped
    if count == 0:
        hints.append("No sentence matches. Try fewer words, or a word's prefix followed by *.")
        return result
    offset = (page - 1) * per_page
    if spot and offset + per_page <= SPOT_SAMPLE:
        # The first page is the head of the spotting sample: one ranked query serves both.
        window = engines.ranked_page(query, filters, offset=0, limit=SPOT_SAMPLE)
        sample = window.ids
        ranked = engines.Page(
            window.ids[offset : offset + per_page], window.scores[offset : offset + per_page]
        )
    else:
        ranked = engines.ranked_page(query, filters, offset=offset, limit=per_page)
        sample = _sample_ids(query, filters) if spot else []
    pairs = _pairs(query, list(dict.fromkeys([*ranked.ids, *sample])))
    if spot:
        result.translations, spotted, result.sample_size = _spot(
            pairs[i] for i in sample if i in pairs
        )
    else:
        spotted = {}
    by_resolution: Counter[int] = Counter()
    by_lang: Counter[str] = Counter()
    for r, lg, n in facets:
        if resolution_id is None or r == resolution_id:
            by_lang[lg] += n
        if not lang or lg == lang:
            by_resolution[r] += n
    paragraph_ids = {p.sentence["paragraph_id"] for p in pairs.values()}
    shown_resolutions = [r for r, _n in by_resolution.most_common(FACET_LIMIT)]
    paragraph_info = {
        row[0]: (row[1], row[2])
        for row in Paragraph.objects.filter(id__in=paragraph_ids)
        .order_by()
        .values_list("id", "resolution_id", "index")
    }
    wanted = {r for r, _i in paragraph_info.values()} | set(shown_resolutions)
    resolutions = {r.pk: r for r in Resolution.objects.filter(id__in=wanted).order_by()}
    result.hits = _hits(ranked.ids, ranked.scores, pairs, spotted, resolutions, paragraph_info)
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
        "paragraph": {"id": hit.paragraph_id, "lang": hit.lang, "index": hit.paragraph_index},
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
        "translations": [{"text": t.text, "count": t.count} for t in result.translations],
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
