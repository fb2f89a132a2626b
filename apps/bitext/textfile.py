"""Reading plain-text resolution files: decoding, paragraph splitting and language detection."""

from __future__ import annotations

import re
import unicodedata

MAX_FILE_BYTES = 20 * 1024 * 1024


class InputError(ValueError):
    """Input a user gave that cannot be imported; the message says why in plain words."""


def size_error(name: str, size: int, max_bytes: int) -> InputError:
    """The message for a file over the size limit, in megabytes a user can act on."""
    return InputError(
        f"{name}: the file is {size / 1_048_576:.1f} MB ({size:,} bytes); the limit is "
        f"{max_bytes / 1_048_576:.1f} MB ({max_bytes:,} bytes). Split the document into "
        "smaller files, or ask the administrator to raise TAWAZI_MAX_UPLOAD_BYTES."
    )


def decode_text(data: bytes, name: str = "input", *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Decode UTF-8 text (a BOM is allowed) or UTF-16 with its BOM (Word's "Unicode Text"),
    refusing binary, other encodings, empty and oversized input."""
    if len(data) > max_bytes:
        raise size_error(name, len(data), max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not data.startswith(b"\xff\xfe\x00\x00"):
        text = _decode_utf16(data, name)
    else:
        text = _decode_utf8(data, name)
    if not text.strip("\ufeff \t\r\n"):
        raise InputError(f"{name}: file is empty.")
    if text.lstrip("\ufeff \t\r\n").startswith(("<?xml", "<!DOCTYPE", "<tmx")):
        # Read line by line, markup would become paragraphs ("<para>Whereas ...</para>").
        raise InputError(
            f"{name}: this is an XML file, not plain text. Import a TMX file as TMX; save any "
            "other document as plain text, one paragraph a line."
        )
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    if controls > max(8, len(text) // 100):
        raise InputError(f"{name}: this looks like a binary file, not text.")
    return text


def _decode_utf8(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(f"{name}: file is empty.")
    if b"\x00" in data[:65536]:
        raise InputError(
            f"{name}: this looks like a binary file (or UTF-16 without its byte-order mark), "
            "not UTF-8 text."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}, "
            f"line {line}). Save the file as UTF-8 and try again."
        ) from None


def _decode_utf16(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-16")  # the BOM says which byte order
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: starts like UTF-16 text but is not valid UTF-16 (offset {error.start}). "
            "Save the file as UTF-8 and try again."
        ) from None
    if "\x00" in text:
        raise InputError(f"{name}: this looks like a binary file, not text.")
    return text


# Invisible format characters (bidi marks and embeddings, zero-width joiners, a BOM left where
# two files were joined) carry nothing at a paragraph's edges; a line of only these is blank.
def _strip_invisible(line: str) -> str:
    start, end = 0, len(line)
    while start < end and (line[start].isspace() or unicodedata.category(line[start]) == "Cf"):
        start += 1
    while end > start and (line[end - 1].isspace() or unicodedata.category(line[end - 1]) == "Cf"):
        end -= 1
    return line[start:end]


# Unicode's control characters (category Cc: U+0000-001F and U+007F-009F) but whitespace.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """Text without control characters (NUL, escapes, separators pasted from a binary file or a
    terminal), ordinary whitespace kept: what an import and a typed edit both store. PostgreSQL
    refuses NUL, and XML (TMX) the rest."""
    return _CONTROLS.sub("", text)


def clean_paragraph(text: str) -> str:
    """A paragraph as every import stores it, from a text, Word or TMX file alike: control
    characters dropped, and whitespace and invisible format characters stripped from its edges
    ("" for a paragraph of nothing else)."""
    return _strip_invisible(without_controls(text))


def split_paragraphs(text: str) -> list[str]:
    """One paragraph a line; blank lines are ignored, and surrounding whitespace and invisible
    format characters stripped."""
    paragraphs = []
    for line in text.splitlines():
        cleaned = clean_paragraph(line)
        if cleaned:
            paragraphs.append(cleaned)
    return paragraphs


def paragraph_indents(text: str) -> list[int]:
    """The indentation (leading spaces and tabs) of each line split_paragraphs keeps, in order."""
    return [
        len(line) - len(line.lstrip(" \t")) for line in text.splitlines() if clean_paragraph(line)
    ]


# A credits block above a rule ("Universal Declaration … - English / © 1996 – 2009 … / ---", as
# the "UDHR in Unicode" files start): short, near the top, and naming a source or a copyright.
HEADER_MAX_LINES = 10
_RULE = frozenset("-=_*")
_CREDIT_MARKS = (
    "©",
    "(c)",
    "copyright",
    "http://",
    "https://",
    "www.",
    "prepared by",
    "حقوق الطبع",
    "حقوق النشر",
    "الحقوق محفوظة",
)


def split_header(text: str) -> tuple[list[str], str]:
    """A credits header above a rule line ("---") at the top of a text file, and the text below
    it: ([], text) when the file has no such header."""
    lines = text.splitlines()
    header: list[str] = []
    for number, line in enumerate(lines):
        cleaned = clean_paragraph(line)
        if len(cleaned) >= 3 and set(cleaned) <= _RULE and len(set(cleaned)) == 1:
            credits = any(mark in part.casefold() for part in header for mark in _CREDIT_MARKS)
            if header and credits:
                return header, "\n".join(lines[number + 1 :])
            return [], text
        if cleaned:
            header.append(cleaned)
            if len(header) > HEADER_MAX_LINES:
                break
    return [], text


def header_note(name: str, header: list[str]) -> str:
    """What an import says it left out: the header's lines, quoted."""
    return (
        f"{name}: skipped the {len(header)}-line header above the rule line "
        f"(not part of the text): {' / '.join(header)}"
    )


def text_body(text: str, name: str, notes: list[str]) -> str:
    """A text file's text below its credits header (split_header), if it has one; what was
    skipped is added to notes (header_note)."""
    header, body = split_header(text)
    if header:
        notes.append(header_note(name, header))
    return body


def arabic_share(text: str) -> float:
    """Share of the letters in text that are Arabic script (0.0 when there are no letters)."""
    arabic = letters = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if (
                "\u0600" <= ch <= "\u06ff"
                or "\u0750" <= ch <= "\u077f"
                or "\ufb50" <= ch <= "\ufeff"
            ):
                arabic += 1
    return arabic / letters if letters else 0.0


def detect_language(text: str) -> str | None:
    """'ar' or 'en' by the script of most letters, None for text with no letters."""
    if not any(ch.isalpha() for ch in text):
        return None
    return "ar" if arabic_share(text) >= 0.5 else "en"


def split_bilingual(text: str, name: str = "input") -> tuple[list[str], list[str]]:
    """Split a file of Arabic paragraphs followed by their English translation into both sides.

    Lines without letters (a stray number) stay with the language block they stand in.
    """
    arabic: list[str] = []
    english: list[str] = []
    current: list[str] | None = None
    switches = 0
    for paragraph in split_paragraphs(text):
        lang = detect_language(paragraph)
        if lang == "ar":
            if current is english:
                switches += 1
            current = arabic
        elif lang == "en":
            if current is arabic:
                switches += 1
            current = english
        (current if current is not None else arabic).append(paragraph)
    if not arabic and not english:
        raise InputError(f"{name}: no paragraphs with text were found.")
    if not arabic:
        raise InputError(f"{name}: no Arabic paragraphs found; the file must hold both languages.")
    if not english:
        raise InputError(
            f"{name}: no English paragraphs found; the file must hold both languages "
            "(Arabic paragraphs, then their English translation), or use --arabic and --english."
        )
    if switches > 1 and not _is_interleaved(text):
        raise InputError(
            f"{name}: Arabic and English paragraphs are mixed ({switches} switches); expected all "
            "Arabic paragraphs first, then the English ones."
        )
    return arabic, english


def _is_interleaved(text: str) -> bool:
    """True for a strictly alternating file (Arabic line, its English line, ...), also accepted."""
    langs = [detect_language(p) for p in split_paragraphs(text)]
    langs = [lang for lang in langs if lang]
    return len(langs) >= 2 and all(a != b for a, b in zip(langs, langs[1:], strict=False))
