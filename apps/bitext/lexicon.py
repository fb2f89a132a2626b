"""A bilingual Arabic-English word lexicon learned from aligned text, and the word keys it matches.

Words are reduced to light stems (Arabic: normalised, proclitics and common suffixes stripped;
English: lower-case, plural dropped, cut to six letters) so that one entry covers a word's forms.
A lexicon maps Arabic stems to English stems; it is learned with IBM Model 1 in both directions
(learn_lexicon) and shipped as apps/bitext/data/lexicon.ar-en.tsv (benchmarks/build_lexicon.py).
Names match without the lexicon through a consonant skeleton of their transliteration
(البرغوثي and Barghouti both give "brgt").
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from apps.bitext.analyze import stem_word
from apps.bitext.normalize import normalize_arabic, transliterate

__all__ = [
    "ARABIC_MARKS_RE",
    "ARABIC_WORD_RE",
    "DEFAULT_LEXICON_PATH",
    "Lexicon",
    "UnitWords",
    "arabic_stem",
    "default_lexicon",
    "english_stem",
    "learn_lexicon",
    "name_skeleton",
    "unit_words",
]

DEFAULT_LEXICON_PATH = Path(__file__).resolve().parent / "data" / "lexicon.ar-en.tsv"
# Longest text examined per unit, so a pathological paste cannot stall alignment.
_MAX_CHARS = 20_000

# A word is a run of letters and the marks written inside it: tatweel (SDG targets stretch
# الخـدمـات المـاليـة for justification), harakat, shadda (ورحّب), Quranic signs. They split words
# in two before ("الخـدمـات" read as الخ + دمات), so a stretched word matched nothing.
_AR_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_AR_MARKS = "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_AR_WORD = re.compile(f"[{_AR_LETTERS}][{_AR_LETTERS}{_AR_MARKS}]*")
ARABIC_WORD_RE = _AR_WORD
ARABIC_MARKS_RE = re.compile(f"[{_AR_MARKS}]")
# U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN join a word as "-" does (the UDHR's
# "non‐self‐governing", the SDG's "well‐being"): read as "-", the lexicon's non-se, well-b.
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-\u2010\u2011]*")
_HYPHENS = str.maketrans("\u2010\u2011", "--")
# An accusative written with tanwin (عقدًا, جميعاً) ends on the tanwin's seat alef, no part of the
# noun: such a word is also looked up without it (عقد, a decade), as well as as written (وفقا).
_TANWIN_ALEF = re.compile("(?:\u064b\u0640*\u0627|\u0627\u0640*\u064b)\u0640*$")

_AR_STOP = frozenset(
    normalize_arabic(w)
    for w in [
        "في",
        "من",
        "على",
        "إلى",
        "الى",
        "عن",
        "مع",
        "أن",
        "إن",
        "أو",
        "ثم",
        "قد",
        "لا",
        "ما",
        "لم",
        "لن",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "التي",
        "الذي",
        "الذين",
        "اللتين",
        "اللذين",
        "هو",
        "هي",
        "هم",
        "هما",
        "كان",
        "كانت",
        "يكون",
        "تكون",
        "كل",
        "بعض",
        "غير",
        "بين",
        "عند",
        "حتى",
        "إذ",
        "إذا",
        "كما",
        "أي",
        "وفي",
        "ومن",
        "وعلى",
        "وإلى",
        "وعن",
        "ولا",
        "وأن",
        "وإن",
        "أيضا",
        "فيه",
        "فيها",
        "منه",
        "منها",
        "عليه",
        "عليها",
        "إليه",
        "به",
        "بها",
        "له",
        "لها",
        "لهم",
        "ذات",
        "وقد",
        "وهو",
        "وهي",
        "وكل",
        "ضد",
        "لدى",
        "عبر",
        "حول",
        "نحو",
        "خلال",
    ]
)
_EN_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "where",
        "when",
        "while",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "not",
        "no",
        "nor",
        "so",
        "such",
        "also",
        "all",
        "any",
        "each",
        "both",
        "other",
        "into",
        "upon",
        "about",
        "over",
        "under",
        "between",
        "through",
        "during",
        "against",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "shall",
        "would",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "very",
        "own",
        "same",
        "only",
        "more",
        "most",
        "s",
    ]
)


def stop_words(lang: str) -> frozenset[str]:
    """The function words the aligner leaves out of a unit's content words (Arabic normalised)."""
    return _AR_STOP if lang == "ar" else _EN_STOP


# Beyond the stop lists: more function words, and English ordinal endings, which the search
# analyzer splits from their number ("8th": 8, th).
_MORE_FUNCTION_WORDS = {
    "ar": frozenset(
        [
            "لما",
            "بأن",
            "إلا",
            "أما",
            "لكن",
            "ولكن",
            "حيث",
            "منذ",
            "لقد",
            "هناك",
            "أنه",
            "أنها",
            "إنه",
            "بما",
            "مما",
            "عما",
            "كي",
            "لكي",
            "فإن",
            "بل",
        ]
    ),
    "en": frozenset(
        [
            "if",
            "whether",
            "because",
            "unless",
            "until",
            "since",
            "though",
            "although",
            "yet",
            "hereby",
            "thereof",
            "therein",
            "how",
            "why",
            "st",
            "nd",
            "rd",
            "th",
        ]
    ),
}
# Stop words that carry meaning in a translation: غير القانوني is "illegal", ذات الصلة "relevant".
_MEANINGFUL = frozenset(["غير", "لا", "لم", "لن", "ولا", "ذات", "not", "no", "nor"])


@lru_cache(maxsize=2)
def function_stems(lang: str) -> frozenset[str]:
    """The search analyzer's stems of the words that are never the translation of a content word:
    the stop words but negations, and a few more."""
    words = (stop_words(lang) - _MEANINGFUL) | _MORE_FUNCTION_WORDS.get(lang, frozenset())
    return frozenset(filter(None, map(stem_word, words)))


_AR_PROCLITIC = re.compile(r"^[وف]?(?:ال|بال|كال|لل)(?=.{2})")
_AR_SUFFIXES = ("ات", "ون", "ين", "ان", "تين", "ها", "هم", "هما", "كم", "نا", "ه")
_SKELETON_DROP = re.compile(r"[aeiouyw'ʼʻ\-āīūá]")
_SKELETON_FOLD = str.maketrans(
    {"ḥ": "h", "ṣ": "s", "ḍ": "d", "ṭ": "t", "ẓ": "z", "q": "k", "c": "k", "x": "ks", "j": "g"}
)
_SKELETON_PAIRS = (("th", "t"), ("dh", "d"), ("gh", "g"), ("kh", "k"), ("sh", "s"), ("ph", "f"))


def arabic_stem(word: str) -> str:
    """Return the light stem of an Arabic word: normalised, without proclitics or common suffixes."""
    word = normalize_arabic(word)
    word = _AR_PROCLITIC.sub("", word, count=1)
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def english_stem(word: str) -> str:
    """Return the light stem of an English word: lower-case, no plural or possessive, six letters."""
    word = word.lower().removesuffix("'s").strip("'-")
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return word[:6]


def name_skeleton(word: str, lang: str) -> str:
    """Return the consonant skeleton of a name's Latin spelling: البرغوثي and Barghouti give brgt."""
    if lang == "ar":
        # A final teh marbuta is a vowel in names (غزة, Gaza), not the h it is romanised as.
        latin = transliterate(normalize_arabic(word.removesuffix("\u0629"))).lower()
        latin = latin.removeprefix("al-").removeprefix("wa-").removeprefix("fa-")
    else:
        latin = word.lower()
        latin = latin.removeprefix("al-").removeprefix("el-")
    for pair, single in _SKELETON_PAIRS:
        latin = latin.replace(pair, single)
    latin = _SKELETON_DROP.sub("", latin.translate(_SKELETON_FOLD))
    # Doubled letters are a spelling choice (Gaza / Ghazza, Abbas / Abas).
    return re.sub(r"(.)\1+", r"\1", latin)


@dataclass(frozen=True)
class Lexicon:
    """Arabic stems mapped to the English stems that translate them."""

    translations: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Word -> match keys, filled as units are read: vocabularies repeat, stemming is slow.
    _keys: dict[tuple[str, str], frozenset[str] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __len__(self) -> int:
        """Return the number of (Arabic, English) stem pairs."""
        return sum(len(v) for v in self.translations.values())

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        """Read a lexicon written by save: one "arabic<TAB>english<TAB>weight" line per pair."""
        table: dict[str, set[str]] = defaultdict(set)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) >= 2:
                table[parts[0]].add(parts[1])
        return cls({k: frozenset(v) for k, v in table.items()})

    def save(self, path: Path, weights: Mapping[tuple[str, str], float], header: str) -> None:
        """Write the lexicon as sorted TSV lines with their weights after a comment header."""
        lines = [f"# {row}" for row in header.splitlines()]
        for ar in sorted(self.translations):
            for en in sorted(self.translations[ar]):
                lines.append(f"{ar}\t{en}\t{weights.get((ar, en), 0.0):.3f}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def default_lexicon() -> Lexicon:
    """Return the shipped lexicon merged with the files listed in TAWAZI_LEXICON (os.pathsep-
    separated, e.g. one written by manage.py learn_lexicon); missing files are skipped."""
    return _lexicon_from(os.environ.get("TAWAZI_LEXICON", ""))


@lru_cache(maxsize=4)
def _lexicon_from(extra: str) -> Lexicon:
    """Return the shipped lexicon merged with extra lexicon files."""
    table: dict[str, set[str]] = defaultdict(set)
    for path in [DEFAULT_LEXICON_PATH, *(Path(p) for p in extra.split(os.pathsep) if p)]:
        if path.is_file():
            for ar, en in Lexicon.load(path).translations.items():
                table[ar].update(en)
    return Lexicon({k: frozenset(v) for k, v in table.items()})


def arabic_words(text: str) -> list[str]:
    """Return the stems of the content words of Arabic text."""
    words = (normalize_arabic(w) for w in _AR_WORD.findall(text[:_MAX_CHARS]))
    return [arabic_stem(w) for w in words if w not in _AR_STOP and len(w) > 1]


def english_words(text: str) -> list[str]:
    """Return the stems of the content words of English text."""
    words = [w.translate(_HYPHENS) for w in _EN_WORD.findall(text[:_MAX_CHARS])]
    return [english_stem(w) for w in words if w.lower() not in _EN_STOP and len(w) > 1]


@dataclass(frozen=True, slots=True)
class UnitWords:
    """A unit's content words as match keys: each word's key set, and the union of them all."""

    words: tuple[frozenset[str], ...]
    keys: frozenset[str]


def _word_keys(raw: str, lang: str, lexicon: Lexicon) -> frozenset[str] | None:
    """Return one word's match keys, or None for a stop word (cached on the lexicon)."""
    cached = lexicon._keys.get((raw, lang), False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    keys: set[str] | None = None
    if lang == "ar":
        word = normalize_arabic(raw)
        if word not in _AR_STOP and len(word) >= 2:
            stems = {arabic_stem(word)}
            if _TANWIN_ALEF.search(raw) and len(word) >= 4:
                stems.add(arabic_stem(word[:-1]))
            keys = {"e:" + en for stem in stems for en in lexicon.translations.get(stem, ())}
            skeleton = name_skeleton(word, "ar")
            if len(skeleton) >= 3:
                keys.add("t:" + skeleton)
    elif raw.lower() not in _EN_STOP and len(raw) >= 2:
        word = raw.translate(_HYPHENS)
        keys = {"e:" + english_stem(word)}
        if word[0].isupper():
            skeleton = name_skeleton(word, "en")
            if len(skeleton) >= 3 or (word.isupper() and len(skeleton) >= 2):
                keys.add("t:" + skeleton)
    result = frozenset(keys) if keys is not None else None
    if len(lexicon._keys) < 500_000:
        lexicon._keys[(raw, lang)] = result
    return result


def unit_words(text: str, lang: str, lexicon: Lexicon) -> UnitWords:
    """Return a unit's match keys: "e:" English stems (Arabic words via the lexicon) and "t:" name
    skeletons, so an Arabic and an English word match when their key sets meet."""
    pattern = _AR_WORD if lang == "ar" else _EN_WORD
    out: list[frozenset[str]] = []
    for raw in pattern.findall(text[:_MAX_CHARS]):
        keys = _word_keys(raw, lang, lexicon)
        if keys is not None:
            out.append(keys)
    return UnitWords(tuple(out), frozenset().union(*out) if out else frozenset())


def _model1(
    pairs: Sequence[tuple[list[str], list[str]]], iterations: int
) -> dict[tuple[str, str], float]:
    """Return IBM Model 1 probabilities t(target | source), with a NULL source word."""
    t: dict[tuple[str, str], float] = {}
    uniform = 1.0 / max(1, len({w for _, tgt in pairs for w in tgt}))
    for _ in range(iterations):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        totals: dict[str, float] = defaultdict(float)
        for source, target in pairs:
            sources = [*set(source), ""]
            for tw in set(target):
                probs = [t.get((sw, tw), uniform) for sw in sources]
                norm = sum(probs)
                for sw, p in zip(sources, probs, strict=True):
                    share = p / norm
                    counts[(sw, tw)] += share
                    totals[sw] += share
        t = {key: value / totals[key[0]] for key, value in counts.items()}
    return t


def learn_lexicon(
    pairs: Iterable[tuple[str, str]],
    *,
    iterations: int = 5,
    threshold: float = 0.05,
    per_word: int = 4,
    min_count: int = 2,
) -> tuple[Lexicon, dict[tuple[str, str], float]]:
    """Learn a lexicon from (Arabic, English) translation pairs with IBM Model 1 both ways.

    A pair of stems is kept when the geometric mean of t(en|ar) and t(ar|en) reaches threshold
    and they co-occur in at least min_count pairs; at most per_word English stems per Arabic stem.
    """
    stemmed = [(arabic_words(ar), english_words(en)) for ar, en in pairs]
    stemmed = [(a, e) for a, e in stemmed if a and e]
    cooc: dict[tuple[str, str], int] = defaultdict(int)
    for ar_words, en_words in stemmed:
        for a in set(ar_words):
            for e in set(en_words):
                cooc[(a, e)] += 1
    forward = _model1(stemmed, iterations)  # t(en | ar)
    backward = _model1([(e, a) for a, e in stemmed], iterations)  # t(ar | en)
    scored: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (a, e), count in cooc.items():
        if count < min_count:
            continue
        score = math.sqrt(forward.get((a, e), 0.0) * backward.get((e, a), 0.0))
        if score >= threshold:
            scored[a].append((score, e))
    weights: dict[tuple[str, str], float] = {}
    table: dict[str, frozenset[str]] = {}
    for a, options in scored.items():
        best = sorted(options, reverse=True)[:per_word]
        table[a] = frozenset(e for _, e in best)
        weights.update({(a, e): s for s, e in best})
    return Lexicon(table), weights
