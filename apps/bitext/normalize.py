"""Arabic and English normalisation, transliteration and optional morphology; camel-tools lives here."""

from __future__ import annotations

import os
import re
import sys
import threading
import types
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

# Only the pure-string parts of camel-tools are imported here. camel_tools.data (and therefore
# camel_tools.morphology) fetches a catalogue over the network when imported, so it is imported
# lazily in analyze_word, and only once a database file is known to exist.
from camel_tools.tokenizers.word import simple_word_tokenize
from camel_tools.utils.charmap import CharMapper
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

__all__ = [
    "MORPHOLOGY_HELP",
    "analyze_word",
    "dediacritize",
    "fold_arabic_letters",
    "fold_digits",
    "has_short_vowels",
    "morphology_available",
    "normalize_arabic",
    "normalize_text",
    "strip_arabic_marks",
    "tokenize_words",
    "transliterate",
]

TATWEEL = "\u0640"

# Marks camel-tools' AR_DIAC_CHARSET (harakat, tanwin, shadda, sukun, dagger alef) leaves alone:
# Quranic annotation signs, small high letters, and the small waw/yeh used in vocalised text.
_EXTRA_MARKS_RE = re.compile(
    "[\u0610-\u061a\u0653-\u065f\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]"
)
_DIGIT_RE = re.compile(r"\d")
_HAMZA_SEAT_MAP = str.maketrans({"\u0624": "\u0648", "\u0626": "\u064a"})
# Search folds a hamza on waw or ya to one hamza letter, ئ, for both seats (UN and Egyptian
# spelling place it differently: مسؤول, مسئول), not to و and ي: that made الفئة (the category) the
# word فيه ("in it") and يؤدي (leads to) يود ("wishes"). Lucene's ArabicNormalizer and camel-tools' normalizers
# leave ؤ and ئ alone too (they fold only the alef seats, as this does). A bare ء stays apart:
# its seat tells patterns apart, مساءلة (accountability) from مسائل (issues).
_ONE_HAMZA_SEAT = str.maketrans({"\u0624": "\u0626"})

MORPHOLOGY_HELP = (
    "No camel-tools morphology database is installed, so lemmas, roots and glosses are unavailable. "
    "With network access run `uv run camel_data -i morphology-db-msa-r13` (it installs into "
    "~/.camel_tools), or copy an existing camel-tools data folder here and point the "
    "CAMELTOOLS_DATA environment variable at it (it must contain morphology_db/<name>/morphology.db)."
)


def fold_digits(text: str) -> str:
    """Replace every Unicode decimal digit (Arabic-Indic, Persian, Devanagari, ...) by its ASCII digit."""
    if text.isascii():
        return text
    return _DIGIT_RE.sub(lambda match: str(unicodedata.decimal(match.group(), 0)), text)


def dediacritize(text: str) -> str:
    """Remove Arabic harakat, tanwin, shadda, sukun, dagger alef, Quranic marks and tatweel."""
    return _EXTRA_MARKS_RE.sub("", dediac_ar(text))


def strip_arabic_marks(text: str) -> str:
    """The first half of normalize_arabic: NFKC (presentation forms), no diacritics or tatweel;
    hamza forms, alef maqsura and teh marbuta as written."""
    return dediacritize(normalize_unicode(text))


def fold_arabic_letters(text: str, *, keep_hamza: bool = False) -> str:
    """The second half of normalize_arabic, one character for one (so offsets into the text
    before and after agree): أإآٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي (with keep_hamza, the search
    analyzer's: ؤ→ئ), ASCII digits."""
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    text = text.translate(_ONE_HAMZA_SEAT if keep_hamza else _HAMZA_SEAT_MAP)
    return fold_digits(text)


def normalize_arabic(text: str) -> str:
    """Fold Arabic for matching: NFKC (presentation forms), no diacritics or tatweel, أإآٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي, ASCII digits."""
    return fold_arabic_letters(strip_arabic_marks(text))


def normalize_text(text: str, lang: str) -> str:
    """Normalise text for search and matching: normalize_arabic for "ar", NFKC + casefold + ASCII digits otherwise."""
    if lang == "ar":
        return normalize_arabic(text)
    return fold_digits(unicodedata.normalize("NFKC", text).casefold())


def tokenize_words(text: str) -> list[str]:
    """Split text into words and single punctuation marks with camel-tools' simple tokenizer."""
    tokens: list[str] = simple_word_tokenize(text)
    return tokens


# A simplified ALA-LC romanisation written for Tawazi (camel-tools only ships Buckwalter-style
# schemes, which students cannot read). Unvocalised text yields consonants and long vowels only.
_ROMAN_LETTERS: dict[str, str] = {
    "\u0621": "ʼ",  # ء
    "\u0622": "ʼā",  # آ
    "\u0623": "ʼ",  # أ
    "\u0624": "ʼ",  # ؤ
    "\u0625": "ʼi",  # إ
    "\u0626": "ʼ",  # ئ
    "\u0627": "ā",  # ا
    "\u0628": "b",
    "\u0629": "h",  # ة
    "\u062a": "t",
    "\u062b": "th",
    "\u062c": "j",
    "\u062d": "ḥ",
    "\u062e": "kh",
    "\u062f": "d",
    "\u0630": "dh",
    "\u0631": "r",
    "\u0632": "z",
    "\u0633": "s",
    "\u0634": "sh",
    "\u0635": "ṣ",
    "\u0636": "ḍ",
    "\u0637": "ṭ",
    "\u0638": "ẓ",
    "\u0639": "ʻ",
    "\u063a": "gh",
    "\u0641": "f",
    "\u0642": "q",
    "\u0643": "k",
    "\u0644": "l",
    "\u0645": "m",
    "\u0646": "n",
    "\u0647": "h",
    "\u0648": "w",
    "\u0649": "á",  # ى
    "\u064a": "y",
    "\u0671": "",  # ٱ (wasla: silent)
    "\u067e": "p",
    "\u0686": "ch",
    "\u06a4": "v",
    "\u06af": "g",
    "\u064b": "an",
    "\u064c": "un",
    "\u064d": "in",
    "\u064e": "a",
    "\u064f": "u",
    "\u0650": "i",
    "\u0652": "",
    "\u0670": "ā",
    "\u060c": ",",
    "\u061b": ";",
    "\u061f": "?",
    "\u066a": "%",
    "\u066b": ".",
    "\u066c": ",",
    "\u06d4": ".",
    "\u00ab": '"',
    "\u00bb": '"',
}
_WORD_INITIAL: dict[str, str] = {"\u0623": "a", "\u0625": "i", "\u0622": "ā", "\u0627": "a"}
_ROMAN_WORD_RE = re.compile(r"[\u0621-\u065f\u0670-\u06d3\u06d5-\u06ff]+")
_ROMAN_MAPPER = CharMapper(_ROMAN_LETTERS)
_VOWEL_MARKS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0652\u0670")
_MARKS = _VOWEL_MARKS | {"\u0651"}
_SHORT_VOWELS = {"\u064e": "a", "\u064f": "u", "\u0650": "i"}
# The alef (or alef maqsura) that carries or follows tanwin fath is only its seat: -an, not -āan.
_TANWIN_SEAT_RE = re.compile("[\u0627\u0649]\u064b|\u064b[\u0627\u0649]")
# Attached conjunctions, prepositions and the article, as ALA-LC writes them (bi-al-, lil- for
# ل + ال), longest first, with the letters each must leave: three after a preposition, so بالغة
# (bāligha) and وكالات (wakālāt) stay whole; two after و or ف + ال, as in والتي (wa-al-tī).
_PROCLITICS = (
    ("وبال", "wa-bi-al-", 3),
    ("فبال", "fa-bi-al-", 3),
    ("وكال", "wa-ka-al-", 3),
    ("فكال", "fa-ka-al-", 3),
    ("ولل", "wa-lil-", 3),
    ("فلل", "fa-lil-", 3),
    ("وال", "wa-al-", 2),
    ("فال", "fa-al-", 2),
    ("بال", "bi-al-", 3),
    ("كال", "ka-al-", 3),
    ("لل", "lil-", 3),
)


def _skip_letters(word: str, letters: int) -> int:
    """The index in word just after its first `letters` letters, with the marks on them."""
    index = 0
    for _ in range(letters):
        index += 1
        while index < len(word) and word[index] in _MARKS:
            index += 1
    return index


def _hamzat_wasl(rest: str) -> bool:
    """Whether a word's bare initial alef, followed by `rest`, is most likely the helping vowel i
    of the derived forms (احتلال iḥtilāl, انسحاب, استقلال, اتفاق) rather than a long ā (واقع)."""
    return (
        rest.startswith(("\u0633\u062a", "\u062a"))
        or rest[1:2] == "\u062a"
        or (rest.startswith("\u0646") and len(rest) >= 4)
    )


def _romanize_word(word: str) -> str:
    """Romanise one Arabic word: proclitics wa-, bi-, lil-, article al-, initial hamza seats as
    vowels, shadda doubles (not a word's first letter: al-shams), aā→ā, iy→ī, uw→ū."""
    word = _TANWIN_SEAT_RE.sub("\u064b", word.replace(TATWEEL, ""))
    bare = "".join(ch for ch in word if ch not in _MARKS)
    prefix = ""
    for clitics, roman, least in _PROCLITICS:
        if bare.startswith(clitics) and len(bare) - len(clitics) >= least:
            prefix, word = roman, word[_skip_letters(word, len(clitics)) :]
            break
    else:
        if bare.startswith("\u0627\u0644") and len(bare) > 3:  # ال
            prefix, word = "al-", word[_skip_letters(word, 2) :]
        elif (
            bare[:1] in ("\u0648", "\u0641")
            and len(bare) >= 3
            and (
                bare[1:2] in "\u0623\u0625\u0622"
                or (bare[1:2] == "\u0627" and _hamzat_wasl(bare[2:]))
            )
        ):  # و/ف + a word with an initial hamza or helping vowel: وإذ wa-idh, واحترام
            prefix, word = ("wa-" if bare[0] == "\u0648" else "fa-"), word[_skip_letters(word, 1) :]
    if word[:1] in _WORD_INITIAL:
        bare_alef, vowel, word = word[0] == "\u0627", _WORD_INITIAL[word[0]], word[1:]
        if bare_alef and _hamzat_wasl("".join(ch for ch in word if ch not in _MARKS)):
            vowel = "i"
        if word[:1] in _SHORT_VOWELS and vowel != "ā":  # a written vowel wins: أُمم umam
            vowel, word = _SHORT_VOWELS[word[0]], word[1:]
        prefix += vowel
    out: list[str] = []
    consonant = ""
    for char in word:
        if char == "\u0651":  # shadda doubles the last consonant (NFKC puts it after the vowel)
            first = len(out) == 1 or (len(out) == 2 and out[-1] in "aui")
            if consonant and not (first and not prefix.endswith(("a", "i", "ā"))):
                out.insert(len(out) - 1 if out and out[-1] in "aui" else len(out), consonant)
            continue
        roman = str(_ROMAN_MAPPER(char))
        if char == "\u0627" and out and out[-1] == "a":  # fatha + alef is one long ā
            out[-1] = "ā"
            continue
        if char == "\u064a" and out and out[-1] == "i":
            out[-1] = "ī"
            continue
        if char == "\u0648" and out and out[-1] == "u":
            out[-1] = "ū"
            continue
        if char not in _VOWEL_MARKS:
            consonant = roman
        out.append(roman)
    return prefix + "".join(out)


# Fatha, damma, kasra, sukun and the dagger alef: a word carrying one has (some of) its short
# vowels written. Tanwin alone (نمواً) and shadda alone (تحمّل) leave the rest of the word unread.
_SHORT_VOWEL_RE = re.compile("[\u064e-\u0650\u0652\u0670]")


def has_short_vowels(word: str) -> bool:
    """Whether an Arabic word is written with some of its short vowels (لِحُقُوقِ, يُقاس)."""
    return _SHORT_VOWEL_RE.search(word) is not None


def transliterate(text: str) -> str:
    """Romanise Arabic with Tawazi's own simplified ALA-LC table (wa-, bi-, lil-, al-, sh, th, ḥ, ʻ, ā; short vowels only if written, but the i of احتلال)."""
    text = fold_digits(normalize_unicode(text))
    text = _ROMAN_WORD_RE.sub(lambda match: _romanize_word(match.group()), text)
    return str(_ROMAN_MAPPER(text))


def _data_dir() -> Path:
    """Return the camel-tools data folder, honouring CAMELTOOLS_DATA like camel-tools does."""
    configured = os.environ.get("CAMELTOOLS_DATA")
    if configured:
        return Path(configured).expanduser().absolute()
    return Path.home() / ".camel_tools"


def _morphology_db_path() -> Path | None:
    """Return the installed morphology.db to use, preferring MSA databases, or None."""
    return _find_morphology_db(str(_data_dir()))


@lru_cache(maxsize=8)
def _find_morphology_db(data_dir: str) -> Path | None:
    """Look for */morphology.db under data_dir's (data/)morphology_db folder, once per folder."""
    candidates: list[Path] = []
    for base in (Path(data_dir) / "data" / "morphology_db", Path(data_dir) / "morphology_db"):
        try:
            candidates.extend(sorted(base.glob("*/morphology.db")))
        except OSError:
            continue
    if not candidates:
        return None
    msa = [path for path in candidates if "msa" in path.parent.name]
    return (msa or candidates)[0]


def morphology_available() -> bool:
    """Say whether a camel-tools morphology database is installed (without importing camel_tools.data)."""
    return _morphology_db_path() is not None


_ANALYZER_LOCK = threading.Lock()


@contextmanager
def _offline_catalogue() -> Iterator[None]:
    """Let camel_tools.morphology import without camel_tools.data downloading its catalogue.

    camel_tools.morphology.database imports CATALOGUE from camel_tools.data, which fetches
    catalogue.json over the network when it is missing (a database copied in by hand, or no
    network). Only MorphologyDB.builtin_db needs it, so a stand-in is provided during the import.
    """
    catalogue = _data_dir() / "catalogue.json"
    if "camel_tools.data" in sys.modules or catalogue.exists():
        yield
        return
    stand_in = types.ModuleType("camel_tools.data")
    stand_in.CATALOGUE = None  # type: ignore[attr-defined]
    sys.modules["camel_tools.data"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("camel_tools.data") is stand_in:
            del sys.modules["camel_tools.data"]


@lru_cache(maxsize=1)
def _analyzer(db_path: str) -> Any:
    """Load the camel-tools analyzer for db_path once per process."""
    with _ANALYZER_LOCK, _offline_catalogue():
        from camel_tools.morphology.analyzer import Analyzer
        from camel_tools.morphology.database import MorphologyDB

        return Analyzer(MorphologyDB(db_path, "a"))


def analyze_word(word: str) -> list[dict[str, str]] | None:
    """Return camel-tools analyses (lemma, root, pos, gloss) of one Arabic word, or None without a database."""
    db_path = _morphology_db_path()
    if db_path is None:
        return None
    try:
        analyses = _analyzer(str(db_path)).analyze(word.strip())
    except Exception:  # camel-tools raises many kinds (catalogue download, parse errors, ...)
        return None
    results: list[dict[str, str]] = []
    seen: set[tuple[str, str, str, str]] = set()
    for analysis in analyses:
        row = {key: str(analysis.get(key, "") or "") for key in ("lex", "root", "pos", "gloss")}
        item = {
            "lemma": row["lex"],
            "root": row["root"],
            "pos": row["pos"],
            "gloss": row["gloss"],
        }
        key = (item["lemma"], item["root"], item["pos"], item["gloss"])
        if key not in seen:
            seen.add(key)
            results.append(item)
    return results
