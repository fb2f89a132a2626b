"""The test corpus for search: the demo resolution plus small real-text resolutions from ../shared."""

from __future__ import annotations

import datetime as dt

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides, shared_path

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def import_demo() -> None:
    ar, en = demo_sides()
    resolution_import(
        ar_paragraphs=ar,
        en_paragraphs=en,
        meta=ResolutionMeta(
            slug="demo",
            title_en="OIC CFM Ex-21 resolution",
            title_ar="قرار الدورة الاستثنائية",
            symbol="CFM/EX-21",
            body="OIC Council of Foreign Ministers",
            date=dt.date(2025, 8, 25),
        ),
    )


def import_indic_digits() -> None:
    """The demo's framing paragraphs with Arabic-Indic digits, as UN Arabic documents write them."""
    ar, en = demo_sides()
    resolution_import(
        ar_paragraphs=[p.translate(ARABIC_INDIC) for p in ar[:3]],
        en_paragraphs=en[:3],
        meta=ResolutionMeta(slug="demo-indic", title_en="Demo, Arabic-Indic digits", body="UN"),
    )


def import_flores(first: int = 15, last: int = 25) -> None:
    """FLORES devtest lines 15-25 (line 20 has والاحتلال), one paragraph each."""
    folder = shared_path("devdata", "flores200_devtest")
    ar = (folder / "arb_Arab.devtest").read_text(encoding="utf-8").splitlines()[first:last]
    en = (folder / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()[first:last]
    resolution_import(
        ar_paragraphs=ar,
        en_paragraphs=en,
        meta=ResolutionMeta(slug="flores", title_en="FLORES devtest", date=dt.date(2022, 1, 1)),
    )


def import_all() -> None:
    import_demo()
    import_indic_digits()
    import_flores()


def _import_un_lines(lines: tuple[int, ...], slug: str, title: str) -> None:
    """The UN devset's lines (0-based), one paragraph each, as one resolution."""
    folder = shared_path("devdata", "unpc_v1.0_devset")
    ar = (folder / "UNv1.0.devset.ar").read_text(encoding="utf-8").splitlines()
    en = (folder / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    resolution_import(
        ar_paragraphs=[ar[i] for i in lines],
        en_paragraphs=[en[i] for i in lines],
        meta=ResolutionMeta(slug=slug, title_en=title),
    )


def import_un_numbers() -> None:
    """UN devset lines 156 and 679: Arabic numbers grouped with plain spaces, groups reversed."""
    _import_un_lines((155, 678), "un-numbers", "UN devset, grouped numbers")


# UN devset lines with words the light stemmer used to cut down to a function word or strip of
# an article they do not have: الآلية / آلية (line 284, 145), الولايات المتحدة (127), الوفيات
# (6), beside إلى, ولا, لأي, كان and وفي (3, 87, 105, 60).
UN_FUNCTION_WORD_LINES = (2, 5, 59, 86, 104, 126, 144, 283)


def import_un_function_words() -> None:
    _import_un_lines(UN_FUNCTION_WORD_LINES, "un-function-words", "UN devset, function words")


# UN devset lines with وثيقة / الوثيقة (484, 936), للجنة (1565) beside اللجنة (1364), لكل (6),
# كل (139), and لحقوق الإنسان (564).
UN_CLITIC_LINES = (483, 935, 1564, 1363, 5, 138, 563)


def import_un_clitics() -> None:
    _import_un_lines(UN_CLITIC_LINES, "un-clitics", "UN devset, clitics")


# UN devset lines with hamza words and the words the old fold (ؤ→و, ئ→ي) made them: الفئة
# (733) beside فيه (11), الفئات (505) beside وفيات (1201), المسؤولية (44), المائة (27) beside
# الماء (305), المساءلة (785) beside المسائل (81), يؤدي (311) beside يود (74), أدائها (3007).
UN_HAMZA_LINES = (732, 10, 504, 1200, 43, 26, 304, 784, 80, 310, 73, 3006)


def import_un_hamza() -> None:
    _import_un_lines(UN_HAMZA_LINES, "un-hamza", "UN devset, hamza")


# UN devset lines with a bare ل or ل + ال before a short word or one beginning with ل: لشؤون
# (2384), للحد (2735), للجنة (1565, 1364 beside اللجنة), لديها (2574), and مئات (2310) beside
# الظروف المؤاتية (2969).
UN_LAM_LINES = (2383, 2734, 1564, 1363, 2573, 2309, 2968)


def import_un_lam() -> None:
    _import_un_lines(UN_LAM_LINES, "un-lam", "UN devset, lam")


# UN devset lines for God's name and the prepositions ب, ك and ل before a seated alef: حزب الله
# (231) beside ليست له (23), للأزمة (607), لأزمة (2294), للآتي (1905) beside اللاتي (727),
# بحماية (626), كأداة (3376), and بشأن (4), "regarding", which شأن must not find.
UN_PREPOSITION_LINES = (230, 22, 606, 2293, 1904, 726, 625, 3375, 3)


def import_un_prepositions() -> None:
    _import_un_lines(UN_PREPOSITION_LINES, "un-prepositions", "UN devset, prepositions")


# UN devset lines for a bare ب before a short word, بأن and لأن, and the relative pronoun: بسنة
# (1213, "for the year") beside بسن (3653, "by enacting"), لمدة (360), بأن (424), بأنه (74),
# لأن (418, "because") beside أنه (29), الذي (709) beside ذي الصلة (2320). With the demo
# resolution, whose paragraph 16 has بمدينة ("in the city") and 18 بحماية.
UN_SHORT_BA_LINES = (1212, 3652, 359, 423, 73, 417, 28, 708, 2319)


def import_un_short_ba() -> None:
    import_demo()
    _import_un_lines(UN_SHORT_BA_LINES, "un-short-ba", "UN devset, a bare ba")


# UN devset lines for الآن ("now") and the relative pronouns' duals and plurals: حتى الآن (291,
# 163, which has الذين and التي too), أن (2), اللذين (350), اللذان (104), اللتين (827),
# اللواتي (473), اللائي (1836), الذين (60), and بان كي - مون, Ban Ki-moon (526).
UN_RELATIVE_LINES = (291, 163, 2, 350, 104, 827, 473, 1836, 60, 526)


def import_un_relatives() -> None:
    _import_un_lines(UN_RELATIVE_LINES, "un-relatives", "UN devset, relative pronouns")


def import_un_launch() -> None:
    """UN devset lines that name a launch: three of two or three words ("Date of launch:",
    "Launch vehicle:"), ordinary text with no number, as one resolution; three long ones as
    another."""
    _import_un_lines((97, 988, 3841), "un-launch-short", "Launch details")
    _import_un_lines((1054, 2068, 2184), "un-launch-long", "Launches")


def import_udhr_and_sdg_targets() -> None:
    """The whole UDHR and the SDG targets, imported as the README's commands do."""
    import io

    from django.core.management import call_command

    udhr, sdg = shared_path("corpus", "udhr"), shared_path("corpus", "sdg")
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command(
        "import_resolution",
        "--arabic", str(udhr / "udhr_arb.txt"), "--english", str(udhr / "udhr_eng.txt"),
        "--slug", "udhr", "--symbol", "A/RES/217 A (III)",
        "--title-en", "Universal Declaration of Human Rights",
        **quiet,
    )  # fmt: skip
    call_command(
        "import_resolution",
        "--arabic", str(sdg / "global_targets.ar.yml"),
        "--english", str(sdg / "global_targets.en.yml"),
        "--slug", "sdg-targets", "--symbol", "A/RES/70/1",
        "--title-en", "Transforming our world: the 2030 Agenda for Sustainable Development",
        **quiet,
    )  # fmt: skip


def import_ntrex_alan() -> None:
    """NTREX lines 318 and 800: Rangers' goalkeeper Allan McGregor, "ألان ماكجريجور" and "ألان
    مكغريغور", a name the hamza fold reads as الآن ("now")."""
    folder = shared_path("devdata", "ntrex128")
    ar = (folder / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    en = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    resolution_import(
        ar_paragraphs=[ar[317], ar[799]],
        en_paragraphs=[en[317], en[799]],
        meta=ResolutionMeta(slug="ntrex-alan", title_en="NTREX, Allan McGregor"),
    )
