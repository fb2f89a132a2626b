"""Decoding and splitting imported text files."""

from __future__ import annotations

import pytest

from apps.bitext.textfile import (
    InputError,
    decode_text,
    detect_language,
    header_note,
    split_bilingual,
    split_header,
    split_paragraphs,
)
from tests.conftest import DEMO_FILE, demo_sides, shared_path

AR = "يدين بشدة مواصلة سلطات الاحتلال الإسرائيلي عدوانها الغاشم على الشعب الفلسطيني."
EN = "Strongly condemns the Israeli occupation authorities' continued brutal aggression."


def test_demo_file_splits_into_42_and_42() -> None:
    ar, en = split_bilingual(DEMO_FILE.read_text(encoding="utf-8"))
    assert len(ar) == 42 and len(en) == 42
    assert ar[5].startswith("ودعا القرار") and en[5].startswith("The resolution called on")


def test_language_by_script() -> None:
    assert detect_language(AR) == "ar"
    assert detect_language(EN) == "en"
    assert detect_language("(62,500) 2025") is None
    # An English paragraph quoting one Arabic word stays English.
    assert detect_language("The resolution (قرار) condemns the aggression.") == "en"


def test_interleaved_file_is_accepted() -> None:
    ar, en = split_bilingual(f"{AR}\n{EN}\n{AR}\n{EN}\n")
    assert ar == [AR, AR] and en == [EN, EN]


def test_mixed_blocks_are_refused() -> None:
    with pytest.raises(InputError, match="mixed"):
        split_bilingual(f"{AR}\n{AR}\n{EN}\n{AR}\n{EN}\n{EN}\n")


def test_blank_lines_and_bom() -> None:
    text = decode_text(("\ufeff" + AR + "\n\n  \n" + EN + "\n").encode("utf-8"))
    assert split_paragraphs(text) == [AR, EN]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"\xff\xfe\x00\x00binary", "binary"),
        ("قرار".encode("cp1256"), "not valid UTF-8"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_bad_bytes_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_text(data, "upload.txt")


def test_utf16_with_a_bom_is_read() -> None:
    """Word's "Unicode Text" export (UTF-16 LE with a BOM, CRLF) reads like the UTF-8 file."""
    demo = DEMO_FILE.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-be"):
        data = demo.replace("\n", "\r\n").encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        assert split_bilingual(decode_text(data, "unicode.txt")) == split_bilingual(demo)


def test_utf16_cut_mid_character_gets_a_clear_error() -> None:
    data = f"{AR}\n{EN}\n".encode("utf-16")[:-1]
    with pytest.raises(InputError, match="not valid UTF-16"):
        decode_text(data, "unicode.txt")


def test_text_pasted_from_pdf_has_no_invisible_paragraphs() -> None:
    """Bidi marks and embeddings round a paragraph, a line holding only marks, and the BOM of a
    second file pasted after the first neither make a paragraph nor stay in one."""
    text = f"\u202b{AR}\u202c\n\u200f\n\u202b\u202c\n\ufeff{EN}\u200e\n\u200f\u200f {AR}\n"
    assert split_paragraphs(text) == [AR, EN, AR]
    bilingual = f"\u202b{AR}\u202c\n\u200f\n\u200f{AR}\n\ufeff{EN}\u200e\n\u202a\u202c\n"
    assert split_bilingual(bilingual) == ([AR, AR], [EN])


def test_marks_inside_a_paragraph_are_kept() -> None:
    """A mark between words may order a symbol in the text; only the edges are cleaned."""
    inner = "يحيط علما بالقرار\u200e A/RES/70/1 \u200fالمؤرخ 25 أيلول/سبتمبر 2015"
    assert split_paragraphs(f"\u200f{inner}\u200f\n") == [inner]


def test_an_xml_file_is_not_read_as_lines_of_text() -> None:
    """The UDHR's XML edition given as a text file is refused clearly, instead of becoming
    paragraphs such as "<para>Whereas recognition of the inherent dignity ...</para>"."""
    data = shared_path("corpus", "udhr", "udhr_eng.xml").read_bytes()
    with pytest.raises(InputError, match=r"udhr_eng\.xml: this is an XML file, not plain text"):
        decode_text(data, "udhr_eng.xml")


@pytest.mark.parametrize(
    ("name", "title"),
    [("udhr_arb.txt", "الإعلان العالمي لحقوق الإنسان"), ("udhr_eng.txt", "Universal Declaration")],
)
def test_udhr_credits_header_is_split_off(name: str, title: str) -> None:
    """The UDHR text files open with four credit lines (title and language, ©, the "UDHR in
    Unicode" source) above "---": they are the header, and the text starts at the title."""
    header, body = split_header(shared_path("corpus", "udhr", name).read_text(encoding="utf-8"))
    assert len(header) == 4 and header[1].startswith("©") and "unicode.org" in header[3]
    paragraphs = split_paragraphs(body)
    assert paragraphs[0].startswith(title)
    assert not any("©" in p or "UDHR in Unicode" in p or p == "---" for p in paragraphs)
    note = header_note(name, header)
    assert note.startswith(f"{name}: skipped the 4-line header") and "© 1996" in note


def test_text_without_credits_above_a_rule_keeps_every_line() -> None:
    """A rule under a title (no copyright or source named), a file with no rule, and a rule
    below more than ten lines are all text: nothing is skipped."""
    ar, en = demo_sides()
    for text in (
        f"{en[2]}\n---\n{en[3]}\n",
        DEMO_FILE.read_text(encoding="utf-8"),
        "\n".join([*en[:11], "© OIC", "---", en[12]]),
    ):
        assert split_header(text) == ([], text)
