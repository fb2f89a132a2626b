"""The two engines: a parsed query in FTS5 MATCH syntax or as a PostgreSQL tsquery, and the SQL.

Both evaluate exactly the semantics of apps.bitext.analyze.query_matches over the stored terms:
stems at their positions (phrases), forms for a lone prefix, tags for filters. Ranking is each
engine's own (FTS5 bm25, ts_rank_cd), bounded to a window of candidates so that a term found in
most sentences costs the same as a rare one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from apps.bitext.analyze import Phrase, Query

# Matches ranked per query: beyond this, the first candidates in index order are ranked
# (a search engine's early termination); the count is exact up to COUNT_CAP, "at least" beyond.
RANK_WINDOW = 2000
COUNT_CAP = 10_000


@dataclass(frozen=True)
class Filters:
    lang: str = ""
    resolution_id: int | None = None
    body_tag: str = ""
    year: int | None = None

    def tags(self, *, facets: bool = False) -> list[str]:
        """Filter terms; with facets=True only those that facets do not break down (body, year)."""
        tags = []
        if self.lang and not facets:
            tags.append(f"xl{self.lang}")
        if self.resolution_id is not None and not facets:
            tags.append(f"xr{self.resolution_id}")
        if self.body_tag:
            tags.append(self.body_tag)
        if self.year is not None:
            tags.append(f"xy{self.year}")
        return tags


@dataclass
class Page:
    ids: list[int]
    scores: list[float]


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


def ts_query(query: Query, tags: Sequence[str]) -> str:
    """The tsquery text (to cast with ::tsquery, no parser involved) of a query and filter tags."""
    parts = ["(" + " | ".join(_ts_phrase(p) for p in group) + ")" for group in query.groups]
    parts += [_lexeme(TAG_MARK + tag) for tag in tags]
    parts += [f"!{_ts_phrase(p)}" for p in query.exclude]
    return " & ".join(parts)


def ts_rank_query(query: Query) -> str:
    """The tsquery that ranks: required phrases only (filters and exclusions do not score)."""
    return " | ".join(_ts_phrase(p) for p in query.phrases())


# --- execution ------------------------------------------------------------------------------


def ranked_page(query: Query, filters: Filters, *, offset: int, limit: int) -> Page:
    """Ids and scores of one page of hits, best first, ranked within the candidate window."""
    if query.empty or offset >= RANK_WINDOW:
        return Page([], [])
    limit = min(limit, RANK_WINDOW - offset)
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(
                """
                SELECT sentence_id, ts_rank_cd(document, %s::tsquery, 1) AS score
                  FROM (SELECT sentence_id, document FROM search_entry
                         WHERE document @@ %s::tsquery LIMIT %s) AS candidates
                 ORDER BY score DESC, sentence_id LIMIT %s OFFSET %s
                """,
                [
                    ts_rank_query(query),
                    ts_query(query, filters.tags()),
                    RANK_WINDOW,
                    limit,
                    offset,
                ],
            )
        else:
            cursor.execute(
                """
                SELECT sentence_id, score
                  FROM (SELECT rowid AS sentence_id, bm25(search_fts, 1.0, 0.5, 0.0) AS score
                          FROM search_fts WHERE search_fts MATCH %s LIMIT %s) AS candidates
                 ORDER BY score, sentence_id LIMIT %s OFFSET %s
                """,
                [fts_match(query, filters.tags()), RANK_WINDOW, limit, offset],
            )
        rows = cursor.fetchall()
    return Page([int(r[0]) for r in rows], [float(r[1]) for r in rows])


def facet_counts(
    query: Query, filters: Filters, *, cap: int | None = None
) -> list[tuple[int, str, int]]:
    """(resolution id, lang, hits) over at most cap matches, ignoring the lang/resolution filters."""
    if query.empty:
        return []
    cap = COUNT_CAP if cap is None else cap
    tags = filters.tags(facets=True)
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(
                """
                SELECT resolution_id, lang, count(*) FROM (
                    SELECT resolution_id, lang FROM search_entry
                     WHERE document @@ %s::tsquery LIMIT %s) AS hits
                 GROUP BY resolution_id, lang
                """,
                [ts_query(query, tags), cap],
            )
        else:
            cursor.execute(
                """
                SELECT e.resolution_id, e.lang, count(*) FROM (
                    SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s LIMIT %s) AS hits
                  JOIN search_entry AS e INDEXED BY search_entry_facets
                    ON e.sentence_id = hits.id
                 GROUP BY e.resolution_id, e.lang
                """,
                [fts_match(query, tags), cap],
            )
        return [(int(r[0]), str(r[1]), int(r[2])) for r in cursor.fetchall()]


def match_count(query: Query, filters: Filters, *, cap: int | None = None) -> int:
    """Number of matches, counting at most cap."""
    if query.empty:
        return 0
    cap = COUNT_CAP if cap is None else cap
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(
                """SELECT count(*) FROM (SELECT 1 FROM search_entry
                    WHERE document @@ %s::tsquery LIMIT %s) AS hits""",
                [ts_query(query, filters.tags()), cap],
            )
        else:
            cursor.execute(
                """SELECT count(*) FROM (SELECT 1 FROM search_fts
                    WHERE search_fts MATCH %s LIMIT %s) AS hits""",
                [fts_match(query, filters.tags()), cap],
            )
        return int(cursor.fetchone()[0])


def all_matches(query: Query, filters: Filters) -> set[int]:
    """Every matching sentence id, unbounded (tests and the cross-engine check only)."""
    if query.empty:
        return set()
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(
                "SELECT sentence_id FROM search_entry WHERE document @@ %s::tsquery",
                [ts_query(query, filters.tags())],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                [fts_match(query, filters.tags())],
            )
        return {int(r[0]) for r in cursor.fetchall()}
