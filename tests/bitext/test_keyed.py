"""Reading keyed bilingual files (flat YAML, `key: text`) and pairing them by key."""

from __future__ import annotations

import pytest

from apps.bitext.keyed import (
    arabic_label,
    key_label,
    natural_key,
    pair_keyed,
    read_keyed,
    read_keyed_pair,
    sdg_term,
)
from apps.bitext.textfile import InputError
from tests.conftest import demo_sides, sdg_yaml, shared_path

SDG = ("global_goals", "global_targets", "global_indicators")


def sdg_text(name: str, lang: str) -> str:
    return shared_path("corpus", "sdg", f"{name}.{lang}.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "count"), [(SDG[0], 34), (SDG[1], 169), (SDG[2], 252)])
def test_sdg_files_have_the_same_keys_in_both_languages(name: str, count: int) -> None:
    """Every key of the shared SDG files parses to the same key in Arabic and English: the
    pair has no key on one side only."""
    document = read_keyed_pair(sdg_text(name, "ar"), sdg_text(name, "en"))
    assert len(document.keys) == count
    assert document.only_ar == () and document.only_en == ()
    assert len(document.ar) == len(document.en) == count


def test_sdg_texts_are_whole_across_continuation_lines_and_quotes() -> None:
    """A target continued on indented lines is one text; a single-quoted Arabic indicator over
    three lines is one text without its quotes; a quoted goal loses its trailing space."""
    targets = sdg_yaml("global_targets", "en")
    assert targets["1-4-title"].startswith("By 2030, ensure that all men and women")
    assert targets["1-4-title"].endswith("including microfinance")
    assert "\n" not in targets["1-4-title"] and "  " not in targets["1-4-title"]
    indicator = sdg_yaml("global_indicators", "ar")["1-5-4-title"]
    assert indicator.startswith("نسبة الحكومات المحلية") and indicator.endswith("مخاطر الكوارث")
    assert "'" not in indicator
    assert sdg_yaml("global_goals", "ar")["5-title"].endswith("النساء والفتيات")


def test_indicators_are_paired_by_key_not_position() -> None:
    """The Arabic indicators file lists seven later indicators (10-4-2 …) at its end, the
    English one in place: each Arabic text sits beside its own key's English text, at its
    key's place, and the note says the files disagree."""
    ar, en = sdg_yaml("global_indicators", "ar"), sdg_yaml("global_indicators", "en")
    document = pair_keyed(ar, en, "ar.yml", "en.yml")
    at = document.keys.index("10-4-2-title")
    assert document.keys[at - 1 : at + 2] == ("10-4-1-title", "10-4-2-title", "10-5-1-title")
    a, e = document.places[at]
    assert a == e == at
    assert document.ar[at] == ar["10-4-2-title"] and document.en[at] == en["10-4-2-title"]
    for link, key in zip(document.paragraph_links(), document.keys, strict=True):
        (a_key,), (e_key,) = link.ar, link.en
        assert document.ar[a_key[0]] == ar[key] and document.en[e_key[0]] == en[key]
        assert link.score == 1.0
    assert any("different orders" in note and "10-5-1-title" in note for note in document.notes())


def test_targets_follow_their_numbers_not_text_order() -> None:
    """The files are sorted as text (1, 10, 11, …); paragraphs follow the UN numbering: 1.5,
    1.a, 1.b, then 2.1; 16.2 before 16.10."""
    document = read_keyed_pair(sdg_text(SDG[1], "ar"), sdg_text(SDG[1], "en"))
    keys = list(document.keys)
    assert keys[4:8] == ["1-5-title", "1-a-title", "1-b-title", "2-1-title"]
    assert keys.index("16-2-title") < keys.index("16-10-title") < keys.index("17-1-title")
    assert document.en[keys.index("1-a-title")].startswith("Ensure significant mobilization")
    assert any("sorted as text" in note for note in document.notes())


def test_targets_are_labelled_as_the_un_numbers_them() -> None:
    """Each target's label is its number as A/RES/70/1 prints it, in reading order on both
    sides: 1.1 … 1.5, 1.a, 1.b, 2.1, and 17.19 last; indicators read 1.1.1 and 10.4.2."""
    targets = read_keyed_pair(sdg_text(SDG[1], "ar"), sdg_text(SDG[1], "en"))
    labels = targets.labels("ar")
    assert labels == targets.labels("en")
    assert labels[:8] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b", "2.1"]
    assert labels[-1] == "17.19" and len(set(labels)) == 169
    indicators = read_keyed_pair(sdg_text(SDG[2], "ar"), sdg_text(SDG[2], "en"))
    assert indicators.labels("en")[0] == "1.1.1" and "10.4.2" in indicators.labels("ar")


def test_a_goal_is_labelled_once_for_its_short_name_and_its_title() -> None:
    """Goal 1's short name ("No poverty") and title both read "1": one goal, two paragraphs."""
    goals = read_keyed_pair(sdg_text(SDG[0], "ar"), sdg_text(SDG[0], "en"))
    assert goals.labels("en")[:4] == ["1", "1", "2", "2"]
    assert goals.en[:2] == ("No poverty", "End poverty in all its forms everywhere")


def test_labels_follow_each_side_when_a_key_is_on_one_side_only() -> None:
    """A key only in English has no Arabic paragraph, so the Arabic labels skip it."""
    ar = sdg_yaml("global_targets", "ar")
    en = sdg_yaml("global_targets", "en")
    document = pair_keyed({k: ar[k] for k in ("1-1-title", "1-3-title")}, en)
    assert document.labels("ar") == ["1.1", "1.3"]
    assert document.labels("en")[:3] == ["1.1", "1.2", "1.3"]


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("1-2-title", "1.2"),
        ("17-a-title", "17.a"),
        ("1-1-1-title", "1.1.1"),
        ("10-short", "10"),
        ("preamble-title", ""),  # a name, not a number: the reader counts it
        ("a-1", ""),
        ("1-2-3a", ""),
    ],
)
def test_key_label(key: str, label: str) -> None:
    assert key_label(key) == label


def test_natural_key_orders_numbers_by_value_and_before_letters() -> None:
    keys = ["16-10-title", "16-a-title", "16-2-title", "2-1-title", "16-1-title"]
    assert sorted(keys, key=natural_key) == [
        "2-1-title",
        "16-1-title",
        "16-2-title",
        "16-10-title",
        "16-a-title",
    ]


def test_files_order_is_kept_when_both_agree() -> None:
    """A hand-made keyed file (title, preamble, operative) keeps its order: it is neither
    sorted as text nor different between the languages."""
    ar, en = demo_sides()
    keys = ["title", "preamble", "op-1", "op-2"]
    ar_text = "".join(f"{k}: {t}\n" for k, t in zip(keys, ar[1:5], strict=True))
    en_text = "".join(f"{k}: {t}\n" for k, t in zip(keys, en[1:5], strict=True))
    document = read_keyed_pair(ar_text, en_text)
    assert list(document.keys) == keys
    assert list(document.ar) == ar[1:5] and list(document.en) == en[1:5]
    assert document.notes() == ["4 keys paired, in the files' order."]


def test_keys_on_one_side_are_imported_unpaired_and_named() -> None:
    """A key only in Arabic and one only in English: each text keeps its place with no
    counterpart, and the notes name both keys."""
    ar, en = demo_sides()
    ar_text = f"op-1: {ar[3]}\nop-2: {ar[4]}\nop-3: {ar[5]}\n"
    en_text = f"op-1: {en[3]}\nop-3: {en[5]}\nop-4: {en[6]}\n"
    document = read_keyed_pair(ar_text, en_text, "ar.yml", "en.yml")
    assert document.keys == ("op-1", "op-2", "op-3", "op-4")
    assert document.places == ((0, 0), (1, None), (2, 1), (None, 2))
    assert document.only_ar == ("op-2",) and document.only_en == ("op-4",)
    shapes = [(link.ar, link.en) for link in document.paragraph_links()]
    assert shapes == [(((0,),), ((0,),)), (((1,),), ()), (((2,),), ((1,),)), ((), ((2,),))]
    notes = document.notes("ar.yml", "en.yml")
    assert "1 key only in ar.yml" in notes[0] and "op-2" in notes[0]
    assert "1 key only in en.yml" in notes[1] and "op-4" in notes[1]


def test_quoting_comments_and_key_spelling_read_as_yaml_does() -> None:
    """Single quotes ('' is a quote), double quotes with escapes, a quoted text over two lines,
    comments, a document start line, a quoted key and invisible marks around a key in an
    Arabic file: all give the same keys and the plain texts."""
    ar, en = demo_sides()
    text = (
        "---\n# SDG-style keys\n"
        f"'op-1': '{en[3][:40]}''s {en[3][40:]}'\n"
        f'op-2: "{en[4][:30]}\\u00e9\\"{en[4][30:]}"  # a comment\n'
        f"op-3: '{en[5][:50]}\n  {en[5][50:].lstrip()}'\n"
        f"\u200fop-4\u200f: {ar[6]}\n"
    )
    entries = read_keyed(text)
    assert list(entries) == ["op-1", "op-2", "op-3", "op-4"]
    assert entries["op-1"] == f"{en[3][:40]}'s {en[3][40:]}"
    assert entries["op-2"] == f'{en[4][:30]}é"{en[4][30:]}'
    assert entries["op-3"] == " ".join(f"{en[5][:50]} {en[5][50:].lstrip()}".split())
    assert entries["op-4"] == ar[6]
    assert read_keyed('op-5: "\\ud83c\\udf0d \\U0001F30D"\n') == {"op-5": "\U0001f30d \U0001f30d"}


def test_an_empty_text_is_absent_from_its_side() -> None:
    ar, en = demo_sides()
    document = read_keyed_pair(f"a: {ar[3]}\nb: ''\n", f"a: {en[3]}\nb: {en[4]}\n")
    assert document.only_en == ("b",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("op-1:\n  preamble: Recalling\n", r"line 2: .*nested mapping"),
        ("- Recalling its resolution\n", r"line 1: a list item"),
        ("op-1: |\n  Recalling its resolution\n", r"line 1: a value starting with '\|'"),
        ("op-1: [Recalling, Affirming]\n", r"line 1: a value starting with '\['"),
        ("op-1: 'Recalling its resolution\nop-2: Affirms\n", r"line 1: the quoted text .* never"),
        ("op-1: Recalling\nop-1: Affirms\n", r"line 2: the key 'op-1' appears twice"),
        ("op-1: Recalling\nRecalling its resolution\n", r"line 2: no `key: text` entry"),
        ("op-1: 'Recalling' its resolution\n", r"line 1: text after the closing quote"),
        ('op-1: "Recalling \\q"\n', r"line 1: an unknown escape \\q"),
        ('op-1: "Recalling \\ud800"\n', r"line 1: an escape for no character \(\\ud800\)"),
        ('op-1: "Recalling \\U00110000"\n', r"line 1: an escape for no character"),
        ("# only a comment\n", r"no `key: text` entries"),
    ],
)
def test_files_that_are_not_flat_keyed_yaml_are_refused(text: str, message: str) -> None:
    """Nested mappings, lists, block and flow values, broken quotes, repeated keys and lines
    without a key are refused with the line and the reason."""
    with pytest.raises(InputError, match=r"^goals\.ar\.yml(, )?.*" + message):
        read_keyed(text, "goals.ar.yml")


def test_files_with_no_key_in_common_are_refused() -> None:
    """Two keyed files sharing no key are not two languages of one text: refused by name."""
    ar, en = demo_sides()
    with pytest.raises(InputError, match="ar.yml and en.yml have no key in common"):
        read_keyed_pair(f"1-title: {ar[3]}\n", f"1-short: {en[3]}\n", "ar.yml", "en.yml")


def test_keys_on_one_side_in_the_same_place_keep_arabic_first_in_file_order() -> None:
    """Files in their own order (title, then preamble or note, then operative): an Arabic-only
    and an English-only key between the same two shared keys come Arabic first, both between
    them."""
    ar, en = demo_sides()
    ar_text = f"title: {ar[0]}\npreamble: {ar[2]}\nop-1: {ar[3]}\n"
    en_text = f"title: {en[0]}\nnote: {en[1]}\nop-1: {en[3]}\n"
    document = read_keyed_pair(ar_text, en_text)
    assert document.keys == ("title", "preamble", "note", "op-1")
    assert document.places == ((0, 0), (1, None), (None, 1), (2, 2))
    assert not document.reordered


def test_the_arabic_side_writes_a_number_as_the_arabic_text_does() -> None:
    """The Arabic indicators cite indicator 12.a.1 (key 12-a-1-title) as "للمؤشر 12-أ-1": a
    hyphen between the parts and Arabic letters; the same form for the targets."""
    ar = sdg_yaml("global_indicators", "ar")
    assert "للمؤشر 12-أ-1" in ar["7-b-1-title"]
    assert arabic_label(key_label("12-a-1-title")) == "12-أ-1"
    assert arabic_label(key_label("1-a-title")) == "1-أ"
    assert arabic_label(key_label("17-1-title")) == "17-1"
    assert arabic_label(key_label("1-title")) == "1"


def test_target_letters_follow_the_datas_arabic_lettering() -> None:
    """Indicator 4.7.1 letters its list (a)–(d) in English and (أ) (ب) (ج) (د) in Arabic: the
    targets' letters a–d take those; no target letter goes past d."""
    ar, en = sdg_yaml("global_indicators", "ar"), sdg_yaml("global_indicators", "en")
    assert "(c) teacher education" in " ".join(en["4-7-1-title"].split())
    assert "(ج) تدريب المعلمين" in " ".join(ar["4-7-1-title"].split())
    targets = sdg_yaml("global_targets", "en")
    letters = {key_label(k).split(".")[1] for k in targets if key_label(k)[-1].isalpha()}
    assert letters == {"a", "b", "c", "d"}
    assert [arabic_label(f"4.{x}") for x in "abcd"] == ["4-أ", "4-ب", "4-ج", "4-د"]
    # A letter the data shows no Arabic form for is left as the source prints it.
    assert arabic_label("4.e") == "4.e" and arabic_label("") == ""


def test_an_sdg_number_is_named_by_its_depth() -> None:
    """Goal 1, target 1.a, indicator 1.1.1 (الهدف، الغاية، المؤشر)."""
    assert [sdg_term(x, "en") for x in ("1", "1.a", "1.1.1", "")] == [
        "Goal",
        "target",
        "indicator",
        "",
    ]
    assert [sdg_term(x, "ar") for x in ("1", "1.a", "1.1.1")] == ["الهدف", "الغاية", "المؤشر"]
