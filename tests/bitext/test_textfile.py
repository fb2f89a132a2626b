"""Decoding and splitting imported text files."""

from __future__ import annotations

import pytest

from apps.bitext.textfile import (
    InputError,
    decode_text,
    detect_language,
    split_bilingual,
    split_paragraphs,
)
from tests.conftest import DEMO_FILE

AR = "يدين بشدة مواصلة سلطات الاحتلال الإسرائيلي عدوانها الغاشم على الشعب الفلسطيني."
EN = "Strongly condemns the Israeli occupation authorities' continued brutal aggression."


def test_demo_file_splits_into_42_and_42() -> None:
    ar, en = split_bilingual(DEMO_FILE.read_text(encoding="utf-8"))
    assert len(ar) == 42 and len(en) == 42
    assert ar[5].startswith("ودعا القرار") and en[5].startswith("The resolution called on")


def test_language_by_script() -> None:
    assert detect_language(AR) == "ar"
    assert detect_language(EN) == "en"
    assert detect_language("(62,500) 2025") is None
    # An English paragraph quoting one Arabic word stays English.
    assert detect_language("The resolution (قرار) condemns the aggression.") == "en"


def test_interleaved_file_is_accepted() -> None:
    ar, en = split_bilingual(f"{AR}\n{EN}\n{AR}\n{EN}\n")
    assert ar == [AR, AR] and en == [EN, EN]


def test_mixed_blocks_are_refused() -> None:
    with pytest.raises(InputError, match="mixed"):
        split_bilingual(f"{AR}\n{AR}\n{EN}\n{AR}\n{EN}\n{EN}\n")


def test_blank_lines_and_bom() -> None:
    text = decode_text(("\ufeff" + AR + "\n\n  \n" + EN + "\n").encode("utf-8"))
    assert split_paragraphs(text) == [AR, EN]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"\xff\xfe\x00\x00binary", "binary"),
        ("قرار".encode("cp1256"), "not valid UTF-8"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_bad_bytes_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_text(data, "upload.txt")
