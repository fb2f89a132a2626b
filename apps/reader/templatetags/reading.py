"""Template tags of the reading page: a paragraph's marked-up text, written in Python because a
500-paragraph resolution has tens of thousands of words and template loops would be too slow."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.alignment.selectors import ClauseView, ParagraphView, SentenceView, confidence_band
from apps.bitext.normalize import dediacritize, transliterate

register = template.Library()

# An Arabic word: letters with their marks and tatweel (no digits or punctuation).
ARABIC_WORD_RE = re.compile(r"[\u0621-\u063a\u0641-\u065f\u0670-\u06d3\u06d5\u0640]+")


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
            html = ARABIC_WORD_RE.sub(r'<span class="w">\g<0></span>', html)
        return html

    def is_lit(self, kind: str, unit_id: int, tags: str) -> bool:
        return f"{kind}{unit_id}" == self.hl or any(t in self.lit for t in tags.split())

    def clause(self, c: ClauseView) -> None:
        lit = self.is_lit("c", c.id, c.tags)
        score = f' data-score="{c.score:.2f}"' if c.score is not None else ""
        self.out.append(
            f'<span class="{_unit_class("u cl", c.paired, c.score, lit)}" id="c{c.id}" '
            f'data-l="{c.tags}"{score} tabindex="-1">'
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


@register.filter
def romanized(paragraph: ParagraphView) -> str:
    """The paragraph in Tawazi's simplified ALA-LC transliteration."""
    return transliterate(paragraph.text)


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


PARTS = {
    "framing": ("Framing text", "النص الإخباري", "The report around the resolution"),
    "preamble": ("Preamble", "الديباجة", "Why the body acts: considerations and recollections"),
    "operative": ("Operative part", "المنطوق", "What the body decides, condemns, requests…"),
}


@register.simple_tag
def part_heading(kind: str) -> SafeString:
    """A heading where the resolution's framing, preamble or operative part begins."""
    if kind not in PARTS:
        return mark_safe("")
    en, ar, note = PARTS[kind]
    return format_html(
        '<h2 class="part part-{}"><span class="part-en">{}</span> '
        '<span class="part-ar" lang="ar" dir="rtl">{}</span> <span class="part-note">{}</span></h2>',
        kind,
        en,
        ar,
        note,
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
