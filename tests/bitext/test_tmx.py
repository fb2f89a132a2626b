"""Reading TMX files written by other tools (OmegaT, Trados) into paragraphs; writing units."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from apps.bitext.textfile import InputError
from apps.bitext.tmx import (
    XML_LANG,
    TmxUnit,
    paragraph_props,
    read_tmx,
    tmx_labels,
    tmx_left_out,
    tmx_locale,
    tmx_metadata,
    tmx_paragraphs,
    tmx_symbol,
    write_tmx,
)
from tests.conftest import sdg_yaml

# Paragraph 8 of the demo resolution (OIC CFM, 25 August 2025), opening words.
AR = "ويدعم القرار الجهود الرامية إلى تحقيق وقف إطلاق النار فوري وشامل"
EN = "The resolution supports the efforts aimed at achieving an immediate and comprehensive ceasefire"


def _tmx(ar_seg: str, en_seg: str, *, encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<tmx version="1.4"><header creationtool="OmegaT" srclang="*all*" adminlang="EN-US" '
        'segtype="sentence" datatype="plaintext" o-tmf="OmegaT TMX"/><body><tu>'
        f'<tuv xml:lang="AR-SA"><seg>{ar_seg}</seg></tuv>'
        f'<tuv xml:lang="en-US"><seg>{en_seg}</seg></tuv></tu></body></tmx>'
    )


def test_inline_codes_are_left_out_of_the_text() -> None:
    """<bpt>/<ept>/<ph>/<it> hold the source format's codes (bold, a tab, a field), not text."""
    ar_words = AR.split()
    ar_seg = (
        " ".join(ar_words[:2])
        + ' <bpt i="1" x="1">&lt;b&gt;</bpt>'
        + " ".join(ar_words[2:5])
        + '<ept i="1">&lt;/b&gt;</ept> '
        + " ".join(ar_words[5:])
        + '<ph x="2">{\\field FOOTNOTE 1}</ph>'
    )
    en_seg = (
        'The resolution <bpt i="1" type="bold">&lt;b&gt;</bpt>supports<ept i="1">&lt;/b&gt;</ept>'
        ' the efforts aimed at achieving an immediate<it pos="begin">&lt;i&gt;</it> and '
        'comprehensive <hi type="b">ceasefire</hi><ph type="lb">&lt;br/&gt;</ph>'
    )
    (unit,) = read_tmx(_tmx(ar_seg, en_seg).encode())
    assert (unit.ar, unit.en) == (AR, EN)


def test_text_in_a_sub_element_of_an_inline_code_is_kept_apart() -> None:
    """A <sub> inside a code is translatable text (a footnote's words), unlike the code round it,
    and is not glued to the word before or after it."""
    en_seg = f'{EN}<ph type="fnote">{{\\footnote <sub>of 25 August 2025</sub>}}</ph>.'
    (unit,) = read_tmx(_tmx(AR, en_seg).encode())
    assert unit.en == f"{EN} of 25 August 2025."


def test_utf16_tmx_with_a_bom_reads_like_utf8() -> None:
    """Trados exports UTF-16 with a BOM; the paragraphs are the same as from UTF-8."""
    data = _tmx(AR, EN, encoding="UTF-16").encode("utf-16")
    assert tmx_paragraphs(read_tmx(data)) == ([AR], [EN])


def test_invisible_marks_round_a_segment_are_stripped() -> None:
    """Bidi marks and a BOM round a segment go, as in a text file; a segment of nothing but
    marks is empty, so its unit gives that side no paragraph."""
    data = _tmx(f"\u202b{AR}\u202c", f"\ufeff{EN}\u200e").replace(
        "</body>",
        '<tu><tuv xml:lang="ar"><seg>\u200f</seg></tuv><tuv xml:lang="en"><seg>'
        f"{EN}</seg></tuv></tu></body>",
    )
    assert tmx_paragraphs(read_tmx(data.encode())) == ([AR], [EN, EN])


def test_size_limit_is_the_one_passed_in_with_a_clear_message() -> None:
    """The caller's limit (TAWAZI_MAX_UPLOAD_BYTES) applies, in megabytes a user can act on."""
    data = _tmx(AR, EN).encode()
    assert tmx_paragraphs(read_tmx(data, "tm.tmx", max_bytes=len(data))) == ([AR], [EN])
    with pytest.raises(InputError, match=r"tm\.tmx: the file is .* MB .*TAWAZI_MAX_UPLOAD_BYTES"):
        read_tmx(data, "tm.tmx", max_bytes=len(data) - 1)


def test_paragraph_numbers_edited_by_hand_fall_back_to_a_paragraph_per_unit() -> None:
    """A Tawazi export whose x-en-paragraphs was edited into something else ("eight") keeps
    every segment, one paragraph a unit, instead of failing the upload."""
    props = '<prop type="x-ar-paragraphs">8</prop><prop type="x-en-paragraphs">eight</prop>'
    data = _tmx(AR, EN).replace("<tu>", f"<tu>{props}")
    assert tmx_paragraphs(read_tmx(data.encode())) == ([AR], [EN])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_tmx(AR, EN, encoding="x-mac-arabic-2").encode(), "names an unknown encoding"),
        (_tmx(AR, "<hi>" * 5000 + EN + "</hi>" * 5000).encode(), "unit 1 nests its inline"),
    ],
)
def test_hostile_xml_is_refused_clearly(data: bytes, message: str) -> None:
    """An encoding Python does not know and inline elements nested thousands deep get a
    message; the upload showed a server error."""
    with pytest.raises(InputError, match=message):
        read_tmx(data, "tm.tmx")


def test_a_unit_with_one_side_empty_has_no_tuv_for_that_side() -> None:
    """A lone English recital written as a unit has only its English <tuv>: an empty <seg>
    would be read by CAT tools as a translation that is deliberately empty."""
    recital = "Whereas it is essential to promote the development of friendly relations"
    document = write_tmx([TmxUnit(AR, EN), TmxUnit("", recital)], level="sentence")
    root = ET.fromstring(document)
    langs = [[tuv.get(XML_LANG) for tuv in tu.iter("tuv")] for tu in root.iter("tu")]
    assert langs == [["ar", "en"], ["en"]]
    assert [u.en for u in read_tmx(document)] == [EN, recital]


def test_english_source_comes_first_and_the_header_says_so() -> None:
    """A memory translating from English (Trados Studio imports only units in its own
    direction) gets srclang="en" and the English <tuv> first; read back, nothing is swapped."""
    document = write_tmx([TmxUnit(AR, EN)], level="sentence", source="en")
    root = ET.fromstring(document)
    assert root.find("header").get("srclang") == "en"
    assert [tuv.get(XML_LANG) for tuv in root.iter("tuv")] == ["en", "ar"]
    assert [(u.ar, u.en) for u in read_tmx(document)] == [(AR, EN)]
    default = ET.fromstring(write_tmx([TmxUnit(AR, EN)], level="sentence"))
    assert default.find("header").get("srclang") == "ar"
    assert [tuv.get(XML_LANG) for tuv in default.iter("tuv")] == ["ar", "en"]
    with pytest.raises(ValueError, match="source"):
        write_tmx([TmxUnit(AR, EN)], level="sentence", source="fr")


def test_a_side_of_only_blanks_or_characters_xml_cannot_hold_gets_no_tuv() -> None:
    """A segment that would be empty once written (whitespace, or only control characters
    XML 1.0 forbids) is left out like an empty one: no CAT tool gets an empty <seg>."""
    document = write_tmx(
        [TmxUnit(AR, "\x0b\x0c"), TmxUnit(" \n", EN), TmxUnit(AR, EN)], level="sentence"
    )
    root = ET.fromstring(document)
    langs = [[tuv.get(XML_LANG) for tuv in tu.iter("tuv")] for tu in root.iter("tu")]
    assert langs == [["ar"], ["en"], ["ar", "en"]]
    assert all((seg.text or "").strip() for seg in root.iter("seg"))


# The UDHR's preamble as the aligner links it: one Arabic recital with two English paragraphs,
# the English "friendly relations" recital having no Arabic of its own.
UDHR_AR = (
    "ولما كانت شعوب الأمم المتحدة قد أكدت في الميثاق من جديد إيمانها بحقوق الإنسان الأساسية "
    "وبكرامة الفرد وقدره وبما للرجال والنساء من حقوق متساوية وحزمت أمرها على أن تدفع بالرقي "
    "الاجتماعي قدمًا وأن ترفع مستوى الحياة في جو من الحرية أفسح."
)
UDHR_EN = [
    "Whereas it is essential to promote the development of friendly relations between nations,",
    "Whereas the peoples of the United Nations have in the Charter reaffirmed their faith in "
    "fundamental human rights, in the dignity and worth of the human person and in the equal "
    "rights of men and women and have determined to promote social progress and better "
    "standards of life in larger freedom,",
]


def test_a_unit_spanning_two_paragraphs_is_read_back_into_both() -> None:
    """An Arabic recital linked to two English paragraphs, exported by Tawazi and read back,
    gives the two English paragraphs again, not one paragraph of both."""
    unit = TmxUnit(
        UDHR_AR,
        " ".join(UDHR_EN),
        paragraph_props("ar", [4], [UDHR_AR]) + paragraph_props("en", [3, 4], UDHR_EN),
    )
    assert dict(unit.props)["x-en-paragraph-words"] == "13,51"
    document = write_tmx(
        [unit, TmxUnit(AR, EN, (("x-ar-paragraphs", "5"), ("x-en-paragraphs", "5")))],
        level="paragraph",
    )
    assert tmx_paragraphs(read_tmx(document)) == ([UDHR_AR, AR], [*UDHR_EN, EN])


def test_a_segment_edited_since_the_export_stays_whole_in_its_first_paragraph() -> None:
    """When the words no longer add up to the counts (a translator edited the segment in a CAT
    tool) or there are no counts, the unit's text is kept whole rather than cut in the wrong
    place."""
    edited = " ".join(UDHR_EN).replace("between nations,", "between all nations,")
    props = paragraph_props("ar", [4], [UDHR_AR]) + paragraph_props("en", [3, 4], UDHR_EN)
    document = write_tmx([TmxUnit(UDHR_AR, edited, props)], level="paragraph")
    assert tmx_paragraphs(read_tmx(document)) == ([UDHR_AR], [edited])
    # A Tawazi export from before the word counts reads as it did.
    older = tuple((name, value) for name, value in props if not name.endswith("-words"))
    document = write_tmx([TmxUnit(UDHR_AR, " ".join(UDHR_EN), older)], level="paragraph")
    assert tmx_paragraphs(read_tmx(document)) == ([UDHR_AR], [" ".join(UDHR_EN)])


def test_paragraph_numbers_from_the_source_are_read_back_with_their_paragraphs() -> None:
    """Units of targets 1.5 and 1.a, one spanning both in English, give back each paragraph's
    number; a paragraph with none ("") keeps none; labels edited out of step are not used."""
    ar, en = sdg_yaml("global_targets", "ar"), sdg_yaml("global_targets", "en")
    ar_15, ar_1a = (" ".join(ar[key].split()) for key in ("1-5-title", "1-a-title"))
    en_15, en_1a = (" ".join(en[key].split()) for key in ("1-5-title", "1-a-title"))
    units = [
        TmxUnit(
            ar_15,
            f"{en_15} {en_1a}",
            paragraph_props("ar", [4], [ar_15], ["1.5"])
            + paragraph_props("en", [4, 5], [en_15, en_1a], ["1.5", "1.a"]),
        ),
        TmxUnit(
            ar_1a,
            UDHR_EN[0],
            paragraph_props("ar", [5], [ar_1a], ["1.a"]) + paragraph_props("en", [6], [UDHR_EN[0]]),
        ),
    ]
    assert dict(units[0].props)["x-en-paragraph-labels"] == "1.5,1.a"
    assert "x-en-paragraph-labels" not in dict(units[1].props)
    units = read_tmx(write_tmx(units, level="paragraph"))
    assert tmx_paragraphs(units) == ([ar_15, ar_1a], [en_15, en_1a, UDHR_EN[0]])
    assert tmx_labels(units) == (["1.5", "1.a"], ["1.5", "1.a", ""])
    props = tuple((k, "1.5") if k == "x-en-paragraph-labels" else (k, v) for k, v in units[0].props)
    edited = [TmxUnit(units[0].ar, units[0].en, props), units[1]]
    assert tmx_labels(edited) == (["1.5", "1.a"], [])


def test_a_paragraph_0_in_a_file_counting_from_1_is_an_edit_and_keeps_the_units_whole() -> None:
    """Tawazi TMX files say x-tawazi-format 2 and count paragraphs from 1: read back, the
    UDHR recital's unit is cut into its two English paragraphs. The same numbers less one
    in a file without the marker (exported before December 2026, counting from 0) read the
    same; but a paragraph 0 in a format-2 file was typed in by hand, so no number is trusted
    and each unit keeps its text whole."""
    props = paragraph_props("ar", [1], [UDHR_AR]) + paragraph_props("en", [1, 2], UDHR_EN)
    new = write_tmx([TmxUnit(UDHR_AR, " ".join(UDHR_EN), props)], level="paragraph")
    header = ET.fromstring(new).find("header")
    assert header is not None
    assert [(p.get("type"), p.text) for p in header.findall("prop")] == [("x-tawazi-format", "2")]
    assert tmx_paragraphs(read_tmx(new)) == ([UDHR_AR], UDHR_EN)
    older = paragraph_props("ar", [0], [UDHR_AR]) + paragraph_props("en", [0, 1], UDHR_EN)
    assert dict(older)["x-en-paragraphs"] == "0,1"
    marker = b'<prop type="x-tawazi-format">2</prop>'
    old = write_tmx([TmxUnit(UDHR_AR, " ".join(UDHR_EN), older)], level="paragraph")
    assert marker in old
    old = old.replace(marker, b"")
    assert tmx_paragraphs(read_tmx(old)) == ([UDHR_AR], UDHR_EN)
    assert tmx_labels(read_tmx(old)) == ([], [])
    edited = write_tmx([TmxUnit(UDHR_AR, " ".join(UDHR_EN), older)], level="paragraph")
    assert tmx_paragraphs(read_tmx(edited)) == ([UDHR_AR], [" ".join(UDHR_EN)])


@pytest.mark.parametrize(
    ("ar_locale", "en_locale", "expected"),
    [
        ("ar-SA", "en-US", ("ar-SA", "en-US")),
        ("ar_eg", "EN-gb", ("ar-EG", "en-GB")),
        ("ar-001", "en", ("ar-001", "en")),
        ("ar-Arab-AE", "en-Latn-US", ("ar-Arab-AE", "en-Latn-US")),
    ],
)
def test_a_cat_tools_locales_go_on_srclang_and_every_tuv(
    ar_locale: str, en_locale: str, expected: tuple[str, str]
) -> None:
    """Trados Studio and memoQ keep memories per locale (Arabic (Saudi Arabia), ar-SA): the
    chosen codes, written as BCP 47 writes them, are the header's srclang and each <tuv>'s
    xml:lang, in either direction; read back, the units are the same."""
    locales = {"ar": tmx_locale(ar_locale, "ar"), "en": tmx_locale(en_locale, "en")}
    assert (locales["ar"], locales["en"]) == expected
    for source, first in (("ar", expected[0]), ("en", expected[1])):
        document = write_tmx(
            [TmxUnit(AR, EN), TmxUnit("", EN)], level="sentence", source=source, locales=locales
        )
        root = ET.fromstring(document)
        assert root.find("header").get("srclang") == first
        langs = [[tuv.get(XML_LANG) for tuv in tu.iter("tuv")] for tu in root.iter("tu")]
        assert langs[0][0] == first and sorted(langs[0]) == sorted(expected)
        assert langs[1] == [expected[1]]
        assert [(u.ar, u.en) for u in read_tmx(document)] == [(AR, EN), ("", EN)]


@pytest.mark.parametrize(
    ("code", "lang", "message"),
    [
        ("fr-FR", "ar", "Arabic"),
        ("en-US", "ar", "Arabic"),
        ("ar-SA", "en", "English"),
        ("arz", "ar", "Arabic"),
        ("ar-", "ar", "Arabic"),
        ("ar-SAUDI", "ar", "Arabic"),
        ("ar-SA\n", "ar", "Arabic"),
        ("", "en", "English"),
        ("en-US-x-" + "a" * 300, "en", "English"),
    ],
)
def test_a_code_that_is_not_the_languages_locale_is_refused_clearly(
    code: str, lang: str, message: str
) -> None:
    """A code of another language, or not a language-region code at all, is refused with the
    code and an example, never written into the file."""
    with pytest.raises(ValueError, match=rf"{message}.*such as") as refused:
        tmx_locale(code, lang)
    assert len(str(refused.value)) < 300


def test_any_arabic_or_english_locale_is_read_and_no_other_language() -> None:
    """Units tagged ar-SA, AR-EG, ar_JO, en-GB or EN_us are Arabic and English; Aragonese
    ("arg") and Middle English ("enm"), whose codes merely start alike, are neither."""
    data = (
        '<tmx version="1.4"><header/><body>'
        '<tu><tuv xml:lang="ar-SA"><seg>أ</seg></tuv><tuv xml:lang="en-GB"><seg>a</seg></tuv></tu>'
        '<tu><tuv xml:lang="AR-EG"><seg>ب</seg></tuv><tuv xml:lang="EN_us"><seg>b</seg></tuv></tu>'
        '<tu><tuv xml:lang="ar_JO"><seg>ج</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>'
        '<tu><tuv xml:lang="arg"><seg>Aragonés</seg></tuv><tuv xml:lang="enm"><seg>Whan</seg></tuv>'
        '<tuv lang="ar"><seg>د</seg></tuv><tuv xml:lang="en-US"><seg>d</seg></tuv></tu>'
        "</body></tmx>"
    ).encode()
    assert [(u.ar, u.en) for u in read_tmx(data)] == [
        ("أ", "a"),
        ("ب", "b"),
        ("ج", "c"),
        ("د", "d"),
    ]


def test_a_confirmed_only_tawazi_tmx_says_the_rest_of_the_text_is_not_in_it() -> None:
    """A Tawazi TMX of confirmed pairs only names its symbol and that the other links' text is
    missing; a TMX from another tool, whose header says nothing of the kind, gets no note."""
    ours = (
        b'<tmx version="1.4"><header srclang="ar"><prop type="x-symbol">A/RES/70/1</prop>'
        b'<prop type="x-confirmed-only">1</prop><prop type="x-one-sided-left-out">1</prop>'
        b'</header><body><tu><tuv xml:lang="ar"><seg>\xd8\xa7\xd9\x84\xd9\x81\xd9\x82\xd8\xb1'
        b'</seg></tuv><tuv xml:lang="en"><seg>poverty</seg></tuv></tu></body></tmx>'
    )
    units = read_tmx(ours, "targets.tmx")
    assert tmx_symbol(units) == "A/RES/70/1"
    assert [note.split(":")[0] for note in tmx_left_out(units, "targets.tmx")] == [
        "targets.tmx was exported without its 1 link that has no counterpart on one side",
        "targets.tmx holds the confirmed links only",
    ]
    other = ours.replace(b"x-confirmed-only", b"x-client").replace(b"x-one-sided", b"x-other")
    other = other.replace(b"x-symbol", b"x-project")
    units = read_tmx(other, "memoq.tmx")
    assert tmx_left_out(units, "memoq.tmx") == [] and tmx_symbol(units) == ""


def test_a_tawazi_tmx_header_gives_the_resolutions_metadata_a_bad_date_left_out() -> None:
    """The header's x-symbol, x-title-en, x-title-ar, x-body and x-date read back as the
    metadata they name; a date edited into "10/12/1948" is left out rather than misread, and a
    TMX from another tool names none."""
    header = (
        '<prop type="x-symbol">A/RES/70/1</prop>'
        '<prop type="x-title-en">Transforming our world: the 2030 Agenda</prop>'
        '<prop type="x-title-ar">تحويل عالمنا: خطة التنمية المستدامة لعام 2030</prop>'
        '<prop type="x-body">UN General Assembly</prop><prop type="x-date">2015-09-25</prop>'
    )
    data = (
        f'<tmx version="1.4"><header srclang="ar">{header}</header><body><tu>'
        f'<tuv xml:lang="ar"><seg>{AR}</seg></tuv><tuv xml:lang="en"><seg>{EN}</seg></tuv>'
        "</tu></body></tmx>"
    ).encode()
    assert tmx_metadata(read_tmx(data)) == {
        "symbol": "A/RES/70/1",
        "title_en": "Transforming our world: the 2030 Agenda",
        "title_ar": "تحويل عالمنا: خطة التنمية المستدامة لعام 2030",
        "body": "UN General Assembly",
        "date": "2015-09-25",
    }
    edited = read_tmx(data.replace(b"2015-09-25", b"25/09/2015"))
    assert "date" not in tmx_metadata(edited) and tmx_metadata(edited)["symbol"] == "A/RES/70/1"
    assert tmx_metadata(read_tmx(data.replace(b'type="x-', b'type="y-'))) == {}
