"""Reading Word .docx files into paragraphs."""

from __future__ import annotations

import io
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml

from apps.bitext.textfile import InputError
from apps.bitext.worddoc import format_number, read_docx
from tests.conftest import demo_sides


def _save(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_paragraphs_in_a_table_are_read_in_order() -> None:
    """Operative paragraphs laid out in a table are not dropped: body, table rows, body."""
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = en[3]
    table.cell(1, 0).text = en[4]
    document.add_paragraph(en[5])
    assert read_docx(_save(document), "en.docx", "en") == en[2:6]


def test_two_column_table_gives_each_side_its_column() -> None:
    """An Arabic | English table uploaded as both files: each side reads its own language."""
    ar, en = demo_sides()
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, k in enumerate((3, 4, 5)):
        table.cell(row, 0).text = ar[k]
        table.cell(row, 1).text = en[k]
    data = _save(document)
    assert read_docx(data, "both.docx", "ar") == ar[3:6]
    assert read_docx(data, "both.docx", "en") == en[3:6]


def test_merged_cell_is_read_once() -> None:
    """A heading merged across both columns is one paragraph, not one per column."""
    ar, en = demo_sides()
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = en[2]
    table.cell(1, 0).text = en[3]
    table.cell(1, 1).text = en[4]
    assert read_docx(_save(document), "en.docx", "en") == en[2:5]


# --- Footnotes and endnotes -------------------------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
# Demo paragraph 35 cites the General Assembly's resolution in its text; a UN-style edition
# moves the symbol into a footnote, as here.
EN_35, AR_35 = (
    "The resolution expressed its deep dissatisfaction with the cancellation of the convening of "
    "the Conference of the High Contracting Parties to the Fourth Geneva Convention, which was "
    "scheduled to be held on March 6, 2025, in Geneva, based on the mandate of the UN General "
    "Assembly",
    "وأعرب عن استيائه الشديد من إلغاء عقد مؤتمر الدول الأطراف في اتفاقية جنيف الرابعة الذي كان "
    "مقررا عقده يوم 6 مارس 2025 في جنيف، بناء على تفويض الجمعية العامة للأمم المتحدة",
)
EN_NOTE, AR_NOTE = "Resolution A/RES/ES-10/24.", "القرار A/RES/ES-10/24."


def note_reference(kind: str, note_id: int, custom_mark: str = "") -> Any:
    """A run holding Word's reference to a note, superscript, as Word writes it; a custom mark
    is typed text (<w:t>) or, given as "sym:F02A", a character of a symbol font (<w:sym>)."""
    custom = ' w:customMarkFollows="1"' if custom_mark else ""
    mark = f"<w:t>{custom_mark}</w:t>" if custom_mark else ""
    if custom_mark.startswith("sym:"):
        mark = f'<w:sym w:font="Symbol" w:char="{custom_mark[4:]}"/>'
    return parse_xml(
        f'<w:r {W_NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{kind}Reference{custom} w:id="{note_id}"/>{mark}</w:r>'
    )


def add_notes(document: docx.document.Document, kind: str, notes: dict[int, str]) -> None:
    """Give the document a footnotes or endnotes part: Word's two separator notes, then one
    note per id, its text after the automatic mark (or a custom mark typed in)."""
    body = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>"
    )
    for note_id, text in notes.items():
        body += (
            f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'</w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
            f"</w:p></w:{kind}>"
        )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s {W_NS}>{body}</w:{kind}s>'
    content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
    relationship = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, relationship)


def noted_resolution(ar_or_en: list[str], cited: str, note: str) -> bytes:
    """Demo paragraphs 2 and 35 with paragraph 35's symbol in a footnote, and paragraph 36."""
    document = docx.Document()
    document.add_paragraph(ar_or_en[2])
    paragraph = document.add_paragraph(cited)
    paragraph._p.append(note_reference("footnote", 1))
    paragraph.add_run(".")
    document.add_paragraph(ar_or_en[36])
    add_notes(document, "footnote", {1: note})
    return _save(document)


def test_footnotes_follow_the_body_as_paragraphs_both_languages_pair() -> None:
    """A footnote is its own paragraph after the body, after its number; the reference mark
    leaves no digit glued to the word it follows ("Assembly.", not "Assembly1.")."""
    ar, en = demo_sides()
    english = read_docx(noted_resolution(en, EN_35, EN_NOTE), "en.docx", "en")
    arabic = read_docx(noted_resolution(ar, AR_35, AR_NOTE), "ar.docx", "ar")
    assert english == [en[2], EN_35 + ".", en[36], "1 " + EN_NOTE]
    assert arabic == [ar[2], AR_35 + ".", ar[36], "1 " + AR_NOTE]


@pytest.mark.parametrize("asterisk_mark", ["*", "sym:F02A"])
def test_notes_come_in_the_order_the_text_refers_to_them(asterisk_mark: str) -> None:
    """Footnotes by first reference, numbered 1, 2 as Word shows them; endnotes after them,
    i, ii (Word's default); a note with its own mark ("*", typed or a symbol) keeps it and
    takes no number."""
    _, en = demo_sides()
    # Goal 13 of A/RES/70/1 carries the resolution's one asterisk footnote.
    goal = "Take urgent action to combat climate change and its impacts"
    asterisk = (
        "Acknowledging that the United Nations Framework Convention on Climate Change is the "
        "primary international, intergovernmental forum for negotiating the global response to "
        "climate change."
    )
    document = docx.Document()
    first = document.add_paragraph(en[3])
    first._p.append(note_reference("footnote", 7))
    first._p.append(note_reference("endnote", 1))
    second = document.add_paragraph(goal)
    second._p.append(note_reference("footnote", 3, asterisk_mark))
    second._p.append(note_reference("footnote", 2))
    add_notes(document, "footnote", {2: EN_NOTE, 3: f"* {asterisk}", 7: en[39]})
    add_notes(document, "endnote", {1: en[40]})
    assert read_docx(_save(document), "en.docx", "en") == [
        en[3],
        goal,
        f"1 {en[39]}",
        f"* {asterisk}",
        f"2 {EN_NOTE}",
        f"i {en[40]}",
    ]


def test_a_note_of_the_other_column_stays_with_its_language() -> None:
    """An Arabic | English table chosen as both files: each side gets its own column's note."""
    ar, en = demo_sides()
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = AR_35, EN_35
    table.cell(0, 0).paragraphs[0]._p.append(note_reference("footnote", 1))
    table.cell(0, 1).paragraphs[0]._p.append(note_reference("footnote", 2))
    add_notes(document, "footnote", {1: AR_NOTE, 2: EN_NOTE})
    data = _save(document)
    assert read_docx(data, "both.docx", "ar") == [AR_35, "1 " + AR_NOTE]
    assert read_docx(data, "both.docx", "en") == [EN_35, "1 " + EN_NOTE]


# --- Text as Word shows it --------------------------------------------------------------------


def test_tracked_insertions_are_read_and_deletions_are_not() -> None:
    """A file with tracked changes reads as Word shows it with the changes accepted."""
    _, en = demo_sides()
    before, inserted = en[36].split(", and also welcomes")
    paragraph = docx.Document().add_paragraph(before)
    document = paragraph.part.document
    paragraph._p.append(
        parse_xml(
            f'<w:del {W_NS} w:id="1" w:author="Editor"><w:r><w:delText> and welcomed'
            f"</w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:ins {W_NS} w:id="2" w:author="Editor"><w:r><w:t xml:space="preserve">, and also '
            f"welcomes</w:t></w:r></w:ins>"
        )
    )
    paragraph.add_run(inserted)
    assert read_docx(_save(document), "en.docx", "en") == [en[36]]


def run(text: str, rpr: str = "") -> Any:
    return parse_xml(
        f'<w:r {W_NS}><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def test_hidden_text_is_not_read() -> None:
    """Text formatted as hidden (Word neither shows nor prints it: the news report's framing
    kept in an edition, hidden) is left out, a paragraph of nothing else with it; a run whose
    hiding is switched off, and text of which Word keeps no older copy, are read."""
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])._p.append(run(" " + en[1], "<w:vanish/>"))
    document.add_paragraph()._p.append(run(en[1], '<w:vanish w:val="true"/>'))
    document.add_paragraph()._p.append(run(en[3], '<w:vanish w:val="0"/>'))
    choice_only = parse_xml(
        f'<mc:AlternateContent {MC_NS} {W_NS}><mc:Choice Requires="w14">'
        f"<w:r><w:t>{en[4]}</w:t></w:r></mc:Choice></mc:AlternateContent>"
    )
    document.add_paragraph()._p.append(choice_only)
    assert read_docx(_save(document), "en.docx", "en") == en[2:5]


def add_style(document: docx.document.Document, kind: str, style_id: str, inner: str) -> None:
    """A style in the document's styles part, its properties (w:basedOn, w:rPr) given as XML."""
    document.styles.element.append(
        parse_xml(
            f'<w:style {W_NS} w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
            f"{inner}</w:style>"
        )
    )


def styled(text: str, style_id: str, rpr: str = "") -> Any:
    return run(text, f'<w:rStyle w:val="{style_id}"/>{rpr}')


def test_text_hidden_by_its_style_is_not_read() -> None:
    """Text hidden through a character style, or a style it is based on, or through its
    paragraph's style, is left out as Word leaves it out; a style that shows text again, and a
    run shown by its own formatting, are read."""
    _, en = demo_sides()
    document = docx.Document()
    add_style(document, "character", "Framing", "<w:rPr><w:vanish/></w:rPr>")
    add_style(document, "character", "FramingQuote", '<w:basedOn w:val="Framing"/>')
    add_style(
        document,
        "character",
        "Shown",
        '<w:basedOn w:val="Framing"/><w:rPr><w:vanish w:val="0"/></w:rPr>',
    )
    add_style(document, "paragraph", "EditorsNote", "<w:rPr><w:vanish/></w:rPr>")
    add_style(document, "paragraph", "EditorsAside", '<w:basedOn w:val="EditorsNote"/>')
    document.add_paragraph(en[2])._p.append(styled(" " + en[1], "Framing"))
    document.add_paragraph()._p.append(styled(en[1], "FramingQuote"))
    document.add_paragraph()._p.append(styled(en[3], "Shown"))
    document.add_paragraph(en[1], style="EditorsNote")
    document.add_paragraph(en[0], style="EditorsAside")
    document.add_paragraph(style="EditorsNote")._p.append(run(en[4], '<w:vanish w:val="0"/>'))
    assert read_docx(_save(document), "en.docx", "en") == en[2:5]


def test_text_in_content_controls_is_read() -> None:
    """A template's fields (Word content controls) round a paragraph or a few words inside one
    are text like any other."""
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])
    document.element.body.sectPr.addprevious(
        parse_xml(
            f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="Title"/></w:sdtPr><w:sdtContent>'
            f"<w:p><w:r><w:t>{en[3]}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        )
    )
    session, rest = en[4].split(" ", 1)
    paragraph = document.add_paragraph()
    paragraph._p.append(
        parse_xml(
            f"<w:sdt {W_NS}><w:sdtPr/><w:sdtContent><w:r><w:t>{session}</w:t></w:r>"
            "</w:sdtContent></w:sdt>"
        )
    )
    paragraph.add_run(" " + rest)
    assert read_docx(_save(document), "en.docx", "en") == en[2:5]


def test_invisible_marks_round_a_paragraph_are_stripped() -> None:
    """Bidi marks round a paragraph (text pasted from a PDF) go, and a paragraph of nothing but
    marks is none, as in a text file; a mark between words stays."""
    ar, _ = demo_sides()
    inner = "يحيط علما بالقرار\u200e A/RES/ES-10/24 \u200fالمؤرخ"
    document = docx.Document()
    document.add_paragraph(f"\u202b{ar[3]}\u202c")
    document.add_paragraph("\u200f\u200f")
    document.add_paragraph(f"\ufeff{inner}\u200f")
    assert read_docx(_save(document), "ar.docx", "ar") == [ar[3], inner]


def test_size_limit_is_the_one_passed_in_with_a_clear_message() -> None:
    """The caller's limit (TAWAZI_MAX_UPLOAD_BYTES) applies, in megabytes a user can act on."""
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])
    data = _save(document)
    assert read_docx(data, "en.docx", "en", max_bytes=len(data)) == [en[2]]
    with pytest.raises(InputError, match=r"en\.docx: the file is .* MB .*TAWAZI_MAX_UPLOAD_BYTES"):
        read_docx(data, "en.docx", "en", max_bytes=len(data) - 1)


def test_a_damaged_notes_part_is_refused_clearly() -> None:
    """A file whose footnotes part is not well-formed XML gets a message, not a crash."""
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])._p.append(note_reference("footnote", 1))
    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"<w:footnotes", document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    with pytest.raises(InputError, match=r"en\.docx: Word could not read this file's notes"):
        read_docx(_save(document), "en.docx", "en")


def test_a_damaged_list_number_is_refused_clearly() -> None:
    """A numbered paragraph whose list id is not a number (a file another program damaged)
    gets a message naming the file; the upload showed a server error."""
    _, en = demo_sides()
    document = docx.Document()
    paragraph = document.add_paragraph(en[3])
    paragraph._p.insert(
        0, parse_xml(f'<w:pPr {W_NS}><w:numPr><w:numId w:val="abc"/></w:numPr></w:pPr>')
    )
    with pytest.raises(InputError, match=r"en\.docx: Word could not open this \.docx file"):
        read_docx(_save(document), "en.docx", "en")


# --- List numbers -----------------------------------------------------------------------------

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W_NS}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="5"/>
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/>
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def numbered(document: docx.document.Document, text: str, num_id: int, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.insert(
        0,
        parse_xml(
            f'<w:pPr {W_NS}><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr></w:pPr>"
        ),
    )


def test_list_numbers_are_those_word_shows() -> None:
    """A list starts at its definition's start (5); two lists of one definition number on from
    each other, as Word shows them, unless one restarts; an empty numbered paragraph takes a
    number; a sub-level counts afresh under each item."""
    _, en = demo_sides()
    document = docx.Document()
    numbering = document.part.numbering_part
    numbering._element = parse_xml(NUMBERING.encode())
    numbered(document, en[3], 1)
    numbered(document, en[4], 1, level=1)
    numbered(document, en[5], 1, level=1)
    document.add_paragraph(en[6])
    numbered(document, en[7], 2)
    numbered(document, "", 2)
    numbered(document, en[8], 2, level=1)
    numbered(document, en[9], 3)
    numbered(document, en[10], 4)
    assert read_docx(_save(document), "en.docx", "en") == [
        f"1. {en[3]}",
        f"(a) {en[4]}",
        f"(b) {en[5]}",
        en[6],
        f"2. {en[7]}",
        f"(a) {en[8]}",
        f"1. {en[9]}",
        f"5. {en[10]}",
    ]


def with_numbering(xml: str) -> docx.document.Document:
    """A new document whose numbering part is the given w:numbering."""
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(xml.encode())
    return document


def list_definition(abstract_id: int, *levels: str) -> str:
    """A w:abstractNum of levels given as "numFmt lvlText" ("lowerLetter (%2)")."""
    lvls = ""
    for ilvl, level in enumerate(levels):
        number_format, text = level.split(" ", 1)
        lvls += (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
        )
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


# Operative paragraphs 3-9 of the demo resolution as a UN edition lays them out: 1, its
# sub-paragraphs (a)-(c), the sub-sub-paragraphs (i), (ii) of (c), then 2 and its (a); the Arabic
# edition numbers them 1 -, (أ) (ب) (ج) in abjad order, and (١) (٢) in Arabic-Indic digits.
SUB_PARAGRAPHS = ((3, 0), (4, 1), (5, 1), (6, 1), (7, 2), (8, 2), (9, 0), (10, 1))


def sub_paragraphs(side: list[str], levels: tuple[str, str, str]) -> bytes:
    document = with_numbering(
        f"<w:numbering {W_NS}>{list_definition(0, *levels)}"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    document.add_paragraph(side[2])
    for k, level in SUB_PARAGRAPHS:
        numbered(document, side[k], 1, level)
    return _save(document)


def test_sub_paragraphs_are_lettered_as_the_document_shows_in_both_languages() -> None:
    """Lettered and roman sub-paragraphs read "(a)", "(ii)" as in the document, not "1.", "2.";
    the Arabic reads "(ب)" in abjad order and "(٢)" in Arabic-Indic digits; both files give
    the same number of paragraphs, numbered alike, so they pair."""
    ar, en = demo_sides()
    english = read_docx(
        sub_paragraphs(en, ("decimal %1.", "lowerLetter (%2)", "lowerRoman (%3)")), "en.docx", "en"
    )
    arabic = read_docx(
        sub_paragraphs(ar, ("decimal %1 -", "arabicAbjad (%2)", "hindiNumbers (%3)")),
        "ar.docx",
        "ar",
    )
    en_labels = ["1.", "(a)", "(b)", "(c)", "(i)", "(ii)", "2.", "(a)"]
    ar_labels = ["1 -", "(أ)", "(ب)", "(ج)", "(١)", "(٢)", "2 -", "(أ)"]
    assert english == [en[2]] + [
        f"{label} {en[k]}" for label, (k, _) in zip(en_labels, SUB_PARAGRAPHS, strict=True)
    ]
    assert arabic == [ar[2]] + [
        f"{label} {ar[k]}" for label, (k, _) in zip(ar_labels, SUB_PARAGRAPHS, strict=True)
    ]


def test_bullets_are_not_numbered_and_legal_numbers_are_digits() -> None:
    """A bulleted paragraph keeps its text without a number; a level whose text shows the
    numbers of the levels above reads "2.1." ("2.a." in the document's own letters unless the
    level asks for legal numbering, digits only)."""
    _, en = demo_sides()
    bullets = list_definition(1, "bullet \uf0b7", "bullet o")  # Symbol font's bullet, Word's "o"
    outline = list_definition(2, "upperRoman %1.", "lowerLetter %1.%2.")
    legal = outline.replace('w:abstractNumId="2"', 'w:abstractNumId="3"').replace(
        '<w:lvl w:ilvl="1">', '<w:lvl w:ilvl="1"><w:isLgl/>'
    )
    document = with_numbering(
        f"<w:numbering {W_NS}>{bullets}{outline}{legal}"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num></w:numbering>'
    )
    numbered(document, en[3], 1)
    numbered(document, en[4], 1, 1)
    numbered(document, en[5], 2)
    numbered(document, en[6], 2)
    numbered(document, en[7], 2, 1)
    numbered(document, en[8], 3)
    numbered(document, en[9], 3, 1)
    assert read_docx(_save(document), "en.docx", "en") == [
        en[3],
        en[4],
        f"I. {en[5]}",
        f"II. {en[6]}",
        f"II.a. {en[7]}",
        f"I. {en[8]}",
        f"1.1. {en[9]}",
    ]


def test_a_number_with_nothing_after_it_keeps_the_space_its_text_has() -> None:
    """A level followed by nothing (w:suff, no tab) whose text ends in a space ("%1 - ", as
    Arabic editions type it) reads "1 - يؤكد", the number not glued to the word."""
    ar, _ = demo_sides()
    document = with_numbering(
        f'<w:numbering {W_NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/>'
        '<w:lvlText w:val="%1 - "/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    numbered(document, ar[3], 1)
    numbered(document, ar[4], 1)
    assert read_docx(_save(document), "ar.docx", "ar") == [f"1 - {ar[3]}", f"2 - {ar[4]}"]


def test_a_list_made_from_a_list_style_is_lettered_as_the_style_says() -> None:
    """Word writes a list made from a list style as a definition linking to the style
    (w:numStyleLink), whose own list holds the levels: its sub-paragraphs read "(a)", "(b)"."""
    _, en = demo_sides()
    linked = list_definition(1, "decimal %1.", "lowerLetter (%2)").replace(
        "<w:lvl ", '<w:styleLink w:val="ResolutionList"/><w:lvl ', 1
    )
    document = with_numbering(
        f'<w:numbering {W_NS}><w:abstractNum w:abstractNumId="0">'
        '<w:numStyleLink w:val="ResolutionList"/></w:abstractNum>'
        f"{linked}"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    document.styles.element.append(
        parse_xml(
            f'<w:style {W_NS} w:type="numbering" w:styleId="ResolutionList">'
            '<w:name w:val="Resolution List"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
            "</w:pPr></w:style>"
        )
    )
    numbered(document, en[3], 2)
    numbered(document, en[4], 2, 1)
    numbered(document, en[5], 2, 1)
    assert read_docx(_save(document), "en.docx", "en") == [
        f"1. {en[3]}",
        f"(a) {en[4]}",
        f"(b) {en[5]}",
    ]


@pytest.mark.parametrize(
    ("number", "number_format", "shown"),
    [
        (3, "lowerLetter", "c"),
        (27, "lowerLetter", "aa"),
        (2, "upperLetter", "B"),
        (9, "lowerRoman", "ix"),
        (14, "upperRoman", "XIV"),
        (3, "arabicAlpha", "ت"),
        (28, "arabicAlpha", "ي"),
        (29, "arabicAlpha", "أأ"),
        (3, "arabicAbjad", "ج"),
        (10, "arabicAbjad", "ي"),
        (12, "hindiNumbers", "١٢"),
        (7, "decimalZero", "07"),
        (5, "none", ""),
        (4, "cardinalText", "4"),
    ],
)
def test_list_number_formats(number: int, number_format: str, shown: str) -> None:
    """Each of Word's number formats as Word shows the number; one it cannot write, as digits."""
    assert format_number(number, number_format) == shown


def test_a_long_numbered_document_reads_in_well_under_a_second() -> None:
    """Two thousand numbered paragraphs in Word's default style read numbered 1 to 2,000 in
    under a second of CPU (a quarter of one here; nearly three while python-docx looked up each
    paragraph's style, a search through all the document's styles for one without a style of
    its own)."""
    _, en = demo_sides()
    document = with_numbering(NUMBERING)
    operative = en[3:42]
    for k in range(2000):
        numbered(document, operative[k % len(operative)], 1)
    data = _save(document)
    started = time.process_time()
    paragraphs = read_docx(data, "en.docx", "en")
    assert time.process_time() - started < 1
    assert paragraphs == [f"{k + 1}. {operative[k % len(operative)]}" for k in range(2000)]


def test_a_style_based_on_a_numbered_style_numbers_its_paragraphs() -> None:
    """A house style based on a numbered style numbers its paragraphs as Word does; a paragraph
    giving only its own level is numbered at that level of its style's list, and one whose
    list is 0 is not numbered."""
    _, en = demo_sides()
    document = with_numbering(NUMBERING)
    add_style(
        document,
        "paragraph",
        "OperativeParagraph",
        '<w:basedOn w:val="ResolutionNumber"/><w:rPr><w:b/></w:rPr>',
    )
    add_style(
        document,
        "paragraph",
        "ResolutionNumber",
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>',
    )
    document.add_paragraph(en[3], style="OperativeParagraph")
    sub = document.add_paragraph(en[4], style="OperativeParagraph")
    sub._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="1"/></w:numPr>'))
    off = document.add_paragraph(en[5], style="OperativeParagraph")
    off._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:numId w:val="0"/></w:numPr>'))
    document.add_paragraph(en[6], style="OperativeParagraph")
    assert read_docx(_save(document), "en.docx", "en") == [
        f"1. {en[3]}",
        f"(a) {en[4]}",
        en[5],
        f"2. {en[6]}",
    ]


# --- Text boxes ---------------------------------------------------------------------------------

WORD_FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "word"
V_NS = 'xmlns:v="urn:schemas-microsoft-com:vml"'
WPS_NS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'


def text_box(text: str, *, drawing: bool = True, vml: bool = True) -> Any:
    """A run holding a text box as Word writes it: a DrawingML shape (mc:Choice) and its VML
    copy for older readers (mc:Fallback), each with the box's paragraph; or one of them."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    shape = f"<w:drawing><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></w:drawing>"
    copy = f"<w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
    if drawing and vml:
        inner = (
            f'<mc:AlternateContent><mc:Choice Requires="wps">{shape}</mc:Choice>'
            f"<mc:Fallback>{copy}</mc:Fallback></mc:AlternateContent>"
        )
    else:
        inner = shape if drawing else copy
    return parse_xml(f"<w:r {W_NS} {V_NS} {MC_NS} {WPS_NS}>{inner}</w:r>")


def test_a_text_box_is_read_once_after_its_paragraph() -> None:
    """A text box's paragraph follows the paragraph it is anchored to, once, though Word writes
    it twice (DrawingML and VML); a box in VML only (Word 2007) or DrawingML only is read too."""
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])._p.append(text_box(en[3]))
    document.add_paragraph(en[4])._p.append(text_box(en[5], drawing=False))
    document.add_paragraph()._p.append(text_box(en[6], vml=False))
    document.add_paragraph(en[7])
    assert read_docx(_save(document), "en.docx", "en") == en[2:8]


def test_word_files_saved_by_a_word_processor_read_as_the_resolution() -> None:
    """The demo resolution saved as .docx by LibreOffice (fixtures/word, made by
    make_word_fixtures.py): right-to-left Arabic, numbered lists (one numbered on after other
    paragraphs, one starting at 39), a footnote, a table and a text box give the same
    paragraphs in both languages, in the same order, numbered as the word processor shows."""
    ar, en = demo_sides()
    arabic = read_docx((WORD_FIXTURES / "demo-ar.docx").read_bytes(), "demo-ar.docx", "ar")
    english = read_docx((WORD_FIXTURES / "demo-en.docx").read_bytes(), "demo-en.docx", "en")
    assert arabic == [
        ar[2],
        *(f"{n} - {ar[k]}" for n, k in ((1, 3), (2, 4), (3, 5))),
        AR_35 + ".",
        ar[36],
        ar[37],
        ar[38],
        ar[39],  # the text box
        "4 - " + ar[40],
        "39 - " + ar[41],
        "1 " + AR_NOTE,
    ]
    assert english == [
        en[2],
        *(f"{n}. {en[k]}" for n, k in ((1, 3), (2, 4), (3, 5))),
        EN_35 + ".",
        en[36],
        en[37],
        en[38],
        en[39],
        "4. " + en[40],
        "39. " + en[41],
        "1 " + EN_NOTE,
    ]


def test_a_two_column_word_file_saved_by_a_word_processor_gives_each_side_its_column() -> None:
    """An Arabic | English table saved by LibreOffice (fixtures/word), right-to-left Arabic
    cells and a footnote in each column, chosen as both files: each side reads its column and
    its column's note."""
    ar, en = demo_sides()
    data = (WORD_FIXTURES / "demo-two-columns.docx").read_bytes()
    assert read_docx(data, "both.docx", "ar") == [*ar[3:6], AR_35 + ".", "1 " + AR_NOTE]
    assert read_docx(data, "both.docx", "en") == [*en[3:6], EN_35 + ".", "1 " + EN_NOTE]


# --- Imported parts (w:altChunk) ----------------------------------------------------------------

R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def import_part(
    document: docx.document.Document, partname: str, content_type: str, blob: bytes
) -> None:
    """Import a part where the body now ends, as a program that builds documents does (Word
    merges it into the text when it next saves)."""
    part = Part(PackURI(partname), content_type, blob, document.part.package)
    rel_id = document.part.relate_to(part, RT.A_F_CHUNK)
    document.element.body.sectPr.addprevious(
        parse_xml(f'<w:altChunk {W_NS} {R_NS} r:id="{rel_id}"/>')
    )


def test_imported_html_and_text_are_read_in_place_and_both_languages_pair() -> None:
    """Operative paragraphs imported as HTML (the Arabic in windows-1256, as Arabic web pages
    often are; a numbered list numbered as a browser shows it) or as plain text are read where
    they are imported; head, styles and line breaks give no paragraphs of their own."""
    ar, en = demo_sides()
    sides = []
    for side, charset in ((ar, "windows-1256"), (en, "utf-8")):
        html = (
            f'<html><head><meta charset="{charset}"><title>{side[0]}</title>'
            "<style>p { margin: 0 }</style></head><body>"
            f"<p>{side[3]}</p><div>{side[4].replace(' ', '<br>', 1)}</div>"
            f'<ol start="3"><li>{side[5]}</li><li>{side[6]}</li></ol></body></html>'
        )
        document = docx.Document()
        document.add_paragraph(side[2])
        import_part(document, "/word/afchunk1.htm", "text/html", html.encode(charset))
        import_part(
            document, "/word/afchunk2.txt", "text/plain", f"{side[7]}\n\n{side[8]}\n".encode()
        )
        document.add_paragraph(side[9])
        sides.append(_save(document))
    arabic = read_docx(sides[0], "ar.docx", "ar")
    english = read_docx(sides[1], "en.docx", "en")
    assert arabic == [ar[2], ar[3], ar[4], f"3. {ar[5]}", f"4. {ar[6]}", *ar[7:10]]
    assert english == [en[2], en[3], en[4], f"3. {en[5]}", f"4. {en[6]}", *en[7:10]]


@pytest.mark.parametrize(
    ("partname", "content_type", "blob", "message"),
    [
        (
            "/word/afchunk.rtf",
            "application/rtf",
            b"{\\rtf1\\ansi The Council}",
            r"imports word/afchunk\.rtf \(RTF, a w:altChunk\), whose text Tawazi cannot read",
        ),
        (
            "/word/afchunk.mht",
            "message/rfc822",
            b"MIME-Version: 1.0",
            r"imports word/afchunk\.mht \(a web archive \(MHT\)",
        ),
        (
            "/word/afchunk.htm",
            "text/html",
            b'<p>The Council</p><img src="resolution.png">',
            r"imports word/afchunk\.htm \(HTML, a w:altChunk\) holding a picture",
        ),
    ],
)
def test_an_imported_part_that_cannot_be_read_is_refused_by_name(
    partname: str, content_type: str, blob: bytes, message: str
) -> None:
    """An imported RTF file, web archive, or HTML with a picture is refused with a message
    naming the part and what to do, not silently dropped."""
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])
    import_part(document, partname, content_type, blob)
    with pytest.raises(InputError, match=rf"en\.docx: the document {message}.*save it as Word"):
        read_docx(_save(document), "en.docx", "en")


# --- Hostile files ------------------------------------------------------------------------------


def _rezip(data: bytes, extra: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    """The package with parts replaced or added, and some left out, deflated as Word does."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in extra and info.filename not in drop:
                target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
        for part, content in extra.items():
            target.writestr(part, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _one_paragraph() -> bytes:
    _, en = demo_sides()
    document = docx.Document()
    document.add_paragraph(en[2])
    return _save(document)


def zip_bomb(size: int) -> bytes:
    """A small .docx whose document.xml unpacks to about `size` bytes: its paragraph, and
    comments of blanks (XML that parses, compressing a thousandfold)."""
    data = _one_paragraph()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    comment = b"<!--" + b" " * 1017 + b"-->"
    padded = xml.replace(b"<w:body>", b"<w:body>" + comment * (size // len(comment)), 1)
    return _rezip(data, {"word/document.xml": padded})


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    """A 90 KB file whose document.xml unpacks to 17 MB is refused under a 1 MB upload limit
    (unpacked, at most 16 MB); with the upload limit at 4 MB (20 MB unpacked) it reads."""
    _, en = demo_sides()
    data = zip_bomb(17 * 1024 * 1024)
    assert len(data) < 100 * 1024
    with pytest.raises(InputError, match=r"bomb\.docx: the file unpacks to more than 16\.0 MB"):
        read_docx(data, "bomb.docx", "en", max_bytes=1024 * 1024)
    assert read_docx(data, "bomb.docx", "en", max_bytes=4 * 1024 * 1024) == [en[2]]


def test_a_part_larger_than_its_declared_size_is_refused_not_unpacked() -> None:
    """The archive's directory says document.xml unpacks to 4 KB, and it unpacks to 32 MB: the
    reader stops where the declared size ends and refuses the file as damaged."""
    data = bytearray(zip_bomb(32 * 1024 * 1024))
    name = b"word/document.xml"
    record = data.find(b"PK\x01\x02")  # the directory's records: the size is at offset 24
    while data[record + 46 : record + 46 + len(name)] != name:
        record = data.find(b"PK\x01\x02", record + 4)
    data[record + 24 : record + 28] = (4096).to_bytes(4, "little")
    with pytest.raises(InputError, match=r"bomb\.docx: the \.docx file is damaged"):
        read_docx(bytes(data), "bomb.docx", "en")


def _encrypted(data: bytes) -> bytes:
    """The package with each part marked encrypted (ZIP's traditional password protection),
    in its local header and its directory record, as an archiver with a password writes it."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at >= 0:
            out[at + offset] |= 0x1
            at = out.find(signature, at + 4)
    return bytes(out)


def _many_parts(count: int) -> bytes:
    return _rezip(_one_paragraph(), {f"customXml/item{n}.xml": b"<a/>" for n in range(count)})


def _as_template() -> bytes:
    """A Word document saved as a template (.dotx): the same parts, its main one typed so."""
    data = _one_paragraph()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml")
    document = b"wordprocessingml.document.main+xml"
    assert document in types
    template = types.replace(document, b"wordprocessingml.template.main+xml")
    return _rezip(data, {"[Content_Types].xml": template})


def _with_document_xml(edit: Any) -> bytes:
    """The one-paragraph package with its document.xml changed by edit(xml)."""
    data = _one_paragraph()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    return _rezip(data, {"word/document.xml": edit(xml)})


def _laughs(xml: bytes) -> bytes:
    """ "Billion laughs": entities of entities that would expand to a gigabyte of text."""
    entities = '<!ENTITY a0 "ha ha ha ">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 9)
    )
    body = xml[xml.index(b"<w:document") :].replace(
        b"</w:body>", b"<w:p><w:r><w:t>&a8;</w:t></w:r></w:p></w:body>"
    )
    return f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'.encode() + body


def _nested(xml: bytes) -> bytes:
    """Content controls nested 5,000 deep round nothing."""
    deep = b"<w:sdt><w:sdtContent>" * 5000 + b"</w:sdtContent></w:sdt>" * 5000
    return xml.replace(b"<w:body>", b"<w:body>" + deep)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for part, content in parts.items():
            package.writestr(part, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096,
            r"x\.docx: not a \.docx file: a Word 97-2003 \.doc, or a password-protected \.docx",
        ),
        (b"%PDF-1.7\n" + b"\0" * 1024, r"x\.docx: not a Word \.docx file \(a \.doc or another"),
        (_zip({"notes.txt": b"hello"}), r"x\.docx: not a Word \.docx file: a zip archive of"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a/>"}),
            r"x\.docx: not a Word \.docx file: a zip archive of an OpenDocument \.odt file",
        ),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            r"x\.docx: not a Word document but an Excel workbook",
        ),
        (
            _rezip(_one_paragraph(), {}, drop=("word/document.xml",)),
            r"x\.docx: Word could not open this \.docx file",
        ),
        (
            _as_template(),
            r"x\.docx: a Word template \(\.dotx\), not a Word document \(\.docx\)\. Open it",
        ),
        (_with_document_xml(_laughs), r"x\.docx: Word could not open this \.docx file"),
        (_with_document_xml(_nested), r"x\.docx: Word could not open this \.docx file"),
        (_many_parts(2001), r"x\.docx: not a Word document as Word saves it: .* 2,0\d\d parts"),
        (_encrypted(_one_paragraph()), r"x\.docx: the file is encrypted"),
        (_one_paragraph()[:-40], r"x\.docx: the \.docx file is cut off or damaged"),
        (_one_paragraph()[:-40] + b"\0" * 40, r"x\.docx: the \.docx file is cut off or damaged"),
    ],
    ids=[
        "doc",
        "pdf",
        "zip",
        "odt",
        "xlsx",
        "no-document",
        "dotx",
        "entities",
        "nested",
        "parts",
        "encrypted",
        "cut",
        "padded",
    ],
)
def test_a_file_that_is_not_a_readable_docx_gets_a_message(data: bytes, message: str) -> None:
    """Another format, an archive of another kind or of thousands of parts, an encrypted or a
    cut-off one: a message naming the file and saying what it is, never a crash."""
    with pytest.raises(InputError, match=message):
        read_docx(data, "x.docx", "en")


def test_a_word_file_is_unzipped_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts the checks unpack (counted against the zip-bomb limit) are the ones read: no
    part of the word processor's file is unzipped a second time, and it reads the same."""
    _, en = demo_sides()
    opened: Counter[str] = Counter()
    unzip = zipfile.ZipFile.open

    def counting(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened[getattr(name, "filename", name)] += 1
        return unzip(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting)
    data = (WORD_FIXTURES / "demo-en.docx").read_bytes()
    assert read_docx(data, "demo-en.docx", "en")[:2] == [en[2], f"1. {en[3]}"]
    assert "word/document.xml" in opened
    assert set(opened.values()) == {1}


def test_a_word_document_with_a_few_hundred_parts_reads() -> None:
    """The limit on parts leaves room for a document with many pictures."""
    _, en = demo_sides()
    assert read_docx(_many_parts(1000), "en.docx", "en") == [en[2]]
