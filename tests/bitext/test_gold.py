"""Tests for apps.bitext.gold: the vecalign bead format, strict and lax scores, reshaping."""

from __future__ import annotations

import pytest

from apps.bitext.gold import GoldError, format_gold, parse_gold, reshape, score_alignment
from tests.bitext.test_align import _demo


def test_parse_and_format_round_trip() -> None:
    """Beads with nulls and m:n groups survive a round trip; a vecalign score column is ignored."""
    text = "[0] : [0, 1]\n[1, 2]:[2]\n[] : [3]\n[3] : [] : 0.25\n"
    beads = parse_gold(text)
    assert beads == [((0,), (0, 1)), ((1, 2), (2,)), ((), (3,)), ((3,), ())]
    assert parse_gold(format_gold(beads)) == beads


def test_parse_rejects_garbage() -> None:
    """A line that is not a bead names its line number."""
    with pytest.raises(GoldError, match="line 2"):
        parse_gold("[0] : [0]\n0 - 0\n")


def test_strict_and_lax_scores() -> None:
    """A 1:2 predicted as 1:1 plus 0:1 loses strict precision but keeps lax overlap."""
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    predicted = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]
    scores = score_alignment(predicted, gold)
    assert scores.strict_p == pytest.approx(2 / 4)
    assert scores.strict_r == pytest.approx(2 / 3)
    assert scores.lax_p == pytest.approx(3 / 4)
    assert scores.lax_r == pytest.approx(1.0)


def test_reshape_demo_keeps_every_paragraph_once() -> None:
    """Reshaping the demo resolution yields gold covering each unit once, with odd beads."""
    ar, en = _demo()
    data = reshape(list(zip(ar, en, strict=True)), seed=3, merge=0.1, split=0.1, drop=0.05)
    assert [i for b in data.gold for i in b[0]] == list(range(len(data.ar)))
    assert [j for b in data.gold for j in b[1]] == list(range(len(data.en)))
    shapes = {(len(a), len(e)) for a, e in data.gold}
    assert {(1, 1), (2, 1), (1, 2)} <= shapes
    assert "".join(data.ar).replace(" ", "") == "".join(
        a for b in data.gold for a in (data.ar[i] for i in b[0])
    ).replace(" ", "")
