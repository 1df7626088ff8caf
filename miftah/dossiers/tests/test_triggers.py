"""Real-case tables for the trigger patterns that propose new entities."""

from __future__ import annotations

import pytest

from miftah.arabic.lexicon import PROCLITICS
from miftah.dossiers.matching import EntityMatcher, load_entities
from miftah.dossiers.triggers import suggest_entities


@pytest.fixture(scope="module")
def known() -> EntityMatcher:
    return EntityMatcher(load_entities())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال وزير الخارجية الأمريكي مايك بومبيو إن بلاده", [("مايك بومبيو", "person", "وزير الخارجيه")]),
        ("وأكد الأمين العام لحزب الله حسن نصر الله أن الحزب", [("حسن نصر الله", "person", "الامين العام")]),
        ("وقال المتحدث باسم الخارجية الأمريكية هيذر نويرت، إن", [("هيذر نويرت", "person", "المتحدث باسم")]),
        ("استقبل رئيس الوزراء العراقي حيدر العبادي وفدا", [("حيدر العبادي", "person", "رئيس الوزراء")]),
        ("قال زعيم التيار الصدري مقتدى الصدر", [("مقتدى الصدر", "person", "زعيم")]),
        ("وأعلن حزب العدالة والتنمية الحاكم فوزه", [("حزب العدالة والتنمية", "organisation", "حزب")]),
        ("وقالت حركة النهضة إن", [("حركة النهضة", "organisation", "حركه")]),
        ("بيان لحركة أحرار الشام", [("حركة أحرار الشام", "organisation", "حركه")]),
        ("اشتباكات في مدينة الباب شمال حلب", [("الباب", "place", "مدينه")]),
        # nothing after the title but a verb, or punctuation
        ("وقال الرئيس إن الوضع", []),
        ("بحسب وزير الدفاع، فإن", []),
        # a name ends at any of Savoy's stop words too (بأن، عندما، الآن were read as part of the name)
        ("وأبلغ الرئيس الأمريكي دونالد ترمب بأن القوات", [("دونالد ترمب", "person", "الرئيس")]),
        ("وأكد مجلس الشيوخ بأن القرار", [("مجلس الشيوخ", "organisation", "مجلس")]),
        ("وأطلقت وزارة الصحة ضمن برنامج التطعيم", [("وزارة الصحة", "organisation", "وزاره")]),
        ("ردت مدينة شانلي أورفة عندما", [("شانلي أورفة", "place", "مدينه")]),
        ("قالت وزارة الخارجية البريطانية الآن", [("وزارة الخارجية البريطانية", "organisation", "وزاره")]),
    ],
)
def test_suggestions_without_knowledge_base(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(s.name, s.type, s.trigger) for s in suggest_entities(text, None)] == expected


def test_known_names_are_skipped(known: EntityMatcher) -> None:
    text = "قال الرئيس التركي رجب طيب أردوغان إن حزب الله وحركة حماس والرئيس الأمريكي جو بايدن"
    assert [s.name for s in suggest_entities(text, known)] == ["جو بايدن"]


def test_counts_are_aggregated_and_offsets_point_to_the_first_occurrence() -> None:
    text = "قال الرئيس الأمريكي جو بايدن أمس. ثم قال الرئيس جو بايدن ثانية، ووصل الرئيس الفرنسي فلان الفلاني"
    suggestions = suggest_entities(text)
    assert [(s.name, s.count) for s in suggestions] == [("جو بايدن", 2), ("فلان الفلاني", 1)]
    first = suggestions[0]
    assert text[first.start : first.end] == "جو بايدن" and first.start == text.index("جو بايدن")


def test_clitic_before_a_head_is_not_part_of_the_name() -> None:
    [suggestion] = suggest_entities("وقف الدعم لحركة أحرار الشام")
    assert suggestion.name == "حركة أحرار الشام"
    assert "وقف الدعم لحركة أحرار الشام"[suggestion.start : suggestion.end] == suggestion.name


@pytest.mark.parametrize("clitic", PROCLITICS)
def test_every_proclitic_before_a_head_is_peeled_off(clitic: str) -> None:
    text = f"بيان {clitic}حركة النهضة اليوم"
    [suggestion] = suggest_entities(text)
    assert (suggestion.name, text[suggestion.start : suggestion.end]) == ("حركة النهضة", "حركة النهضة")


def test_empty_text() -> None:
    assert suggest_entities("", None) == []
