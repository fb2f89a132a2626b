"""The two engines: a parsed query in FTS5 MATCH syntax or as a PostgreSQL tsquery, and the SQL.

Both evaluate exactly the semantics of apps.bitext.analyze.query_matches over the stored terms:
stems at their positions (phrases), forms for a lone prefix, tags for filters. Ranking is each
engine's own (FTS5 bm25, ts_rank_cd), bounded to a window of candidates so that a term found in
most sentences costs the same as a rare one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

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


def _candidates(query: Query, tags: Sequence[str]) -> list[tuple[int, int, str, float]]:
    """(sentence id, resolution id, lang, score) of the first WINDOW matches in index order."""
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(
                """
                SELECT sentence_id, resolution_id, lang, ts_rank_cd(document, %s::tsquery, 1)
                  FROM search_entry WHERE document @@ %s::tsquery LIMIT %s
                """,
                [ts_rank_query(query), ts_query(query, tags), WINDOW],
            )
        else:
            cursor.execute(
                """
                SELECT c.id, e.resolution_id, e.lang, c.score FROM (
                    SELECT rowid AS id, bm25(search_fts, 1.0, 0.5, 0.0) AS score
                      FROM search_fts WHERE search_fts MATCH %s LIMIT %s) AS c
                  JOIN search_entry AS e INDEXED BY search_entry_facets ON e.sentence_id = c.id
                """,
                [fts_match(query, tags), WINDOW],
            )
        return [(int(r[0]), int(r[1]), str(r[2]), float(r[3])) for r in cursor.fetchall()]


def window(query: Query, filters: Filters) -> Window:
    """Facets, count and ranked hits of a query: one engine query, two when a language or
    resolution filter narrows a query whose candidates fill the window."""
    if query.empty:
        return Window([], 0, False, [], [])
    rows = _candidates(query, filters.tags(facets=True))
    facets = Counter((r, lg) for _s, r, lg, _x in rows)
    if filters.lang or filters.resolution_id is not None:
        if len(rows) < WINDOW:  # every match is in hand: narrow it here
            rows = [
                row
                for row in rows
                if (not filters.lang or row[2] == filters.lang)
                and (filters.resolution_id is None or row[1] == filters.resolution_id)
            ]
        else:
            rows = _candidates(query, filters.tags())
    # bm25() is lower for better matches, ts_rank_cd() higher; ties go to the earlier sentence.
    sign = -1.0 if vendor() == "postgresql" else 1.0
    rows.sort(key=lambda row: (sign * row[3], row[0]))
    return Window(
        facets=[(r, lg, n) for (r, lg), n in facets.items()],
        count=len(rows),
        capped=len(rows) >= WINDOW,
        ids=[row[0] for row in rows],
        scores=[row[3] for row in rows],
    )


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
