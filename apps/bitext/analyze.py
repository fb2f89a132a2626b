"""Search terms: one analyzer for indexing and querying Arabic and English, and the query parser.

Every token keeps its offsets into the original text, so a match can be marked in the text as
written (diacritics, tatweel and all). A token's *stem* is what the index matches on; its *form*
(normalised, Arabic proclitics removed, not stemmed) serves prefix queries such as ``occupa*``.
Terms contain only letters and digits, so every database engine tokenises them the same way.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

import Stemmer

from apps.bitext.normalize import fold_arabic_letters, fold_digits, strip_arabic_marks

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_ITEMS",
    "Phrase",
    "Query",
    "Token",
    "analyze",
    "arabic_stem",
    "match_positions",
    "mixes_languages",
    "parse_query",
    "query_matches",
    "pack_spans",
    "stem_positions",
    "stem_word",
    "stored_columns",
    "stored_tokens",
    "terms_text",
    "word_form",
]

MAX_QUERY_CHARS = 500
MAX_QUERY_ITEMS = 12
MIN_PREFIX = 2
# Longer "words" (URLs, garbage) are cut: PostgreSQL refuses lexemes over 2047 bytes.
MAX_TERM = 60

# Arabic combining marks (harakat, Quranic signs, dagger alef) and tatweel belong to the word.
_MARKS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u0300-\u036f"
)
# A number grouped in thousands: 62,500 / ٦٢٬٥٠٠ / 62 500 with a (narrow) no-break space.
_GROUPED = r"\d{1,3}(?:[,\u066c\u00a0\u2009\u202f]\d{3})+(?!\d)"
# Digit groups separated by plain spaces (UN Arabic "918 483", French-style "18 500"): at least
# two groups of at most three digits; which groups must have three depends on the reading order.
_SPACED = r"\d{1,3}(?: \d{1,3})+(?!\d)"
# A run of letters, digits and marks (with inner apostrophes); runs with digits are split below.
_TOKEN_RE = re.compile(
    rf"(?P<num>{_GROUPED})|(?P<spaced>{_SPACED})|[\w{_MARKS}]+(?:['\u2019][\w{_MARKS}]+)*"
)
# UN Arabic text stores a space-grouped number with its groups in reverse order (typed in visual
# order): "918 483 شخصا" is 483,918 people, "250 444 3" is 3,444,250; elsewhere groups read left to
# right. A reading is valid when every group but the most significant has exactly three digits.
_NORMAL_ORDER_RE = re.compile(r"\d{1,3}(?: \d{3})+")
_REVERSED_ORDER_RE = re.compile(r"(?:\d{3} )+\d{1,3}")
# The same number in a query: its no-break-space separators must not split the query into words.
_SPACE_GROUPED_RE = re.compile(r"\d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+(?!\d)")
_GROUP_SPACES = str.maketrans("", "", "\u00a0\u2009\u202f")
_MIXED_RE = re.compile(r"[\d_]")
_SPACED_QUERY_RE = re.compile(rf"(?<![\w\-+*]){_SPACED}(?![\w*])")
_PARTS_RE = re.compile(r"(?P<num>\d+)|[^\d_]+")
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_NOT_DIGIT_RE = re.compile(r"\D")
_DIGITS_RE = re.compile(r"\d+")
_POSSESSIVE_RE = re.compile(r"'s$")

_ENGLISH = Stemmer.Stemmer("english")


class Token(NamedTuple):
    """A word or number: its span in the original text, its index term and its prefix form."""

    start: int
    end: int
    stem: str
    form: str


def _clean(term: str) -> str:
    """Keep letters and digits only (what every engine's tokenizer keeps as one token)."""
    if term.isalnum():
        return term
    return "".join(ch for ch in term if unicodedata.category(ch)[0] in "LN")


# Proclitic chains, longest first: conjunction + preposition + article. "لل" is ل + ال, and only
# "ول", "فل" and "ل" come off it: before a word that begins with ل the article's ل is not written
# (للجنة is ل + ال + لجنة), so the ل left is the preposition's or the word's own, as in a word
# written with a bare ل (لحقوق), which the stem keeps (see _strip_suffixes).
_ARTICLE_PREFIXES = (
    "وبال",
    "وكال",
    "فبال",
    "فكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
)
# Only و: ف starts too many words (فلسطين, فريق) to be stripped without an article after it.
_CONJUNCTIONS = ("و",)
# What comes off ل + ال, and ل + ال after a conjunction: the ل left may be the preposition's.
_LI_CLITICS = ("ل", "ول", "فل")
# Stems of frequent words whose first ل is their own though the rest looks like a word, which a
# query word is not read into with ل in front: the committee (لجنة, لجان) is not ل + جنة
# (paradise), language (لغة) not ل + غة (بالغة, "considerable", read as ب + ال + غة), the
# relative pronouns اللاتي, اللواتي not ل + آتي, ل + واتي, لدى not ل + دي, and what is necessary
# (اللازمة, 44 times in the UN development set) not ل + أزمة, a crisis; nor is لأن ("because",
# 34 sentences there), which the index keeps whole (_ANNA), أن ("that").
_LI_WORDS = frozenset(("لجنه", "لجنت", "لجان", "لغه", "لغت", "لاتي", "لواتي", "لدي", "لازم", "لان"))
# God's name keeps its article, which is its own: الله, اللهم ("O God") and, with a clitic, لله,
# بالله, والله (light stemmers cut them to له, "to him", 36 times in the UN development set).
_ALLAH_RE = re.compile("(?:[وف]?[بكت]?ال|[وف]?ل)(لهم?)")
# So do the relative pronouns, which are not ال + ذي ("of", as in ذي الصلة: 255 الذي in the UN
# development set answered it), تي, ذين; each is indexed under its gender's singular, the word a
# dictionary gives its dual and plurals with: الذي, اللذان, اللذين, الذين as الذي; التي, اللتان,
# اللتين, اللاتي, اللواتي, اللائي as التي. The genders stay apart: التي (780 sentences there)
# would be three in four hits of الذي (260). And الآن ("now", 34 sentences) is not ال + آن, which
# the alef fold makes أن ("that", 880 sentences) and إن. The table is keyed by the word after its
# article; after ل + ال one ل is written (للذين, للتين: for those who, for the two who).
_OWN_ARTICLE_WORDS = {
    "ذي": "الذي",
    "ذين": "الذي",
    "لذين": "الذي",
    "لذان": "الذي",
    "تي": "التي",
    "لتين": "التي",
    "لتان": "التي",
    "لاتي": "التي",
    "لواتي": "التي",
    "لائي": "التي",
    "ان": "الان",
}
# The ل-less cores after ل + ال: not اتي, as للآتي is ل + الآتي ("to the following").
_AFTER_LIL = ("ذي", "ذين", "ذان", "تي", "تين", "تان", "واتي", "ائي", "ان")
_OWN_ARTICLE_RE = re.compile(
    "(?:[وف]?[بك]?ال)({})|(?:[وف]?لل)({})".format(
        "|".join(sorted(_OWN_ARTICLE_WORDS, key=len, reverse=True)),
        "|".join(sorted(_AFTER_LIL, key=len, reverse=True)),
    )
)
# Hamza-seated alefs: no word begins with ل + أ / إ / آ but لآلئ (pearls), so the ل in front of
# one is the preposition's (لأزمة, للأزمة: for a crisis) and comes off, where three letters stay
# (لأن, "because", is not أن); a word of ل's own has a bare alef (اللازمة, اللاتي).
_SEATED_ALEFS = "\u0623\u0625\u0622"
# But لأنه, لأنها ("because it") are not أنه, أنها ("that it"), in every other sentence.
_ANNA = frozenset(
    "ان" + pronoun for pronoun in ("ه", "ها", "هم", "هن", "هما", "كم", "ي", "نا", "ني")
)


def _word_list(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words whose first ب or ك is their own though the rest is a word too (بطاقة is not ب + طاقة, كامل
# not ك + أمل), and compound prepositions a search for the noun must not flood (بشأن, "regarding",
# 261 times in the UN development set, is not شأن; بموجب, كما, كذلك): a query word is not read
# with ب or ك in front into them, nor they without it (see _clitic_readings).
_BK_WORDS = _word_list(
    "بشأن بموجب بحلول بحيث بغية بفضل بقدر بخصوص بمقتضى بمثابة بناء بنود بحوث بقاء بيان بيانات"
    " بليون بطاقة بريد بعيد بحار بحر بشر بطالة بعثة بلدية بروز بيئة بنية بنات باب بحث بذل بارز"
    " بنما بحيرة بوابة بلوغ بلاغ بقية بيروت بغداد بدل بيع بعض بكر بطل بدائل بلدان بلد بين بعد"
    " كما كذلك كلما كامل كاملة كاملا كافة كافية كفاءة كيان كيانات كارثة كوارث كرامة كامنة كاهل"
    " كانت كانا كبرى كبير كثير كمال كتاب كندا كلمة كلية كمية كرة كبار كيف"
)
# Stems of three letters that begin with a ب or ك of their own, which a word read with ب or ك in
# front is cut down to when it loses an ending (بحرية, naval, is بحر: حرية, freedom, is not it;
# آتية would be بات, "became"); from the UN development set's commonest. They are the only such
# stems a word is cut to: elsewhere three letters stay after a first ب or ك (see _strip_suffixes).
_BK_SHORT_STEMS = _word_list(
    "بلد بين بما بعد بان بها بعث كما كان بيء بشر بند بحر بعض كاف بيج بحث بغي بلغ باي بذل بوج"
    " كبر كرب بحق بهذ بمن بني بدء بدا بدن باء باب بري كلي كشف كال كمي كيف بنك كلا بيد كور كرا"
    " كفا كون بهم بقي كثب بيت كلم كلف كغم كتل بلي بيع كسب كوت بهن بات بكر بطل بدل بنت كتب كسر"
    " كفل كلب بطن برز برج بصر بقر بخل بسط بقع بور بيض كرم كره كفر كمل كنس كهف كبد"
)
_BK = ("\u0628", "\u0643")
# Suffixes (after normalisation ة→ه, ى→ي), removed repeatedly, longest first.
_SUFFIXES = ("هما", "ها", "هم", "هن", "كم", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# What a form may go on with after its stem: endings, the last one perhaps in part.
_ENDINGS_RE = re.compile(
    "(?:{})*(?:{})?".format(
        "|".join(_SUFFIXES), "|".join({s[:n] for s in _SUFFIXES for n in range(1, len(s))})
    )
)
_MIN_ARTICLE_STEM = 2
_MIN_STEM = 3
# Frequent function words a content word must not be cut down to: folded, الولايات and الآلية
# would end as ولا ("and not") and الي (إلى) and be found in almost every sentence, الوفيات
# (deaths) as وفي ("and in"), كانون (the month) as كان ("was"), ولاية (a mandate) as لاي (لأي),
# العبرية (Hebrew) as عبر ("across"), أنهى ("ended") as أنه. Only an attached pronoun comes off
# them: عليها is على, إليه إلى.
_FUNCTION_WORDS = frozenset(("الي", "علي", "ولا", "لاي", "كان", "وفي", "عبر", "انه", "انها"))
_PRONOUNS = frozenset(("هما", "ها", "هم", "هن", "كم", "ه"))
# Folded (ة→ه): مائة, مائتان/مائتين/مائتي/مائتا, ثلاثمائة … تسعمائة, behind a ل, ب or ك the
# stemmer keeps; group 1 is the alef.
_HUNDRED_RE = re.compile("[لبك]?(?:ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)?م(ا)ئ(?:ه|تان|تين|تي|تا)")
_HAMZA = "\u0621"
_HAMZA_ON_YA = "\u0626"
_HAMZA_ON_WAW = "\u0624"
_SEATS = (_HAMZA_ON_YA, _HAMZA_ON_WAW)
# Before an alef a hamza's seat is always و (سؤال, مؤاتية "favourable", المؤامرات), and ئ there
# is another word's (مئات, "hundreds"): the one place the index keeps ؤ apart from ئ.
_WAW_SEAT_RE = re.compile("\u0624(?=[\u0627\u0623\u0625\u0622])")


def _strip_proclitics(word: str, written: str | None = None) -> str:
    """Remove the article and attached conjunctions/prepositions, keeping at least a short stem.

    written is the word before its letters were folded (same length): the article's alef is a
    bare ا there, so آلية, إلغاء and ألمانيا do not lose an "article" they do not have."""
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_ARTICLE_STEM:
            if written is not None and prefix.endswith("ال") and written[len(prefix) - 2] != "ا":
                continue
            if prefix.endswith("لل"):
                return word[len(prefix) - 1 :]
            return word[len(prefix) :]
    # A bare conjunction only when a three-letter word remains: وحمل → حمل, but وطن stays.
    if word[:1] in _CONJUNCTIONS and len(word) - 1 >= _MIN_STEM:
        return word[1:]
    return word


def _strip_suffixes(word: str, written: str | None = None) -> str:
    """Remove plural, feminine, nisba and pronoun endings while at least three letters remain,
    and leave a function word only a pronoun (written is the word before ة became ه); a last
    hamza is written ء. A first ل may be the preposition's (لشؤون, لضمان, لمدة), so the three
    letters are counted after it and the ل is kept: a word has the stem of its bare-ل form with
    ل in front (لضمان is not لضم, لسنة not لسن), which a query reads it under; the last
    attached pronoun still leaves two letters after it, as ل's own words take one (لديها is
    لدى, لأنه لأن), but no ending after it (لمحكمة is not لمح). A first ب or ك may be the
    preposition's too: three letters stay after it unless the three are a stem of ب's or ك's
    own (بمدينة is بمدين, not بمدة's بمد; بعثة is بعث), after the article too (الكندية is
    كندية's كندي), so that a query word's reading after the article is no other word's."""
    after_li = word[:1] == "ل" and len(word) > 1
    if after_li:
        word = word[1:]
        written = None if written is None else written[1:]
    whole = len(word)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if not word.endswith(suffix):
                continue
            shortest = _MIN_STEM
            if after_li and suffix in _PRONOUNS and written is not None and len(word) == whole:
                shortest -= written[len(word) - 1] != "\u0629"  # ه, not ة
            if len(word) - len(suffix) >= shortest:
                rest = word[: -len(suffix)]
                if len(rest) == _MIN_STEM and rest[0] in _BK and _bk_clitic(rest):
                    continue
                if rest in _FUNCTION_WORDS and (
                    suffix not in _PRONOUNS
                    or (written is not None and written[len(word) - 1] == "\u0629")
                ):
                    continue
                word = rest
                changed = True
                break
    # A word's last hamza sits on the line, and on a seat before an ending: أداء, أدائها, أداؤه;
    # جزء, جزئي. In the middle of a stem the seat stays: مساءلة is not مسائل.
    if word.endswith((_HAMZA_ON_YA, _HAMZA_ON_WAW)):
        word = word[:-1] + _HAMZA
    return "ل" + word if after_li else word


def _bk_clitic(stem: str) -> bool:
    """Whether the first ب or ك of a three-letter stem is read as a preposition (not its own)."""
    if stem[-1] in _SEATS:  # البيئة: بيء
        stem = stem[:-1] + _HAMZA
    return stem not in _BK_SHORT_STEMS


def arabic_stem(word: str) -> str:
    """Light-stem one normalised Arabic word: proclitics (و ف ب ك ل ال لل وال بال…) then suffixes."""
    return _strip_suffixes(_strip_proclitics(word))


def _without_hundreds_alef(form: str, written: str) -> tuple[str, str]:
    """مائة (100) and its dual and compounds without the alef that old spelling writes and newer
    spelling drops (مئة), so both find each other and مائة's stem is not water's, ماء."""
    hundred = _HUNDRED_RE.fullmatch(form)
    if hundred is None or written[hundred.end(1)] != _HAMZA_ON_YA:  # ماؤه, its water, keeps it
        return form, written
    cut = hundred.start(1)
    return form[:cut] + form[cut + 1 :], written[:cut] + written[cut + 1 :]


def _fold(written: str) -> str:
    """The letters of an Arabic word folded for the index, one for one (see _WAW_SEAT_RE)."""
    folded = fold_arabic_letters(written, keep_hamza=True)
    if _HAMZA_ON_WAW not in written:
        return folded
    seats = [match.start() for match in _WAW_SEAT_RE.finditer(written)]
    if not seats:
        return folded
    letters = list(folded)
    for i in seats:
        letters[i] = _HAMZA_ON_WAW
    return "".join(letters)


def _split_proclitics(surface: str) -> tuple[str, str, str]:
    """An Arabic word as written (no marks), folded, and folded without its proclitics."""
    written = _clean(strip_arabic_marks(surface))[:MAX_TERM]
    normal = _fold(written)
    return written, normal, _strip_proclitics(normal, written)


@lru_cache(maxsize=200_000)
def _word_terms(surface: str) -> tuple[str, str]:
    """The (stem, form) of one word as written; cached because corpora repeat their words.
    After ل + ال the stem keeps a ل (للجنة is لجنة's, للدول لدول's) and the form drops it, so
    a prefix finds the word both ways (لجن* by the stem, مس* للمسودة by the form)."""
    if _ARABIC_RE.search(surface):
        written, normal, form = _split_proclitics(surface)
        own_article = _ALLAH_RE.fullmatch(normal)
        if own_article is not None:
            return "ال" + own_article.group(1), "ال" + own_article.group(1)
        own_word = _own_article_word(normal)
        if own_word is not None:
            return own_word
        after_al = normal[: len(normal) - len(form)] in _LI_CLITICS
        form, written = _without_hundreds_alef(form, written[len(written) - len(form) :])
        if (
            form[:1] == "ل"
            and written[1:2] in _SEATED_ALEFS
            and len(form) > _MIN_STEM
            and form[1:] not in _ANNA
        ):
            form, written, after_al = form[1:], written[1:], False
        stem = _strip_suffixes(form, written)
        return stem, form[1:] if after_al else form
    normal = unicodedata.normalize("NFKC", surface).casefold().replace("\u2019", "'")
    normal = _clean(_POSSESSIVE_RE.sub("", normal))[:MAX_TERM]
    return _clean(_ENGLISH.stemWord(normal)), normal


def _own_article_word(normal: str) -> tuple[str, str] | None:
    """The (stem, form) of a relative pronoun or الآن (_OWN_ARTICLE_WORDS), None for another
    word. Its form is the word after its article where that begins with ل (اللذين: لذين, which
    the prefix اللذ* is read as), else the word with it (الذي, not ذي's form)."""
    match = _OWN_ARTICLE_RE.fullmatch(normal)
    if match is None:
        return None
    core = match.group(1)
    if core is None:
        core = match.group(2)
        core = core if core in _OWN_ARTICLE_WORDS else "ل" + core
    return _OWN_ARTICLE_WORDS[core], core if core[:1] == "ل" else "ال" + core


def stem_word(word: str) -> str:
    """The index term of one word or number as written (empty for punctuation)."""
    tokens = analyze(word)
    return tokens[0].stem if tokens else ""


def word_form(word: str) -> str:
    """A word as written, folded and without its proclitics, endings kept (الإنسانية: انسانيه,
    الإنسان and لإنسان: انسان): what tells apart two words that share a stem."""
    tokens = analyze(word)
    return tokens[0].form if tokens else ""


def spaced_readings(digits: str) -> list[str]:
    """The numbers that digit groups separated by plain spaces can stand for: left to right,
    and groups reversed as UN Arabic stores them (both when every group has three digits)."""
    groups = fold_digits(digits).split(" ")
    readings = []
    if _NORMAL_ORDER_RE.fullmatch(digits):
        readings.append("".join(groups))
    if _REVERSED_ORDER_RE.fullmatch(digits):
        readings.append("".join(reversed(groups)))
    return list(dict.fromkeys(readings))


def _spaced_number(digits: str, text: str) -> str:
    """The one reading of a space-grouped number in this text ("" when it is not one number)."""
    readings = spaced_readings(digits)
    if not readings:
        return ""
    if len(readings) == 2:
        return readings[1] if _ARABIC_RE.search(text) else readings[0]
    if _REVERSED_ORDER_RE.fullmatch(digits) and not _ARABIC_RE.search(text):
        return ""  # "345 12" outside Arabic text is two numbers, not 12,345
    return readings[0]


def analyze(text: str) -> list[Token]:
    """Tokens of text with offsets, stems and forms; each token's script picks Arabic or English rules."""
    tokens: list[Token] = []
    append = tokens.append
    # Token(...) for the common case, a word, without the named tuple's Python-level __new__
    # (13 % of analysing a sentence; the search page analyses 80 of them a request).
    new = tuple.__new__
    for match in _TOKEN_RE.finditer(text):
        surface = match.group()
        start = match.start()
        if match.lastgroup == "spaced":
            number = _spaced_number(surface, text)[:MAX_TERM]
            if number:
                append(Token(start, match.end(), number, number))
                continue
            # Not one number: each group is a number of its own.
            for part in _DIGITS_RE.finditer(surface):
                piece = fold_digits(part.group())
                append(Token(start + part.start(), start + part.end(), piece, piece))
            continue
        if match.lastgroup == "num":
            number = _NOT_DIGIT_RE.sub("", fold_digits(surface))[:MAX_TERM]
            append(Token(start, match.end(), number, number))
        elif _MIXED_RE.search(surface) is None:
            stem, form = _word_terms(surface)
            if stem:
                append(new(Token, (start, match.end(), stem, form)))
        else:
            for part in _PARTS_RE.finditer(surface):
                piece = part.group()
                if part.lastgroup == "num":
                    number = fold_digits(piece)[:MAX_TERM]
                    append(Token(start + part.start(), start + part.end(), number, number))
                    continue
                stem, form = _word_terms(piece)
                if stem:
                    append(Token(start + part.start(), start + part.end(), stem, form))
    return tokens


# --- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive stems; with prefix, the last one is a prefix (matched on forms when alone)."""

    terms: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """Groups of alternative phrases, all groups required, none of the excluded phrases present."""

    groups: tuple[tuple[Phrase, ...], ...] = ()
    exclude: tuple[Phrase, ...] = ()
    hints: tuple[str, ...] = field(default=(), compare=False)

    @property
    def empty(self) -> bool:
        """True when nothing is required, so nothing can be searched."""
        return not self.groups

    def phrases(self) -> list[Phrase]:
        """Every required phrase, in order."""
        return [phrase for group in self.groups for phrase in group]


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"'})
_ITEM_RE = re.compile(
    r'(?P<neg>[-+]?)"(?P<phrase>[^"]*)"(?P<star>\*?)|(?P<word>[^\s"]+)|(?P<quote>")'
)


# A hamza typed without its seat doubles the letter beside it: اسراييل (إسرائيل), رييس (رئيس),
# هيية (هيئة), مسوولية (مسؤولية), شوون (شؤون).
_UNSEATED_RE = re.compile("يي|(?<=.)وو")


def _seat_readings(word: str) -> list[str]:
    """A query word typed with no hamza (a Latin keyboard, or haste) read with one on the ya or
    waw of its first doubled ي or و, either of the two: the index keeps ئ and ؤ apart from ي and
    و, so that الفئة is not فيه. A reading that is no word finds nothing."""
    if any(ch in word for ch in "\u0621\u0623\u0624\u0625\u0626"):
        return []
    pair = _UNSEATED_RE.search(word)
    if pair is None:
        return []
    seat = _HAMZA_ON_YA if word[pair.start()] == "\u064a" else "\u0624"
    i = pair.start()
    return [word[:i] + seat + word[i + 1 :], word[: i + 1] + seat + word[i + 2 :]]


def _clitic_readings(surface: str) -> list[str]:
    """The stems one Arabic query word is indexed under, with and without the clitics a light
    stemmer cannot tell from the word's own letters: a first و is the conjunction's when the
    word stands alone (وثيقة → ثيق) but the word's after the article (الوثيقة → وثيق); a bare
    ل is never stripped, since so many words begin with one, and neither is the one left of
    ل + ال (للجنة is ل + ال + لجنة with one ل written, للدول ل + ال + دول): a word is also read
    with ل in front (شؤون finds لشؤون, دول للدول, الله لله), and after ل + ال, or a bare ل
    before three letters, without the ل (لحقوق finds حقوق, لوجود وجود)."""
    own = _word_terms(surface)[0]
    if own in _OWN_ARTICLE_STEMS:  # الله is not ال + له, الذي not ال + ذي, الآن not آن
        return [own]
    written, normal, form = _split_proclitics(surface)
    bare = written[len(written) - len(form) :]
    cores = [bare]
    clitic = normal[: len(normal) - len(form)]
    if clitic == "و":  # وثيقة: the و may be the word's
        cores.append(written[-len(form) - 1 :])
    # The ل left of ل + ال may be the preposition, and so may a bare ل (not after the article).
    if (
        (clitic in _LI_CLITICS and len(bare) > 1)
        or (clitic in ("", "و") and bare[:1] == "ل" and len(bare) > _MIN_STEM)
    ) and _word_terms(bare)[0] not in _LI_WORDS:  # لجنة is not ل + جنة
        cores.append(bare[1:])
    # So may a bare ب or ك (بضمان finds ضمان), but for a word of their own (بطاقة, بشأن).
    if (
        clitic in ("", "و")
        and bare[:1] in ("\u0628", "\u0643")
        and len(bare) > _MIN_STEM
        and _word_terms(bare)[0] not in _BK_STEMS
    ):
        cores.append(bare[1:])
    cores += [seated for core in cores for seated in _seat_readings(core)]
    readings: list[str] = []
    for core in cores:
        if len(core) < _MIN_ARTICLE_STEM:  # أ, the letter of a list, is not إلا (ال + ا)
            readings.append(_word_terms(core)[0])
            continue
        with_article = _word_terms("ال" + core)[0]
        readings += [_word_terms(core)[0], with_article]
        # With ل in front the stem is ل + the word's after the article (see _strip_suffixes),
        # but where a function word's rule differs (ليسهم is not ل + يسهم); and a word of
        # ل's own is not ل + another (لجنة is not ل + جنة).
        with_li = _word_terms("ل" + core)[0]
        if with_li == "ل" + with_article and with_li not in _LI_WORDS:
            readings.append(with_li)
    # And the word as typed with a bare ب or ك in front, which the index keeps (بضمان), where
    # three letters follow it and the two do not make a word of their own (طاقة is not بطاقة,
    # حرية not بحر + ية).
    if len(bare) >= _MIN_STEM and bare[:1] not in ("\u0628", "\u0643", "ل"):
        for letter in ("\u0628", "\u0643"):
            with_bk = _word_terms(letter + bare)[0]
            if with_bk[:1] == letter and with_bk not in _BK_STEMS:
                readings.append(with_bk)
    return [stem for stem in dict.fromkeys(readings) if stem and stem not in _OWN_ARTICLE_STEMS]


# The stems of the words whose article is their own (_ALLAH_RE, _OWN_ARTICLE_WORDS).
_OWN_ARTICLE_STEMS = frozenset(("الله", "اللهم", *_OWN_ARTICLE_WORDS.values()))
# The stems of _BK_WORDS as the index holds them (not of a ب or ك read off).
_BK_STEMS = frozenset(_word_terms(word)[0] for word in _BK_WORDS) | _BK_SHORT_STEMS


def _phrases_of(text: str, *, prefix: bool) -> list[Phrase]:
    """Analyse the text of one query item into a phrase (none when it has no words), and into
    the phrases whose first word, when Arabic, is read with the clitics it may have attached
    ("حقوق الإنسان" finds لحقوق الإنسان)."""
    tokens = analyze(text)
    if not tokens:
        return []
    terms = [token.stem for token in tokens]
    surface = text[tokens[0].start : tokens[0].end]
    if prefix:
        last = tokens[-1].form
        if len(last) < MIN_PREFIX:
            return [Phrase(tuple(terms))]
        terms[-1] = last
        if len(tokens) == 1:
            heads = [last, *_prefix_readings(surface)] if _ARABIC_RE.search(surface) else [last]
            return [Phrase((head,), prefix=True) for head in dict.fromkeys(heads)]
    phrases = [Phrase(tuple(terms), prefix=prefix)]
    if _ARABIC_RE.search(surface):
        rest = tuple(terms[1:])
        phrases += [
            Phrase((stem, *rest), prefix=prefix)
            for stem in _clitic_readings(surface)
            if stem != terms[0]
        ]
    return phrases


def _li_word_prefix(prefix: str) -> bool:
    """Whether the prefix begins a word whose first ل is its own (_LI_WORDS), or such a word
    with endings (لانه*, لأنه "because it", is لأن's)."""
    return any(
        word.startswith(prefix)
        or (prefix.startswith(word) and _ENDINGS_RE.fullmatch(prefix, len(word)))
        for word in _LI_WORDS
    )


def _prefix_readings(surface: str) -> list[str]:
    """The other forms a lone Arabic prefix may begin with, as _clitic_readings gives stems: a
    first و read as the word's own (وثيق* finds الوثيقة, whose form is وثيقة) and the other way
    (الوثيق* finds وثيقة alone, whose و the index took for "and"), the ل left of ل + ال read
    as the preposition's (للدو* finds الدول), and a bare ل in front (حقو* finds لحقوق, which the
    index keeps whole, شؤو* لشؤون) or a bare ب or ك (حماي* finds بحماية) when three letters
    follow it."""
    written, normal, form = _split_proclitics(surface)
    bare = written[len(written) - len(form) :]
    cores = [bare]
    clitic = normal[: len(normal) - len(form)]
    if clitic == "و":
        cores.append(written[-len(form) - 1 :])
    elif clitic in _LI_CLITICS and len(bare) > 1 and not _li_word_prefix(_fold(bare)):
        cores.append(bare[1:])
    readings: list[str] = []
    for core in cores:
        folded = _fold(core)
        readings.append(_strip_proclitics(folded, core))  # the word alone
        readings.append(_strip_proclitics("ال" + folded, "ال" + core))  # after the article
        if (
            len(folded) >= _MIN_STEM
            and folded[:1] != "ل"  # no form begins with لل
            and not _li_word_prefix("ل" + folded)
        ):
            readings.append("ل" + folded)
    # A bare ب or ك in front of the prefix as written, as _clitic_readings reads a whole word.
    folded = _fold(bare)
    if len(folded) >= _MIN_STEM and folded[:1] not in ("\u0628", "\u0643", "ل"):
        readings += [letter + folded for letter in _BK if not _bk_word_prefix(letter + folded)]
    return [each for each in readings if len(each) >= MIN_PREFIX]


def _bk_word_prefix(prefix: str) -> bool:
    """Whether a word the prefix begins may have a stem of ب's or ك's own (_BK_STEMS), which the
    whole word is not read into. A stem begins its word's form but for its last hamza (بيء of
    بيئة) and the form goes on with endings only, so either begins the other, the prefix going
    on with endings (بحري* would find البحرية, naval, whose stem is بحر; بعدال* is no word of
    بعد's)."""
    for stem in _BK_STEMS:
        if stem.startswith(prefix):
            return True
        head = prefix[: len(stem)]
        if stem[-1] == _HAMZA and head[-1:] in _SEATS:
            head = head[:-1] + _HAMZA
        if head == stem and _ENDINGS_RE.fullmatch(prefix, len(stem)):
            return True
    return False


# ألان / آلان (the name Allan, Alain; ألان is also "he softened") written with a seated alef:
# folded, it is الآن ("now"), whose ال is its own (_OWN_ARTICLE_WORDS), and the index keeps no
# hamza to tell the two apart. The query says so, and how to find the name alone.
_NOW_LOOKALIKE_RE = re.compile("[وف]?[بك]?[\u0623\u0625\u0622]ل[\u0627\u0623\u0622]ن")


def _now_lookalike_hint(word: str) -> str | None:
    """A hint for a query word that is not الآن but that search reads as it (ألان), or None."""
    if not _NOW_LOOKALIKE_RE.fullmatch(strip_arabic_marks(word)):
        return None
    return (
        f'Search does not tell hamzas apart: {word} also finds الآن ("now"). For the name alone,'
        ' put it in quotes with the word beside it, as in "ألان ماكجريجور".'
    )


def _spaced_alternatives(match: re.Match[str]) -> str:
    digits = match.group()
    readings = spaced_readings(digits)
    if not readings:
        return digits
    if not _NORMAL_ORDER_RE.fullmatch(digits):
        # Outside Arabic text "250 444 3" is three numbers: the query still finds them there.
        readings.append(f'"{digits}"')
    return " OR ".join(readings)


def parse_query(raw: str) -> Query:
    """Parse a query: words, "exact phrase", -exclude, OR, prefix*; any input gives a Query."""
    hints: list[str] = []
    text = _CONTROL_RE.sub(" ", raw or "").translate(_QUOTES)
    text = _SPACE_GROUPED_RE.sub(lambda m: m.group().translate(_GROUP_SPACES), text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        hints.append(f"Only the first {MAX_QUERY_CHARS} characters of the query were used.")
    if text.count('"') % 2:
        hints.append("An unmatched quotation mark was ignored.")
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
    # Outside quotes, "918 483" is one number, searched in every order it can be read in.
    parts = text.split('"')
    parts[::2] = [_SPACED_QUERY_RE.sub(_spaced_alternatives, part) for part in parts[::2]]
    text = '"'.join(parts)
    items: list[tuple[bool, list[Phrase]] | None] = []  # None stands for OR
    for match in _ITEM_RE.finditer(text):
        if match.group("quote"):
            continue
        if match.group("phrase") is not None:
            negative = match.group("neg") == "-"
            phrases = _phrases_of(match.group("phrase"), prefix=bool(match.group("star")))
            if phrases:
                items.append((negative, phrases))
            continue
        word = match.group("word")
        if word == "OR":
            items.append(None)
            continue
        negative = word.startswith("-") and len(word) > 1
        word = word.lstrip("-+")
        prefix = word.endswith("*")
        phrases = _phrases_of(word.rstrip("*"), prefix=prefix)
        if phrases:
            items.append((negative, phrases))
            lookalike = None if negative or prefix else _now_lookalike_hint(word)
            if lookalike is not None and lookalike not in hints:
                hints.append(lookalike)
    groups: list[list[Phrase]] = []
    excluded: list[tuple[Phrase, ...]] = []
    join_next = False
    for item in items:
        if item is None:
            join_next = bool(groups)
            continue
        negative, phrases = item
        if negative:
            excluded.append(tuple(phrases))
        elif join_next and groups:
            groups[-1].extend(phrases)
        else:
            groups.append(phrases)
        join_next = False
    groups = [list(g) for g in dict.fromkeys(tuple(dict.fromkeys(g)) for g in groups)]
    excluded = list(dict.fromkeys(excluded))
    if len(groups) + len(excluded) > MAX_QUERY_ITEMS:
        hints.append(f"Only the first {MAX_QUERY_ITEMS} words or phrases were used.")
        groups = groups[:MAX_QUERY_ITEMS]
        excluded = excluded[: max(0, MAX_QUERY_ITEMS - len(groups))]
    exclude = list(dict.fromkeys(phrase for phrases in excluded for phrase in phrases))
    if not groups:
        if exclude:
            hints.append("Add a word to search for: excluding words alone finds nothing.")
        elif raw and raw.strip():
            hints.append("The query has no words or numbers to search for.")
    return Query(
        groups=tuple(tuple(group) for group in groups),
        exclude=tuple(exclude),
        hints=tuple(hints),
    )


def mixes_languages(query: Query) -> bool:
    """Whether the query requires an Arabic word and a word in Latin letters together, which only
    a sentence quoting the other language can hold: each sentence is in one language."""
    scripts = set()
    for group in query.groups:
        terms = "".join(term for phrase in group for term in phrase.terms)
        if _ARABIC_RE.search(terms):
            scripts.add("ar" if not re.search("[a-z]", terms) else "both")
        elif re.search("[a-z]", terms):
            scripts.add("en")
    return {"ar", "en"} <= scripts


# --- matching in Python (the reference the engines must agree with, and highlighting) ----------


def _phrase_hits(phrase: Phrase, stems: Sequence[str], forms: Sequence[str]) -> list[range]:
    """Token ranges where the phrase occurs."""
    n = len(phrase.terms)
    if phrase.terms and not phrase.prefix:
        # Exact stems: compare only where the first term occurs (the loop below costs ten times
        # more per token, and the search page matches 40 sentences a request).
        head, rest = phrase.terms[0], phrase.terms[1:]
        last_start = len(stems) - n
        found: list[range] = []
        i = -1
        while True:
            try:
                i = stems.index(head, i + 1)  # a scan in C: most sentences hold the head once
            except ValueError:
                return found
            if i > last_start:
                return found
            if not rest or tuple(stems[i + 1 : i + n]) == rest:
                found.append(range(i, i + n))
    hits: list[range] = []
    last = n - 1
    for i in range(len(stems) - n + 1):
        ok = True
        for j, term in enumerate(phrase.terms):
            stem = stems[i + j]
            if phrase.prefix and j == last:
                if not (stem.startswith(term) or (n == 1 and forms[i + j].startswith(term))):
                    ok = False
                    break
            elif stem != term:
                ok = False
                break
        if ok:
            hits.append(range(i, i + n))
    return hits


def query_matches(query: Query, tokens: Sequence[Token]) -> bool:
    """Whether text with these tokens satisfies the query (every group, no exclusion)."""
    return stems_match(query, [t.stem for t in tokens], [t.form for t in tokens])


def stems_match(query: Query, stems: Sequence[str], forms: Sequence[str]) -> bool:
    """query_matches over the tokens' stems and forms (the same list where no form differs)."""
    if query.empty:
        return False
    for group in query.groups:
        if not any(_phrase_hits(p, stems, forms) for p in group):
            return False
    return not any(_phrase_hits(p, stems, forms) for p in query.exclude)


_STEM = itemgetter(2)
_FORM = itemgetter(3)


def match_positions(query: Query, tokens: Sequence[Token]) -> list[int]:
    """Indexes of the tokens that match any required phrase of the query (for marking)."""
    stems = list(map(_STEM, tokens))
    forms = list(map(_FORM, tokens)) if any(p.prefix for p in query.phrases()) else stems
    return stem_positions(query, stems, forms)


def stem_positions(query: Query, stems: Sequence[str], forms: Sequence[str]) -> list[int]:
    """match_positions over the tokens' stems and forms (the same list where no form differs)."""
    marked: set[int] = set()
    for phrase in query.phrases():
        for hit in _phrase_hits(phrase, stems, forms):
            marked.update(hit)
    return sorted(marked)


def terms_text(tokens: Iterable[Token]) -> tuple[str, str]:
    """The space-joined stems, and the forms that differ from their stem, to store in the index."""
    tokens = list(tokens)
    stems = " ".join(t.stem for t in tokens)
    forms = " ".join(dict.fromkeys(t.form for t in tokens if t.form != t.stem))
    return stems, forms


def pack_spans(tokens: Iterable[Token]) -> bytes | None:
    """The tokens' offsets, to store beside their stems: the first start, then each token's
    length and the gap to the next start, one byte each (two where one is over 255), which
    stored_tokens turns back into offsets without a Python loop. None for a text whose gaps
    or words are longer than 65,535 characters (it is analysed when shown)."""
    numbers: list[int] = []
    end = 0
    for token in tokens:
        numbers.append(token.start - end)
        numbers.append(token.end - token.start)
        end = token.end
    if not numbers or max(numbers) < 256:
        return b"B" + array("B", numbers).tobytes()
    if max(numbers) >= 65536:
        return None
    wide = array("H", numbers)
    if sys.byteorder == "big":  # stored little-endian, whatever the machine
        wide.byteswap()
    return b"H" + wide.tobytes()


_new_token = partial(tuple.__new__, Token)


def stored_tokens(stems: str, spans: bytes | memoryview | None) -> list[Token] | None:
    """The tokens analyze() gave for a text, rebuilt from what the index stores of them (terms_text's
    stems and pack_spans' bytes) in a quarter of the time; each form is its stem, since the index
    keeps forms only as a set (analyse the text where forms matter: a lone prefix). None when
    nothing is stored or the two do not describe the same tokens."""
    stored = stored_columns(stems, spans)
    if stored is None:
        return None
    terms, starts, ends = stored
    return list(map(_new_token, zip(starts, ends, terms, terms, strict=True)))


def stored_columns(
    stems: str, spans: bytes | memoryview | None
) -> tuple[list[str], list[int], list[int]] | None:
    """stored_tokens as three lists (stems, starts, ends), without building a tuple per token."""
    if spans is None or len(spans) < 1:
        return None
    spans = bytes(spans)
    typecode = chr(spans[0])
    if typecode not in ("B", "H") or (typecode == "H" and len(spans) % 2 == 0):
        return None
    numbers = array(typecode, spans[1:])
    if numbers.typecode == "H" and sys.byteorder == "big":
        numbers.byteswap()
    offsets = list(accumulate(numbers))
    terms = stems.split()
    if len(offsets) != 2 * len(terms):
        return None
    return terms, offsets[0::2], offsets[1::2]
