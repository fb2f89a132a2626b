"""Template tags of the reading page. The rows are written in Python, not in template loops: a
500-paragraph resolution has thousands of clauses and tens of thousands of words, and the page
must render in well under 300 ms (benchmarks/reader.py). Every piece of text is escaped here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from apps.alignment.selectors import (
    ClauseView,
    ParagraphView,
    Row,
    SentenceView,
    confidence_band,
)
from apps.bitext.normalize import dediacritize, transliterate
from apps.corpus.models import Paragraph

register = template.Library()

# An Arabic word: letters with their marks and tatweel (no digits or punctuation).
ARABIC_WORD_RE = re.compile(r"[\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u06d5\u0640]+")
_WORD_SPLIT_RE = re.compile(f"({ARABIC_WORD_RE.pattern})")


def _unit_class(base: str, paired: bool, score: float | None, lit: bool) -> str:
    classes = [base, f"conf-{confidence_band(score)}" if paired else "unaligned"]
    if lit:
        classes.append("lit")
    return " ".join(classes)


class ParagraphRenderer:
    """Write one paragraph's text as nested sentence and clause spans, with the action phrase
    marked and (in Arabic) each word wrapped so that a click can look it up."""

    def __init__(
        self,
        paragraph: ParagraphView,
        *,
        strip_diacritics: bool,
        hl: str = "",
        lit: frozenset[str] = frozenset(),
    ) -> None:
        self.p = paragraph
        self.arabic = paragraph.lang == "ar"
        self.strip = strip_diacritics and self.arabic
        # The unit named by ?hl= ("s40") and the tags of its links ("s12 c7"): two namespaces.
        self.hl = hl
        self.lit = lit
        self.out: list[str] = []

    def piece(self, start: int, end: int) -> None:
        """Write text[start:end], splitting it where the action phrase starts or ends."""
        if end <= start:
            return
        phrase = self.p.phrase
        if phrase is None or end <= phrase[0] or start >= phrase[1]:
            self.out.append(self.words(self.p.text[start:end]))
            return
        a, b = max(start, phrase[0]), min(end, phrase[1])
        if start < a:
            self.out.append(self.words(self.p.text[start:a]))
        self.out.append(
            f'<b class="act" data-action="{escape(self.p.group)}">'
            f"{self.words(self.p.text[a:b])}</b>"
        )
        if b < end:
            self.out.append(self.words(self.p.text[b:end]))

    def words(self, text: str) -> str:
        if self.strip:
            text = dediacritize(text)
        html = str(escape(text))
        if self.arabic:
            # split() with a group puts the words at odd positions (3x faster than sub()).
            parts = _WORD_SPLIT_RE.split(html)
            parts[1::2] = ['<span class="w">' + word + "</span>" for word in parts[1::2]]
            html = "".join(parts)
        return html

    def is_lit(self, kind: str, unit_id: int, tags: str) -> bool:
        return f"{kind}{unit_id}" == self.hl or any(t in self.lit for t in tags.split())

    def clause(self, c: ClauseView) -> None:
        lit = self.is_lit("c", c.id, c.tags)
        score = f' data-score="{c.score:.2f}"' if c.score is not None else ""
        self.out.append(
            f'<span class="{_unit_class("u cl", c.paired, c.score, lit)}" id="c{c.id}" '
            f'data-l="{c.tags}"{score}>'
        )
        self.piece(c.start, c.end)
        self.out.append("</span>")

    def sentence(self, s: SentenceView) -> None:
        lit = self.is_lit("s", s.id, s.tags)
        score = f' data-score="{s.score:.2f}"' if s.score is not None else ""
        self.out.append(
            f'<span class="{_unit_class("u st", s.paired, s.score, lit)}" id="s{s.id}" '
            f'data-l="{s.tags}"{score}>'
        )
        cursor = s.start
        for c in s.clauses:
            self.piece(cursor, c.start)
            self.clause(c)
            cursor = c.end
        self.piece(cursor, s.end)
        self.out.append("</span>")

    def render(self) -> str:
        cursor = 0
        for s in self.p.sentences:
            self.piece(cursor, s.start)
            self.sentence(s)
            cursor = max(cursor, s.end)
        self.piece(cursor, len(self.p.text))
        return "".join(self.out)


@register.simple_tag(takes_context=True)
def paragraph_text(context: template.Context, paragraph: ParagraphView) -> SafeString:
    """The paragraph's text as sentence and clause spans (options from the page's `reading`)."""
    reading = context.get("reading")
    strip = bool(reading and not reading.diacritics)
    hl: str = getattr(reading, "hl", "") or ""
    lit: Iterable[str] = getattr(reading, "lit", ()) or ()
    renderer = ParagraphRenderer(paragraph, strip_diacritics=strip, hl=hl, lit=frozenset(lit))
    # Every piece of text is escaped in ParagraphRenderer.words.
    return mark_safe(renderer.render())


@lru_cache(maxsize=8192)
def _romanized(text: str) -> str:
    return transliterate(text)


@register.filter
def romanized(paragraph: ParagraphView) -> str:
    """The paragraph in Tawazi's simplified ALA-LC transliteration (cached per text)."""
    return _romanized(paragraph.text)


def _paragraphs_html(
    paragraphs: list[ParagraphView], lang: str, reading: object, lit_paragraphs: set[int]
) -> str:
    strip = not getattr(reading, "diacritics", True)
    hl: str = getattr(reading, "hl", "") or ""
    lit = frozenset(getattr(reading, "lit", ()) or ())
    translit = bool(getattr(reading, "translit", False)) and lang == "ar"
    out: list[str] = []
    for p in paragraphs:
        text = ParagraphRenderer(p, strip_diacritics=strip, hl=hl, lit=lit).render()
        action = f' data-action="{escape(p.group)}"' if p.group else ""
        lit_class = " lit" if p.id in lit_paragraphs else ""
        out.append(f'<p class="para{lit_class}" id="{p.anchor}"{action}>{text}</p>')
        if translit:
            out.append(
                f'<p class="translit" lang="ar-Latn" dir="ltr">{escape(_romanized(p.text))}</p>'
            )
    if not out:
        missing = "No Arabic counterpart" if lang == "ar" else "No English counterpart"
        attrs = ' lang="en" dir="ltr"' if lang == "ar" else ""
        out.append(f'<p class="missing"{attrs}>{missing}</p>')
    return "".join(out)


@register.simple_tag
def row_label(row: Row) -> SafeString:
    """A row's margin label; each language's own when they number the row differently, marked
    with its language so that the layout showing one language shows only its number."""
    labels = row.labels
    if not labels:  # a heading or the opening formula: the text gives it no number
        return format_html('<span class="visually-hidden">{}</span>', "Permalink")
    if len(labels) == 1 and row.ar and row.en:
        return format_html("{}", labels[0][1])
    return format_html(
        '<span class="{}">{}</span>',
        "label-two" if len(labels) > 1 else "label-one",
        format_html_join(
            " ",
            '<span class="label-{}"><span class="label-lang">{}</span> {}</span>',
            ((lang, lang, _marked(lang, label)) for lang, label in labels),
        ),
    )


def _marked(lang: str, label: str) -> SafeString:
    """An Arabic label with Arabic letters ("1-أ") isolated right-to-left, as the Arabic text
    reads it; in the left-to-right margin it would otherwise show as "أ-1" read from the right."""
    if lang == "ar" and ARABIC_WORD_RE.search(label):
        return format_html('<bdi lang="ar" dir="rtl">{}</bdi>', label)
    return format_html("{}", label)


@register.simple_tag(takes_context=True)
def reading_rows(context: template.Context, rows: list[Row]) -> SafeString:
    """Every reading row: a gutter (label and permalink, cite, score) between the English and
    the Arabic column, with a heading where the framing, preamble or operative part begins."""
    reading = context.get("reading")
    slug = context["resolution"].slug
    lit_paragraphs: set[int] = getattr(reading, "lit_paragraphs", set())
    cite_url = reverse("reader:cite", args=[slug, "para-0"]).replace("para-0", "{}")
    out: list[str] = []
    kind = None
    shown = [row for row in rows if row.first is not None]
    entries = _entry_places(shown)
    for k, (row, (continues, continued)) in enumerate(zip(shown, entries, strict=True)):
        first = row.first
        assert first is not None
        place = ""
        following = shown[k + 1] if k + 1 < len(shown) else None
        if k == 0 and row.kind == Paragraph.Kind.HEADING and not _sourced(row):
            place = " doc-title"  # the document's own title ("Universal Declaration of …")
        elif row.kind != kind and following is not None and _names_part(row, following.kind):
            # The text's own "Preamble" / "الديباجة" heads the part it names, in its place.
            kind = following.kind
            place = f" part-name part-{kind}"
        elif _in_articles(row):
            if kind != ARTICLES:  # the articles are the declaration's own part, not operative
                kind = ARTICLES
                out.append(part_heading(kind))
        elif row.kind != kind:
            kind = row.kind
            out.append(part_heading(kind))
        if row.kind == Paragraph.Kind.HEADING and _in_articles(row):
            place += " article-head"  # "Article 2" / "المادة 2" heads its paragraphs
        lit = " lit" if any(p.id in lit_paragraphs for p in row.ar) else ""
        entry = (" entry-more" if continues else "") + (" entry-name" if continued else "")
        entry += place
        url = cite_url.format(first.anchor)
        # An entry is cited once, from its name: its continuation has the same number.
        cite = (
            ""
            if continues or row.unnumbered
            else f'<a class="cite" href="{url}" hx-get="{url}" hx-target="#panel-body" '
            f'hx-swap="outerHTML">Cite</a>'
        )
        # A row with no counterpart has no translation to be confident of (its score is the
        # aligner's choice to leave it alone): "No English counterpart" says what it is.
        score = (
            f'<span class="score conf-{row.band}" title="Paragraph link confidence">'
            f"{row.link.score:.2f}</span>"
            if row.ar and row.en
            else ""
        )
        out.append(
            f'<div class="row kind-{escape(row.kind)}{lit}{entry}" id="{row.link.tag}" '
            f'data-l="{row.link.tag}"><div class="gutter">'
            f'<a class="label" href="#{first.anchor}" title="Permalink">{row_label(row)}</a>'
            f"{cite}{score}</div>"
            f'<div class="side ar" lang="ar" dir="rtl">'
            f"{_paragraphs_html(row.ar, 'ar', reading, lit_paragraphs)}</div>"
            f'<div class="side en" lang="en" dir="ltr">'
            f"{_paragraphs_html(row.en, 'en', reading, lit_paragraphs)}</div></div>\n"
        )
    return mark_safe("".join(out))


def _entry_places(rows: Sequence[Row]) -> list[tuple[bool, bool]]:
    """Per row, whether it continues the entry of the row before (the same number from the
    source, as an SDG goal's title follows its short name "1 No poverty") and whether the next
    row continues it: the reader shows such an entry as one, its name first and numbered once."""
    labels = [tuple(label for _, label in row.labels) if _sourced(row) else None for row in rows]
    continues = [
        k > 0 and labels[k] is not None and labels[k] == labels[k - 1] for k in range(len(rows))
    ]
    return [(continues[k], k + 1 < len(rows) and continues[k + 1]) for k in range(len(rows))]


def _in_articles(row: Row) -> bool:
    """Every paragraph of the row belongs to an article ("Art. 2", "Art. 13(1)")."""
    paragraphs = row.ar + row.en
    return bool(paragraphs) and all(p.source_label.startswith("Art. ") for p in paragraphs)


def _names_part(row: Row, kind: str) -> bool:
    """The row is a heading that names the part of the given kind ("Preamble" / "الديباجة")."""
    if row.kind != Paragraph.Kind.HEADING or kind not in PARTS:
        return False
    en, ar, *_notes = PARTS[kind]
    names = {en.casefold(), ar, en.split()[0].casefold()}
    paragraphs = row.ar + row.en
    return bool(paragraphs) and all(p.text.strip(" :.").casefold() in names for p in paragraphs)


def _sourced(row: Row) -> bool:
    """Every paragraph of the row is numbered by its source (not counted by the reader)."""
    paragraphs = row.ar + row.en
    return bool(paragraphs) and all(p.source_label for p in paragraphs)


@register.filter
def head_chars(text: str, limit: int = 90) -> str:
    """The start of a text, cut at a word boundary with an ellipsis when longer than limit."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


@register.filter
def tail_chars(text: str, limit: int = 90) -> str:
    """The end of a text, cut at a word boundary with an ellipsis when longer than limit."""
    if len(text) <= limit:
        return text
    cut = text[-limit:].split(" ", 1)[-1]
    return "…" + cut


# Each part's heading in English and Arabic, and a note on what it holds in both.
PARTS = {
    # The UDHR's adoption note ("اعتُمد بموجب قرار الجمعية العامة 217 ألف (د-3)…", "Adopted by
    # the Security Council at its … meeting") or the news report a resolution is published in
    # (the demo's "This was stated in the resolution issued by…"): about the text, not of it.
    "framing": (
        "Framing text",
        "النص المصاحب",
        "Not the text itself: the note of its adoption, or the report that carries it",
        "ليس من النص نفسه: بيان اعتماده، أو التقرير الذي ينقله",
    ),
    "preamble": (
        "Preamble",
        "الديباجة",
        "Why the body acts: considerations and recollections",
        "لماذا يتصرف الجهاز: اعتباراته وما يستذكره",
    ),
    "operative": (
        "Operative part",
        "المنطوق",
        "What the body decides, condemns, requests…",
        "ما يقرره الجهاز ويدينه ويطلبه…",
    ),
    # A declaration's or convention's articles ("Article 1" … / "المادة 1" …), as the text heads
    # them; they are what it proclaims, not a resolution's operative paragraphs.
    "articles": (
        "Articles",
        "المواد",
        "The text's provisions, article by article",
        "أحكام النص، مادةً مادة",
    ),
}
ARTICLES = "articles"


@register.simple_tag
def part_heading(kind: str) -> SafeString:
    """A heading where the resolution's framing, preamble or operative part begins."""
    if kind not in PARTS:
        return mark_safe("")
    en, ar, note_en, note_ar = PARTS[kind]
    return format_html(
        '<h2 class="part part-{}"><span class="part-en">{}</span> '
        '<span class="part-ar" lang="ar" dir="rtl">{}</span> <span class="part-note">{}</span> '
        '<span class="part-note part-note-ar" lang="ar" dir="rtl">{}</span></h2>',
        kind,
        en,
        ar,
        note_en,
        note_ar,
    )


@register.filter
def third_person(lemma: str) -> str:
    """The English action as the resolution says it: condemn → condemns, call upon → calls upon."""
    if not lemma:
        return ""
    verb, _, rest = lemma.partition(" ")
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        verb += "es"
    elif verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        verb = verb[:-1] + "ies"
    else:
        verb += "s"
    return f"{verb} {rest}".strip()
