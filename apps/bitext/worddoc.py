"""Reading a Word (.docx) file as paragraphs, keeping paragraph boundaries, list numbering, text
boxes and the document's footnotes and endnotes; a hostile file (a zip bomb, an archive of
thousands of parts, an encrypted one) is refused before it is unpacked."""

from __future__ import annotations

import importlib
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from apps.bitext.textfile import (
    MAX_FILE_BYTES,
    InputError,
    clean_paragraph,
    detect_language,
    size_error,
    split_paragraphs,
)

__all__ = ["format_number", "read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

# Inside a paragraph, what is not its text as Word shows it with changes accepted: tracked
# deletions and the old place of moved text, and drawings and objects, whose text boxes hold
# paragraphs of their own. Properties hold no text.
_NOT_TEXT = {
    f"{_W}{name}"
    for name in ("del", "moveFrom", "drawing", "pict", "object", "rPr", "pPr", "sdtPr")
}
# Word's own marks for separator lines between the body and its notes, not notes.
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
_NOTE_KINDS = ("footnote", "endnote")

# A Word document is a zip of a dozen parts, a few dozen with pictures.
MAX_PARTS = 2000
# Its parts may unpack to five times the upload limit (100 MB by default), and to 16 MB whatever
# that limit: Word's styles and theme of a one-page document unpack to ten times their size, but
# the text of a long one to about five times, pictures hardly at all. More is a zip bomb (a 3 MB
# file may unpack to 3 GB), or a document to split.
UNZIPPED_PER_UPLOAD = 5
MIN_UNZIPPED_BYTES = 16 * 1024 * 1024
_CHUNK = 1 << 16
_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Word's other files, whose text python-docx does not open.
_OTHER_MAINS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "a Word template (.dotx)"
    ),
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "a Word document with macros (.docm)"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "a Word template with macros (.dotm)"
    ),
}
# An OLE compound file: a Word 97-2003 .doc, or a .docx encrypted by Word's password protection.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class _Text:
    """A paragraph's text and the notes it refers to, (kind, id, custom mark or "") in order."""

    parts: list[str] = field(default_factory=list)
    refs: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _collect(element: Any, out: _Text, styles: _Styles, paragraph_hidden: bool) -> None:
    """Add the text under element to out: runs in hyperlinks, tracked insertions, fields and
    content controls included, hidden runs (Word's "Hidden" font effect, set on the run or
    by its character or paragraph style) not; a note's reference mark left out, and noted in
    out.refs."""
    # A reference with a mark of its own ("*") takes the text after it in its run as the mark.
    custom_mark: list[str] | None = None
    for child in element:
        tag = child.tag
        if tag == f"{_W}r" and styles.hides(child, paragraph_hidden):
            continue
        if tag == f"{_W}t":
            (custom_mark if custom_mark is not None else out.parts).append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab", f"{_W}br", f"{_W}cr"):
            out.parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            out.parts.append("-")
        elif tag == f"{_W}sym" and custom_mark is not None:
            custom_mark.append(_symbol(child.get(f"{_W}char", "")))
        elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
            kind = "footnote" if tag == f"{_W}footnoteReference" else "endnote"
            out.refs.append((kind, child.get(f"{_W}id", ""), ""))
            if child.get(f"{_W}customMarkFollows") in ("1", "true", "on"):
                custom_mark = []
        elif tag == f"{_MC}AlternateContent":
            # The copy for older readers, or, without one, the first choice.
            branches = child.findall(f"{_MC}Fallback") or child.findall(f"{_MC}Choice")[:1]
            for branch in branches:
                _collect(branch, out, styles, paragraph_hidden)
        elif tag not in _NOT_TEXT:
            _collect(child, out, styles, paragraph_hidden)
    if custom_mark is not None:
        kind, note_id, _ = out.refs[-1]
        out.refs[-1] = (kind, note_id, "".join(custom_mark).strip() or "*")


def _text_boxes(element: Any, styles: _Styles, paragraph_hidden: bool) -> list[Any]:
    """The text boxes (w:txbxContent) drawn in a paragraph, in document order, each once: Word
    writes a box twice, as a DrawingML shape (mc:Choice) and as its VML copy (mc:Fallback), and
    only the first branch that holds boxes is read. Boxes inside a box are its paragraphs'."""
    boxes: list[Any] = []
    for child in element:
        tag = child.tag
        if tag == f"{_W}txbxContent":
            boxes.append(child)
        elif tag == f"{_MC}AlternateContent":
            for branch in child:
                found = _text_boxes(branch, styles, paragraph_hidden)
                if found:
                    boxes += found
                    break
        elif tag not in (f"{_W}del", f"{_W}moveFrom") and not (
            tag == f"{_W}r" and styles.hides(child, paragraph_hidden)
        ):
            boxes += _text_boxes(child, styles, paragraph_hidden)
    return boxes


def _switched_on(element: Any) -> bool:
    """Whether a toggle property (w:vanish) is on: present, and not set to 0, false or off."""
    return element.get(f"{_W}val", "true") not in ("0", "false", "off")


@dataclass(frozen=True)
class _Styles:
    """What the document's styles do to the text, by style id, each style's setting or else that
    of the style it is based on: which hide their text (w:vanish), character styles applied to
    runs (w:rStyle) and paragraph styles to all the runs of their paragraphs, a run's own
    setting first, then its character style's, then its paragraph style's; and which paragraph
    styles number their paragraphs ("List Number": w:numPr), as (list id, level or None).

    Read once from the styles part: python-docx's own lookup of a paragraph's style takes
    milliseconds, minutes for a long document."""

    character: dict[str, bool] = field(default_factory=dict)
    paragraph: dict[str, bool] = field(default_factory=dict)
    numbering: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    default_paragraph_style: str = ""

    @classmethod
    def of(cls, document: Any) -> _Styles:
        try:
            root = document.part.styles.element
        except (KeyError, AttributeError):
            return cls()
        own: dict[str, bool | None] = {}
        own_list: dict[str, tuple[str, str | None]] = {}
        based_on: dict[str, str] = {}
        kinds: dict[str, str] = {}
        default = ""
        for style in root.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            kind = style.get(f"{_W}type", "paragraph")
            kinds[style_id] = kind
            vanish = style.find(f"{_W}rPr/{_W}vanish")
            own[style_id] = None if vanish is None else _switched_on(vanish)
            num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            if num_id is not None:
                level = style.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
                own_list[style_id] = (
                    num_id.get(f"{_W}val", ""),
                    None if level is None else level.get(f"{_W}val", ""),
                )
            parent = style.find(f"{_W}basedOn")
            if parent is not None:
                based_on[style_id] = parent.get(f"{_W}val", "")
            if kind == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
                default = style_id
        found = cls(default_paragraph_style=default)
        for style_id, kind in kinds.items():
            chain = _chain(style_id, based_on)
            hidden = next((own[at] for at in chain if own.get(at) is not None), None)
            if hidden is not None:
                (found.character if kind == "character" else found.paragraph)[style_id] = hidden
            listed = next((own_list[at] for at in chain if at in own_list), None)
            if listed is not None and kind == "paragraph":
                found.numbering[style_id] = listed
        return found

    def _paragraph_style(self, paragraph: Any) -> str:
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        return style.get(f"{_W}val", "") if style is not None else self.default_paragraph_style

    def list_of(self, paragraph: Any) -> tuple[str, int] | None:
        """(list id, level) of a paragraph (w:p) in a Word numbered list, or None; the numbering
        may be set on the paragraph, or on its style ("List Number") or one it is based on, the
        paragraph's own level first; list 0 switches numbering off."""
        numpr = paragraph.find(f"{_W}pPr/{_W}numPr")
        num_id = level = None
        if numpr is not None:
            found = numpr.find(f"{_W}numId")
            num_id = None if found is None else found.get(f"{_W}val", "")
            found = numpr.find(f"{_W}ilvl")
            level = None if found is None else found.get(f"{_W}val", "")
        if num_id is None:
            listed = self.numbering.get(self._paragraph_style(paragraph))
            if listed is None:
                return None
            num_id, level = listed[0], level if level is not None else listed[1]
        if _int(num_id) == 0:  # numbering switched off
            return None
        return str(_int(num_id)), _int(level) if level is not None else 0

    def paragraph_hidden(self, paragraph: Any) -> bool:
        """Whether a paragraph's style hides its text."""
        return self.paragraph.get(self._paragraph_style(paragraph), False)

    def hides(self, run: Any, paragraph_hidden: bool) -> bool:
        """Whether a run is hidden text, which Word neither shows nor prints."""
        vanish = run.find(f"{_W}rPr/{_W}vanish")
        if vanish is not None:
            return _switched_on(vanish)
        style = run.find(f"{_W}rPr/{_W}rStyle")
        if style is not None and style.get(f"{_W}val", "") in self.character:
            return self.character[style.get(f"{_W}val", "")]
        return paragraph_hidden


def _chain(style_id: str, based_on: dict[str, str]) -> list[str]:
    """A style and those it is based on, nearest first; a loop (a damaged file) is cut."""
    chain = [style_id]
    while (parent := based_on.get(chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    return chain


def _symbol(code: str) -> str:
    """A custom note mark inserted as a symbol (w:sym, a code in the symbol font's private
    range): its character when that is punctuation such as "*", else "*"."""
    try:
        value = int(code, 16)
        char = chr(value - 0xF000 if value >= 0xF000 else value)
    except ValueError:
        return "*"
    return char if unicodedata.category(char)[0] in "PS" else "*"


def _paragraph_text(paragraph: Any, styles: _Styles) -> _Text:
    out = _Text()
    _collect(paragraph._p, out, styles, styles.paragraph_hidden(paragraph._p))
    return out


class _Blocks:
    """The paragraphs and tables of the document body, a table cell or a note, in order,
    those inside content controls (w:sdt, a form's or template's fields) and custom XML
    included."""

    def __init__(self, element: Any, parent: Any) -> None:
        self._element = element
        self._parent = parent  # gives paragraphs their document part, for styles

    def iter_inner_content(self) -> Iterator[Any]:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in _block_elements(self._element):
            if child.tag == f"{_W}p":
                yield Paragraph(child, self._parent)
            elif child.tag == f"{_W}altChunk":
                for text in _imported_paragraphs(child, self._parent.part):
                    yield Paragraph(_plain_paragraph(text), self._parent)
            else:
                yield Table(child, self._parent)


def _block_elements(element: Any) -> Iterator[Any]:
    for child in element:
        if child.tag in (f"{_W}p", f"{_W}tbl", f"{_W}altChunk"):
            yield child
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _block_elements(content)
        elif child.tag == f"{_W}customXml":
            yield from _block_elements(child)


class ImportedPartError(ValueError):
    """An imported part (w:altChunk) that cannot be read as text; the message names it."""


# What Word may import into a document (w:altChunk) besides plain text and HTML, by content type.
_IMPORTED_KINDS = {
    "application/rtf": "RTF",
    "text/rtf": "RTF",
    "message/rfc822": "a web archive (MHT)",
    "multipart/related": "a web archive (MHT)",
    _DOCUMENT: "a Word document",
    "application/xml": "XML",
    "text/xml": "XML",
}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""")


def _imported_paragraphs(chunk: Any, part: Any) -> list[str]:
    """The paragraphs of a part imported into the document (w:altChunk), which Word merges into
    the text when it next saves the file: plain text one paragraph a line, HTML a paragraph a
    block; anything else (RTF, a web archive, another Word document) is refused, named."""
    rel_id = chunk.get(f"{{{_RELATIONSHIPS.rstrip('/')}}}id", "")
    imported = part.rels.get(rel_id)
    if imported is None or imported.is_external:
        raise ImportedPartError(
            f"the document imports a part (w:altChunk, relationship {rel_id!r}) that is not in "
            "the file. Open it in Word and save it again as Word Document (.docx)."
        )
    target = imported.target_part
    where = str(target.partname).lstrip("/")
    content_type = target.content_type.split(";")[0].strip().lower()
    if content_type not in ("text/plain", *_HTML_TYPES):
        kind = _IMPORTED_KINDS.get(content_type, f"a part of type {content_type}")
        raise ImportedPartError(
            f"the document imports {where} ({kind}, a w:altChunk), whose text Tawazi cannot "
            "read. Open the file in Word and save it as Word Document (.docx): Word then writes "
            "the imported text into the document."
        )
    blob: bytes = target.blob
    text = _decode_imported(blob, where, html=content_type in _HTML_TYPES)
    if content_type == "text/plain":
        return split_paragraphs(text)
    reader = _HtmlParagraphs()
    reader.feed(text)
    reader.close()
    if reader.unreadable:
        raise ImportedPartError(
            f"the document imports {where} (HTML, a w:altChunk) holding {reader.unreadable}, "
            "whose text Tawazi cannot read. Open the file in Word and save it as Word Document "
            "(.docx): Word then writes the imported text into the document."
        )
    return reader.paragraphs()


def _decode_imported(blob: bytes, where: str, *, html: bool) -> str:
    """An imported part's text: UTF-16 or UTF-8 by its byte-order mark, else HTML's declared
    charset (Arabic web pages are often windows-1256), else UTF-8."""
    encoding = "utf-8-sig"
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif html and (declared := _CHARSET.search(blob[:4096])) and not blob.startswith(b"\xef\xbb"):
        encoding = declared.group(1).decode("ascii")
    try:
        return blob.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise ImportedPartError(
            f"the document imports {where} (a w:altChunk) whose text is not in its declared "
            f"encoding ({encoding}). Open the file in Word and save it as Word Document (.docx)."
        ) from None


class _HtmlParagraphs(HTMLParser):
    """The paragraphs of simple HTML: a paragraph per block (p, div, li, heading, table cell),
    items of a numbered list after their number ("2. "), line breaks as spaces, scripts, styles
    and the head left out; pictures and embedded objects noted, as text that cannot be read."""

    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "td",
            "th",
            "tr",
            "blockquote",
            "pre",
            "dt",
            "dd",
            "caption",
            "address",
            "article",
            "section",
            "header",
            "footer",
            "table",
            "ul",
            "ol",
            "body",
        ]
    )
    _SKIPPED = frozenset(("head", "script", "style", "title", "template"))
    _UNREADABLE = {
        "img": "a picture",
        "object": "an embedded object",
        "embed": "an embedded object",
        "iframe": "a frame",
        "frame": "a frame",
        "svg": "a drawing",
        "math": "an equation",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._done: list[str] = []
        self._current: list[str] = []
        self._skipping = 0
        self._lists: list[int | None] = []  # per open list: the next number, None for bullets
        self.unreadable = ""

    def _break(self) -> None:
        text = clean_paragraph(" ".join("".join(self._current).split()))
        if text:
            self._done.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag in self._UNREADABLE and not self.unreadable:
            self.unreadable = self._UNREADABLE[tag]
        elif tag == "br":
            self._current.append(" ")
        if tag in self._BLOCKS:
            self._break()
        if tag in ("ol", "ul"):
            start = dict(attrs).get("start") or "1"
            self._lists.append(int(start) if tag == "ol" and start.isdigit() else None)
        elif tag == "li" and self._lists and self._lists[-1] is not None:
            number = self._lists[-1]
            self._lists[-1] = number + 1
            self._current.append(f"{number}. ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        if tag in self._BLOCKS:
            self._break()
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def paragraphs(self) -> list[str]:
        self._break()
        return self._done


def _plain_paragraph(text: str) -> Any:
    """A Word paragraph (w:p) of one run of text, for a paragraph of an imported part."""
    from docx.oxml.parser import OxmlElement

    paragraph, run, content = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
    content.text = text
    run.append(content)
    paragraph.append(run)
    return paragraph


def _blocks(container: _Blocks, lang: str | None, styles: _Styles) -> tuple[list[Any], list[Any]]:
    """The paragraphs of a document, table cell, text box or note in reading order, table cells
    row by row, a text box's paragraphs after the paragraph it is anchored to; and those left
    out.

    A table whose cells are in both languages (an Arabic | English two-column table) gives a
    side, when lang is known, only the cells in its language and those without letters.
    """
    paragraphs: list[Any] = []
    left_out: list[Any] = []
    for block in container.iter_inner_content():
        if not hasattr(block, "rows"):
            paragraphs.append(block)
            # A text box's paragraphs follow the paragraph it is anchored to.
            for box in _text_boxes(block._p, styles, styles.paragraph_hidden(block._p)):
                kept, dropped = _blocks(_Blocks(box, container._parent), lang, styles)
                paragraphs += kept
                left_out += dropped
            continue
        cells = []
        for row in block.rows:
            seen: set[int] = set()
            for cell in row.cells:  # a merged cell is returned once per grid column it spans
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    kept, dropped = _blocks(_Blocks(cell._tc, container._parent), lang, styles)
                    cells.append(kept)
                    left_out += dropped
        langs = [
            {detect_language(_paragraph_text(p, styles).text) for p in cell} - {None}
            for cell in cells
        ]
        bilingual = {"ar", "en"} <= set().union(*langs)
        for cell, cell_langs in zip(cells, langs, strict=True):
            if bilingual and lang and cell_langs and lang not in cell_langs:
                left_out += cell
            else:
                paragraphs += cell
    return paragraphs, left_out


@dataclass(frozen=True)
class _Level:
    """How a list level numbers its paragraphs (a w:lvl): its format ("decimal", "lowerLetter",
    "arabicAbjad", "bullet"...), its text with %1..%9 standing for the numbers of levels 1 to 9
    ("(%2)", "%1.%2."; None when the file gives none), the start value, whether all numbers in
    its text are shown as digits (isLgl), and which level restarts it (lvlRestart)."""

    number_format: str = "decimal"
    text: str | None = None
    start: int = 1
    legal: bool = False
    glued: bool = False  # w:suff "nothing": no tab or space between the number and the text
    restart_after: int | None = None

    @classmethod
    def of(cls, lvl: Any) -> _Level:
        def value(name: str) -> str | None:
            found = lvl.find(f"{_W}{name}")
            return None if found is None else str(found.get(f"{_W}val", ""))

        start, restart, legal = value("start"), value("lvlRestart"), lvl.find(f"{_W}isLgl")
        return cls(
            number_format=value("numFmt") or "decimal",
            text=value("lvlText"),
            start=1 if start is None else _int(start),
            legal=legal is not None and legal.get(f"{_W}val", "1") not in ("0", "false", "off"),
            glued=value("suff") == "nothing",
            restart_after=None if restart is None else _int(restart),
        )


@dataclass
class _ListStarts:
    """Word's lists, from the numbering part: each list (w:num) belongs to a list definition
    (w:abstractNum) whose levels say how they number and where they start; lists of one
    definition count on from each other, unless a list restarts a level at its
    w:startOverride. A list may redefine a level of its own (w:lvlOverride/w:lvl), and a
    definition may be a list style's (w:numStyleLink), whose levels are another definition's."""

    definition: dict[str, str] = field(default_factory=dict)
    levels: dict[tuple[str, int], _Level] = field(default_factory=dict)
    own_levels: dict[tuple[str, int], _Level] = field(default_factory=dict)
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> _ListStarts:
        found = cls()
        try:
            numbering = document.part.part_related_by(f"{_RELATIONSHIPS}numbering")
        except KeyError:
            return found
        root = numbering.element
        style_links: dict[str, str] = {}
        for abstract in root.iterchildren(f"{_W}abstractNum"):
            key = abstract.get(f"{_W}abstractNumId", "")
            for lvl in abstract.iterchildren(f"{_W}lvl"):
                found.levels[(key, _int(lvl.get(f"{_W}ilvl")))] = _Level.of(lvl)
            link = abstract.find(f"{_W}numStyleLink")
            if link is not None:
                style_links[key] = link.get(f"{_W}val", "")
        for num in root.iterchildren(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            abstract_id = num.find(f"{_W}abstractNumId")
            if abstract_id is not None:
                found.definition[num_id] = abstract_id.get(f"{_W}val", "")
            for override in num.iterchildren(f"{_W}lvlOverride"):
                level = _int(override.get(f"{_W}ilvl"))
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    found.overrides[(num_id, level)] = _int(start.get(f"{_W}val"))
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    found.own_levels[(num_id, level)] = _Level.of(lvl)
        if style_links:
            found._follow_style_links(document, style_links)
        return found

    def _follow_style_links(self, document: Any, style_links: dict[str, str]) -> None:
        """Point the lists of a definition that only links to a list style at the definition
        whose levels that style's list has (one link followed: Word writes no chains)."""
        style_lists: dict[str, str] = {}
        for style in document.styles.element.iterchildren(f"{_W}style"):
            num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            if num_id is not None:
                style_lists[style.get(f"{_W}styleId", "")] = num_id.get(f"{_W}val", "")
        for num_id, abstract_id in list(self.definition.items()):
            style_list = style_lists.get(style_links.get(abstract_id, ""))
            target = self.definition.get(style_list or "")
            if target is not None and target not in style_links:
                self.definition[num_id] = target

    def level(self, list_id: str, level: int) -> _Level | None:
        """How a list's level numbers, or None when the file does not say."""
        own = self.own_levels.get((list_id, level))
        if own is not None:
            return own
        return self.levels.get((self.definition.get(list_id, f"num {list_id}"), level))


def _int(value: str | None) -> int:
    if value is None or not value.lstrip("-").isdigit():
        raise ValueError(f"a list number or level is not a number ({value!r})")
    return int(value)


class _Lines:
    """Paragraph texts as stored: cleaned, and with Word's list numbers written in."""

    def __init__(self, lang: str | None, lists: _ListStarts, styles: _Styles) -> None:
        self.lang = lang
        self.lists = lists
        self.styles = styles
        self.counters: dict[tuple[str, int], int] = {}
        self.restarted: set[tuple[str, int]] = set()

    def number(self, list_id: str, level: int) -> int:
        """The number Word shows on the next paragraph of a list at a level; a numbered empty
        paragraph shows one too, and counts. Deeper levels start again, unless their
        lvlRestart says after which level (0: never)."""
        definition = self.lists.definition.get(list_id, f"num {list_id}")
        key = (definition, level)
        override = self.lists.overrides.get((list_id, level))
        if override is not None and (list_id, level) not in self.restarted:
            self.restarted.add((list_id, level))
            self.counters[key] = override
        elif key in self.counters:
            self.counters[key] += 1
        else:
            defined = self.lists.level(list_id, level)
            self.counters[key] = defined.start if defined is not None else 1
        for deeper in [k for k in self.counters if k[0] == definition and k[1] > level]:
            found = self.lists.level(list_id, deeper[1])
            after = found.restart_after if found is not None else None
            if after is None or level < after:
                del self.counters[deeper]
        return self.counters[key]

    def label(self, list_id: str, level: int) -> str | None:
        """The next paragraph's list label as Word shows it ("(b)", "2.1.", "(ب)"), from the
        level's text and each level's own number format; "" for a bullet or a level that shows
        nothing; None when the file does not say how the level is numbered."""
        number = self.number(list_id, level)
        found = self.lists.level(list_id, level)
        if found is None or found.text is None:
            return None
        if found.number_format == "bullet":
            return ""
        definition = self.lists.definition.get(list_id, f"num {list_id}")

        def shown(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            if at == level:
                value = number
            else:
                other = self.lists.level(list_id, at)
                value = self.counters.get((definition, at), other.start if other else 1)
            other = found if at == level else self.lists.level(list_id, at)
            number_format = other.number_format if other is not None else "decimal"
            if found.legal and number_format != "none":
                number_format = "decimal"
            return format_number(value, number_format)

        return _LEVEL_REFERENCE.sub(shown, found.text)

    def text(self, paragraph: Any, raw: str) -> str:
        text = clean_paragraph(" ".join(raw.split()))
        numbered = self.styles.list_of(paragraph._p)
        if numbered is None or not text:
            if numbered is not None:
                self.number(*numbered)
            return text
        label = self.label(*numbered)
        if label is None:  # no level definition: a number, as UN documents write it
            number = self.counters[self._key(*numbered)]
            side = self.lang or detect_language(text) or "en"
            return f"{number} - {text}" if side == "ar" else f"{number}. {text}"
        if not label.strip():
            return text
        found = self.lists.level(*numbered)
        glue = "" if found is not None and found.glued else " "
        return clean_paragraph(" ".join(f"{label}{glue}{text}".split()))

    def _key(self, list_id: str, level: int) -> tuple[str, int]:
        return (self.lists.definition.get(list_id, f"num {list_id}"), level)


_LEVEL_REFERENCE = re.compile(r"%([1-9])")


def _note_elements(document: Any, kind: str) -> dict[str, Any]:
    """The document's footnotes or endnotes by id, Word's separator lines left out."""
    from docx.oxml.parser import parse_xml

    try:
        part = document.part.part_related_by(f"{_RELATIONSHIPS}{kind}s")
    except KeyError:
        return {}
    root = parse_xml(part.blob)
    return {
        note.get(f"{_W}id", ""): note
        for note in root.iterchildren(f"{_W}{kind}")
        if note.get(f"{_W}type", "normal") not in _SEPARATORS
    }


def _note_format(document: Any, kind: str) -> str:
    """The number format of the document's footnotes or endnotes (decimal and lowerRoman, i, ii,
    iii, are Word's defaults)."""
    body_sections = document.element.body.findall(f"{_W}sectPr")
    settings = document.settings.element
    for container in (*body_sections, settings):
        found = container.find(f"{_W}{kind}Pr/{_W}numFmt")
        if found is not None:
            return str(found.get(f"{_W}val", ""))
    return "decimal" if kind == "footnote" else "lowerRoman"


def _roman(number: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
    values += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


# The letters of Word's Arabic list formats, as it shows them: arabicAlpha in the order of the
# alphabet (أ ب ت ث ...), arabicAbjad in the order of the abjad numerals (أ ب ج د ...).
_ARABIC_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ARABIC_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _letters(number: int, alphabet: str) -> str:
    """A letter list's label: the alphabet, then each letter twice (aa, bb), three times..."""
    if number < 1:
        return str(number)
    return alphabet[(number - 1) % len(alphabet)] * ((number - 1) // len(alphabet) + 1)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def format_number(number: int, number_format: str) -> str:
    """A list or note number in one of Word's number formats (w:numFmt): "decimal" 3,
    "lowerLetter" c, "upperRoman" III, "arabicAlpha" ت, "arabicAbjad" ج, "hindiNumbers" ٣
    (Word's name for Arabic-Indic digits); "none" nothing; formats it cannot write (spelled-out
    numbers, East Asian counting) as decimal digits."""
    if number_format == "none":
        return ""
    if number_format in ("lowerRoman", "upperRoman") and 0 < number < 4000:
        roman = _roman(number)
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format in ("lowerLetter", "upperLetter"):
        letters = _letters(number, "abcdefghijklmnopqrstuvwxyz")
        return letters.upper() if number_format == "upperLetter" else letters
    if number_format == "arabicAlpha":
        return _letters(number, _ARABIC_ALPHA)
    if number_format == "arabicAbjad":
        return _letters(number, _ARABIC_ABJAD)
    if number_format == "hindiNumbers":
        return str(number).translate(_ARABIC_INDIC_DIGITS)
    if number_format == "decimalZero":
        return f"{number:02d}"
    if number_format in ("decimalFullWidth", "decimalFullWidth2"):
        return str(number).translate(_FULL_WIDTH_DIGITS)
    if number_format == "decimalEnclosedParen":
        return f"({number})"
    if number_format == "decimalEnclosedFullstop":
        return f"{number}."
    if number_format == "decimalEnclosedCircle" and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if number_format == "numberInDash":
        return f"- {number} -"
    if number_format == "ordinal":
        return _ordinal(number)
    return str(number)


def _note_mark(number: int, number_format: str) -> str:
    """A note's automatic mark as Word shows it: 1, i, I, a or A (aa after z)."""
    return format_number(number, number_format) or str(number)


def _notes(
    document: Any,
    refs: list[tuple[str, str, str]],
    skipped: set[tuple[str, str]],
    lang: str | None,
    styles: _Styles,
) -> list[str]:
    """The footnotes, then the endnotes, in the order the text refers to them, each one
    paragraph after its mark ("1 Resolution ES-10/24."); notes nothing refers to come last."""
    paragraphs: list[str] = []
    lines = _Lines(lang, _ListStarts.of(document), styles)
    for kind in _NOTE_KINDS:
        elements = _note_elements(document, kind)
        if not elements:
            continue
        number_format = _note_format(document, kind)
        order: dict[str, str] = {}
        for ref_kind, note_id, mark in refs:
            if ref_kind == kind and note_id in elements and note_id not in order:
                order[note_id] = mark
        for note_id in elements:
            if note_id not in order and (kind, note_id) not in skipped:
                order[note_id] = ""
        number = 0
        for note_id, custom in order.items():
            mark = custom
            if not mark:
                number += 1
                mark = _note_mark(number, number_format)
            body = _Blocks(elements[note_id], document._body)
            texts = [
                lines.text(p, _paragraph_text(p, styles).text)
                for p in _blocks(body, lang, styles)[0]
            ]
            text = " ".join(t for t in texts if t)
            if not text:
                continue
            # A custom mark is usually typed again at the start of the note's own text.
            paragraphs.append(text if custom and text.startswith(custom) else f"{mark} {text}")
    return paragraphs


def _body(
    kept: list[Any], lang: str | None, lists: _ListStarts, styles: _Styles
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The body's paragraph texts, and the notes they refer to in order."""
    paragraphs: list[str] = []
    refs: list[tuple[str, str, str]] = []
    lines = _Lines(lang, lists, styles)
    for paragraph in kept:
        found = _paragraph_text(paragraph, styles)
        refs += found.refs
        text = lines.text(paragraph, found.text)
        if text:
            paragraphs.append(text)
    return paragraphs, refs


def _too_many_parts(name: str, count: int) -> InputError:
    return InputError(
        f"{name}: not a Word document as Word saves it: the archive has {count:,} parts (the "
        f"limit is {MAX_PARTS:,}; a Word document has a few dozen)."
    )


def _declared_parts(data: bytes) -> tuple[int, int] | None:
    """The number of parts and the size of the directory a zip's end record declares, read
    before the directory itself is parsed; None without an end record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return None
    count, directory_size = struct.unpack_from("<HL", data, end + 10)
    return count, directory_size


def _open_package(data: bytes, name: str, max_unzipped: int) -> dict[str, bytes]:
    """The parts of a .docx by name, unpacked; refused, with a message naming the file, what is
    not a readable .docx: another format, a damaged or encrypted zip, an archive of thousands
    of parts, or parts that unpack to more than max_unzipped bytes (a zip bomb). The parts are
    unpacked in bounded chunks and counted as they come, not trusting the sizes the archive
    declares, so no more than max_unzipped bytes are ever held."""
    if data.startswith(_OLE):
        raise InputError(
            f"{name}: not a .docx file: a Word 97-2003 .doc, or a password-protected .docx. "
            "Open it in Word, remove any password and save it as Word Document (.docx)."
        )
    declared = _declared_parts(data)
    if declared is None or not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(b"PK\x03\x04"):
            raise InputError(f"{name}: the .docx file is cut off or damaged (its end is missing).")
        raise InputError(f"{name}: not a Word .docx file (a .doc or another format?).")
    count, directory_size = declared
    if count > MAX_PARTS or directory_size > MAX_PARTS * 1024:
        raise _too_many_parts(name, count)
    too_big = InputError(
        f"{name}: the file unpacks to more than {max_unzipped / 1_048_576:.1f} MB "
        f"({max_unzipped:,} bytes, a limit set by TAWAZI_MAX_UPLOAD_BYTES). It is damaged or "
        "not a document as Word saves it, or too large: split it into smaller files."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise _too_many_parts(name, len(parts))
            if any(part.flag_bits & 0x1 for part in parts):
                raise InputError(
                    f"{name}: the file is encrypted. Save it in Word without a password."
                )
            if sum(part.file_size for part in parts) > max_unzipped:
                raise too_big
            unzipped = 0
            unpacked: dict[str, bytes] = {}
            for part in parts:
                chunks = []
                with archive.open(part) as stream:
                    while chunk := stream.read(_CHUNK):
                        unzipped += len(chunk)
                        if unzipped > max_unzipped:
                            raise too_big
                        chunks.append(chunk)
                # A name given twice is read as zipfile reads it: the last part of that name.
                unpacked[part.filename] = b"".join(chunks)
            names = set(unpacked)
    except InputError:
        raise
    except Exception as error:  # zipfile raises several types for a damaged archive
        raise InputError(f"{name}: the .docx file is damaged ({error}).") from None
    if "[Content_Types].xml" not in names:
        kind = "an OpenDocument .odt file?" if "content.xml" in names else "another format?"
        raise InputError(f"{name}: not a Word .docx file: a zip archive of {kind}")
    for folder, kind in (("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint presentation")):
        if "word/document.xml" not in names and any(n.startswith(folder) for n in names):
            raise InputError(f"{name}: not a Word document but {kind}.")
    return unpacked


class _UnpackedParts:
    """python-docx's reader of a package's parts (its PhysPkgReader) over parts already
    unpacked, so that a file is unzipped once, by the checks above."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self._parts = parts

    def blob_for(self, pack_uri: Any) -> bytes:
        return self._parts[pack_uri.membername]

    @property
    def content_types_xml(self) -> bytes:
        return self._parts["[Content_Types].xml"]

    def rels_xml_for(self, source_uri: Any) -> bytes | None:
        return self._parts.get(source_uri.rels_uri.membername)

    def close(self) -> None:
        pass


def _package(data: bytes, parts: dict[str, bytes]) -> Any:
    """The document's package as python-docx opens it (Package.open), from its unpacked parts;
    should python-docx's internals change, from the file, unzipping it again."""
    from docx.package import Package

    try:  # python-docx's own steps of Package.open, on its untyped internals
        opc: Any = importlib.import_module("docx.opc.package")
        reading: Any = importlib.import_module("docx.opc.pkgreader")
        root: Any = importlib.import_module("docx.opc.packuri").PACKAGE_URI
        factory: Any = importlib.import_module("docx.opc.part").PartFactory
        steps = (
            reading._ContentTypeMap.from_xml,
            reading.PackageReader._srels_for,
            reading.PackageReader._load_serialized_parts,
            opc.Unmarshaller.unmarshal,
        )
    except (ImportError, AttributeError):  # pragma: no cover - another python-docx
        return Package.open(io.BytesIO(data))
    content_types_from, relationships_of, parts_of, unmarshal = steps
    reader = _UnpackedParts(parts)
    content_types = content_types_from(reader.content_types_xml)
    relationships = relationships_of(reader, root)
    serialized = parts_of(reader, relationships, content_types)
    package = Package()
    unmarshal(reading.PackageReader(content_types, relationships, serialized), package, factory)
    return package


def read_docx(
    data: bytes,
    name: str = "input",
    lang: str | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_unzipped: int | None = None,
) -> list[str]:
    """The non-empty paragraphs of a .docx file in order, table cells and text boxes included,
    then its footnotes and endnotes, one paragraph each after its mark; numbered-list paragraphs
    get their number written in ("3. Calls upon" / "3 - يدعو"), since Word keeps it outside the
    text. A file whose parts unpack to more than max_unzipped bytes (by default
    UNZIPPED_PER_UPLOAD times max_bytes, MIN_UNZIPPED_BYTES at least) is refused before it is
    read."""
    if len(data) > max_bytes:
        raise size_error(name, len(data), max_bytes)
    if not data:
        raise InputError(f"{name}: file is empty.")
    if max_unzipped is None:
        max_unzipped = max(UNZIPPED_PER_UPLOAD * max_bytes, MIN_UNZIPPED_BYTES)
    parts = _open_package(data, name, max_unzipped)
    try:
        main = _package(data, parts).main_document_part
        del parts  # the package holds the parts it reads
        if main.content_type != _DOCUMENT:
            kind = _OTHER_MAINS.get(main.content_type, f"a file of type {main.content_type}")
            raise InputError(
                f"{name}: {kind}, not a Word document (.docx). Open it in Word and save it as "
                "Word Document (.docx)."
            )
        document = main.document
        styles = _Styles.of(document)
        kept, left_out = _blocks(_Blocks(document.element.body, document._body), lang, styles)
        paragraphs, refs = _body(kept, lang, _ListStarts.of(document), styles)
    except InputError:
        raise
    except ImportedPartError as error:
        raise InputError(f"{name}: {error}") from None
    except Exception as error:  # python-docx raises several unrelated types for a bad package
        raise InputError(f"{name}: Word could not open this .docx file ({error}).") from None
    # Notes referred to only from the other language's column of a two-column table.
    skipped = {
        (kind, note_id) for p in left_out for kind, note_id, _ in _paragraph_text(p, styles).refs
    }
    try:
        paragraphs += _notes(document, refs, skipped, lang, styles)
    except Exception as error:  # a damaged notes part, as for a damaged document
        raise InputError(f"{name}: Word could not read this file's notes ({error}).") from None
    if not paragraphs:
        raise InputError(f"{name}: the document has no text paragraphs.")
    return paragraphs
