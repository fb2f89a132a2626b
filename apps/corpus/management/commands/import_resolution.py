"""python manage.py import_resolution FILE | --arabic AR --english EN [metadata] [--replace]

FILE is a bilingual text file, a TMX file or a CSV file exported by Tawazi; AR and EN are text, Word (.docx) or keyed YAML
(.yml, paired by key) files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from apps.alignment.services import EditError
from apps.bitext.document import LinkKey, UnitLink, UnitReview
from apps.bitext.keyed import KeyedDocument, is_keyed_name, read_keyed_pair
from apps.bitext.linkcsv import read_link_csv
from apps.bitext.structure import article_labels, text_labels
from apps.bitext.textfile import (
    InputError,
    decode_text,
    size_error,
    split_bilingual,
    split_paragraphs,
    text_body,
)
from apps.bitext.tmx import read_tmx, tmx_labels, tmx_left_out, tmx_metadata, tmx_paragraphs
from apps.bitext.worddoc import read_docx
from apps.corpus.models import Resolution
from apps.corpus.services import (
    ResolutionMeta,
    import_reason,
    resolution_import,
    resolution_relabel,
)


def read_bytes(path: str) -> bytes:
    limit = settings.TAWAZI_MAX_UPLOAD_BYTES
    try:
        size = Path(path).stat().st_size
        if size > limit:  # refuse before reading a huge file into memory
            raise size_error(path, size, limit)
        return Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror}).") from None


def read_text(path: str) -> str:
    return decode_text(read_bytes(path), path, max_bytes=settings.TAWAZI_MAX_UPLOAD_BYTES)


def read_bilingual(
    path: str, notes: list[str], metadata: dict[str, str]
) -> tuple[list[str], list[str], tuple[list[str], list[str]]]:
    """Both sides of one file: a TMX file's units, or a text file's Arabic then English lines;
    with each side's paragraph numbers when a Tawazi TMX carries them ("1.a"), else none, and
    into metadata the resolution's symbol, titles, body and date that a Tawazi TMX names."""
    if path.lower().endswith(".tmx"):
        units = read_tmx(read_bytes(path), path, max_bytes=settings.TAWAZI_MAX_UPLOAD_BYTES)
        notes += tmx_left_out(units, path)
        metadata.update(tmx_metadata(units))
        return (*tmx_paragraphs(units), tmx_labels(units))
    if path.lower().endswith(".docx"):
        raise InputError(
            f"{path}: give Word files as --arabic and --english (the same file twice for a "
            "document laid out as an Arabic | English table)."
        )
    if is_keyed_name(path):
        raise InputError(
            f"{path}: give keyed files as --arabic and --english (one file per language, "
            "paired by key)."
        )
    return (*split_bilingual(text_body(read_text(path), path, notes), path), ([], []))


def read_side(path: str, lang: str, notes: list[str]) -> tuple[list[str], list[str]]:
    """One side's paragraphs, a Word file's or a text file's lines, with their article labels
    (read from a text file's indentation too: text_labels)."""
    if path.lower().endswith(".docx"):
        paragraphs = read_docx(
            read_bytes(path), path, lang, max_bytes=settings.TAWAZI_MAX_UPLOAD_BYTES
        )
        return paragraphs, article_labels(paragraphs, lang)
    body = text_body(read_text(path), path, notes)
    return split_paragraphs(body), text_labels(body, lang)


def read_keyed_sides(arabic: str, english: str, notes: list[str]) -> KeyedDocument:
    """Both sides of a keyed pair (.yml), their paragraphs paired by key."""
    if not (is_keyed_name(arabic) and is_keyed_name(english)):
        raise InputError(
            f"{arabic if is_keyed_name(arabic) else english} is a keyed (.yml) file: give the "
            "other language as a keyed file too, with the same keys."
        )
    document = read_keyed_pair(read_text(arabic), read_text(english), arabic, english)
    notes += document.notes(arabic, english)
    return document


# The metadata options a Tawazi TMX can fill when they are not given.
METADATA_OPTIONS = (
    "symbol",
    "title_ar",
    "title_en",
    "body",
    "session",
    "date",
    "place",
    "place_ar",
)

STAGE_LABELS = {
    "segment ar": "Segmenting Arabic ",
    "segment en": "Segmenting English",
    "align": "Aligning          ",
    "store": "Storing           ",
}


class ProgressBar:
    """A one-line text progress bar per import stage, redrawn in place on a terminal."""

    width = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.tty and done < total:
            return  # in a log file, one line per finished stage
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        label = STAGE_LABELS.get(stage, stage)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{label} [{bar}] {done:,}/{total:,}{end}")
        self.stream.flush()


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r}: use the form YYYY-MM-DD.") from None


def default_slug(path: str) -> str:
    name = Path(path).name
    for suffix in (".txt", ".tmx", ".csv", ".docx", ".yml", ".yaml", ".ar-en", ".ar", ".en"):
        name = name.removesuffix(suffix)
    return slugify(name)[:120] or "resolution"


class Command(BaseCommand):
    help = (
        "Import a resolution: one file of Arabic paragraphs followed by their English translation "
        "(one paragraph a line), a TMX file or a CSV exported by Tawazi, or --arabic and --english files (text, one "
        "paragraph a line, Word .docx, or keyed YAML .yml paired by key). Prints the new slug."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="bilingual file: Arabic paragraphs, then English; or .tmx; or Tawazi's .csv",
        )
        parser.add_argument(
            "--arabic", help="Arabic text file (one paragraph a line), .docx or keyed .yml"
        )
        parser.add_argument(
            "--english", help="English text file (one paragraph a line), .docx or keyed .yml"
        )
        parser.add_argument("--slug", help="URL name (default: from the file name)")
        parser.add_argument("--title-ar", default="")
        parser.add_argument("--title-en", default="")
        parser.add_argument("--symbol", default="", help="document symbol, e.g. A/RES/217(III)")
        parser.add_argument("--body", default="", help="issuing body")
        parser.add_argument("--session", default="")
        parser.add_argument("--date", help="YYYY-MM-DD")
        parser.add_argument("--place", default="")
        parser.add_argument(
            "--place-ar", default="", help="the place in Arabic, for the Arabic citation"
        )
        parser.add_argument(
            "--replace", action="store_true", help="replace an existing resolution with this slug"
        )
        parser.add_argument(
            "--relabel",
            action="store_true",
            help=(
                "only give the existing resolution with this slug its paragraphs' labels as the "
                "files give them now (Art. 13(1), 1.a), keeping its links, confirmations and edits"
            ),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="do not show the progress bar on stderr"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            slug = self._import(options)
        except (InputError, EditError) as error:  # EditError: the database refused the links
            raise CommandError(str(error)) from None
        self.stdout.write(slug)

    def _import(self, options: dict[str, Any]) -> str:
        path, arabic, english = options["path"], options["arabic"], options["english"]
        if path and (arabic or english):
            raise InputError("Give either one bilingual FILE or --arabic and --english, not both.")
        notes: list[str] = []
        # What the file names of the resolution (a Tawazi TMX's header), for options not given.
        named: dict[str, str] = {}
        paragraph_links: list[UnitLink] | None = None
        # A Tawazi CSV's sentence or clause links, and the status, flag and note of its links.
        csv_links: list[UnitLink] = []
        reviews: dict[LinkKey, UnitReview] = {}
        labels: tuple[list[str], list[str]] = ([], [])
        if path and path.lower().endswith(".csv"):
            table = read_link_csv(read_text(path), path)
            notes += table.notes
            ar_paragraphs, en_paragraphs = table.ar, table.en
            paragraph_links = table.paragraph_links
            csv_links, reviews = table.links, table.reviews
            labels = (table.ar_labels, table.en_labels)
            source = path
        elif path:
            ar_paragraphs, en_paragraphs, labels = read_bilingual(path, notes, named)
            source = path
        elif arabic and english and (is_keyed_name(arabic) or is_keyed_name(english)):
            document = read_keyed_sides(arabic, english, notes)
            ar_paragraphs, en_paragraphs = list(document.ar), list(document.en)
            paragraph_links = document.paragraph_links()
            labels = (document.labels("ar"), document.labels("en"))
            source = arabic
        elif arabic and english:
            ar_paragraphs, ar_labels = read_side(arabic, "ar", notes)
            en_paragraphs, en_labels = read_side(english, "en", notes)
            labels = (ar_labels, en_labels)
            if not ar_paragraphs:
                raise InputError(f"{arabic}: no paragraphs with text were found.")
            if not en_paragraphs:
                raise InputError(f"{english}: no paragraphs with text were found.")
            source = arabic
        else:
            raise InputError("Give a bilingual FILE, or both --arabic and --english.")
        for note in notes:  # on stderr: stdout stays the slug alone
            self.stderr.write(note)
        if options["relabel"]:
            return self._relabel(
                options, source, (ar_paragraphs, en_paragraphs), (list(labels[0]), list(labels[1]))
            )
        given = {name: options[name] or named.get(name, "") for name in METADATA_OPTIONS}
        meta = ResolutionMeta(
            slug=options["slug"] or default_slug(source),
            symbol=given["symbol"],
            title_ar=given["title_ar"],
            title_en=given["title_en"],
            body=given["body"],
            session=given["session"],
            date=parse_date(given["date"]),
            place=given["place"],
            place_ar=given["place_ar"],
        )
        resolution = resolution_import(
            ar_paragraphs=ar_paragraphs,
            en_paragraphs=en_paragraphs,
            meta=meta,
            replace=options["replace"],
            progress=None if options["no_progress"] else ProgressBar(self._progress_stream()),
            paragraph_links=paragraph_links,
            ar_labels=labels[0],
            en_labels=labels[1],
            change_reason=import_reason(
                [path] if path else [arabic, english], command="import_resolution"
            ),
            links=csv_links,
            reviews=reviews,
        )
        return resolution.slug

    def _relabel(
        self,
        options: dict[str, Any],
        source: str,
        paragraphs: tuple[list[str], list[str]],
        labels: tuple[list[str], list[str]],
    ) -> str:
        """Relabel the stored resolution from the files: nothing else of it changes."""
        if options["replace"]:
            raise InputError("Give --relabel or --replace, not both.")
        slug = options["slug"] or default_slug(source)
        resolution = Resolution.objects.filter(slug=slug).first()
        if resolution is None:
            raise InputError(f"No resolution {slug!r} to relabel: import it first.")
        result = resolution_relabel(
            resolution=resolution,
            ar_paragraphs=paragraphs[0],
            en_paragraphs=paragraphs[1],
            ar_labels=labels[0],
            en_labels=labels[1],
        )
        self.stderr.write(f"{slug}: {result.changed} paragraph labels changed.")
        if result.differing:
            places = ", ".join(f"{lang} ¶ {index + 1}" for lang, index in result.differing[:10])
            more = " …" if len(result.differing) > 10 else ""
            self.stderr.write(
                f"{len(result.differing)} paragraphs differ from the file (edited since the "
                f"import) and were labelled by their place: {places}{more}"
            )
        return slug

    def _progress_stream(self) -> TextIO:
        # The bar goes to stderr so that stdout stays the slug alone (scripts read it).
        stream = getattr(self.stderr, "_out", None)
        return stream if stream is not None else sys.stderr
