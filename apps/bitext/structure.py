"""Resolution anatomy: is a paragraph framing, preamble, operative, a heading or plain text, and what does it do."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from apps.bitext.normalize import normalize_arabic
from apps.bitext.segment import segment_paragraph
from apps.bitext.textfile import paragraph_indents, split_paragraphs

__all__ = [
    "ACTION_GROUPS",
    "Anatomy",
    "ParagraphKind",
    "action_group",
    "article_label_text",
    "article_labels",
    "classify_paragraph",
    "text_labels",
]

ParagraphKind = Literal["framing", "preamble", "operative", "heading", "text"]


@dataclass(frozen=True)
class Anatomy:
    """A paragraph's kind (a ParagraphKind), the offsets of its opening phrase and its action lemma."""

    kind: str
    phrase: tuple[int, int] | None
    action: str | None


# Translators render one Arabic verb by several English ones (يؤكد: affirms, emphasizes, stresses),
# so a reader filtering by action across languages should compare groups, not lemmas.
ACTION_GROUPS: dict[str, str] = {
    "emphasize": "affirm",
    "refer": "recall",
    "stress": "affirm",
    "underline": "affirm",
    "reaffirm": "affirm",
    "reiterate": "affirm",
    "denounce": "condemn",
    "deplore": "condemn",
    "call for": "call upon",
    "invite": "call upon",  # يدعو is both "invites" and "calls upon"
    "appeal": "call upon",
    "urge": "call upon",
    "commend": "appreciate",
    "praise": "appreciate",
    "salute": "appreciate",
    "acknowledge": "recognize",
    "take note": "note",
    "task": "request",
    "entrust": "request",
    "endorse": "support",
}


def action_group(action: str) -> str:
    """Return the cross-language group of an action lemma ("emphasize" and "stress" → "affirm")."""
    return ACTION_GROUPS.get(action, action)


def _wordlist(words: str) -> list[str]:
    """Split a whitespace-separated word list written as one string."""
    return words.split()


def _wordset(words: str) -> frozenset[str]:
    """Return the words of a whitespace-separated list as a set."""
    return frozenset(_wordlist(words))


def _arabic_set(words: str) -> frozenset[str]:
    """Return the normalised words of a whitespace-separated Arabic list as a set."""
    return frozenset(normalize_arabic(word) for word in _wordlist(words))


# --- English ---------------------------------------------------------------------------------

# lemma: (third person, past, -ing) for irregular or doubled forms; others are derived.
_EN_IRREGULAR: dict[str, tuple[str, str, str]] = {
    "hold": ("holds", "held", "holding"),
    "take": ("takes", "took", "taking"),
    "bear": ("bears", "bore", "bearing"),
    "pay": ("pays", "paid", "paying"),
    "regret": ("regrets", "regretted", "regretting"),
    "commit": ("commits", "committed", "committing"),
    "reaffirm": ("reaffirms", "reaffirmed", "reaffirming"),
    "seek": ("seeks", "sought", "seeking"),
    "refer": ("refers", "referred", "referring"),
}
_EN_LEMMAS = _wordlist(
    """
condemn denounce deplore reject demand call urge request decide affirm reaffirm emphasize
emphasise stress underline underscore highlight welcome express support commend appreciate praise
task entrust mandate recall recognize recognise acknowledge note take invite encourage appeal warn
renew reiterate hold consider declare adopt endorse approve authorize authorise remain regret
salute thank instruct direct agree resolve proclaim recommend believe bear instruct insist caution
hail value applaud confirm congratulate propose extend pay commit undertake seek reject
determine refer
"""
)
_EN_SPELLING = {
    "emphasise": "emphasize",
    "recognise": "recognize",
    "authorise": "authorize",
    "hold": "hold responsible",
}
# Adjectival participles that open preambular paragraphs ("Deeply concerned", "Mindful").
_EN_ADJECTIVES: dict[str, str] = {
    "concerned": "concern",
    "convinced": "convince",
    "alarmed": "alarm",
    "determined": "determine",
    "guided": "guide",
    "aware": "aware",
    "mindful": "mindful",
    "conscious": "aware",
    "desirous": "desire",
    "desiring": "desire",
    "gravely": "",
    "deeply": "",
}
_EN_ADVERBS = _wordset(
    "also further furthermore again once strongly firmly highly deeply fully gravely "
    "categorically vehemently unequivocally resolutely sincerely warmly duly equally likewise "
    "particularly especially"
)
_EN_PARTICLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "call": (("upon",), ("on",), ("for",)),
    "take": (("note", "of"), ("note",)),
    "bear": (("in", "mind"),),
    "pay": (("tribute",),),
}
_EN_PARTICLE_LEMMA = {
    ("call", "upon"): "call upon",
    ("call", "on"): "call upon",
    ("call", "for"): "call for",
    ("take", "note"): "take note",
    ("bear", "in"): "bear in mind",
    ("pay", "tribute"): "pay tribute",
}
_EN_BODY_HEADS = _wordset(
    "resolution council assembly conference summit session committee commission declaration "
    "statement communique communiqué text meeting board it"
)
_EN_AUXILIARIES = _wordset("has have had")
_EN_SUBJECT_STOPS = _wordset(
    "that which who whom whose will would shall should may might must can could is are was were "
    "be been being does do did not if when while because although"
)
# Bodies that adopt resolutions, for the "The General Assembly," opening formula.
_EN_FORMULA_HEADS = _wordset("assembly council conference summit committee commission board")
_EN_FORMULA_FOLLOWERS = _wordset("meeting convened convening having held gathered assembled")
_EN_PERSON_HEADS = _wordset(
    "minister ministers leaders leader delegates delegations participants officials spokesman "
    "spokesperson secretary-general president king emir chairman diplomats sources"
)
_EN_FRAMING_RE = re.compile(
    r"^(?:(?:this|that|it)\s+(?:was|is|came|comes)\s+(?:stated|announced|said|mentioned|declared|"
    r"reported|contained|included)|according\s+to\b|in\s+a\s+statement\b)",
    re.IGNORECASE,
)
_EN_LEAD_IN_RE = re.compile(
    r"^(?:in\s+this\s+(?:context|regard|respect)|in\s+that\s+regard|to\s+this\s+end|furthermore|"
    r"moreover|meanwhile|additionally|in\s+addition|finally|also|at\s+the\s+same\s+time)\s*,\s*",
    re.IGNORECASE,
)
_EN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\S")
_EN_NUMBERING_RE = re.compile(
    r"^(?:\(?\d{1,3}[a-z]?[.)]?|\(?[a-z][.)]|\(?[ivxlcdm]{1,6}[.)]|[IVXLCDM]{1,6}\.|[-\u2013\u2014.:])$"
)


def _en_forms(lemma: str) -> tuple[str, str, str]:
    """Derive (third person, past, -ing) of a regular English verb."""
    if lemma in _EN_IRREGULAR:
        return _EN_IRREGULAR[lemma]
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    return third, past, ing


_EN_VERBS: dict[str, tuple[str, str]] = {}  # form -> (lemma, "present" | "past" | "participle")
for _lemma in _EN_LEMMAS:
    _third, _past, _ing = _en_forms(_lemma)
    _canonical = _EN_SPELLING.get(_lemma, _lemma)
    _EN_VERBS[_third] = (_canonical, "present")
    _EN_VERBS[_past] = (_canonical, "past")
    _EN_VERBS[_ing] = (_canonical, "participle")
_EN_VERBS["having"] = ("have", "participle")


@dataclass(frozen=True)
class _Word:
    """A token of the paragraph with its offsets."""

    text: str
    start: int
    end: int


def _en_words(text: str, offset: int = 0, limit: int = 40) -> list[_Word]:
    """Tokenise the first words of text[offset:] into words and single punctuation marks."""
    words: list[_Word] = []
    for match in _EN_WORD_RE.finditer(text, offset):
        words.append(_Word(match.group(), match.start(), match.end()))
        if len(words) >= limit:
            break
    return words


def _en_verb_at(words: list[_Word], index: int) -> tuple[str, str, int] | None:
    """Return (lemma, tense, end index) of the lexicon verb (with particles) at words[index], if any."""
    form = words[index].text.lower()
    if form not in _EN_VERBS:
        return None
    lemma, tense = _EN_VERBS[form]
    end = index + 1
    if lemma == "have" and end < len(words):  # "Having considered", "Having heard"
        following = words[end].text.lower()
        if following in _EN_VERBS and _EN_VERBS[following][1] == "past":
            return _EN_VERBS[following][0], "participle", end + 1
        return None
    for particles in _EN_PARTICLES.get(lemma, ()):
        upcoming = tuple(word.text.lower() for word in words[end : end + len(particles)])
        if upcoming == particles:
            return _EN_PARTICLE_LEMMA[(lemma, particles[0])], tense, end + len(particles)
    if lemma in ("take", "bear", "pay"):  # only meaningful with their particles
        return None
    if lemma == "hold responsible":  # "holds Israel ... responsible", not "held on 17 February"
        following_words = [word.text.lower() for word in words[end : end + 15]]
        if "responsible" not in following_words and "accountable" not in following_words:
            return None
    return lemma, tense, end


def _en_subject_head(words: list[_Word]) -> str:
    """Return the head noun of a subject phrase: the last word before "of" ("ministers", "council")."""
    head = ""
    for word in words:
        lowered = word.text.lower()
        if lowered in ("of", "for", "in", "at", "on"):
            break
        head = lowered
    return head


def _en_opening(text: str, offset: int) -> Anatomy | None:
    """Classify the English clause starting at offset by its opening words, or None if it says nothing."""
    lead = _EN_LEAD_IN_RE.match(text, offset)
    if lead:
        offset = lead.end()
    words = _en_words(text, offset)
    index = 0
    while index < len(words) and index < 3 and _EN_NUMBERING_RE.match(words[index].text):
        index += 1
    if index >= len(words):
        return None
    if _EN_FRAMING_RE.match(text, words[index].start):
        return Anatomy("framing", None, None)
    first = words[index].text.lower()
    if first == "whereas":
        return Anatomy("preamble", (words[index].start, words[index].end), None)

    adverb_start = index
    while index < len(words) and words[index].text.lower() in _EN_ADVERBS:
        index += 1
    if index < len(words) and words[index].text.lower() in _EN_ADJECTIVES:
        adjective = _EN_ADJECTIVES[words[index].text.lower()]
        if adjective:
            span = (words[adverb_start].start, words[index].end)
            return Anatomy("preamble", span, adjective)
    found = _en_verb_at(words, index) if index < len(words) else None
    if found is not None:
        lemma, tense, end = found
        if tense == "past" and _en_is_passive(words, end):
            # "Adopted and proclaimed by General Assembly resolution 217 A (III)": a note about
            # the resolution, not the resolution speaking.
            return Anatomy("framing", None, None)
        span = (words[adverb_start].start, words[end - 1].end)
        # "Condemns" and a report's "Invited the Executive Secretary" act; "Recalling" sets the scene.
        kind = "preamble" if tense == "participle" else "operative"
        return Anatomy(kind, span, lemma)

    return _en_subject_opening(text, words, adverb_start)


def _en_is_passive(words: list[_Word], end: int) -> bool:
    """Say whether the past participle ending at words[end] takes an agent: "Adopted by",
    "Adopted and proclaimed by"."""
    while end + 1 < len(words) and words[end].text.lower() == "and":
        end += 2  # "and proclaimed"
    return end < len(words) and words[end].text.lower() == "by"


def _en_is_formula(text: str, words: list[_Word], comma: int) -> bool:
    """Say whether "The <body>," at words[comma] opens a resolution ("The General Assembly,")."""
    if comma + 1 >= len(words):
        return not text[words[comma].end :].strip()
    following = words[comma + 1].text.lower()
    return following in _EN_FORMULA_FOLLOWERS or (
        following.endswith(("ed", "ing")) and _EN_VERBS.get(following, ("", ""))[1] != "present"
    )


def _en_subject_opening(text: str, words: list[_Word], subject_start: int) -> Anatomy | None:
    """Classify a paragraph that names its subject first ("The resolution strongly condemned")."""
    starts_with_the = words[subject_start].text.lower() in ("the", "it")
    head = ""
    depth = 0
    for position in range(subject_start, min(len(words), subject_start + 30)):
        token = words[position].text
        if token in (";", ":", "."):
            return None
        if token in ("(", ")"):
            depth += 1 if token == "(" else -1
            continue
        if token == ",":
            if not head:
                head = _en_subject_head(words[subject_start:position])
                if (
                    starts_with_the
                    and head in _EN_FORMULA_HEADS
                    and _en_is_formula(text, words, position)
                ):
                    return Anatomy("preamble", None, None)  # "The General Assembly,"
            continue  # a parenthetical: "The Security Council, in its resolution 2133 (2014), ..."
        if position == subject_start or depth > 0:
            continue
        lowered = token.lower()
        if lowered in _EN_AUXILIARIES:
            continue
        if lowered in _EN_SUBJECT_STOPS:
            return None  # "France will ensure that it remains so": not a subject-verb opening
        adverbs_from = position
        while position < len(words) and words[position].text.lower() in _EN_ADVERBS:
            position += 1
        if position >= len(words):
            return None
        found = _en_verb_at(words, position)
        if found is None or found[1] == "participle":
            continue
        lemma, _, end = found
        head = head or _en_subject_head(words[subject_start:adverbs_from])
        span = (words[adverbs_from].start, words[end - 1].end)
        if head in _EN_BODY_HEADS:
            return Anatomy("operative", span, lemma)
        if head in _EN_PERSON_HEADS:
            return Anatomy("framing", span, lemma)
        return None
    words_left = words[subject_start:]
    if (
        starts_with_the
        and 2 <= len(words_left) <= 6
        and _en_subject_head(words_left) in _EN_FORMULA_HEADS
    ):
        return Anatomy("preamble", None, None)  # "The General Assembly" on its own line
    return None


# --- Arabic ----------------------------------------------------------------------------------

# (imperfect 3rd person masculine, perfect or "", English lemma)
_AR_VERB_TABLE: tuple[tuple[str, str, str], ...] = (
    ("يدين", "أدان", "condemn"),
    ("يندد", "ندد", "denounce"),
    ("يشجب", "شجب", "deplore"),
    ("يستنكر", "استنكر", "denounce"),
    ("يرفض", "رفض", "reject"),
    ("يطالب", "طالب", "demand"),
    ("يدعو", "دعا", "call upon"),
    ("يهيب", "أهاب", "call upon"),
    ("يناشد", "ناشد", "appeal"),
    ("يحث", "حث", "urge"),
    ("يطلب", "طلب", "request"),
    ("يكلف", "كلف", "task"),
    ("يقرر", "قرر", "decide"),
    ("يؤكد", "أكد", "affirm"),
    ("يشدد", "شدد", "stress"),
    ("يبرز", "أبرز", "underline"),
    ("يرحب", "رحب", "welcome"),
    ("يعرب", "أعرب", "express"),
    ("يدعم", "دعم", "support"),
    ("يؤيد", "أيد", "support"),
    ("يشيد", "أشاد", "commend"),
    ("يثمن", "ثمن", "appreciate"),
    ("يقدر", "", "appreciate"),
    ("ينوه", "نوه", "acknowledge"),
    ("يحذر", "حذر", "warn"),
    ("يحمل", "حمل", "hold responsible"),
    ("يجدد", "جدد", "renew"),
    ("يكرر", "كرر", "reiterate"),
    ("يشير", "أشار", "recall"),
    ("يذكر", "", "recall"),
    ("يستذكر", "استذكر", "recall"),
    ("يلاحظ", "لاحظ", "note"),
    ("يحيط", "أحاط", "take note"),
    ("يعترف", "اعترف", "recognize"),
    ("يسلم", "", "recognize"),
    ("يقر", "أقر", "recognize"),
    ("يدرك", "أدرك", "recognize"),
    ("يعتبر", "اعتبر", "consider"),
    ("يرى", "", "consider"),
    ("يشجع", "شجع", "encourage"),
    ("يوصي", "أوصى", "recommend"),
    ("يأذن", "أذن", "authorize"),
    ("يعتمد", "اعتمد", "adopt"),
    ("يوافق", "وافق", "approve"),
    ("يعلن", "", "declare"),
    ("ينادي", "نادى", "proclaim"),
    ("يأسف", "أسف", "regret"),
    ("يحيي", "حيا", "salute"),
    ("يشكر", "شكر", "thank"),
    ("يمدد", "مدد", "extend"),
    ("يتعهد", "تعهد", "undertake"),
    ("يهنئ", "هنأ", "congratulate"),
    ("يقترح", "اقترح", "propose"),
    ("يعيد", "أعاد", "reaffirm"),
    ("يتفق", "اتفق", "agree"),
    ("ينظر", "نظر", "consider"),
    ("يوعز", "أوعز", "direct"),
    ("يصر", "أصر", "insist"),
    ("يضع", "", "bear in mind"),
    ("يساوره", "", "concern"),
    ("يساورها", "", "concern"),
)
# verb (imperfect form) -> ((following words, lemma), ...): multi-word operative phrases.
_AR_PHRASES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "يؤكد": ((("من", "جديد"), "reaffirm"), (("مجددا",), "reaffirm"), (("مجدداً",), "reaffirm")),
    "يعيد": ((("تأكيد",), "reaffirm"), (("التأكيد",), "reaffirm")),
    "يجدد": ((("تأكيد",), "reaffirm"), (("التأكيد",), "reaffirm")),
    "يحيط": ((("علما",), "take note"), (("علماً",), "take note")),
    "يعرب": ((("عن",), "express"),),
    "يضع": ((("في", "اعتباره"), "bear in mind"), (("في", "اعتبارها"), "bear in mind")),
}
_AR_NEEDS_PHRASE = frozenset({"يعيد", "يضع", "يحيط"})
# Preambular openings that are nouns, not verbs: "واقتناعا منه", "وإدراكا منها", "ولما كان".
_AR_PREAMBLE_NOUNS: dict[str, str | None] = {
    "اقتناعا": "convince",
    "ادراكا": "recognize",
    "تاكيدا": "affirm",
    "ايمانا": "believe",
    "تصميما": "determine",
    "اعترافا": "recognize",
    "ترحيبا": "welcome",
    "اعتبارا": "consider",
    "تقديرا": "appreciate",
}
_AR_BODY_NOUNS = _arabic_set(
    "مجلس المجلس الجمعية جمعية المؤتمر مؤتمر اللجنة لجنة القمة الدورة الاجتماع اجتماع المنظمة"
)
# Lead-ins skipped before the verb, up to their comma: "وعلاوة على ذلك، يؤكد القرار ..."
_AR_LEAD_INS = _arabic_set("وفي في وعلاوة علاوة وبالإضافة بالإضافة وكذلك ولذلك لذلك وبالتالي ومن")
_AR_PERSON_SUBJECTS = _arabic_set(
    "وزراء الوزراء الوزير القادة الزعماء المشاركون المشاركين المجتمعون ممثلو الوفود "
    "رئيس الأمين المتحدث مصادر"
)
# Explicit subjects after an imperfect verb that make a sentence reported prose, not a resolution
# speaking: "ويشير الأمين العام إلى ..." (a resolution's own verbs take no subject, or القرار).
_AR_PROSE_SUBJECTS = _arabic_set(
    "الأمين الحكومة حكومة حكومتي المجموعة مجموعة الوفد وفد وفدي الوزارة المكتب الفريق أعضاء "
    "عدد السيد السيدة ممثل المقرر المقررة المتكلمون التقرير نتائج الدراسة البعثة الأمانة"
)
# Verbs whose first noun is usually a person or body acted upon, not the speaker.
_AR_PERSON_OBJECT_LEMMAS = frozenset(
    {
        "task",
        "request",
        "call upon",
        "urge",
        "appeal",
        "encourage",
        "thank",
        "congratulate",
        "salute",
        "commend",
        "hold responsible",
        "direct",
        "condemn",
        "denounce",
        "demand",
        "authorize",
        "support",
    }
)
_AR_REPORTING = _arabic_set("قال وقال أضاف وأضاف ذكر وذكر أفاد وأفاد أوضح وأوضح صرح وصرح")
_AR_ORDINALS = _arabic_set("أولا ثانيا ثالثا رابعا خامسا سادسا سابعا ثامنا تاسعا عاشرا")
_AR_ADVERBS = _arabic_set("بشدة عاليا أيضا كذلك مجددا")
_AR_CONJUNCTION_WORDS = frozenset({"كما", "ثم", "وكما", "قد", "وقد", "ولقد"})
_AR_IDH = frozenset({"اذ", "واذ", "فاذ"})
_AR_QAD = frozenset({"قد", "وقد", "ولقد"})
_AR_PREPOSITIONS = _arabic_set("في إلى على عن أن بأن")
# Form I perfects spelled like their verbal noun: "دعم" is "supported" and "support (of)". A
# list of targets opens with the noun ("دعم البلدان النامية", the SDG's "Support developing
# countries"), a report with the verb and its subject ("دعم القرار") or a preposition ("طلب إلى").
_AR_NOUN_LIKE_PERFECTS = _arabic_set("دعم طلب رفض حث شكر نظر حمل أسف أذن شجب حذر")
_AR_DOCUMENT_SUBJECTS = _arabic_set("القرار البيان الإعلان")
# "اعتُمد بموجب قرار الجمعية العامة ...": a passive says what was done to the text, by whom.
# The UN's adoption line: "الذي اتخذه مجلس الأمن في جلسته 7366" ("Adopted by the Security Council
# at its 7366th meeting"), "التي أقرتها الجمعية" ("Endorsed by the Assembly").
_AR_ADOPTING_VERBS = _arabic_set("اتخذ اعتمد أقر")
_AR_AGENT_PHRASES = (("بموجب",), ("من", "قبل"), ("من", "جانب"))
_DAMMA = "\u064f"  # written on a passive perfect ("اعتُمد", "أُعرب"), not on the table's active ones
_AR_WORD_RE = re.compile(r"\S+")
_AR_EDGE_PUNCT = "،,:;؛.()[]«»\"'`-–—"
_AR_NUMBERING_RE = re.compile(r"^[(\['`]?[\d]{1,3}[)\]'`]?[-.):]?$|^[-–—.:)]$|^\(.\)$")


def _ar_build_verbs() -> dict[str, tuple[str, str, str]]:
    """Map each normalised verb form to (lemma, "imperfect" | "perfect", imperfect key)."""
    verbs: dict[str, tuple[str, str, str]] = {}
    for imperfect, perfect, lemma in _AR_VERB_TABLE:
        masculine = normalize_arabic(imperfect)
        verbs[masculine] = (lemma, "imperfect", imperfect)
        verbs["ت" + masculine[1:]] = (lemma, "imperfect", imperfect)  # تدين, تؤكد (the Assembly)
        verbs["ن" + masculine[1:]] = (lemma, "imperfect", imperfect)  # نرحب (a declaration's "we")
        if perfect:
            verbs[normalize_arabic(perfect)] = (lemma, "perfect", imperfect)
            feminine = normalize_arabic(perfect.removesuffix("ى") + "ت")  # اتفقت, أشارت
            verbs.setdefault(feminine, (lemma, "perfect", imperfect))
            plural = normalize_arabic(perfect.removesuffix("ى") + "وا")  # رحبوا: the participants
            verbs.setdefault(plural, (lemma, "plural", imperfect))
    return verbs


_AR_VERBS = _ar_build_verbs()


def _ar_clean(token: str) -> str:
    """Normalise an Arabic token for lexicon look-up, without surrounding punctuation."""
    return normalize_arabic(token).strip(_AR_EDGE_PUNCT)


def _ar_verb(token: str) -> tuple[str, str, str] | None:
    """Look a token up as a verb, with or without a leading و or ف."""
    cleaned = _ar_clean(token)
    if cleaned in _AR_VERBS:
        return _AR_VERBS[cleaned]
    if len(cleaned) > 2 and cleaned[0] in "وف" and cleaned[1:] in _AR_VERBS:
        return _AR_VERBS[cleaned[1:]]
    return None


def _ar_opening(text: str, offset: int) -> Anatomy | None:
    """Classify the Arabic clause starting at offset by its opening words, or None if it says nothing."""
    words: list[_Word] = []
    for match in _AR_WORD_RE.finditer(text, offset):
        words.append(_Word(match.group(), match.start(), match.end()))
        if len(words) >= 14:
            break
    index = 0
    while index < len(words) and index < 3:
        raw = normalize_arabic(words[index].text)
        if _AR_NUMBERING_RE.match(raw) or raw.strip(_AR_EDGE_PUNCT + "ًٌٍ") in _AR_ORDINALS:
            index += 1
        else:
            break
    if index >= len(words):
        return None
    if _ar_clean(words[index].text) in _AR_LEAD_INS:
        for position in range(index, min(len(words) - 1, index + 5)):
            if words[position].text.endswith(("،", ",")):
                index = position + 1
                break
    first = _ar_clean(words[index].text)
    second = _ar_clean(words[index + 1].text) if index + 1 < len(words) else ""
    if first in ("جاء", "وجاء") and second in ("ذلك", "في", "هذا") or first in _AR_REPORTING:
        return Anatomy("framing", None, None)
    if first in ("الذي", "التي") and _ar_adopting_verb(second):
        return Anatomy("framing", None, None)  # "الذي اتخذه مجلس الأمن": "Adopted by the Council"
    if first in ("لما", "ولما"):  # "لما كان" is the Arabic "Whereas"
        end = index + 1 if second in ("كان", "كانت") else index
        return Anatomy("preamble", (words[index].start, words[end].end), None)
    if first in ("ان", "فان") and second and second.lstrip("و") in _AR_BODY_NOUNS:
        return Anatomy("preamble", None, None)  # "إن مجلس وزراء الخارجية، ..." opening formula
    noun = first[1:] if first[:1] in "وف" and first[1:] in _AR_PREAMBLE_NOUNS else first
    if noun in _AR_PREAMBLE_NOUNS:
        return Anatomy("preamble", (words[index].start, words[index].end), _AR_PREAMBLE_NOUNS[noun])

    phrase_start = words[index].start
    preamble = False
    has_qad = False
    while index < len(words) and _ar_clean(words[index].text) in (_AR_CONJUNCTION_WORDS | _AR_IDH):
        preamble = preamble or _ar_clean(words[index].text) in _AR_IDH
        has_qad = has_qad or _ar_clean(words[index].text) in _AR_QAD
        index += 1
    if index >= len(words):
        return None
    found = _ar_verb(words[index].text)
    if found is None:
        return None
    lemma, tense, key = found
    end = index + 1
    following = _ar_clean(words[end].text) if end < len(words) else ""
    if tense == "perfect" and _ar_has_agent(words, index):
        # An adoption note ("Adopted by General Assembly resolution 217 A (III)") is about the
        # resolution, not the resolution speaking: framing, with no action of its own.
        return Anatomy("framing", None, None)
    if tense == "perfect" and _DAMMA in words[index].text:
        return None  # a passive without its agent is a report's prose: "وأُعرب عن رأي مفاده"
    bare = phrase_start == words[index].start and _ar_clean(words[index].text) in _AR_VERBS
    if (
        bare
        and tense == "perfect"
        and _ar_clean(words[index].text) in _AR_NOUN_LIKE_PERFECTS
        and following not in _AR_PREPOSITIONS
        and following.lstrip("و") not in _AR_BODY_NOUNS | _AR_DOCUMENT_SUBJECTS
        and following not in _AR_PERSON_SUBJECTS
    ):
        return None  # a verbal noun opening a list item, as the English opens with "Support"
    # "وقد نظرت في تقرير ..." is the UN's Arabic for "Having considered the report ..."; with a
    # subject ("وقد أعربت الحكومة عن ...") it is prose.
    preamble = preamble or (
        has_qad and tense == "perfect" and (following in _AR_PREPOSITIONS or following[:1] == "ب")
    )
    completed = _ar_complete_phrase(words, key, end)
    if completed is not None:
        lemma, end = completed
    elif key in _AR_NEEDS_PHRASE:
        return None
    while end < len(words) and _ar_clean(words[end].text) in _AR_ADVERBS:
        end += 1  # "وأدان بشدة" is the whole of "strongly condemned"
    span = (phrase_start, words[end - 1].end)
    if preamble:
        # "وإذ يقرر أن الحالة ... تشكل خطرا" is the preambular "Determining that".
        return Anatomy("preamble", span, "determine" if lemma == "decide" else lemma)
    subject = next(
        (_ar_clean(word.text) for word in words[end:] if _ar_clean(word.text) not in _AR_ADVERBS),
        "",
    )
    if tense == "plural":  # "ورحبوا": people, so the report's voice, not the resolution's
        return Anatomy("framing", span, lemma)
    if lemma in _AR_PERSON_OBJECT_LEMMAS:  # "يكلف الأمين العام": the noun is the object
        return Anatomy("operative", span, lemma)
    # News style: "ودعا القرار ..." is the resolution speaking; "أكد وزراء ..." is the report.
    if tense == "perfect" and subject in _AR_PERSON_SUBJECTS:
        return Anatomy("framing", span, lemma)
    if subject in _AR_PERSON_SUBJECTS or subject in _AR_PROSE_SUBJECTS:
        return None
    return Anatomy("operative", span, lemma)


def _ar_adopting_verb(word: str) -> bool:
    """Say whether a normalised word is "adopted it" with its object pronoun: اتخذه, أقرتها."""
    for pronoun in ("ها", "ه"):
        if word.endswith(pronoun):
            stem = word.removesuffix(pronoun)
            return stem.removesuffix("ت") in _AR_ADOPTING_VERBS
    return False


def _ar_has_agent(words: list[_Word], index: int) -> bool:
    """Say whether the perfect verb at words[index] is a passive followed by its agent:
    "اعتُمد بموجب قرار الجمعية العامة", "أقر من قبل المؤتمر"."""
    following = [_ar_clean(word.text) for word in words[index + 1 : index + 6]]
    for start in range(min(4, len(following))):
        for phrase in _AR_AGENT_PHRASES:
            if tuple(following[start : start + len(phrase)]) == tuple(
                map(normalize_arabic, phrase)
            ):
                return True
    return False


def _ar_complete_phrase(words: list[_Word], key: str, end: int) -> tuple[str, int] | None:
    """Match a multi-word phrase after the verb, allowing one subject word ("تحيط اللجنة علما")."""
    for skip in (0, 1):
        for following, phrase_lemma in _AR_PHRASES.get(key, ()):
            start = end + skip
            upcoming = tuple(_ar_clean(word.text) for word in words[start : start + len(following)])
            if upcoming == tuple(normalize_arabic(word) for word in following):
                return phrase_lemma, start + len(following)
    return None


# --- both ------------------------------------------------------------------------------------


def _clause_starts(text: str, lang: str) -> Iterator[int]:
    """Yield the start offset of every clause of the paragraph after the first."""
    first = True
    for _, clauses in segment_paragraph(text, lang):
        for start, _ in clauses:
            if not first:
                yield start
            first = False


def _is_heading(text: str) -> bool:
    """Say whether a paragraph looks like a title: short, one line, no closing punctuation."""
    stripped = text.strip()
    return (
        0 < len(stripped.split()) <= 12
        and "\n" not in stripped
        and stripped[-1] not in ".;:,،؛!?؟…"
    )


def classify_paragraph(text: str, lang: str) -> Anatomy:
    """Classify a resolution paragraph as framing, preamble, operative, heading or text, with its action."""
    opening = _ar_opening if lang == "ar" else _en_opening
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return Anatomy("text", None, None)
    anatomy = opening(text, start)
    if anatomy is not None and anatomy.kind == "preamble" and anatomy.phrase is None:
        # An opening formula ("إن مجلس ...،", "The General Assembly,"): report the first
        # preambular or operative phrase inside the paragraph, if there is one.
        for clause_start in _clause_starts(text, lang):
            inner = opening(text, clause_start)
            if inner is not None and inner.action is not None and inner.kind != "framing":
                return Anatomy("preamble", inner.phrase, inner.action)
        return anatomy
    if anatomy is not None and not (
        anatomy.phrase and anatomy.phrase[0] > start and _is_heading(text)
    ):
        return anatomy
    if _is_heading(text):
        return Anatomy("heading", None, None)
    return Anatomy("text", None, None)


# --- articles ----------------------------------------------------------------------------------

# A text divided into articles, as a declaration or convention is ("Article 1", "المادة 1"): each
# paragraph is cited by its article, not by its place in the file.
_ARTICLE_HEADING = {
    "en": re.compile(r"^Article\s+([0-9]{1,3})\.?$", re.IGNORECASE),
    "ar": re.compile(r"^(?:ال)?مادة\s+([0-9\u0660-\u0669]{1,3})\.?$"),
}
# A number the text gives a paragraph of an article: "1. Everyone …", "(2) …", "( 1 ) لكل …".
_ITEM_NUMBER = re.compile(r"^\(?\s*([0-9\u0660-\u0669]{1,2})\s*[.)]\s*-?\s*\S")
# Stored labels: "Art. 2" (an article: its heading, and its paragraph when it has one), "Art.
# 13(2)" (a paragraph the text numbers 2), "Art. 2-2" (the second of unnumbered paragraphs).
_ARTICLE_LABEL = re.compile(r"^Art\. ([0-9]{1,3})(?:\(([0-9]{1,2})\)|-([0-9]{1,3}))?$")
_ORDINALS_EN = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
]
_ORDINALS_AR = [
    "الأولى",
    "الثانية",
    "الثالثة",
    "الرابعة",
    "الخامسة",
    "السادسة",
    "السابعة",
    "الثامنة",
    "التاسعة",
    "العاشرة",
]


def _ascii_digits(number: str) -> str:
    """Arabic-Indic digits as ASCII ones ("١٣" → "13")."""
    return number.translate({0x0660 + d: str(d) for d in range(10)})


def article_labels(texts: Sequence[str], lang: str, *, indents: Sequence[int] = ()) -> list[str]:
    """Each paragraph's article label in a text divided into articles ("Article 1", "المادة 1"):
    "Art. 1" for an article's heading and its one paragraph, "Art. 13(2)" for a paragraph the
    text numbers 2, "Art. 2-2" for the second of unnumbered paragraphs; "" before the first
    article, and for every paragraph of a text with fewer than two articles in order.

    indents, each paragraph's indentation in a text file, mark a numbered list: an article's
    paragraphs indented under its heading are numbered 1, 2, … (the "UDHR in Unicode" files
    indent the UN's numbered paragraphs, Article 13's "1." and "2.", and write no number)."""
    pattern = _ARTICLE_HEADING["ar" if lang == "ar" else "en"]
    heads: list[tuple[int, int]] = []
    for index, text in enumerate(texts):
        match = pattern.match(text.strip())
        if match:
            heads.append((index, int(_ascii_digits(match.group(1)))))
    numbers = [number for _, number in heads]
    labels = [""] * len(texts)
    if len(heads) < 2 or numbers != sorted(set(numbers)):
        return labels
    for k, (start, number) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(texts)
        body = range(start + 1, end)
        labels[start] = f"Art. {number}"
        if len(body) == 1:
            labels[start + 1] = f"Art. {number}"
            continue
        listed = len(indents) == len(texts) and all(indents[i] > indents[start] for i in body)
        for place, index in enumerate(body, 1):
            item = _ITEM_NUMBER.match(texts[index].strip())
            if item:
                labels[index] = f"Art. {number}({int(_ascii_digits(item.group(1)))})"
            else:
                labels[index] = f"Art. {number}({place})" if listed else f"Art. {number}-{place}"
    return labels


def article_label_text(label: str, lang: str, *, short: bool = False) -> str | None:
    """An article label as cited in a language: "Art. 13(2)" / "المادة 13 (2)", "Art. 2-2" as
    "Art. 2, second paragraph" / "المادة 2، الفقرة الثانية" (short, for a margin: "Art. 2 ¶ 2");
    None for a label of another kind."""
    match = _ARTICLE_LABEL.match(label)
    if match is None:
        return None
    article, numbered, place = match.groups()
    name = f"المادة {article}" if lang == "ar" else f"Art. {article}"
    if numbered:
        return f"{name} ({numbered})" if lang == "ar" else f"{name}({numbered})"
    if place:
        k = int(place)
        if short:
            return f"{name} ¶ {k}"
        if lang == "ar":
            return f"{name}، الفقرة {_ORDINALS_AR[k - 1] if k <= 10 else k}"
        return f"{name}, {_ORDINALS_EN[k - 1] + ' paragraph' if k <= 10 else f'paragraph {k}'}"
    return name


def text_labels(body: str, lang: str) -> list[str]:
    """The article labels of a text file's paragraphs (one a line), its indentation read as
    article_labels reads it; all "" for a text without articles."""
    return article_labels(split_paragraphs(body), lang, indents=paragraph_indents(body))
