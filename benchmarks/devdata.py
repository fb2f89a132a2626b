"""Readers for the shared development data (../shared), split into lexicon-training and held-out parts.

The split is fixed so the lexicon (benchmarks/build_lexicon.py) never sees the text the alignment
benchmark (benchmarks/alignment.py) scores:
- UNPC v1.0 devset: documents whose symbol hashes (CRC-32) to 0 mod 5 are held out, the rest train;
- NTREX-128: even-numbered documents train, odd-numbered ones are held out;
- FLORES-200 devtest, the demo resolution and the UDHR are held out entirely;
- the literary extract committed in benchmarks/data/quran (46 suras of the Quran, Tanzil's Arabic
  and Pickthall's 1930 English) is held out entirely; tune on other suras if ever needed.
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # apps.bitext, when run alone
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from apps.bitext.keyed import read_keyed  # noqa: E402

SHARED = Path(
    os.environ.get("TAWAZI_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")
).resolve()
DEMO = SHARED / "corpus" / "oic-cfm-ex21-2025-08-25.ar-en.txt"
UNPC = SHARED / "devdata" / "unpc_v1.0_devset" / "UNv1.0.devset"
NTREX = SHARED / "devdata" / "ntrex128"
FLORES = SHARED / "devdata" / "flores200_devtest"
UDHR = SHARED / "corpus" / "udhr"
QURAN = Path(__file__).resolve().parent / "data" / "quran"
# Pickthall's own rendering of the basmala (his 1:1). Tanzil's Arabic carries the basmala at the
# head of verse 1 of every sura but 1 and 9; Tanzil's Pickthall, like his printed heading, leaves
# it out of the verse, so it is put back here and verse 1 reads the same on both sides.
PICKTHALL_BASMALA = "In the name of Allah, the Beneficent, the Merciful."

Pairs = list[tuple[str, str]]


@dataclass(frozen=True)
class Document:
    """A line-parallel document: Arabic and English units in order, one pair per unit."""

    name: str
    pairs: Pairs


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def demo_pairs() -> Pairs:
    """Return the demo resolution's 42 paragraph pairs."""
    lines = _lines(DEMO)
    half = len(lines) // 2
    return list(zip(lines[:half], lines[half:], strict=True))


def _group(keys: list[str], ar: list[str], en: list[str], prefix: str) -> list[Document]:
    """Return documents of consecutive lines sharing a key."""
    docs: list[Document] = []
    current: Pairs = []
    previous = None
    for key, a, e in zip(keys, ar, en, strict=True):
        if key != previous and current:
            docs.append(Document(f"{prefix}{previous}", current))
            current = []
        previous = key
        if a.strip() and e.strip():
            current.append((a, e))
    if current:
        docs.append(Document(f"{prefix}{previous}", current))
    return docs


def unpc_documents() -> list[Document]:
    """Return the UNPC devset grouped into its documents (by symbol)."""
    ids = [line.split(" ")[0] for line in _lines(Path(f"{UNPC}.ids"))]
    return _group(ids, _lines(Path(f"{UNPC}.ar")), _lines(Path(f"{UNPC}.en")), "unpc:")


def unpc_held_out(doc: Document) -> bool:
    """Return whether a UNPC document belongs to the held-out part."""
    return zlib.crc32(doc.name.encode()) % 5 == 0


def ntrex_documents() -> list[Document]:
    """Return the NTREX-128 documents in order."""
    ids = [line.split("\t")[0] for line in _lines(NTREX / "DOCUMENT_IDS.tsv")]
    ar = _lines(NTREX / "newstest2019-ref.arb.txt")
    en = _lines(NTREX / "newstest2019-src.eng.txt")
    docs = _group(ids, ar, en, "ntrex:")
    return [Document(f"{d.name}#{k}", d.pairs) for k, d in enumerate(docs)]


def ntrex_held_out(doc: Document) -> bool:
    """Return whether an NTREX document belongs to the held-out part (odd-numbered)."""
    return int(doc.name.rsplit("#", 1)[1]) % 2 == 1


def flores_documents() -> list[Document]:
    """Return the FLORES-200 devtest articles (consecutive lines sharing a URL)."""
    urls = [line.split("\t")[0] for line in _lines(FLORES / "metadata_devtest.tsv")[1:]]
    return _group(
        urls, _lines(FLORES / "arb_Arab.devtest"), _lines(FLORES / "eng_Latn.devtest"), "flores:"
    )


def _verses(path: Path) -> dict[int, list[str]]:
    """Return a "sura|verse|text" file's verses by sura, in order (comment lines skipped)."""
    suras: dict[int, list[str]] = {}
    for line in _lines(path):
        parts = line.split("|")
        if len(parts) == 3 and parts[0].isdigit():
            suras.setdefault(int(parts[0]), []).append(parts[2])
    return suras


def quran_suras() -> list[Document]:
    """Return the literary extract's suras, each a document of (Arabic, English) verse pairs."""
    arabic, english = _verses(QURAN / "ar.txt"), _verses(QURAN / "en.txt")
    docs = []
    for sura, ar in arabic.items():
        en = list(english[sura])
        if sura not in (1, 9):
            en[0] = f"{PICKTHALL_BASMALA} {en[0]}"
        docs.append(Document(f"quran:{sura}", list(zip(ar, en, strict=True))))
    return docs


def lexicon_training_pairs() -> Pairs:
    """Return the sentence pairs the shipped lexicon is learned from (UNPC and NTREX train parts)."""
    pairs: Pairs = []
    for doc in unpc_documents():
        if not unpc_held_out(doc):
            pairs.extend(doc.pairs)
    for doc in ntrex_documents():
        if not ntrex_held_out(doc):
            pairs.extend(doc.pairs)
    return pairs


_PARA = re.compile(r"<para>(.*?)</para>", re.S)
_ARTICLE = re.compile(r'<article number="(\d+)">(.*?)</article>', re.S)
_PREAMBLE = re.compile(r"<preamble>(.*?)</preamble>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _clean(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).split())


def udhr_units(lang: str) -> tuple[list[str], list[str]]:
    """Return the UDHR's preamble paragraphs and its 30 articles (each one unit) in one language."""
    xml = (UDHR / f"udhr_{'arb' if lang == 'ar' else 'eng'}.xml").read_text(encoding="utf-8")
    preamble_match = _PREAMBLE.search(xml)
    preamble = [_clean(p) for p in _PARA.findall(preamble_match.group(1))] if preamble_match else []
    articles = [_clean(body) for _, body in _ARTICLE.findall(xml)]
    return [p for p in preamble if p], [a for a in articles if a]


def _sdg_yaml(path: Path) -> dict[str, str]:
    """Return a keyed YAML file ("1-2-title: text") as {key: text}, read as the importer reads it."""
    return read_keyed(path.read_text(encoding="utf-8"), path.name)


def sdg_pairs() -> Pairs:
    """Return the SDG goals, targets and indicators (MIT) as Arabic/English pairs, by key.

    Used only to fit the confidence mapping: neither the lexicon nor the benchmark sees them.
    """
    pairs: Pairs = []
    for name in ("global_goals", "global_targets", "global_indicators"):
        ar = _sdg_yaml(SHARED / "corpus" / "sdg" / f"{name}.ar.yml")
        en = _sdg_yaml(SHARED / "corpus" / "sdg" / f"{name}.en.yml")
        pairs += [(ar[k], en[k]) for k in ar if k in en]
    return pairs
