"""Real-case tables for the dossiers entity matcher, and properties that must hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miftah.dossiers.matching import Entity, EntityMatcher, alias_forms, load_entities


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    return EntityMatcher(load_entities())


def found(matcher: EntityMatcher, text: str, **kwargs) -> list[tuple[str, str]]:
    return [(m.canonical, m.surface) for m in matcher.find(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # clitics, single and stacked; the surface excludes them
        ("أرسلت مساعدات لإيران", [("إيران", "إيران")]),
        ("زار سوريا والعراق", [("سوريا", "سوريا"), ("العراق", "العراق")]),
        ("التقى السفير بطهران", [("طهران", "طهران")]),
        ("رسالة للعراق وللعراق", [("العراق", "عراق"), ("العراق", "عراق")]),
        ("وبالعراق وكإيران فبيروت", [("العراق", "العراق"), ("إيران", "إيران"), ("بيروت", "بيروت")]),
        # spelling variants folded by the normaliser: hamza, ta marbuta, diacritics, tatweel
        ("اسرائيل وإسرائيل", [("إسرائيل", "اسرائيل"), ("إسرائيل", "إسرائيل")]),
        ("في العِراقِ اليوم", [("العراق", "العِراقِ")]),
        ("مدينة القاهـــرة", [("القاهرة", "القاهـــرة")]),
        ("حماس وحركة حماس", [("حركة حماس", "حماس"), ("حركة حماس", "حركة حماس")]),
        ("أمريكا وأميركا", [("الولايات المتحدة", "أمريكا"), ("الولايات المتحدة", "أميركا")]),
        # longest match wins over the place inside an organisation's name
        ("بيان المقاومة الإسلامية في العراق", [("المقاومة الإسلامية في العراق", "المقاومة الإسلامية في العراق")]),
        ("هاجمت كتائب حزب الله", [("كتائب حزب الله", "كتائب حزب الله")]),
        ("اجتماع مجلس الأمن الدولي", [("مجلس الأمن الدولي", "مجلس الأمن الدولي")]),
        # the article is part of the name as written
        ("قال عراق اليوم", []),
        # whole words only
        ("المصرف المركزي ومصرفي", []),
        ("ووقف إطلاق النار", []),
        # ambiguous names need support
        ("العام المالي الجديد", []),
        ("دعم مالي للسعودية", [("المملكة العربية السعودية", "سعودية")]),
        ("انتشرت قوات في مالي وعاصمتها باماكو", [("مالي", "مالي"), ("باماكو", "باماكو")]),
        ("الناتو وحلف شمال الأطلسي (ناتو)", [("حلف شمال الأطلسي", "الناتو"), ("حلف شمال الأطلسي", "حلف شمال الأطلسي"), ("حلف شمال الأطلسي", "ناتو")]),
        ("وصل إلى مسقط ثم إلى عمان", [("مسقط", "مسقط"), ("عُمان", "عمان")]),
        ("التقى بوتين الأسد", [("فلاديمير بوتين", "بوتين"), ("بشار الأسد", "الأسد")]),
    ],
)
def test_real_cases(matcher: EntityMatcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(matcher, text) == expected


def test_unsupported_ambiguous_names_are_reported_separately(matcher: EntityMatcher) -> None:
    mentions = matcher.find("دعم مالي للسعودية", include_ambiguous=True)
    assert [(m.canonical, m.ambiguous) for m in mentions] == [
        ("مالي", True),
        ("المملكة العربية السعودية", False),
    ]
    # a shared spelling is reported once per candidate entity
    shared = matcher.find("زار عمان", include_ambiguous=True)
    assert {m.canonical for m in shared} == {"عُمان", "عمّان"}
    assert all(m.ambiguous for m in shared)


def test_offsets_point_into_the_original_text(matcher: EntityMatcher) -> None:
    text = "\u200fقال الرئيسُ إنّ وللعِراقِ\u200f، ﻻ أمريكا"
    for mention in matcher.find(text):
        assert text[mention.start : mention.end] == mention.surface
    assert [m.surface for m in matcher.find(text)] == ["عِراقِ", "أمريكا"]


def test_neighbour_of_related_type_supports_an_entity_without_context_words() -> None:
    entities = [
        Entity(1, "الأردن", "place"),
        Entity(2, "الخليل", "place", ambiguous=True),
    ]
    matcher = EntityMatcher(entities)
    assert [m.canonical for m in matcher.find("مدينة الخليل في الضفة")] == []
    assert [m.canonical for m in matcher.find("الخليل قرب الأردن")] == ["الخليل", "الأردن"]
    far = "الخليل " + "كلمة " * 40 + "الأردن"
    assert [m.canonical for m in matcher.find(far)] == ["الأردن"]


def test_context_words_given_to_the_constructor() -> None:
    # the false hit seen with a geonames gazetteer: ووقف read as و + the place وقف
    entities = [Entity("waqf", "الوقف", "place", aliases=("وقف?",), ambiguous=True), Entity("eg", "مصر", "place")]
    matcher = EntityMatcher(entities, context_words={"waqf": ["قنا"]})
    assert [m.surface for m in matcher.find("ووقف إطلاق النار في مصر")] == ["مصر"]
    assert [m.surface for m in matcher.find("زار وقف في محافظة قنا")] == ["وقف"]


def test_optional_article_and_ambiguous_alias_marks() -> None:
    assert alias_forms("(ال)ناتو") == (["الناتو", "ناتو"], False)
    assert alias_forms("القاعدة?") == (["القاعده"], True)
    matcher = EntityMatcher([Entity(1, "تنظيم القاعدة", "organisation", aliases=("القاعدة?",))])
    assert [m.surface for m in matcher.find("القاعدة العسكرية")] == []
    # an unambiguous mention of the same organisation nearby is support enough
    assert [m.surface for m in matcher.find("تنظيم القاعدة و القاعدة")] == ["تنظيم القاعدة", "القاعدة"]


def test_protected_names_for_the_stemmer(matcher: EntityMatcher) -> None:
    protected = matcher.protected_names()
    assert {"طهران", "بيروت", "ايران", "العراق", "عراق", "نتنياهو"} <= protected
    assert "مالي" not in protected  # ambiguous
    assert "حزب" not in protected and "البحر" not in protected  # words of compound names


def test_lookup_by_any_spelling(matcher: EntityMatcher) -> None:
    assert [e.canonical for e in matcher.lookup("داعش")] == ["تنظيم الدولة الإسلامية"]
    assert matcher.lookup("شيء آخر") == []


def test_empty_matcher_and_empty_text() -> None:
    assert EntityMatcher([]).find("العراق") == []
    assert EntityMatcher(load_entities()).find("") == []


def test_starter_list_is_well_formed() -> None:
    entities = load_entities()
    assert 250 <= len(entities) <= 400
    assert len({e.canonical for e in entities}) == len(entities)
    assert {e.type for e in entities} == {"person", "organisation", "place"}


arabic_letters = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآءؤئ"))
pieces = st.one_of(
    st.text(arabic_letters, min_size=1, max_size=8),
    st.sampled_from(["العراق", "وللعراق", "مالي", "حزب الله", "عمان", "ﻻ", "\u064e", "\u0640", "\u200f", "ﷺ", "، ", " ", "\n"]),
    st.text(max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=30).map("".join))
def test_find_never_crashes_and_surfaces_match_offsets(text: str) -> None:
    matcher = _shared_matcher()
    for mention in matcher.find(text, include_ambiguous=True):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.surface


_MATCHER: list[EntityMatcher] = []


def _shared_matcher() -> EntityMatcher:
    if not _MATCHER:
        _MATCHER.append(EntityMatcher(load_entities()))
    return _MATCHER[0]
