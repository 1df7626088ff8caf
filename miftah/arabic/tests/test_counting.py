import pytest

from miftah.arabic.counting import count_phrase, noun_form


@pytest.mark.parametrize("n, expected", [
    (1, "مقال واحد"), (2, "مقالان"), (3, "3 مقالات"), (8, "8 مقالات"), (10, "10 مقالات"),
    (11, "11 مقالاً"), (25, "25 مقالاً"), (99, "99 مقالاً"), (100, "100 مقال"), (101, "101 مقال"),
    (102, "102 مقال"), (103, "103 مقالات"), (111, "111 مقالاً"), (200, "200 مقال"), (1000, "1000 مقال"),
])
def test_article_counts(n, expected):
    assert count_phrase(n, "مقال") == expected


@pytest.mark.parametrize("n, expected", [(1, "كيان واحد"), (2, "كيانان"), (5, "5 كيانات"), (11, "11 كياناً"),
                                         (12, "12 كياناً"), (30, "30 كياناً")])
def test_entity_counts(n, expected):
    assert count_phrase(n, "كيان") == expected


def test_feminine_one_and_custom_number_text():
    assert count_phrase(1, "مرة") == "مرة واحدة"
    assert count_phrase(1500, "مقال", number="1٬500") == "1٬500 مقال"
    assert noun_form(13, "مقال") == "مقالاً"
