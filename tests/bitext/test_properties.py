"""Property-based tests: arbitrary text never breaks the text library, and its results keep their
invariants (spans inside the text and in order, every unit aligned once, tokens where they say)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.bitext.align import align_units
from apps.bitext.analyze import analyze, match_positions, parse_query, query_matches
from apps.bitext.anchors import extract_anchors
from apps.bitext.document import align_document, segment_paragraphs
from apps.bitext.segment import segment_paragraph
from apps.bitext.structure import classify_paragraph
from apps.bitext.textfile import (
    InputError,
    decode_text,
    detect_language,
    split_bilingual,
    split_paragraphs,
)
from tests.conftest import demo_sides

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
AR_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"  # harakat, shadda, tatweel
DIGITS = string.digits + "٠١٢٣٤٥٦٧٨٩"
PUNCT = ".,;:!?()[]\"'«»“”-–—/%،؛؟…"
TRICKY = "\u202e\u202c\u200b\u200c\u200d\u2066\u2069\ufeff\u00a0\t\r\n\x00\x7f"

# Text the way resolutions look (words, numbers, punctuation in both scripts) mixed with the
# characters that break naive code; plus any Unicode at all.
words = st.text(alphabet=AR_LETTERS + AR_MARKS, min_size=1, max_size=9) | st.text(
    alphabet=string.ascii_letters, min_size=1, max_size=9
)
tokens = words | st.text(alphabet=DIGITS, min_size=1, max_size=5) | st.sampled_from(list(PUNCT))
resolution_like = st.lists(
    st.tuples(tokens, st.sampled_from([" ", " ", " ", "", "\n", *TRICKY])), max_size=40
).map(lambda parts: "".join(a + b for a, b in parts))
real = st.sampled_from([*demo_sides()[0], *demo_sides()[1]])
texts = (
    resolution_like
    | st.text(max_size=200)
    | real
    | st.builds(lambda a, b: a + " " + b, real, resolution_like)
)
langs = st.sampled_from(["ar", "en"])


@PROPERTY
@given(text=texts, lang=langs)
def test_segmenter_spans_are_ordered_trimmed_and_nested(text: str, lang: str) -> None:
    """Sentences are non-empty, trimmed, in order and disjoint; clauses lie inside their sentence."""
    previous_end = 0
    for (start, end), clauses in segment_paragraph(text, lang):
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        previous_end = end
        clause_end = start
        for c_start, c_end in clauses:
            assert clause_end <= c_start < c_end <= end
            clause_end = c_end
        assert clauses, "a sentence has at least one clause"


@PROPERTY
@given(text=texts, lang=langs)
def test_segmenter_loses_no_words(text: str, lang: str) -> None:
    """Every letter or digit of the paragraph is inside some sentence."""
    covered = [False] * len(text)
    for (start, end), _ in segment_paragraph(text, lang):
        covered[start:end] = [True] * (end - start)
    lost = [ch for ch, inside in zip(text, covered, strict=True) if ch.isalnum() and not inside]
    assert lost == []


@PROPERTY
@given(text=texts, lang=langs)
def test_anchors_and_structure_accept_any_text(text: str, lang: str) -> None:
    """Anchors are a set of strings; the anatomy's phrase lies inside the text."""
    anchors = extract_anchors(text, lang)
    assert all(isinstance(a, str) and a for a in anchors)
    anatomy = classify_paragraph(text, lang)
    assert anatomy.kind in {"framing", "preamble", "operative", "heading", "text"}
    if anatomy.phrase is not None:
        start, end = anatomy.phrase
        assert 0 <= start < end <= len(text)


@PROPERTY
@given(
    ar=st.lists(texts, max_size=6),
    en=st.lists(texts, max_size=6),
    level=st.sampled_from(["paragraph", "sentence", "clause"]),
)
def test_aligner_covers_every_unit_once_in_order(ar: list[str], en: list[str], level: str) -> None:
    """Beads cover each Arabic and English unit exactly once, monotonically, with scores in [0, 1]."""
    beads = align_units(ar, en, level=level)
    assert sorted(i for b in beads for i in b.ar) == list(range(len(ar)))
    assert sorted(j for b in beads for j in b.en) == list(range(len(en)))
    last_ar = last_en = -1
    for bead in beads:
        assert bead.ar or bead.en
        if bead.ar:
            assert bead.ar[0] > last_ar and list(bead.ar) == list(
                range(bead.ar[0], bead.ar[-1] + 1)
            )
            last_ar = bead.ar[-1]
        if bead.en:
            assert bead.en[0] > last_en
            last_en = bead.en[-1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ar=st.lists(texts, min_size=1, max_size=4), en=st.lists(texts, min_size=1, max_size=4))
def test_document_alignment_links_every_unit_of_every_level(ar: list[str], en: list[str]) -> None:
    """The three-level alignment puts each paragraph, sentence and clause on exactly one link."""
    sar, sen = segment_paragraphs(ar, "ar"), segment_paragraphs(en, "en")
    links = align_document(sar, sen)
    for level, depth in (("paragraph", 1), ("sentence", 2), ("clause", 3)):
        for side, doc in (("ar", sar), ("en", sen)):
            expected = {(p,) for p in range(len(doc))} if depth == 1 else set()
            for p, paragraph in enumerate(doc):
                for s, (_, clauses) in enumerate(paragraph.sentences):
                    if depth == 2:
                        expected.add((p, s))
                    for c in range(len(clauses) if depth == 3 else 0):
                        expected.add((p, s, c))
            linked = [k for link in links if link.level == level for k in getattr(link, side)]
            assert sorted(linked) == sorted(expected), (level, side)


@PROPERTY
@given(data=st.binary(max_size=400) | texts.map(lambda t: t.encode("utf-8")))
def test_text_files_decode_or_fail_with_a_message(data: bytes) -> None:
    """Any bytes either decode to text whose paragraphs are clean lines, or raise InputError."""
    try:
        text = decode_text(data, "upload.txt")
    except InputError as error:
        assert str(error).startswith("upload.txt: ")
        return
    for paragraph in split_paragraphs(text):
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph
    try:
        ar, en = split_bilingual(text, "upload.txt")
    except InputError:
        return
    assert ar and en
    assert all(detect_language(p) in {"en", None} for p in en[:1])


@PROPERTY
@given(text=texts)
def test_analyzer_tokens_point_into_the_text(text: str) -> None:
    """Tokens are in order and disjoint, inside the text, with non-empty terms."""
    previous = 0
    for token in analyze(text):
        assert previous <= token.start < token.end <= len(text)
        assert token.stem and token.form
        previous = token.end


@PROPERTY
@given(raw=st.text(max_size=300) | texts, text=texts)
def test_query_parser_accepts_anything(raw: str, text: str) -> None:
    """Any query string parses; matching it against any text never fails."""
    query = parse_query(raw)
    tokens = analyze(text)
    matched = query_matches(query, tokens)
    positions = match_positions(query, tokens)
    assert all(0 <= p < len(tokens) for p in positions)
    if query.empty:
        assert not matched or not query.groups


@PROPERTY
@given(text=texts, pick=st.integers(min_value=0))
def test_a_word_of_a_text_finds_that_text(text: str, pick: int) -> None:
    """Searching for any word taken from a text matches the text (Arabic and English)."""
    tokens = analyze(text)
    if not tokens:
        return
    token = tokens[pick % len(tokens)]
    word = text[token.start : token.end]
    if word.upper() == "OR" or not any(ch.isalnum() for ch in word):
        pytest.skip("an operator, not a word")
    query = parse_query(word)
    assert query_matches(query, tokens), (word, query)
