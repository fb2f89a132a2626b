"""Tests for apps.bitext.structure on real resolution paragraphs (OIC demo, UN devset, UDHR)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from apps.bitext.structure import (
    Anatomy,
    action_group,
    article_label_text,
    article_labels,
    classify_paragraph,
    text_labels,
)
from apps.bitext.textfile import text_body
from tests.conftest import demo_sides, sdg_targets, shared_path, udhr_text

SHARED = Path(os.environ.get("TAWAZI_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
DEMO = SHARED / "corpus" / "oic-cfm-ex21-2025-08-25.ar-en.txt"


def opening(text: str, lang: str) -> tuple[str, str | None, str | None]:
    """Return (kind, phrase text, action) of a paragraph."""
    anatomy = classify_paragraph(text, lang)
    phrase = text[anatomy.phrase[0] : anatomy.phrase[1]] if anatomy.phrase else None
    return anatomy.kind, phrase, anatomy.action


# Pairs from the UN Parallel Corpus devset (2015 UN resolutions) and the UDHR.
@pytest.mark.parametrize(
    ("ar", "en", "kind", "ar_phrase", "en_phrase", "action"),
    [
        (
            "١ - يدين بأشد العبارات أي استخدام لأي مادة كيميائية سمية، مثل الكلور، باعتبارها سلاحا؛",
            "1. Condemns in the strongest terms any use of any toxic chemical, such as chlorine;",
            "operative",
            "يدين",
            "Condemns",
            "condemn",
        ),
        (
            '٣ - يدعو جميع الأطراف إلى أن تنفّذ بالكامل "مجموعة التدابير"؛',
            '3. Calls on all parties to fully implement the "Package of measures";',
            "operative",
            "يدعو",
            "Calls on",
            "call upon",
        ),
        (
            "٣ - تلاحظ أشكال التعاون الجاري بين الأمم المتحدة والجماعة الكاريبية في الآونة الأخيرة؛",
            "3. Notes the recent engagements between the United Nations and the Caribbean Community;",
            "operative",
            "تلاحظ",
            "Notes",
            "note",
        ),
        (
            "8 - تقرر أن تتضمن الميزانية البرنامجية المقترحة لفترة السنتين 2016-2017 اعتمادات؛",
            "8. Decides that the proposed programme budget for the biennium 2016-2017 shall contain provisions;",
            "operative",
            "تقرر",
            "Decides",
            "decide",
        ),
        (
            "٢ - يؤكد مجددا إدانته، بأقوى العبارات الممكنة، لاستخدام أيّ كان للأسلحة الكيميائية؛",
            "2. Reaffirms its condemnation, in the strongest possible terms, of the use of chemical weapons;",
            "operative",
            "يؤكد مجددا",
            "Reaffirms",
            "reaffirm",
        ),
        (
            "إذ يشير إلى قراره 1970 (2011) وجميع قراراته اللاحقة بشأن ليبيا،",
            "Recalling its resolution 1970 (2011) and all its subsequent resolutions on Libya,",
            "preamble",
            "إذ يشير",
            "Recalling",
            "recall",
        ),
        (
            "وإذ تؤكد من جديد أحكام الفصل السادس من ميثاق الأمم المتحدة،",
            "Reaffirming the provisions of Chapter VI of the Charter of the United Nations,",
            "preamble",
            "وإذ تؤكد من جديد",
            "Reaffirming",
            "reaffirm",
        ),
        (
            "وإذ يضع في اعتباره المقررات الأخرى التي اعتمدها المؤتمر في 11 أيار/مايو 1995،",
            "Bearing in mind the other decisions adopted by the Conference on 11 May 1995,",
            "preamble",
            "وإذ يضع في اعتباره",
            "Bearing in mind",
            "bear in mind",
        ),
        (
            "وإذ يحيط علما مع التقدير بتقرير الأمين العام،",
            "Taking note with appreciation of the report of the Secretary-General,",
            "preamble",
            "وإذ يحيط علما",
            "Taking note",
            "take note",
        ),
        (
            "وإذ ترحب بالجهود التي تبذلها الدول للقضاء على جميع أشكال العنف والتمييز،",
            "Welcoming the efforts by States to eliminate all forms of violence and discrimination,",
            "preamble",
            "وإذ ترحب",
            "Welcoming",
            "welcome",
        ),
        (
            "وإذ يعرب عن تقديره لأفراد بعثة تقصي الحقائق على شجاعتهم وتفانيهم،",
            "Expressing appreciation to the fact-finding mission personnel for their courage,",
            "preamble",
            "وإذ يعرب عن",
            "Expressing",
            "express",
        ),
        (
            "وإدراكا منه، في الظروف الحالية، لضرورة تمديد ولاية البعثة لفترة قصيرة،",
            "Recognizing, in the current circumstances, the need for a short extension of the mandate,",
            "preamble",
            "وإدراكا",
            "Recognizing",
            "recognize",
        ),
        (
            "تنادي بهذا الإعلان العالمي لحقوق الإنسان",
            "Proclaims this Universal Declaration of Human Rights as a common standard of achievement,",
            "operative",
            "تنادي",
            "Proclaims",
            "proclaim",
        ),
    ],
)
def test_un_pairs_agree(
    ar: str, en: str, kind: str, ar_phrase: str, en_phrase: str, action: str
) -> None:
    assert opening(ar, "ar") == (kind, ar_phrase, action)
    assert opening(en, "en") == (kind, en_phrase, action)


def test_udhr_whereas_is_preamble() -> None:
    assert opening(
        "لمّا كان الاعتراف بالكرامة المتأصلة في جميع أعضاء الأسرة البشرية هو أساس الحرية.", "ar"
    ) == ("preamble", "لمّا كان", None)
    assert opening(
        "Whereas recognition of the inherent dignity is the foundation of freedom,", "en"
    ) == ("preamble", "Whereas", None)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("The General Assembly,", "en"), ("The General Assembly", "en"), ("فإن الجمعية العامة", "ar")],
)
def test_opening_formula_is_preamble(text: str, lang: str) -> None:
    assert classify_paragraph(text, lang) == Anatomy("preamble", None, None)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Article 1", "en"), ("المادة 1", "ar"), ("Preamble", "en"), ("الديباجة", "ar")],
)
def test_headings(text: str, lang: str) -> None:
    assert classify_paragraph(text, lang).kind == "heading"


def test_udhr_article_text_is_plain_text() -> None:
    assert (
        classify_paragraph("يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.", "ar").kind
        == "text"
    )
    assert (
        classify_paragraph(
            "All human beings are born free and equal in dignity and rights.", "en"
        ).kind
        == "text"
    )


# Adoption notes say what was done to the text: framing in both languages, with no action of
# their own (the Arabic UDHR's note was operative "adopts", the English one and UN
# resolutions' "Adopted by the Security Council" line operative too).
@pytest.mark.parametrize(
    ("ar", "en"),
    [
        (
            "اعتُمد بموجب قرار الجمعية العامة 217 ألف (د-3) المؤرخ في 10 كانون الأول / ديسمبر 1948.",
            "Adopted and proclaimed by General Assembly resolution 217 A (III) of 10 December 1948",
        ),
        (
            "الذي اتخذه مجلس الأمن في جلسته 7366 المعقودة في 22 كانون الثاني/يناير 2015",
            "Adopted by the Security Council at its 7366th meeting, on",
        ),
        (
            "التي أقرتها الجمعية الحادية والثلاثون بعد المائة للاتحاد البرلماني الدولي",
            "Endorsed by the 131st Assembly of the Inter-Parliamentary Union",
        ),
    ],
)
def test_adoption_note_is_framing_in_both_languages(ar: str, en: str) -> None:
    assert classify_paragraph(ar, "ar") == Anatomy("framing", None, None)
    assert classify_paragraph(en, "en") == Anatomy("framing", None, None)


def test_passive_report_prose_is_text_in_both_languages() -> None:
    """A passive without its agent is a meeting report's prose, as its English says."""
    ar = "35- وأُعرب عن رأي مفاده أنه ينبغي الحفاظ على الطبيعة التعاقديَّة لاتفاق التسوية."
    en = "A view was expressed that the contractual nature of the settlement agreement should be preserved."
    assert (classify_paragraph(ar, "ar").kind, classify_paragraph(en, "en").kind) == (
        "text",
        "text",
    )


def test_arabic_verbal_noun_opening_a_target_is_not_a_verb() -> None:
    """SDG 12.a's "دعم" is "Support" (a verbal noun), not "supported": neither language is
    operative; with its subject or a preposition the same letters are still the verb."""
    ar = (
        "دعم البلـدان النامية لتعزيز قــدراتها العلمية والتكنولوجية للمضي قدما نحو أنماط "
        "استهلاك وإنتاج أكثر استدامة"
    )
    en = (
        "Support developing countries to strengthen their scientific and technological capacity "
        "to move towards more sustainable patterns of consumption and production"
    )
    assert classify_paragraph(ar, "ar").action is None
    assert classify_paragraph(ar, "ar").kind == classify_paragraph(en, "en").kind == "text"
    assert opening("ودعم القرار الجهود الرامية إلى تحقيق وقف إطلاق النار.", "ar")[::2] == (
        "operative",
        "support",
    )
    assert opening("(ب) طلب إلى الأمين التنفيذي أن يقدم تقريرا إلى الدورة المقبلة؛", "ar")[::2] == (
        "operative",
        "request",
    )


def test_sdg_targets_are_never_the_resolution_speaking() -> None:
    """None of the 169 SDG targets is framing, preamble or operative in either language, and none
    has an action: they are the items of a list ("Support developing countries…" / "دعم البلدان
    النامية…"), not paragraphs of the resolution. Six Arabic targets were operative "supports"."""
    for key, ar, en in sdg_targets():
        for text, lang in ((ar, "ar"), (en, "en")):
            anatomy = classify_paragraph(text, lang)
            assert (anatomy.kind in ("heading", "text"), anatomy.action) == (True, None), (
                key,
                lang,
            )


@pytest.mark.parametrize("text", ["", "   ", "\n", "،،،", "1.", "(", "وإذ"])
def test_degenerate_input(text: str) -> None:
    for lang in ("ar", "en"):
        assert classify_paragraph(text, lang).kind in {"heading", "text", "preamble"}


def test_english_adverbs_belong_to_the_phrase() -> None:
    assert opening("Strongly condemns the attack on the hospital.", "en")[1:] == (
        "Strongly condemns",
        "condemn",
    )
    assert opening("Deeply concerned by the humanitarian situation in Gaza,", "en") == (
        "preamble",
        "Deeply concerned",
        "concern",
    )
    assert opening("Having considered the report of the Secretary-General,", "en") == (
        "preamble",
        "Having considered",
        "consider",
    )


def test_arabic_ordinal_numbering() -> None:
    assert opening("أولاً: يدين العدوان الإسرائيلي على الشعب الفلسطيني.", "ar") == (
        "operative",
        "يدين",
        "condemn",
    )


def test_arabic_feminine_imperfect_for_the_assembly() -> None:
    assert opening("١ - تقرر إعلان يوم 21 حزيران/يونيه يوما دوليا لليوغا؛", "ar")[::2] == (
        "operative",
        "decide",
    )


# News style, as in the demo resolution's report.


def test_news_operative_with_resolution_subject() -> None:
    text = "The resolution strongly condemned the deliberate and systematic targeting of civilian infrastructure."
    assert opening(text, "en") == ("operative", "strongly condemned", "condemn")
    text = "In this context, it expresses its strong condemnation of Israel's refusal."
    assert opening(text, "en") == ("operative", "expresses", "express")


def test_news_arabic_perfect_with_adverb() -> None:
    text = "وأدان بشدة الاستهداف المتعمد والمنهجي للبنية التحتية المدنية في قطاع غزة."
    assert opening(text, "ar") == ("operative", "وأدان بشدة", "condemn")
    assert opening("ودعا القرار مجلس الأمن الدولي إلى عقد جلسة استثنائية.", "ar") == (
        "operative",
        "ودعا",
        "call upon",
    )


def test_news_framing_by_ministers_and_report() -> None:
    assert (
        classify_paragraph(
            "أكد وزراء خارجية الدول الأعضاء في منظمة التعاون الإسلامي جميع القرارات.", "ar"
        ).kind
        == "framing"
    )
    assert (
        classify_paragraph(
            "The foreign ministers of the member states of the Organization of Islamic "
            "Cooperation reaffirmed all decisions.",
            "en",
        ).kind
        == "framing"
    )
    assert (
        classify_paragraph("جاء ذلك في القرار الصادر عن الدورة الاستثنائية الـ21.", "ar").kind
        == "framing"
    )
    assert (
        classify_paragraph(
            "This was stated in the resolution issued by the 21st session.", "en"
        ).kind
        == "framing"
    )


def test_action_groups_bridge_translation_choices() -> None:
    assert action_group("emphasize") == action_group("affirm") == action_group("stress")
    assert action_group("denounce") == "condemn"
    assert action_group("welcome") == "welcome"


def demo_lines() -> list[str]:
    """Return the demo resolution's 84 paragraphs, or skip without ../shared."""
    if not DEMO.exists():
        if os.environ.get("TAWAZI_REQUIRE_SHARED"):
            pytest.fail(f"{DEMO} is missing and TAWAZI_REQUIRE_SHARED is set")
        pytest.skip("../shared not found")
    return DEMO.read_text(encoding="utf-8").split("\n")[:84]


def expected_kind(index: int) -> str:
    """Paragraphs 0-1 are the report's framing, 2 the preamble, 3-41 operative (in each language)."""
    return "framing" if index < 2 else "preamble" if index == 2 else "operative"


def test_demo_all_84_paragraphs_classified() -> None:
    lines = demo_lines()
    got = [classify_paragraph(line, "ar" if i < 42 else "en").kind for i, line in enumerate(lines)]
    assert got == [expected_kind(i % 42) for i in range(84)]


def test_demo_operative_phrases_are_at_the_start() -> None:
    lines = demo_lines()
    for i in range(3, 42):
        for lang, text in (("ar", lines[i]), ("en", lines[i + 42])):
            anatomy = classify_paragraph(text, lang)
            assert anatomy.phrase is not None and anatomy.action is not None
            assert anatomy.phrase[0] < 60, (i, lang, text[:80])


def test_demo_actions_agree_across_languages() -> None:
    lines = demo_lines()
    agree = sum(
        1
        for i in range(2, 42)
        if (ar := classify_paragraph(lines[i], "ar").action)
        and (en := classify_paragraph(lines[i + 42], "en").action)
        and action_group(ar) == action_group(en)
    )
    # Paragraph 22 is a real translation shift: "وأكد الجهود" is rendered "commends the efforts".
    assert agree == 39


def test_demo_condemnations_found_in_both_languages() -> None:
    lines = demo_lines()
    ar = {
        i for i in range(42) if classify_paragraph(lines[i], "ar").action in ("condemn", "denounce")
    }
    en = {i for i in range(42) if classify_paragraph(lines[i + 42], "en").action == "condemn"}
    assert ar == en == {6, 14, 15, 21, 32}


def test_demo_preamble_reports_its_first_preambular_phrase() -> None:
    lines = demo_lines()
    assert opening(lines[2], "ar") == ("preamble", "وإذ يؤكد", "affirm")
    assert opening(lines[44], "en") == ("preamble", "emphasizes", "emphasize")


# More UN devset pairs: report prose, decisions and meeting records must not pass for operative text.
@pytest.mark.parametrize(
    ("ar", "en", "kind", "action"),
    [
        (
            "إن المجلس الاقتصادي والاجتماعي،",
            "The Economic and Social Council,",
            "preamble",
            None,
        ),
        (
            "إن مؤتمر الأطراف في معاهدة عدم انتشار الأسلحة النووية،",
            "The Conference of the Parties to the Treaty on the Non-Proliferation of Nuclear Weapons,",
            "preamble",
            None,
        ),
        (
            "وقد نظرت في تقرير الأداء الأول المقدم من الأمين العام عن ميزانية الفترة،",
            "Having considered the first performance report of the Secretary-General on the budget,",
            "preamble",
            "consider",
        ),
        (
            "وإذ يقرر أن الحالة في اليمن لا تزال تشكل خطرا يهدد السلام والأمن الدوليين،",
            "Determining that the situation in Yemen continues to constitute a threat to "
            "international peace and security,",
            "preamble",
            "determine",
        ),
        (
            "وإذ نرحب بالتوصية الواردة في تقرير فريق الأمم المتحدة العامل المفتوح باب العضوية،",
            "Welcoming the recommendation contained in the report of the United Nations Open "
            "Working Group,",
            "preamble",
            "welcome",
        ),
        (
            "وإذ يدين أيضا الهجمات التي استهدفت السلطات الانتقالية،",
            "Equally condemning the targeted attacks against the Transitional Authorities,",
            "preamble",
            "condemn",
        ),
        (
            "32 - تحيط اللجنة علما بالتدابير التي اتخذتها الدولة الطرف لتيسير حصول المرأة على العمل،",
            "32. The Committee notes the measures taken by the State party to facilitate women's "
            "access to employment,",
            "operative",
            "note",
        ),
        (
            "وعلاوة على ذلك، يؤكد القرار 1540 (2004) أن الالتزامات الواردة فيه لا تتعارض مع المعاهدة.",
            "Furthermore, it reiterates that none of the obligations of resolution 1540 (2004) "
            "shall conflict with the Treaty.",
            "operative",
            "affirm",
        ),
        (
            "(ب) دعا الأمين التنفيذي إلى الانخراط بشكل نشط في المشاورات التي يجريها البرنامج؛",
            "Invited the Executive Secretary to actively engage in the consultations undertaken by UNEP;",
            "operative",
            "call upon",
        ),
        (
            "٤ - ورحبوا باعتماد البيان الذي أدلى به رئيس مجلس الأمن التابع للأمم المتحدة.",
            "4. Participants welcomed the adoption of a presidential statement by the United Nations "
            "Security Council.",
            "framing",
            "welcome",
        ),
        (
            "ويشير الأمين العام أيضا إلى أن شعبة المشتريات ستواصل العمل من أجل وضع إطار تنفيذي.",
            "The Secretary-General also indicates that the Procurement Division will continue to work.",
            "text",
            None,
        ),
        ("الدورة التاسعة والستون", "Sixty-ninth session", "heading", None),
        ("الدورة الاستثنائية الطارئة العاشرة", "Tenth emergency special session", "heading", None),
    ],
)
def test_un_devset_pairs_agree(ar: str, en: str, kind: str, action: str | None) -> None:
    ar_anatomy = classify_paragraph(ar, "ar")
    en_anatomy = classify_paragraph(en, "en")
    assert (ar_anatomy.kind, en_anatomy.kind) == (kind, kind)
    groups = {action_group(a) if a else None for a in (ar_anatomy.action, en_anatomy.action)}
    assert groups == {action_group(action) if action else None}


def test_security_council_parenthetical_is_operative() -> None:
    text = (
        "The Security Council, in its resolution 2133 (2014), strongly condemned incidents of "
        "kidnapping and hostage-taking committed by terrorist groups."
    )
    assert opening(text, "en") == ("operative", "strongly condemned", "condemn")
    assert opening("وأدان مجلس الأمن بشدة، في قراره 2133 (2014)، حوادث الاختطاف.", "ar") == (
        "operative",
        "وأدان",
        "condemn",
    )


@pytest.mark.parametrize(
    "text",
    [
        "7384th meeting, held on 17 February 2015.",
        "Holds a Ph.D. in Animal Science from the University of Reading, UK.",
        "The Council, however, refuses to be dissuaded by facts.",
        "France will ensure that it remains so throughout the implementation process.",
    ],
)
def test_english_prose_is_not_resolution_language(text: str) -> None:
    assert classify_paragraph(text, "en").kind == "text"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_udhr_paragraphs_are_labelled_by_their_article(lang: str) -> None:
    """In the UDHR text, "Article 1" / "المادة 1" and its paragraph are Art. 1 (they were
    counted ¶ 13 and ¶ 14), Article 2's two unnumbered paragraphs its first and second, and
    the title, adoption note and preamble before Article 1 have no article."""
    texts = udhr_text(lang)
    labels = article_labels(texts, lang)
    by_text = dict(zip(texts, labels, strict=True))
    heading = "المادة 1" if lang == "ar" else "Article 1"
    start = texts.index(heading)
    assert labels[start : start + 5] == ["Art. 1", "Art. 1", "Art. 2", "Art. 2-1", "Art. 2-2"]
    assert not any(labels[:start])
    assert by_text["المادة 30" if lang == "ar" else "Article 30"] == "Art. 30"
    assert labels[-1] == "Art. 30"
    assert {label.split("(")[0].split("-")[0] for label in labels if label} == {
        f"Art. {n}" for n in range(1, 31)
    }


def test_article_labels_as_cited_in_each_language() -> None:
    assert [article_label_text("Art. 1", lang) for lang in ("en", "ar")] == ["Art. 1", "المادة 1"]
    assert [article_label_text("Art. 2-2", lang) for lang in ("en", "ar")] == [
        "Art. 2, second paragraph",
        "المادة 2، الفقرة الثانية",
    ]
    assert article_label_text("Art. 2-2", "en", short=True) == "Art. 2 ¶ 2"  # the margin's
    assert [article_label_text("Art. 13(1)", lang) for lang in ("en", "ar")] == [
        "Art. 13(1)",
        "المادة 13 (1)",
    ]
    assert article_label_text("1.a", "en") is None  # an SDG target's number is not an article


def test_numbered_paragraphs_of_an_article_keep_their_numbers() -> None:
    """An article whose paragraphs the text numbers (a Word list: "1. Everyone…") cites them by
    those numbers: Art. 13(1), Art. 13(2)."""
    texts = [
        "Article 12",
        "No one shall be subjected to arbitrary interference with his privacy.",
        "Article 13",
        "1. Everyone has the right to freedom of movement and residence within the borders of each State.",
        "2. Everyone has the right to leave any country, including his own, and to return to his country.",
    ]
    assert article_labels(texts, "en") == [
        "Art. 12",
        "Art. 12",
        "Art. 13",
        "Art. 13(1)",
        "Art. 13(2)",
    ]
    ar = [
        "المادة ١٢",
        "لا يعرض أحد لتدخل تعسفي في حياته الخاصة.",
        "المادة ١٣",
        "( ١ ) لكل فرد حرية التنقل.",
        "( ٢ ) يحق لكل فرد أن يغادر أية بلاد.",
    ]
    assert article_labels(ar, "ar")[2:] == ["Art. 13", "Art. 13(1)", "Art. 13(2)"]


def test_resolutions_without_articles_have_no_article_labels() -> None:
    """The demo resolution (and a text with one "Article 5" line) keeps its own numbering."""
    ar, en = demo_sides()
    assert not any(article_labels(ar, "ar")) and not any(article_labels(en, "en"))
    assert article_labels(["Article 5", "Recalls article 5 of the Charter."], "en") == ["", ""]


@pytest.mark.parametrize(("name", "lang"), [("udhr_arb.txt", "ar"), ("udhr_eng.txt", "en")])
def test_udhr_text_file_indents_the_paragraphs_the_un_numbers(name: str, lang: str) -> None:
    """The UDHR text files indent the paragraphs the UN numbers (Article 13's "1." and "2.")
    under their heading and write no number: they are Art. 13(1) and (2); Article 2's two
    paragraphs, not indented, are unnumbered (its first and second)."""
    body = text_body(shared_path("corpus", "udhr", name).read_text(encoding="utf-8"), name, [])
    labels = text_labels(body, lang)
    numbered = sorted({label.split("(")[0] for label in labels if "(" in label})
    assert numbered == [f"Art. {n}" for n in (11, 13, 14, 15, 16, 17, 20, 21, 23, 25, 26, 27, 29)]
    assert labels.count("Art. 23(4)") == 1 and "Art. 23(5)" not in labels
    assert [label for label in labels if label.startswith("Art. 2-")] == ["Art. 2-1", "Art. 2-2"]
