"""Translators' QA checks between an Arabic unit and its English counterpart, on real text."""

from __future__ import annotations

import pytest

from apps.bitext.qa import check_pair, find_dates, ratio_outliers
from tests.conftest import demo_sides, shared_path


def checks(ar: str, en: str) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for finding in check_pair(ar, en):
        found.setdefault(finding.check, []).append(finding.message)
    return {check: " | ".join(messages) for check, messages in found.items()}


def test_demo_resolution_pairs_are_clean() -> None:
    """The 42 paragraph pairs of the demo resolution (a faithful translation) raise nothing,
    though they hold dates, ranges, ordinal days, grouped numbers, symbols and quotes."""
    ar, en = demo_sides()
    assert [
        (i, check_pair(a, e))
        for i, (a, e) in enumerate(zip(ar, en, strict=True))
        if check_pair(a, e)
    ] == []


def test_demo_paragraph_with_a_changed_number_is_caught() -> None:
    """Operative paragraph 15: 3400 settlement units in Arabic, 3,400 in English; change one."""
    ar, en = demo_sides()
    assert "number" not in checks(ar[15], en[15])
    assert checks(ar[15], en[15].replace("3,400", "3,800"))["number"] == (
        "Number only in the Arabic: 3400 | Number only in the English: 3800"
    )


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("بلغ عدد الضحايا ٦٢٬٥٠٠ شخص", "the victims numbered 62,500"),  # Arabic-Indic digits
        ("بلغت النسبة ٦٢٫٥ في المائة", "the share was 62.5 per cent"),  # Arabic decimal sign
        ("بلغ عدد الضحايا 62٬500 شخص", "the victims numbered 62\u00a0500"),  # separators
        ("صدّرت 900 127 طن", "exported 127,900 tons"),  # UN Arabic groups in reading order
        ("المادة 6- 11 من القانون", "article 6.11 of the Code"),
        ("ثلاثة رجال مسلحين", "Three (3) armed men"),  # the number spelled out on one side
        ("الاجتماع الثاني عشر لمؤتمر الأطراف", "COP 12"),
        ("8 - وطلب كذلك إلى الأمانة", "It further requested the Secretariat"),  # list marker
        ("بين الساعة 11:00 و 13:00", "between 11 a.m. and 1 p.m."),  # clock times
    ],
)
def test_equal_numbers_in_other_forms_pass(ar: str, en: str) -> None:
    assert "number" not in checks(ar, en)


def test_number_missing_from_one_side() -> None:
    """UN devset line: the English says 1992 where the Arabic says 1999."""
    found = checks(
        "تعديل قانون الأحوال الشخصية لعام 1999 ألغى الحد الأدنى لسن الزواج",
        "an amendment to the Personal Status Law of 1992 repealed the minimum age of marriage",
    )
    assert found["number"] == "Number only in the Arabic: 1999 | Number only in the English: 1992"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("يوم الاثنين 25 أغسطس 2025", "ar", ["25 August 2025"]),
        ("on Monday, August 25, 2025", "en", ["25 August 2025"]),
        ("يومي 21 و22 يونيو 2025", "ar", ["21 June 2025", "22 June 2025"]),
        ("from July 28 to 30, 2025", "en", ["28 July 2025", "30 July 2025"]),
        ("على خطوط الرابع من يونيو 1967", "ar", ["4 June 1967"]),
        ("31 كانون الثاني/يناير ٢٠١٥", "ar", ["31 January 2015"]),
        ("في 14 تموز/ يوليه 2014", "ar", ["14 July 2014"]),
        ("في سبتمبر 2025", "ar", ["September 2025"]),
        ("2 ربيع الأول 1447هـ", "ar", ["2 Rabi al-Awwal 1447 AH"]),
        ("on 2 Rabi' al-Awwal 1447 AH", "en", ["2 Rabi al-Awwal 1447 AH"]),
        ("غرة شهر رمضان المبارك", "ar", []),  # no number: not a date to check
        ("الملك عبدالله الثاني ابن الحسين", "ar", []),  # "الثاني" and "اب" are not a date
        ("May God grant 5 more years", "en", []),
    ],
)
def test_find_dates(text: str, lang: str, expected: list[str]) -> None:
    assert [d.label() for d in find_dates(text, lang)] == expected


def test_hijri_date_only_in_arabic() -> None:
    found = checks(
        "عقد الاجتماع يوم 2 ربيع الأول 1447هـ الموافق 25 أغسطس 2025",
        "The meeting was held on 25 August 2025",
    )
    assert found == {"date": "Hijri date only in the Arabic: 2 Rabi al-Awwal 1447 AH"}


def test_different_day_is_a_date_finding_not_two_number_findings() -> None:
    """UN devset: 'في 14 تموز/يوليه' against '4 July'."""
    found = checks("ذكرى يوم التحرير في 14 تموز/ يوليه 2014", "Liberation Day on 4 July 2014")
    assert found == {
        "date": "Date only in the Arabic: 14 July 2014 | Date only in the English: 4 July 2014"
    }


def test_document_symbols() -> None:
    ar, en = demo_sides()
    assert "symbol" not in checks(ar[35], en[35])  # A/RES/ES-10/24 on both sides
    assert "symbol" not in checks(ar[39], en[39])  # 51/9-ق ت and 51/9-CT
    found = checks(ar[35], en[35].replace("A/RES/ES-10/24", "A/RES/ES-10/23"))
    assert found["symbol"] == (
        "Document symbol only in the Arabic: A/RES/ES-10/24 | "
        "Document symbol only in the English: A/RES/ES-10/23"
    )


def test_quoted_title_dropped() -> None:
    """Operative paragraph 13 quotes «مؤسسة غزة الإنسانية»; an English without quotes is flagged."""
    ar, en = demo_sides()
    assert "quote" not in checks(ar[13], en[13])
    plain = en[13].replace('"Gaza Humanitarian Foundation"', "Gaza Humanitarian Foundation")
    assert checks(ar[13], plain)["quote"].startswith("Quoted title only in the Arabic: «")


def test_latin_term_in_arabic_parentheses() -> None:
    """Operative paragraph 15 names the area (E1) on both sides; dropping it is flagged."""
    ar, en = demo_sides()
    assert "parenthesis" not in checks(ar[15], en[15])
    found = checks(ar[15], en[15].replace("(E1)", "E-one"))
    assert found["parenthesis"] == "Term in Arabic parentheses missing from the English: E1"
    assert "number" not in found  # the 1 of E1 is not a number of the text


def test_a_code_on_one_side_is_not_read_as_a_number() -> None:
    """Operative paragraph 15 split after "(E1)" on the English side only: the English code is
    reported as E1, not as the number 1; numbers beside it are still compared."""
    ar, en = demo_sides()
    head = en[15][: en[15].index("(E1)")]
    found = checks(ar[15].replace("(E1)", ""), en[15])
    assert found["number"] == "Number only in the English: E1"
    found = checks(ar[15], head.replace("3,400", "3,500"))
    assert found["number"] == "Number only in the Arabic: 3400 | Number only in the English: 3500"


def devset_pair(line: int) -> tuple[str, str]:
    folder = shared_path("devdata", "unpc_v1.0_devset")
    return tuple(  # type: ignore[return-value]
        folder.joinpath(f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()[line]
        for lang in ("ar", "en")
    )


@pytest.mark.parametrize("line", [661, 678, 684, 1507])
def test_session_in_roman_numerals_matches_the_arabic_session_number(line: int) -> None:
    """UN devset lines: "resolution 689 (XXXV)" is "689 (د-35)" in Arabic, the session number
    in Roman numerals against digits; not a number missing from the English."""
    ar, en = devset_pair(line)
    assert "(د-" in ar
    assert checks(ar, en) == {}


def test_a_different_session_in_roman_numerals_is_still_caught() -> None:
    """The same line with the English session changed from XXXV (35) to XXXIV (34)."""
    ar, en = devset_pair(661)
    assert checks(ar, en.replace("689 (XXXV)", "689 (XXXIV)"))["number"] == (
        "Number only in the Arabic: 35"
    )


def test_ratio_outliers() -> None:
    """A pair whose English is much longer than the usual ratio stands out; an empty side never."""
    ar, en = demo_sides()
    pairs = list(zip(ar[3:10], en[3:10], strict=True))
    pairs.append((ar[10][:40], en[10]))
    pairs.append(("", en[11]))
    assert ratio_outliers(pairs) == [False] * 7 + [True, False]


def test_un_devset_false_alarm_rate() -> None:
    """On 4,000 correct UN sentence pairs, fewer than 4% raise a finding; on pairs shifted by
    one line, nearly every pair with a number or symbol is caught."""
    folder = shared_path("devdata", "unpc_v1.0_devset")
    ar = folder.joinpath("UNv1.0.devset.ar").read_text(encoding="utf-8").splitlines()
    en = folder.joinpath("UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    flagged = sum(bool(check_pair(a, e)) for a, e in zip(ar[:1500], en[:1500], strict=True))
    assert flagged / 1500 < 0.04
    shifted = [
        bool(check_pair(a, e))
        for a, e in zip(ar[1:1500], en[:1499], strict=True)
        if any(c.isdigit() for c in a) and any(c.isdigit() for c in e)
    ]
    assert sum(shifted) / len(shifted) > 0.9
