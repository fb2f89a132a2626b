"""QA checks on correct translations (UN devset) and on shuffled pairs: how often each check fires.

On the true pairs every finding is a false alarm (or a real liberty of the translator); on pairs
shifted by one line most pairs with numbers or dates should be caught.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.bitext.anchors import extract_anchors  # noqa: E402
from apps.bitext.qa import _content, check_pair  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "devdata" / "unpc_v1.0_devset"


def main() -> None:
    ar = SHARED.joinpath("UNv1.0.devset.ar").read_text(encoding="utf-8").splitlines()
    en = SHARED.joinpath("UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    started = time.perf_counter()
    true_hits: Counter[str] = Counter()
    flagged = 0
    for a, e in zip(ar, en, strict=True):
        checks = {f.check for f in check_pair(a, e)}
        flagged += bool(checks)
        true_hits.update(checks)
    elapsed = time.perf_counter() - started
    shifted_hits = 0
    with_anchor = 0
    for a, e in zip(ar[1:], en[:-1], strict=True):
        findings = check_pair(a, e)
        anchors = extract_anchors(_content(a, "ar"), "ar") | extract_anchors(
            _content(e, "en"), "en"
        )
        if any(not x.startswith("m:") for x in anchors):
            with_anchor += 1
            shifted_hits += bool(findings)
    print(
        f"UN devset, {len(ar)} true pairs: {flagged} flagged ({flagged / len(ar):.1%}); by check: "
        + ", ".join(f"{k} {v}" for k, v in true_hits.most_common())
    )
    print(f"  {elapsed * 1000 / len(ar):.2f} ms a pair")
    print(
        f"shifted by one line, {with_anchor} pairs with a number or symbol (list markers aside): {shifted_hits} caught "
        f"({shifted_hits / max(1, with_anchor):.1%})"
    )


if __name__ == "__main__":
    main()
