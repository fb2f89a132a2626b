"""Reading pages: the list of resolutions, one resolution in parallel, help on an Arabic word,
a unit's citation, and the JSON export. Each page view also serves its HTMX fragment."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from apps.alignment.selectors import (
    Row,
    resolution_export,
    resolution_rows,
    rows_by_action,
    unit_citation,
)
from apps.bitext.analyze import stem_word
from apps.bitext.normalize import (
    MORPHOLOGY_HELP,
    analyze_word,
    dediacritize,
    fold_arabic_letters,
    has_short_vowels,
    strip_arabic_marks,
    transliterate,
)
from apps.core.http import HtmxHttpRequest, tidy_address
from apps.core.pagecache import cached_html, page_key
from apps.corpus.models import Resolution, Sentence
from apps.reader.concordance import concordance_lines
from apps.reader.templatetags.reading import ARABIC_WORD_RE

LAYOUTS = {
    "side": "Side by side",
    "stacked": "Stacked",
    "ar": "Arabic only",
    "en": "English only",
}
SIZES = {"s": "Small", "m": "Medium", "l": "Large", "xl": "Extra large"}
OPTION_DEFAULTS = {"layout": "side", "diac": "1", "translit": "0", "size": "m", "conf": "0"}
_UNIT_RE = re.compile(r"^(?:para-|[psc])\d{1,12}$")
MAX_WORD = 60


@dataclass
class ReadingOptions:
    """How the student asked to read the page (URL parameters; the browser remembers them)."""

    layout: str = "side"
    diacritics: bool = True
    translit: bool = False
    size: str = "m"
    confidence: bool = False
    action: str = ""
    hl: str = ""
    # Tags of the links the ?hl= unit is on ("s12 c7"), whose units are lit with it.
    lit: set[str] = field(default_factory=set)
    lit_paragraphs: set[int] = field(default_factory=set)

    @classmethod
    def from_query(cls, query: dict[str, str]) -> ReadingOptions:
        hl = query.get("hl", "")
        return cls(
            layout=query.get("layout", "") if query.get("layout") in LAYOUTS else "side",
            diacritics=query.get("diac") != "0",
            translit=query.get("translit") == "1",
            size=query.get("size", "") if query.get("size") in SIZES else "m",
            confidence=query.get("conf") == "1",
            action=query.get("action", "")[:40],
            hl=hl if _UNIT_RE.match(hl) else "",
        )

    def light(self, rows: list[Row]) -> None:
        """Mark the unit named by ?hl= and every unit on the same links."""
        if not self.hl:
            return
        for row in rows:
            paragraphs = row.ar + row.en
            if self.hl == row.link.tag or any(self.hl == f"para-{p.id}" for p in paragraphs):
                self.lit_paragraphs.update(p.id for p in paragraphs)
                return
            for p in paragraphs:
                for s in p.sentences:
                    if self.hl == f"s{s.id}":
                        self.lit.update(s.tags.split())
                        return
                    for c in s.clauses:
                        if self.hl == f"c{c.id}":
                            self.lit.update(c.tags.split())
                            return


@require_safe
def resolution_list(request: HttpRequest) -> HttpResponse:
    resolutions = Resolution.objects.order_by("-date", "slug")
    return render(request, "reader/resolution_list.html", {"resolutions": resolutions})


@require_safe
@vary_on_headers("HX-Request")
def resolution_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    resolution = get_object_or_404(Resolution, slug=slug)
    # Apply without JavaScript sends ?diac=0&diac=1&…: the address becomes the one reader.js
    # writes, one value an option and the defaults left out.
    if tidy := tidy_address(request, OPTION_DEFAULTS):
        return HttpResponseRedirect(tidy)
    reading = ReadingOptions.from_query(request.GET.dict())
    template_name = "reader/_resolution_body.html"
    if request.htmx:
        template_name += "#reading-rows"

    def body() -> str:
        rows = resolution_rows(resolution)
        reading.light(rows)
        shown = [row for row in rows if reading.action in row.groups] if reading.action else rows
        context = {
            "resolution": resolution,
            "rows": shown,
            "total": len(rows),
            "actions": rows_by_action(rows),
            "reading": reading,
            "layouts": LAYOUTS,
            "sizes": SIZES,
        }
        return render_to_string(template_name, context, request)

    # The body is the same for every visitor; every write to the resolution bumps its revision,
    # and updated_at also moves with any save of its metadata.
    key = page_key(
        "reading", resolution.pk, resolution.revision, resolution.updated_at, request=request
    )
    html = cached_html(key, body)
    if request.htmx:
        return HttpResponse(html)
    return render(
        request,
        "reader/resolution.html",
        {"resolution": resolution, "reading": reading, "body": html},
    )


@require_safe
@vary_on_headers("HX-Request")
def unit_cite(request: HtmxHttpRequest, slug: str, unit: str) -> HttpResponse:
    """How to cite a paragraph, sentence or clause, with its permalink and its Arabic words."""
    resolution = get_object_or_404(Resolution, slug=slug)
    citation = unit_citation(resolution, unit)
    if citation is None:
        return render(
            request,
            "reader/cite.html" + ("#panel-body" if request.htmx else ""),
            {"resolution": resolution, "citation": None, "unit": unit},
            status=404,
        )
    arabic = citation.ar_paragraph
    sentence_id = None
    if unit.startswith("s") and unit[1:].isdigit() and citation.paragraph.lang == "ar":
        sentence_id = int(unit[1:])
    elif arabic is not None:
        first = Sentence.objects.filter(paragraph=arabic).order_by("index").first()
        sentence_id = first.pk if first else None
    words = list(dict.fromkeys(ARABIC_WORD_RE.findall(arabic.text))) if arabic else []
    template_name = "reader/cite.html" + ("#panel-body" if request.htmx else "")
    return render(
        request,
        template_name,
        {
            "resolution": resolution,
            "citation": citation,
            "unit": unit,
            "words": words,
            "sentence_id": sentence_id,
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def word_detail(request: HtmxHttpRequest) -> HttpResponse:
    """Help on one Arabic word: normalised form, transliteration, analyses and concordance."""
    # NFKC as search reads text: a word copied out of a PDF comes in presentation forms (ﻳﺪﻳﻦ).
    raw = unicodedata.normalize("NFKC", request.GET.get("w", "")).strip()[:MAX_WORD]
    # A run of diacritics or tatweel alone is no word.
    words = [w for w in ARABIC_WORD_RE.findall(raw) if strip_arabic_marks(w)]
    word = words[0] if words else ""
    sentence = None
    sentence_param = request.GET.get("s", "")
    # isdigit() also accepts "²", which int() refuses.
    if sentence_param.isascii() and sentence_param.isdigit() and len(sentence_param) < 13:
        sentence = (
            Sentence.objects.select_related("paragraph__resolution")
            .filter(pk=int(sentence_param), lang="ar")
            .first()
        )
    context: dict[str, object] = {"word": word, "query": raw, "sentence": sentence}
    status = 200
    if word:
        analyses = analyze_word(word)
        context.update(
            bare=dediacritize(word),
            # As search folds and stems it (the index's terms), so المسؤولية and مسئولية show
            # one stem, and الفئة not فيه's.
            normalized=fold_arabic_letters(strip_arabic_marks(word), keep_hamza=True),
            stem=stem_word(word),
            romanized=transliterate(word),
            # Undiacritised, the romanisation is the letters as written (لحقوق: lḥqwq): the panel
            # says so, rather than pass a consonant skeleton off as how the word is said.
            vocalised=has_short_vowels(word),
            analyses=analyses,
            morphology_help=MORPHOLOGY_HELP if analyses is None else "",
            lines=concordance_lines(word, exclude_sentence=sentence.pk if sentence else None),
        )
    elif raw and not request.htmx:
        # To htmx (the panel's own form) the panel saying so: htmx would not swap a 400 in.
        status = 400
    template_name = "reader/word.html" + ("#panel-body" if request.htmx else "")
    return render(request, template_name, context, status=status)


@require_safe
def resolution_export_json(request: HttpRequest, slug: str) -> JsonResponse:
    resolution = get_object_or_404(Resolution, slug=slug)
    response = JsonResponse(
        resolution_export(resolution), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'inline; filename="{resolution.slug}.json"'
    return response
