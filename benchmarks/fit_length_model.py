"""Fit the aligner's Arabic-to-English character length model from ../shared.

Usage: uv run python benchmarks/fit_length_model.py

Prints, for the demo resolution (42 paragraph pairs) and the UNPC v1.0 devset (4,000 sentence
pairs), the ratio c = total English / total Arabic unit_length() characters and the variance
s2 of delta = (l_en - c*l_ar) / sqrt(s2 * (l_ar + l_en/c)/2), both as the plain mean of
squared residuals and as a robust estimate (median / 0.455, the median of chi-square with one
degree of freedom).  apps/bitext/align.py copies these numbers into its constants.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from apps.bitext.align import unit_length  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEMO = SHARED / "corpus" / "oic-cfm-ex21-2025-08-25.ar-en.txt"
UNPC = SHARED / "devdata" / "unpc_v1.0_devset" / "UNv1.0.devset"
CHI2_1_MEDIAN = 0.455


def demo_pairs() -> list[tuple[str, str]]:
    """Return the demo resolution's 42 paragraph pairs."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    half = len(lines) // 2
    return list(zip(lines[:half], lines[half:], strict=True))


def unpc_pairs() -> list[tuple[str, str]]:
    """Return the UNPC devset sentence pairs with text on both sides."""
    ar = Path(f"{UNPC}.ar").read_text(encoding="utf-8").splitlines()
    en = Path(f"{UNPC}.en").read_text(encoding="utf-8").splitlines()
    return [(a, e) for a, e in zip(ar, en, strict=True) if a.strip() and e.strip()]


def fit(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Return (ratio, mean variance, robust variance) of the pairs' lengths."""
    ar = [unit_length(a) for a, _ in pairs]
    en = [unit_length(e) for _, e in pairs]
    ratio = sum(en) / sum(ar)
    squares = [
        (e - ratio * a) ** 2 / max((a + e / ratio) / 2, 1.0) for a, e in zip(ar, en, strict=True)
    ]
    return ratio, statistics.mean(squares), statistics.median(squares) / CHI2_1_MEDIAN


def main() -> None:
    """Print the fitted constants for both corpora."""
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found: the fit needs ../shared beside the checkout")
    for name, pairs in (
        ("demo resolution (paragraphs)", demo_pairs()),
        ("UNPC devset (sentences)", unpc_pairs()),
    ):
        ratio, mean_s2, robust_s2 = fit(pairs)
        print(
            f"{name}: n={len(pairs)} ratio={ratio:.3f} s2_mean={mean_s2:.2f} s2_robust={robust_s2:.2f}"
        )


if __name__ == "__main__":
    main()
