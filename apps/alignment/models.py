"""Alignment links between Arabic and English units, at paragraph, sentence and clause level."""

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
    def of(self, resolution: Resolution) -> "LinkQuerySet":
        return self.filter(resolution=resolution)

    def at(self, level: str) -> "LinkQuerySet":
        return self.filter(level=level)

    def human(self) -> "LinkQuerySet":
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
    paragraphs = models.ManyToManyField(Paragraph, related_name="links", blank=True)
    sentences = models.ManyToManyField(Sentence, related_name="links", blank=True)
    clauses = models.ManyToManyField(Clause, related_name="links", blank=True)
    # Bumped on every edit; an edit made against an older version is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

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

    def __str__(self) -> str:
        return f"{self.resolution.slug} {self.level} #{self.position} ({self.score:.2f})"
