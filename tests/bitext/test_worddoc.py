"""Reading Word .docx files into paragraphs."""

from __future__ import annotations

import io

import docx

from apps.bitext.worddoc import read_docx
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
