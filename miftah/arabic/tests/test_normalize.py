"""Tests for miftah.arabic.normalize: real spelling variants and offset mapping properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miftah.arabic.normalize import normalize, normalize_with_offsets

VARIANTS = [
    # (input, expected normal form)
    ("إسرائيل", "اسرائيل"),
    ("اسرائيل", "اسرائيل"),
    ("أحمد", "احمد"),
    ("آخر", "اخر"),
    ("ٱلله", "الله"),
    ("مستشفى", "مستشفي"),
    ("المقاومة", "المقاومه"),
    ("المقاومه", "المقاومه"),
    ("الْمُقَاوَمَةُ", "المقاومه"),
    ("مُحَمَّدٌ", "محمد"),
    ("القـــدس", "القدس"),
    ("\u200fبيروت\u200e", "بيروت"),
    ("\u202bغزة\u202c", "غزه"),
    ("\u2067حلب\u2069", "حلب"),
    ("\ufeffدمشق", "دمشق"),
    ("\u061cعمان", "عمان"),
    ("می\u200cخواهم", "ميخواهم"),
    ("کتاب", "كتاب"),
    ("سؤال", "سؤال"),  # hamza on waw kept, as Lucene does
    ("رئيس", "رئيس"),  # hamza on ya kept
    ("٢٠٢٤", "2024"),
    ("۱۴۰۳", "1403"),
    ("٣٫٥", "3.5"),
    ("١٬٠٠٠", "1,000"),
    ("ﻻ", "لا"),
    ("ﻷ", "لا"),
    ("ﷲ", "الله"),
    ("ﷺ", "صلي الله عليه وسلم"),
    ("ﺑﻴﺮﻭﺕ", "بيروت"),  # presentation forms
    ("NATO وCNN", "nato وcnn"),
    ("Straße", "straße"),
    ("ＡＢＣ１２３", "abc123"),  # fullwidth
    ("e\u200b\u0301", "é"),  # a deleted control must not block composition
]


@pytest.mark.parametrize(("text", "expected"), VARIANTS)
def test_normalize_real_variants(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(("text", "expected"), VARIANTS)
def test_offsets_agree_with_normalize(text, expected):
    normalised, offsets = normalize_with_offsets(text)
    assert normalised == expected
    assert len(offsets) == len(normalised) + 1
    assert offsets[-1] == len(text)


def test_offsets_point_at_source_letters():
    text = "قال الرئيسُ الإيرانيّ في طـهران"
    normalised, offsets = normalize_with_offsets(text)
    start = normalised.index("طهران")
    end = start + len("طهران")
    assert text[offsets[start] : offsets[end]] == "طـهران"
    start = normalised.index("الايراني")
    # the span runs up to the next visible letter, so it takes in the shadda that trails it
    assert text[offsets[start] : offsets[start + len("الايراني")]] == "الإيرانيّ"


def test_ligature_maps_both_letters_to_the_ligature():
    normalised, offsets = normalize_with_offsets("xﻻy")
    assert normalised == "xلاy"
    assert offsets == [0, 1, 1, 2, 3]


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="بَُِّْـأإآىةي\u200c\u200fلا ﻻe\u0301\u200b"))
def test_offsets_are_monotonic_and_consistent(text):
    normalised, offsets = normalize_with_offsets(text)
    assert normalised == normalize(text)
    assert len(offsets) == len(normalised) + 1
    assert offsets[-1] == len(text)
    assert offsets == sorted(offsets)
    assert all(0 <= o <= len(text) for o in offsets)
    # any span between two segment starts normalises, on its own, to the matching output span
    starts = [i for i in range(len(normalised)) if i == 0 or offsets[i] != offsets[i - 1]]
    starts.append(len(normalised))
    for a, b in zip(starts, starts[1:]):
        assert normalize(text[offsets[a] : offsets[b]]) == normalised[a:b]


def test_output_has_no_marks_or_controls():
    text = "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝١ ـ\u200d\u202e"
    result = normalize(text)
    forbidden = set(range(0x064B, 0x0660)) | {0x0670, 0x0640, 0x200D, 0x202E}
    assert not any(ord(c) in forbidden for c in result)
