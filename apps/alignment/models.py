"""Alignment links between Arabic and English units, at paragraph, sentence and clause level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.corpus.models import Clause, Paragraph, Resolution, Sentence


class Level(models.TextChoices):
    PARAGRAPH = "paragraph", "Paragraph"
    SENTENCE = "sentence", "Sentence"
    CLAUSE = "clause", "Clause"


class Status(models.TextChoices):
    AUTO = "auto", "Automatic"
    CONFIRMED = "confirmed", "Confirmed"
    CORRECTED = "corrected", "Corrected"


class LinkQuerySet(models.QuerySet["Link"]):
    def of(self, resolution: Resolution) -> LinkQuerySet:
        return self.filter(resolution=resolution)

    def at(self, level: str) -> LinkQuerySet:
        return self.filter(level=level)

    def human(self) -> LinkQuerySet:
        return self.exclude(status=Status.AUTO)


class Link(models.Model):
    """An m:n bead: Arabic units on one side, English on the other; either side may be empty."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="links")
    level = models.CharField(max_length=10, choices=Level.choices)
    # Order of the link within its resolution and level (reading order).
    position = models.PositiveIntegerField()
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AUTO)
    # Members: only the field matching `level` is used.
    paragraphs: models.ManyToManyField[Paragraph, LinkParagraph] = models.ManyToManyField(
        Paragraph, related_name="links", blank=True, through="LinkParagraph"
    )
    sentences: models.ManyToManyField[Sentence, LinkSentence] = models.ManyToManyField(
        Sentence, related_name="links", blank=True, through="LinkSentence"
    )
    clauses: models.ManyToManyField[Clause, LinkClause] = models.ManyToManyField(
        Clause, related_name="links", blank=True, through="LinkClause"
    )
    # Bumped on every edit; an edit made against an older version is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    # A reviewer's doubt, with the reason in `note`; independent of status (a confirmed link may
    # still carry a question for the editor).
    flagged = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    # What the QA checks (apps.bitext.qa) find between the two sides, as
    # [{"check": "number", "message": "..."}]: written with the link and whenever its members or
    # their text change, so review pages read it instead of re-running the checks per request.
    findings = models.JSONField(default=list, blank=True)
    # log(English length / Arabic length) of the link's text (apps.bitext.qa.length_ratio), kept
    # with the findings so the review queue finds ratio outliers without reading the text; null
    # when a side is empty.
    length_ratio = models.FloatField(null=True, blank=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "level", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0.0) & Q(score__lte=1.0), name="link_score_range"
            ),
            models.UniqueConstraint(
                fields=["resolution", "level", "position"], name="link_unique_position"
            ),
        ]
        indexes = [models.Index(fields=["resolution", "level", "score"])]
        permissions = [("review_link", "Can confirm and flag links")]

    def __str__(self) -> str:
        return f"{self.resolution.slug} {self.level} #{self.position} ({self.score:.2f})"


# The members of links, one table per level (the tables Django made for the ManyToMany fields
# before they were declared, kept under their names). A unit is in at most one link of its
# level: the aligner and the editor keep it so, and the database refuses a race or a bug that
# would put it in two (a reader would see it twice, a search hit point at two translations).


class LinkParagraph(models.Model):
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="+")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "alignment_link_paragraphs"
        unique_together = [("link", "paragraph")]
        constraints = [
            models.UniqueConstraint(fields=["paragraph"], name="link_paragraph_in_one_link")
        ]

    def __str__(self) -> str:
        return f"paragraph {self.paragraph_id} in link {self.link_id}"


class LinkSentence(models.Model):
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="+")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "alignment_link_sentences"
        unique_together = [("link", "sentence")]
        constraints = [
            models.UniqueConstraint(fields=["sentence"], name="link_sentence_in_one_link")
        ]

    def __str__(self) -> str:
        return f"sentence {self.sentence_id} in link {self.link_id}"


class LinkClause(models.Model):
    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="+")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "alignment_link_clauses"
        unique_together = [("link", "clause")]
        constraints = [models.UniqueConstraint(fields=["clause"], name="link_clause_in_one_link")]

    def __str__(self) -> str:
        return f"clause {self.clause_id} in link {self.link_id}"


class Edit(models.Model):
    """One recorded change to a resolution's alignment or text, undoable in one step.

    `before` and `after` hold the changed stretch: for each level the contiguous run of links it
    replaced (with members, status, flag, note and version) and, for a text edit, the paragraph
    with its sentences and clauses. Undo writes `before` back over `after`, as a new edit.
    """

    class Action(models.TextChoices):
        CONFIRM = "confirm", "Confirm"
        FLAG = "flag", "Flag"
        MERGE = "merge", "Merge"
        SPLIT = "split", "Split"
        SHIFT = "shift", "Shift unit"
        LINK = "link", "Link"
        UNLINK = "unlink", "Unlink"
        TEXT = "text", "Edit text"
        REALIGN = "realign", "Re-align"
        UNDO = "undo", "Undo"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="edits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    # Unbounded: a flag's note (up to 2,000 characters) and a note naming every reviewer whose
    # links an edit re-drew are part of it, and an undo quotes it (a cut lost them).
    summary = models.TextField()
    before = models.JSONField()
    after = models.JSONField()
    # Set when this edit has been undone, to the edit that undid it.
    undone_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="undoes"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["resolution", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.resolution.slug}: {self.summary}"


class LinkReview(models.Model):
    """A state an edit left a link in, one row per link and edit, so that who gave a link its
    review, which confirmation "Undo confirm" takes back and which edit left a link as it is
    ("Undo my confirmation", "Undo my flag") are indexed queries however many edits follow (reading the edits'
    JSON only reached the latest)."""

    edit = models.ForeignKey(Edit, on_delete=models.CASCADE, related_name="reviews")
    # Not a foreign key: a re-drawn link is deleted, and undo brings it back under its old id.
    link_id = models.BigIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices)
    # Whether this edit gave the link its status (it had another, or was not there, before):
    # an edit that only carries a review along, such as a text edit keeping a link, did not.
    given = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["link_id", "level"])]

    def __str__(self) -> str:
        return f"{self.level} link {self.link_id} v{self.version} {self.status}"
