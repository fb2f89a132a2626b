"""Tests for apps.bitext.normalize on real UN, SDG, UDHR and OIC wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.bitext import normalize
from apps.bitext.normalize import (
    MORPHOLOGY_HELP,
    analyze_word,
    dediacritize,
    fold_arabic_letters,
    fold_digits,
    has_short_vowels,
    morphology_available,
    normalize_arabic,
    normalize_text,
    tokenize_words,
    transliterate,
)


def test_fold_digits_arabic_indic_paragraph_number() -> None:
    # UNPC devset: "٣٩ - واستمرت خلال الفترة المشمولة بالتقرير"
    assert fold_digits("٣٩ - واستمرت") == "39 - واستمرت"


def test_fold_digits_extended_persian_and_devanagari() -> None:
    assert fold_digits("۱۲۳ ٤٥ १०") == "123 45 10"


def test_fold_digits_keeps_length_and_ascii() -> None:
    text = "١ - يستعاض عن الجدول 2 في العقد"
    assert len(fold_digits(text)) == len(text)
    assert fold_digits("A/RES/ES-10/24") == "A/RES/ES-10/24"


def test_dediacritize_unpc_shadda_and_fatha() -> None:
    # UNPC devset: "اتَّفقت اللجنة" / "المكرَّسة في الميثاق" / "يقوِّض"
    assert dediacritize("اتَّفقت اللجنة") == "اتفقت اللجنة"
    assert dediacritize("المكرَّسة في الميثاق أو يقوِّض") == "المكرسة في الميثاق أو يقوض"


def test_dediacritize_udhr_tanwin() -> None:
    # UDHR article 1: "يولد جميع الناس أحرارًا ... وقد وهبوا عقلاً وضميرًا"
    assert dediacritize("أحرارًا متساوين") == "أحرارا متساوين"
    assert dediacritize("عقلاً وضميرًا") == "عقلا وضميرا"


def test_dediacritize_removes_tatweel_and_quranic_marks() -> None:
    # UNPC devset: "آخــــر هجوم إرهابي"
    assert dediacritize("آخــــر هجوم") == "آخر هجوم"
    assert dediacritize("الرَّحْمٰنِ ۚ") == "الرحمن "


def test_dediacritize_keeps_hamza_letters() -> None:
    assert dediacritize("إسرائيل -القوة القائمة بالاحتلال-") == "إسرائيل -القوة القائمة بالاحتلال-"


def test_normalize_arabic_sdg_tatweel() -> None:
    # SDG target 1.2: "... بحلـول عام 2030" (tatweel left from PDF justification)
    assert normalize_arabic("بحلـول عام 2030") == normalize_arabic("بحلول عام ٢٠٣٠")
    assert normalize_arabic("وفقــاً للتعـاريف الوطنية") == "وفقا للتعاريف الوطنيه"


def test_normalize_arabic_hamza_and_alef_forms() -> None:
    # OIC resolution: "أكد وزراء خارجية الدول الأعضاء"
    assert normalize_arabic("أكد وزراء خارجية") == "اكد وزراء خارجيه"
    assert normalize_arabic("إسرائيل") == "اسراييل"
    assert normalize_arabic("آليات التحرك") == "اليات التحرك"
    assert normalize_arabic("ٱلله") == "الله"


def test_normalize_arabic_maqsura_marbuta_and_seats() -> None:
    # OIC resolution: "ودعا القرار مجلس الأمن الدولي إلى عقد جلسة"
    assert normalize_arabic("إلى عقد جلسة") == "الي عقد جلسه"
    assert normalize_arabic("المسؤولية الكاملة") == "المسووليه الكامله"
    assert normalize_arabic("هيئة الأمم المتحدة") == "هييه الامم المتحده"


def test_search_folding_keeps_a_hamza_on_waw_or_ya() -> None:
    """The search analyzer's fold: ؤ and ئ one hamza letter, neither و nor ي, one character for
    one; the aligner's normalize_arabic keeps folding them to و and ي (its lexicon is keyed so)."""
    for text in ("المسؤولية الكاملة", "المسئولية الكاملة"):
        assert fold_arabic_letters(text, keep_hamza=True) == "المسئوليه الكامله"
    folded = fold_arabic_letters("الفئة في هيئة الأمم المتحدة", keep_hamza=True)
    assert folded == "الفئه في هيئه الامم المتحده"
    assert len(folded) == len("الفئة في هيئة الأمم المتحدة")
    assert fold_arabic_letters("الفئة", keep_hamza=True) != fold_arabic_letters("الفيه")
    assert fold_arabic_letters("جزء", keep_hamza=True) == "جزء"
    assert normalize_arabic("الفئة") == "الفيه"


def test_normalize_arabic_presentation_forms() -> None:
    # UNPC devset: "المجال (ﻫ)" uses an isolated presentation form of heh
    assert normalize_arabic("المجال (ﻫ)") == "المجال (ه)"
    assert normalize_arabic("ﻻ") == "لا"


def test_normalize_arabic_matches_vocalised_and_plain_spelling() -> None:
    assert normalize_arabic("اتَّفقت اللجنة") == normalize_arabic("اتفقت اللجنة")


def test_normalize_text_english_casefold_and_digits() -> None:
    assert normalize_text("The Council CONDEMNS", "en") == "the council condemns"
    assert normalize_text("resolution ٧٠/١", "en") == "resolution 70/1"
    assert normalize_text("ﬁnal", "en") == "final"  # NFKC ligature


def test_normalize_text_arabic_delegates() -> None:
    assert normalize_text("وإذ يؤكد", "ar") == normalize_arabic("وإذ يؤكد") == "واذ يوكد"


def test_normalize_empty() -> None:
    assert normalize_arabic("") == ""
    assert normalize_text("", "en") == ""
    assert transliterate("") == ""


def test_tokenize_words_separates_arabic_comma() -> None:
    assert tokenize_words("قطاع غزة، وإدخال") == ["قطاع", "غزة", "،", "وإدخال"]


def test_transliterate_readable_article_and_letters() -> None:
    assert transliterate("القدس الشريف") == "al-qds al-shryf"
    assert transliterate("منظمة التعاون الإسلامي") == "mnẓmh al-tʻāwn al-islāmy"


def test_short_vowels_are_written_on_vocalised_words_only() -> None:
    """The SDG text's يُقاس carries a damma; its نمواً only a case ending, تحمّل only a shadda,
    and لحقوق nothing: their romanisations lack the short vowels."""
    assert has_short_vowels("لِحُقُوقِ") and has_short_vowels("يُقاس")
    assert not has_short_vowels("لحقوق")
    assert not has_short_vowels("نمواً") and not has_short_vowels("تحمّل")


def test_transliterate_vocalised_word() -> None:
    assert transliterate("مُحَمَّد") == "muḥammad"
    assert transliterate("فِلَسْطِين") == "filasṭīn"


def test_transliterate_attached_prepositions_as_ala_lc_writes_them() -> None:
    """A student reads بالاحتلال as bi-al-iḥtlāl, not bālāḥtlāl: ب ك ل و ف and the article are
    hyphenated off, and ل + ال is lil-."""
    assert transliterate("بالاحتلال") == "bi-al-iḥtlāl"
    assert transliterate("للاحتلال") == "lil-iḥtlāl"
    assert transliterate("وبالاحتلال") == "wa-bi-al-iḥtlāl"
    assert transliterate("للشعب الفلسطيني") == "lil-shʻb al-flsṭyny"
    assert transliterate("ولِلشعب") == "wa-lil-shʻb"
    assert transliterate("كالعادة") == "ka-al-ʻādh"
    assert transliterate("والتي") == "wa-al-ty"


def test_transliterate_keeps_words_that_only_look_prefixed() -> None:
    """بالغ القلق (deep concern), وكالات (agencies) and واقع (reality) begin with these letters but
    are whole words."""
    assert transliterate("بالغ القلق") == "bālgh al-qlq"
    assert transliterate("بالغة الأهمية") == "bālghh al-ahmyh"
    assert transliterate("وكالات الأمم المتحدة") == "wkālāt al-amm al-mtḥdh"
    assert transliterate("واقع") == "wāqʻ"


def test_transliterate_helping_vowel_of_derived_forms() -> None:
    """The bare alef of احتلال, استقلال, انسحاب is the helping vowel i, also after al- and wa-."""
    assert transliterate("احتلال") == "iḥtlāl"
    assert transliterate("الاستقلال") == "al-istqlāl"
    assert transliterate("وانسحاب") == "wa-insḥāb"
    assert transliterate("امريكا") == "amrykā"


def test_transliterate_vowels_of_initial_hamza_and_sun_letters() -> None:
    """A written vowel on an initial hamza is read once (inna, umam), and the article's sun letter
    is not doubled (al-shams, as ALA-LC writes it)."""
    assert transliterate("إِنَّ") == "inna"
    assert transliterate("أُمَم") == "umam"
    assert transliterate("الشَّمْس") == "al-shams"
    assert transliterate("وَالشَّمْسِ") == "wa-al-shamsi"
    assert transliterate("كِتَاب") == "kitāb"  # fatha + alef is one long vowel
    assert transliterate("لِلنَّاس") == "lil-nās"


def test_transliterate_tanwin_on_alef_is_an() -> None:
    """The alef that carries or follows tanwīn fatḥ is silent: حالياً (SDG target 1.1) is ḥālyan,
    أحرارًا (UDHR art. 1) aḥrāran, not ḥālyāan or aḥrāranā, whichever order the marks are in."""
    assert transliterate("حالياً") == "ḥālyan"
    assert transliterate("يولد جميع الناس أحرارًا") == "ywld jmyʻ al-nās aḥrāran"
    assert transliterate("أيضاً") == transliterate("أيضًا") == "ayḍan"
    assert transliterate("هدىً") == "hdan"
    assert transliterate("مساءً") == "msāʼan"  # no alef: as it was
    assert transliterate("كتابا") == "ktābā"  # an alef with no tanwīn stays long


def test_transliterate_punctuation_and_digits() -> None:
    assert transliterate("عام ٢٠٢٥، وإذ يؤكد؟") == "ʻām 2025, wa-idh yʼkd?"


def test_transliterate_leaves_latin_alone() -> None:
    assert transliterate("A/RES/ES-10/24") == "A/RES/ES-10/24"


def test_morphology_help_says_how_to_install() -> None:
    assert "camel_data -i morphology-db-msa-r13" in MORPHOLOGY_HELP
    assert "CAMELTOOLS_DATA" in MORPHOLOGY_HELP


def test_analyze_word_without_database_returns_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))
    assert morphology_available() is False
    assert analyze_word("يدين") is None


def test_analyze_word_with_broken_database_returns_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "data" / "morphology_db" / "calima-msa-r13" / "morphology.db"
    db.parent.mkdir(parents=True)
    db.write_text("not a database\n", encoding="utf-8")
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))
    assert morphology_available() is True
    assert analyze_word("يدين") is None


# A two-verb database in camel-tools' own text format, enough to drive the real Analyzer offline.
TINY_MORPHOLOGY_DB = "\n".join(
    [
        "###DEFINES###",
        "DEFINE pos pos:verb pos:noun pos:digit pos:punc pos:foreign",
        "DEFINE lex lex:*open*",
        "DEFINE root root:*open*",
        "DEFINE gloss gloss:*open*",
        "DEFINE diac diac:*open*",
        "DEFINE bw bw:*open*",
        "###DEFAULTS###",
        *(
            f"DEFAULT pos:{pos} lex:* root:* gloss:* diac:* bw:*"
            for pos in ("verb", "digit", "punc", "foreign")
        ),
        "###ORDER###",
        "ORDER pos lex root gloss diac bw",
        "###TOKENIZATIONS###",
        "TOKENIZATION diac",
        "###STEMBACKOFF###",
        "###PREFIXES###",
        "\tPref-0\tdiac: bw: gloss:",
        "و\tPref-wa\tdiac:وَ bw:wa/CONJ gloss:and",
        "###SUFFIXES###",
        "\tSuff-0\tdiac: bw: gloss:",
        "###STEMS###",
        "يدين\tIV\tdiac:يُدِين bw:yudiyn/IV lex:أَدان_1 root:د.ي.ن pos:verb gloss:condemn;denounce",
        "يطالب\tIV\tdiac:يُطالِب bw:yuTAlib/IV lex:طالَب_1 root:ط.ل.ب pos:verb gloss:demand",
        "###TABLE AB###",
        "Pref-0 IV",
        "Pref-wa IV",
        "###TABLE BC###",
        "IV Suff-0",
        "###TABLE AC###",
        "Pref-0 Suff-0",
        "Pref-wa Suff-0",
        "",
    ]
)


def test_analyze_word_with_database_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "data" / "morphology_db" / "calima-msa-r13" / "morphology.db"
    db.parent.mkdir(parents=True)
    db.write_text(TINY_MORPHOLOGY_DB, encoding="utf-8")
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))  # no catalogue.json: must not download
    assert morphology_available() is True
    condemn = {"lemma": "أَدان", "root": "د.ي.ن", "pos": "verb", "gloss": "condemn;denounce"}
    assert analyze_word("يدين") == [condemn]
    # demo paragraph 14: "ويدين القرار ويرفض"; camel-tools joins clitic glosses with "+"
    assert analyze_word("ويدين") == [{**condemn, "gloss": "and+condemn;denounce"}]
    assert analyze_word("يُدِين") == [condemn]
    assert analyze_word("يطالب") == [
        {"lemma": "طالَب", "root": "ط.ل.ب", "pos": "verb", "gloss": "demand"}
    ]
    assert analyze_word("مجلس") == []


def test_module_does_not_import_camel_tools_data() -> None:
    source = Path(normalize.__file__).read_text(encoding="utf-8")
    top_level = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert not any(
        "camel_tools.data" in line or "camel_tools.morphology" in line for line in top_level
    )
