"""Resolutions and their text units: paragraphs, sentences and clauses, in both languages."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Lang(models.TextChoices):
    ARABIC = "ar", "Arabic"
    ENGLISH = "en", "English"


DIRECTION: dict[str, str] = {Lang.ARABIC: "rtl", Lang.ENGLISH: "ltr"}


class Resolution(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    symbol = models.CharField(max_length=120, blank=True)
    title_ar = models.CharField(max_length=500, blank=True)
    title_en = models.CharField(max_length=500, blank=True)
    body = models.CharField(max_length=200, blank=True)
    session = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    # The place as the Arabic citation names it ("باريس"); left blank, a usual venue's Arabic name
    # (apps.alignment.selectors.PLACES_AR) or else the place as written.
    place_ar = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped in the transaction of every write to the resolution's text, links or metadata
    # (apps.corpus.revisions): cached reading pages are keyed on it, so an edit shows at once.
    revision = models.PositiveBigIntegerField(default=0, editable=False)
    # Metadata changes made in the admin (who, when, before and after); the text and alignment
    # keep their own log in apps.alignment.models.Edit.
    # The revision is a cache stamp, not metadata: reverting to an old record must not restore it.
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["-date", "slug"]

    def __str__(self) -> str:
        return self.title_en or self.title_ar or self.slug

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reader:resolution", kwargs={"slug": self.slug})


class ParagraphQuerySet(models.QuerySet["Paragraph"]):
    def of(self, resolution: Resolution) -> "ParagraphQuerySet":
        return self.filter(resolution=resolution)

    def in_language(self, lang: str) -> "ParagraphQuerySet":
        return self.filter(lang=lang)


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        FRAMING = "framing", "Framing"
        PREAMBLE = "preamble", "Preambular"
        OPERATIVE = "operative", "Operative"
        HEADING = "heading", "Heading"
        TEXT = "text", "Text"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    lang = models.CharField(max_length=2, choices=Lang.choices)
    # Position within the resolution and language, from 0.
    index = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TEXT)
    # The opening or operative phrase ("Condemns", "يدين"): offsets into text, for the reader's anatomy.
    phrase_start = models.PositiveIntegerField(null=True, blank=True)
    phrase_end = models.PositiveIntegerField(null=True, blank=True)
    # The phrase's action as an English lemma ("condemn"), the same in both languages.
    action = models.CharField(max_length=40, blank=True)
    # Its number within its part as the resolution cites it ("op. 13" is the 13th operative
    # paragraph of its language), 0 if unnumbered; each language counts its own. Kept by
    # apps.corpus.units.paragraphs_renumber whenever a kind changes, so that the reader, the
    # citations and search hits, which show one paragraph at a time, need not count.
    number = models.PositiveIntegerField(default=0)
    # The paragraph's own number as its source publishes it ("1.1", "17.a" for SDG targets, from
    # a keyed file's key), shown and cited instead of the counted one; blank when the source
    # gives none. Kept through text edits and reclassification: it belongs to the source.
    source_label = models.CharField(max_length=30, blank=True, default="")

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "lang", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "lang", "index"], name="paragraph_unique_index"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resolution.slug} {self.lang} ¶{self.index}"

    @property
    def dir(self) -> str:
        return DIRECTION[Lang(self.lang)]


class Sentence(models.Model):
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="sentences")
    # Copied from the paragraph so that search and alignment can filter by language without a join.
    lang = models.CharField(max_length=2, choices=Lang.choices)
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["paragraph", "index"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "index"], name="sentence_unique_index"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="sentence_nonempty"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Clause(models.Model):
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="clauses")
    lang = models.CharField(max_length=2, choices=Lang.choices)
    index = models.PositiveIntegerField()
    # Offsets into the paragraph's text, like the sentence's.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["sentence", "index"]
        constraints = [
            models.UniqueConstraint(fields=["sentence", "index"], name="clause_unique_index"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="clause_nonempty"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CorpusGeneration(models.Model):
    """One row counting writes to the whole corpus. Cached search results are keyed on it; every
    write that could change a result (import, edit, re-alignment, index rebuild, metadata, delete)
    bumps it in its own transaction (apps.corpus.revisions), so no stale result is served."""

    value = models.PositiveBigIntegerField(default=0)
    # The version of the QA checks (apps.alignment.services.checks_version) that last checked
    # every link: `manage.py refresh_findings --stale` re-checks all links when it differs.
    findings_version = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="corpus_generation_single_row"),
        ]

    def __str__(self) -> str:
        return f"corpus generation {self.value}"
