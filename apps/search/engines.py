"""The two engines: a parsed query in FTS5 MATCH syntax or as a PostgreSQL tsquery, and the SQL.

Both evaluate exactly the semantics of apps.bitext.analyze.query_matches over the stored terms:
stems at their positions (phrases), forms for a lone prefix, tags for filters. Ranking is each
engine's own (FTS5 bm25, ts_rank_cd), bounded to a window of candidates so that a term found in
most sentences costs the same as a rare one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connection

from apps.bitext.analyze import Phrase, Query

# Matches read per query: the first WINDOW matches in index order are counted, faceted and ranked
# (a search engine's early termination, like Elasticsearch's track_total_hits). Below it all is
# exact; beyond it the count says "at least WINDOW" and ranking is within those candidates.
# Counting further cost PostgreSQL a heap visit per match (no index-only scans on GIN): 10,000
# of them were 150-200 ms for one frequent word at 1M pairs.
WINDOW = 2000


@dataclass(frozen=True)
class Filters:
    lang: str = ""
    resolution_id: int | None = None
    body_tag: str = ""
    year: int | None = None

    def tags(self, *, facets: bool = False) -> list[str]:
        """Filter terms; with facets=True only those that facets do not break down (body, year).

        The language is not one: half the corpus carries each language's tag, so intersecting
        with it cost more than the query (FTS5's bm25() counts every row of every phrase, 30 ms
        for xlen at 1M pairs; a GIN scan decodes a million-entry posting list). The engines test
        the entry's lang column instead (_candidates)."""
        tags = []
        if self.resolution_id is not None and not facets:
            tags.append(f"xr{self.resolution_id}")
        if self.body_tag:
            tags.append(self.body_tag)
        if self.year is not None:
            tags.append(f"xy{self.year}")
        return tags


# (sentence id, resolution id, lang, score, sentence link id or None)
Candidate = tuple[int, int, str, float, int | None]


@dataclass
class Window:
    """What one query reads: facets over its candidates, the count, and the ranked hits."""

    # (resolution id, lang, matches) over the candidates, ignoring the lang and resolution filters
    facets: list[tuple[int, str, int]]
    # matches with every filter, exact unless capped (then: at least this many)
    count: int
    capped: bool
    # every filtered candidate, best first, with its engine score
    ids: list[int]
    scores: list[float]
    # (sentence id, resolution id, lang, score, sentence link id) of the candidates the facets
    # count, in no order: the selectors merge a pair matched on both sides over them by their
    # stored sentence links (selectors._one_per_pair)
    candidates: list[Candidate] = field(default_factory=list)


def vendor() -> str:
    return connection.vendor


# --- FTS5 -----------------------------------------------------------------------------------


def _fts_phrase(phrase: Phrase) -> str:
    quoted = '"' + " ".join(phrase.terms).replace('"', '""') + '"'
    if phrase.prefix:
        if len(phrase.terms) == 1:
            return f"({{stems forms}} : {quoted} *)"
        return f"(stems : {quoted} *)"
    return f"(stems : {quoted})"


def fts_match(query: Query, tags: Sequence[str]) -> str:
    """The FTS5 MATCH expression of a query and filter tags."""
    parts = ["(" + " OR ".join(_fts_phrase(p) for p in group) + ")" for group in query.groups]
    parts += [f'(tags : "{tag}")' for tag in tags]
    expression = "(" + " AND ".join(parts) + ")"
    for phrase in query.exclude:
        expression += f" NOT {_fts_phrase(phrase)}"
    return expression


# --- PostgreSQL -----------------------------------------------------------------------------


# Forms and tags share the tsvector with the stems under a mark no stem can carry (stems are
# letters and digits only), so a stem query needs no weight restriction: a weighted lexeme makes
# PostgreSQL recheck every matched row's tsvector (the facet query for a frequent word took
# 153 ms with weights and 66 ms without at 1M pairs). Migration 0004 writes them so.
FORM_MARK = "~"
TAG_MARK = "#"


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_phrase(phrase: Phrase) -> str:
    lexemes = [_lexeme(t) for t in phrase.terms]
    if phrase.prefix:
        if len(phrase.terms) == 1:
            term = phrase.terms[0]
            return f"({_lexeme(term)}:* | {_lexeme(FORM_MARK + term)}:*)"
        lexemes[-1] = f"{lexemes[-1]}:*"
    return "(" + " <-> ".join(lexemes) + ")"


def _ts_alternatives(phrases: Sequence[Phrase]) -> str:
    """Alternative phrases joined by |; phrases that differ only in their first word (an Arabic
    word's clitic readings: حقوق الإنسان, لحقوق الإنسان) share one phrase operator, (a | b) <-> c,
    which matches and ranks as (a <-> c) | (b <-> c) does at two thirds of ts_rank_cd's cost per
    row (17 against 23 ms for 1,748 rows at 100k pairs)."""
    heads: dict[tuple[tuple[str, ...], bool], list[str]] = {}
    order: list[Phrase | tuple[tuple[str, ...], bool]] = []
    for phrase in phrases:
        if len(phrase.terms) < 2:
            order.append(phrase)
            continue
        key = (phrase.terms[1:], phrase.prefix)
        if key not in heads:
            heads[key] = []
            order.append(key)
        heads[key].append(phrase.terms[0])
    parts = []
    for item in order:
        if isinstance(item, Phrase):
            parts.append(_ts_phrase(item))
            continue
        rest, prefix = item
        first = heads[item]
        head = _lexeme(first[0]) if len(first) == 1 else "(" + " | ".join(map(_lexeme, first)) + ")"
        tail = [_lexeme(t) for t in rest]
        if prefix:
            tail[-1] = f"{tail[-1]}:*"
        parts.append("(" + " <-> ".join([head, *tail]) + ")")
    return " | ".join(parts)


def ts_query(query: Query, tags: Sequence[str]) -> str:
    """The tsquery text (to cast with ::tsquery, no parser involved) of a query and filter tags."""
    parts = ["(" + _ts_alternatives(group) + ")" for group in query.groups]
    parts += [_lexeme(TAG_MARK + tag) for tag in tags]
    parts += [f"!{_ts_phrase(p)}" for p in query.exclude]
    return " & ".join(parts)


# PostgreSQL ranks with BM25's saturation and length normalisation over ts_rank_cd's cover
# density (no IDF: PostgreSQL keeps no document frequencies), so both engines put the same kind
# of sentence first. ts_rank_cd normalised by log length (flag 1) ranked sentences 3x longer
# than FTS5's bm25() does (610 against 182 characters for the top 20 of 20 queries at 1M pairs,
# 25% of them in common); this shares 56% and reads 261-character sentences. Size is the
# number of distinct lexemes (stems, ~forms, #tags): 40 on average in the benchmark corpus.
PG_K1 = 1.2
PG_B = 0.75
PG_AVG_SIZE = 40.0


def ts_rank_query(query: Query) -> str:
    """The tsquery that ranks: required phrases only (filters and exclusions do not score)."""
    return _ts_alternatives(query.phrases())


# --- execution ------------------------------------------------------------------------------


def _candidates(
    query: Query, tags: Sequence[str], lang: str = "", *, scored: bool = True
) -> list[Candidate]:
    """(sentence id, resolution id, lang, score, sentence link id) of the first WINDOW matches in
    index order; scored=False leaves the score 0 (FTS5's bm25() counts every row of every phrase
    first: 30 ms for "the" at 1M pairs)."""
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            score = "ts_rank_cd(document, %s::tsquery, 0)" if scored else "0"
            cursor.execute(
                f"""
                SELECT sentence_id, resolution_id, lang,
                       {PG_K1 + 1} * tf / (tf + {PG_K1} * ({1 - PG_B} + {PG_B} * size / {PG_AVG_SIZE})),
                       sentence_link_id
                  FROM (SELECT sentence_id, resolution_id, lang, {score} AS tf,
                               length(document) AS size, sentence_link_id
                          FROM search_entry
                         WHERE document @@ %s::tsquery {"AND lang = %s" if lang else ""} LIMIT %s
                       ) AS candidates
                """,
                [
                    *([ts_rank_query(query)] if scored else []),
                    ts_query(query, tags),
                    *([lang] if lang else []),
                    WINDOW,
                ],
            )
        else:
            score = "bm25(search_fts, 1.0, 0.5, 0.0)" if scored else "0"
            cursor.execute(
                f"""
                SELECT f.rowid, e.resolution_id, e.lang, {score}, e.sentence_link_id
                  FROM search_fts AS f
                  JOIN search_entry AS e INDEXED BY search_entry_facets ON e.sentence_id = f.rowid
                 WHERE search_fts MATCH %s {"AND e.lang = %s" if lang else ""} LIMIT %s
                """,
                [fts_match(query, tags), *([lang] if lang else []), WINDOW],
            )
        # Both drivers return these types already: converting 2,000 rows cost ~1 ms.
        rows: list[Candidate] = cursor.fetchall()
        return rows


_ID, _FACET, _SCORE = itemgetter(0), itemgetter(1, 2), itemgetter(3)


def window(query: Query, filters: Filters) -> Window:
    """Facets, count and ranked hits of a query: one engine query, two when a language or
    resolution filter narrows it (the facets ignore those two filters)."""
    if query.empty:
        return Window([], 0, False, [], [])
    if not (filters.lang or filters.resolution_id is not None):
        rows = population = _candidates(query, filters.tags())
    elif vendor() == "postgresql":
        # A heap visit per candidate is PostgreSQL's cost and the score is cheap beside it: score
        # the facets' candidates and, when they are every match, narrow them here.
        population = _candidates(query, filters.tags(facets=True))
        if len(population) < WINDOW:
            rows = [
                row
                for row in population
                if (not filters.lang or row[2] == filters.lang)
                and (filters.resolution_id is None or row[1] == filters.resolution_id)
            ]
        else:
            rows = _candidates(query, filters.tags(), filters.lang)
    else:
        # FTS5's bm25() costs per query (it counts every row of each phrase) and a row is cheap:
        # rank the filtered matches, count the facets' candidates unscored.
        rows = _candidates(query, filters.tags(), filters.lang)
        population = _candidates(query, filters.tags(facets=True), scored=False)
    facets = Counter(map(_FACET, population))
    # bm25() is lower for better matches, ts_rank_cd() higher; ties go to the earlier sentence
    # (two stable sorts with C key functions: a quarter of one sort by a Python lambda).
    rows.sort(key=_ID)
    rows.sort(key=_SCORE, reverse=vendor() == "postgresql")
    return Window(
        facets=[(r, lg, n) for (r, lg), n in facets.items()],
        count=len(rows),
        capped=len(rows) >= WINDOW,
        ids=list(map(_ID, rows)),
        scores=list(map(_SCORE, rows)),
        candidates=population,
    )


def all_matches(query: Query, filters: Filters) -> set[int]:
    """Every matching sentence id, unbounded (tests and the cross-engine check only)."""
    if query.empty:
        return set()
    lang = [filters.lang] if filters.lang else []
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(
                "SELECT sentence_id FROM search_entry WHERE document @@ %s::tsquery"
                + (" AND lang = %s" if lang else ""),
                [ts_query(query, filters.tags()), *lang],
            )
        else:
            cursor.execute(
                "SELECT f.rowid FROM search_fts AS f JOIN search_entry AS e"
                " ON e.sentence_id = f.rowid WHERE search_fts MATCH %s"
                + (" AND e.lang = %s" if lang else ""),
                [fts_match(query, filters.tags()), *lang],
            )
        return {int(r[0]) for r in cursor.fetchall()}
