"""Reading a Word (.docx) file as paragraphs, keeping paragraph boundaries and list numbering."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from apps.bitext.textfile import MAX_FILE_BYTES, InputError, detect_language

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _numbering(paragraph: Any) -> tuple[str, int] | None:
    """(list id, level) of a paragraph in a Word numbered list, or None; the numbering may be
    set on the paragraph or on its style ("List Number")."""
    for element in (paragraph._p, getattr(paragraph.style, "element", None)):
        ppr = getattr(element, "pPr", None)
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None or numpr.numId is None:
            continue
        if numpr.numId.val == 0:  # numbering switched off
            return None
        level = numpr.ilvl.val if numpr.ilvl is not None else 0
        return str(numpr.numId.val), int(level)
    return None


def _blocks(container: Any, lang: str | None) -> list[Any]:
    """The paragraphs of a document or table cell in reading order, table cells row by row.

    A table whose cells are in both languages (an Arabic | English two-column table) gives a
    side, when lang is known, only the cells in its language and those without letters.
    """
    paragraphs: list[Any] = []
    for block in container.iter_inner_content():
        if not hasattr(block, "rows"):
            paragraphs.append(block)
            continue
        cells = []
        for row in block.rows:
            seen: set[int] = set()
            for cell in row.cells:  # a merged cell is returned once per grid column it spans
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(_blocks(cell, lang))
        langs = [{detect_language(p.text) for p in cell} - {None} for cell in cells]
        bilingual = {"ar", "en"} <= set().union(*langs)
        for cell, cell_langs in zip(cells, langs, strict=True):
            if not (bilingual and lang and cell_langs and lang not in cell_langs):
                paragraphs += cell
    return paragraphs


def read_docx(data: bytes, name: str = "input", lang: str | None = None) -> list[str]:
    """The non-empty paragraphs of a .docx file in order, table cells included; numbered-list
    paragraphs get their number written in ("3. Calls upon" / "3 - يدعو"), since Word keeps it
    outside the text."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name}: file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}.")
    if not data:
        raise InputError(f"{name}: file is empty.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name}: not a Word .docx file (a .doc or another format?).")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several unrelated types for a bad package
        raise InputError(f"{name}: Word could not open this .docx file ({error}).") from None
    paragraphs: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    for paragraph in _blocks(document, lang):
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        numbered = _numbering(paragraph)
        if numbered is not None:
            list_id, level = numbered
            counters[(list_id, level)] = counters.get((list_id, level), 0) + 1
            for key in [k for k in counters if k[0] == list_id and k[1] > level]:
                del counters[key]
            number = counters[(list_id, level)]
            side = lang or detect_language(text) or "en"
            text = f"{number} - {text}" if side == "ar" else f"{number}. {text}"
        paragraphs.append(text)
    if not paragraphs:
        raise InputError(f"{name}: the document has no text paragraphs.")
    return paragraphs
