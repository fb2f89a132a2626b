"""The search index: one entry per sentence holding the analyzer's terms.

The engine-specific index lives beside this table and is kept in step by database triggers
(created in migration 0002): an FTS5 external-content table on SQLite, a tsvector column with a
GIN index on PostgreSQL. Deleting a resolution cascades to its entries, and so to the index.
"""

from django.db import models

from apps.corpus.models import Lang, Resolution, Sentence


class SearchEntry(models.Model):
    sentence = models.OneToOneField(
        Sentence, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="search_entries"
    )
    lang = models.CharField(max_length=2, choices=Lang.choices)
    # Space-separated stems, one per token in order (positions matter for phrases).
    stems = models.TextField()
    # Forms (normalised, unstemmed) that differ from their stem, for prefix queries; no order.
    forms = models.TextField(blank=True)
    # Each stem's token offsets in the sentence (apps.bitext.analyze.pack_spans), so that a
    # results page rebuilds the tokens it marks instead of analysing the text again; NULL for
    # entries written before migration 0005 filled them, or too long to pack.
    spans = models.BinaryField(null=True)
    # Filter terms: language, resolution, body and year, so filters are index intersections.
    tags = models.CharField(max_length=200)
    # The id of the sentence's sentence-level link (every sentence is on one), so that a search
    # merging a pair matched on both sides reads it with the match instead of the links
    # (selectors._one_per_pair). Kept by search_links_refresh whenever links change; NULL for a
    # sentence on no link. Not a foreign key: links are re-drawn under new ids within an edit.
    sentence_link_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "search_entry"
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"entry for sentence {self.sentence_id}"
