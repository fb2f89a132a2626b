"""Reading Tawazi's CSV export back into paragraphs, and the cells it writes for spreadsheets."""

from __future__ import annotations

import csv
import io

import pytest

from apps.bitext.document import UnitLink, UnitReview, segment_paragraphs
from apps.bitext.linkcsv import csv_cell, csv_text, read_link_csv
from apps.bitext.textfile import InputError
from tests.conftest import demo_sides

HEADER = ["level", "position", "ar", "en", "score", "ar_paragraphs", "en_paragraphs"]
WORDS = ["ar_paragraph_words", "en_paragraph_words"]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerows([header, *rows])
    return out.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example")',
        "-3,400 trucks in the Arabic",
        "'=already quoted by the reviewer",
        "''+971",
        "'tis the season",
        "يقرر - بالإجماع - أن",
        "",
    ],
)
def test_a_cell_a_spreadsheet_shows_as_text_reads_back_as_written(text: str) -> None:
    """Every cell csv_cell writes reads back as the text it was given: the apostrophe that keeps
    "=…" from running as a formula is taken off, and an apostrophe typed before "=" is kept
    (it gets one more on export, which spreadsheets hide)."""
    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@"))
    assert csv_text(cell) == text


def test_a_row_over_two_paragraphs_is_cut_where_its_word_counts_say() -> None:
    """The demo's paragraphs 3 and 4 as one Arabic cell against two English rows: the word
    counts put each Arabic paragraph back whole, and the rows make one paragraph link of 2:2."""
    ar, en = demo_sides()
    rows = [
        [
            "paragraph",
            "1",
            f"{ar[2]} {ar[3]}",
            en[2],
            "0.7",
            "3 4",
            "3",
            f"{len(ar[2].split())} {len(ar[3].split())}",
            f"{len(en[2].split())}",
        ],
        ["paragraph", "2", "", en[3], "0", "", "4", "", f"{len(en[3].split())}"],
    ]
    document = read_link_csv(_csv(HEADER + WORDS, rows), "demo.csv")
    assert (document.level, document.ar, document.en) == ("paragraph", ar[2:4], en[2:4])
    assert document.paragraph_links is not None
    assert [(k.ar, k.en, k.score) for k in document.paragraph_links] == [
        (((0,), (1,)), ((0,),), 0.7),
        ((), ((1,),), 0.0),
    ]
    assert document.notes == [
        "demo.csv pairs paragraphs: the sentences and clauses inside each pair are aligned "
        "automatically, without statuses, flags or notes."
    ]


def test_an_older_csv_without_word_counts_keeps_a_spanning_row_whole() -> None:
    """A CSV from before the word counts: a row over two paragraphs stays whole in the first,
    so that no word is lost, and the second is not said to be missing."""
    ar, en = demo_sides()
    rows = [
        ["sentence", "1", f"{ar[2]} {ar[3]}", f"{en[2]} {en[3]}", "0.5", "3 4", "3 4"],
        ["sentence", "2", ar[4], en[4], "0.5", "5", "5"],
    ]
    document = read_link_csv(_csv(HEADER, rows), "old.csv")
    assert document.ar == [f"{ar[2]} {ar[3]}", ar[4]]
    assert document.en == [f"{en[2]} {en[3]}", en[4]]
    # Paragraph 4's words are in paragraph 3: it is not said to be missing.
    assert document.notes == [
        "old.csv pairs sentences: the clauses inside each pair are aligned automatically, "
        "without statuses, flags or notes."
    ]


REVIEW = ["status", "flagged", "note"]


def test_sentence_rows_are_the_sentence_links_with_their_reviews() -> None:
    """The demo's paragraph 11, one Arabic sentence and two English ones, as two sentence
    rows: the first pair confirmed and flagged with a note, the second English sentence alone
    and corrected. They are the sentence links, each with its status, flag and note."""
    ar, en = demo_sides()
    (first, _), (second, _) = segment_paragraphs([en[10]], "en")[0].sentences
    english = [en[10][slice(*first)], en[10][slice(*second)]]
    rows = [
        ["sentence", "1", ar[10], english[0], "0.61", "11", "11", "confirmed", "1", "“all”?"],
        ["sentence", "2", "", english[1], "0", "", "11", "corrected", "0", ""],
    ]
    document = read_link_csv(_csv(HEADER + REVIEW, rows), "s.csv")
    assert document.en == [en[10]]
    assert document.links == [
        UnitLink("sentence", ((0, 0),), ((0, 0),), 0.61),
        UnitLink("sentence", (), ((0, 1),), 0.0),
    ]
    assert document.reviews == {
        ("sentence", ((0, 0),), ((0, 0),)): UnitReview("confirmed", True, "“all”?"),
        ("sentence", (), ((0, 1),)): UnitReview("corrected", False, ""),
    }


def test_rows_cut_inside_a_sentence_keep_their_paragraphs_not_their_pairs() -> None:
    """The same paragraph with its first English sentence cut in two rows (edited in a
    spreadsheet): the paragraphs are kept whole and paired, but no row is a sentence link, so
    no sentence pair or status is imported, and the note names the row that cuts the
    sentence."""
    ar, en = demo_sides()
    words = en[10].split()
    rows = [
        ["sentence", "1", ar[10], " ".join(words[:5]), "0.6", "11", "11", "confirmed", "0", ""],
        ["sentence", "2", "", " ".join(words[5:]), "0", "", "11", "confirmed", "0", ""],
    ]
    document = read_link_csv(_csv(HEADER + REVIEW, rows), "s.csv")
    assert document.en == [en[10]]
    assert document.paragraph_links == [UnitLink("paragraph", ((0,),), ((0,),), 0.6)]
    assert (document.links, document.reviews) == ([], {})
    assert document.notes == [
        "s.csv, line 2: the row's text is not cut into sentences as Tawazi cuts it (edited "
        "since the export?), so the file's sentence pairs, statuses, flags and notes are not "
        "imported: its paragraph pairs are kept and aligned automatically inside."
    ]


def test_paragraphs_missing_from_a_confirmed_only_csv_are_named() -> None:
    """Rows for paragraphs 1 and 3 only: the notes say paragraph 2's text is not in the file."""
    ar, en = demo_sides()
    rows = [
        ["paragraph", "1", ar[0], en[0], "0.9", "1", "1"],
        ["paragraph", "3", ar[2], en[2], "0.9", "3", "3"],
    ]
    document = read_link_csv(_csv(HEADER, rows), "c.csv")
    assert document.ar == [ar[0], ar[2]]
    assert document.notes[0].startswith("c.csv lacks Arabic paragraph 2 (exported with")
    assert document.notes[1].startswith("c.csv lacks English paragraph 2 (exported with")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["clause", "1", "نص", "text", "x", "1", "1"]],
            "c.csv, line 2: score 'x' is not a number.",
        ),
        ([["article", "1", "نص", "text", "1", "1", "1"]], "line 2: level 'article' is not"),
        ([["clause", "1", "", "text", "1", "", "1"]], "c.csv: no Arabic text in the ar column."),
        ([["clause", "1", "نص", "text", "1", "1", "0x1"]], "en_paragraphs '0x1' is not"),
    ],
)
def test_a_broken_row_is_refused_saying_where(rows: list[list[str]], message: str) -> None:
    with pytest.raises(InputError) as refused:
        read_link_csv(_csv(HEADER, rows), "c.csv")
    assert message in str(refused.value)
