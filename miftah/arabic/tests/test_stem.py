"""Tests for miftah.arabic.stem: variant tables that must share one stem, and words that must not be cut."""

import pytest

from miftah.arabic.normalize import normalize
from miftah.arabic.stem import ARTICLE_PREFIXES, Stemmer, stem


def stems(words):
    return {stem(normalize(word)) for word in words}


SAME_STEM = [
    ("الميليشيات", "والميليشيات", "للميليشيات", "بالميليشيات"),
    ("المقاومة", "مقاومة", "فالمقاومة", "المقاومه", "والمقاومة", "للمقاومة"),
    ("إسرائيل", "اسرائيل", "لإسرائيل", "وإسرائيل"),
    ("الحكومة", "حكومة", "حكومتها", "حكومته", "والحكومة", "للحكومة"),
    ("الانتخابات", "انتخابات", "انتخاباتها", "والانتخابات"),
    ("الوزير", "وزير", "ووزير", "وزيرها", "والوزير"),
    ("الفصائل", "فصائل", "وفصائل", "للفصائل"),
    ("وزارة", "الوزارة", "ووزارة", "بالوزارة", "وزارتها"),
    ("الاتفاق", "والاتفاق", "بالاتفاق", "فالاتفاق", "وبالاتفاق"),
    ("الْمُقَاوَمَةُ", "المقـــاومة", "\u200fالمقاومة\u200f"),
]


@pytest.mark.parametrize("group", SAME_STEM)
def test_variants_share_one_stem(group):
    assert len(stems(group)) == 1, {word: stem(normalize(word)) for word in group}


KEEP_RADICAL_FIRST_LETTER = [
    ("وزير", "وزير"),
    ("فصائل", "فصائل"),
    ("فرنسا", "فرنسا"),
    ("واشنطن", "واشنطن"),
    ("والده", "والد"),
    ("وقال", "قال"),  # the conjunction is still stripped from ordinary words
    ("فقالت", "قالت"),
]


@pytest.mark.parametrize(("word", "expected"), KEEP_RADICAL_FIRST_LETTER)
def test_radical_waw_and_fa_are_kept(word, expected):
    assert stem(normalize(word)) == expected


def test_stacked_clitic_prefixes_cover_conjunction_preposition_article():
    for prefix in ("وال", "بال", "كال", "فال", "لل", "وبال", "فبال", "ولل", "وكال", "فلل"):
        assert prefix in ARTICLE_PREFIXES
    assert list(ARTICLE_PREFIXES) == sorted(ARTICLE_PREFIXES, key=len, reverse=True)


PROTECTED = [
    ("طهران", "طهران"),
    ("لطهران", "طهران"),
    ("وطهران", "طهران"),
    ("بيروت", "بيروت"),
    ("لبيروت", "بيروت"),
    ("وإيران", "ايران"),
    ("بإيران", "ايران"),
    ("العراق", "عراق"),
    ("للعراق", "عراق"),
    ("والعراق", "عراق"),
    ("البحرين", "بحرين"),
]


@pytest.mark.parametrize(("word", "expected"), PROTECTED)
def test_protected_names_lose_only_a_clitic(word, expected):
    stemmer = Stemmer(protected=["طهران", "بيروت", "إيران", "العراق", "البحرين"])
    assert stemmer.stem(normalize(word)) == expected


def test_unprotected_stemmer_cuts_names_which_is_why_protection_exists():
    bare = Stemmer()
    assert bare.stem("لطهران") != "طهران"
    assert bare.stem("البحرين") == "بحر"


def test_protect_clears_cache_and_ignores_multiword_names():
    stemmer = Stemmer()
    assert stemmer.stem("كوباني") == "كوب"  # ي then ان: light10 cuts the name
    stemmer.protect(["كوباني", "دير الزور"])
    assert stemmer.stem("وكوباني") == "كوباني"
    assert "دير الزور" not in stemmer.protected_terms


@pytest.mark.parametrize(
    "word", ["ميليش", "مقاوم", "وزير", "فصائل", "طهران", "وزار", "حكوم", "انتخاب", "ولايات", "والد", "a", "", "ب"]
)
def test_stem_is_a_fixed_point(word):
    once = stem(word)
    assert stem(once) == once


# Issue 16: inflections light10 left apart. Each row must share one stem.
SAME_STEM_INFLECTIONS = [
    # feminine ة that becomes ت before a dual ending or a pronoun, both directions
    ("حكومة", "الحكومة", "حكومتان", "الحكومتين", "حكومتهم", "حكومتهما", "حكومات"),
    ("ساعة", "ساعتين", "ساعتان", "الساعات"),
    ("دولة", "الدولتين", "دولتهم"),
    ("قادة", "قادتهم"),
    # duals and sound plurals against the singular, with and without the article and other proclitics
    ("لاعب", "اللاعبين", "لاعبون", "لاعبان", "واللاعبين"),
    ("الاتحاد", "الاتحادين", "اتحادان"),
    ("مشجع", "للمشجعين", "المشجعون"),
    # nisba adjectives: ي ية يون يين and the feminine dual يتين
    ("سياسي", "السياسية", "السياسيون", "والسياسيين", "سياسيتين"),
    ("الأمريكية", "أمريكي", "الأمريكيتين", "أمريكيون", "بالأمريكيين"),
    ("العربية", "عربيتين", "العربيتان", "عربي"),
    ("شخصية", "شخصيته", "شخصيتها"),
    ("مسؤولية", "مسؤوليته", "مسؤولياتهم"),
    # pronouns after a plural marker or on a broken plural
    ("مفاوضات", "مفاوضاتهم", "المفاوضات", "مفاوضاتهما"),
    ("الاحتجاجات", "احتجاجاتهم"),
    ("سيارة", "سياراتهم", "السيارات", "سيارتهم"),
    ("أسعار", "أسعارهم", "الأسعار"),
    ("بلاد", "بلادكم", "البلاد"),
    # a feminine noun in اة
    ("مباراة", "المباراة", "مباراته", "مباراتهما", "المباريات"),
    ("مستوى", "مستواها", "المستوى"),
]


@pytest.mark.parametrize("group", SAME_STEM_INFLECTIONS)
def test_inflections_share_one_stem(group):
    assert len(stems(group)) == 1, {word: stem(normalize(word)) for word in group}


# Words that share letters with an ending but are other words: each pair must stay apart.
DIFFERENT_WORDS = [
    ("بيان", "بي"),  # ان leaves two letters: not stripped (short stems are protected)
    ("مكان", "مك"),
    ("سكان", "سك"),
    ("أمين", "أم"),
    ("عيون", "عين"),
    ("مدين", "مد"),
    ("تفاهم", "تفا"),  # هم is part of the word when fewer than four letters would remain
    ("مساهم", "مسا"),
    ("متهم", "مت"),
    ("مهم", "م"),
    ("الراهن", "را"),
    ("تتهم", "تت"),
    ("تصويتها", "تصوي"),  # radical ت of a verbal noun
    ("التوقيت", "توقي"),
    ("بيتهم", "بي"),  # بيت: يت with too little before it
    ("الكويت", "كوي"),
    ("وقته", "وق"),  # وقت: ت with too little before it
    ("سكوتها", "سكو"),
    ("انتخاباتها", "انتخابا"),  # ات is the plural, stripped whole
    ("حكم", "بحكم"),  # no preposition stripping: بحث, بنك, لجنة begin with the same letters
]


@pytest.mark.parametrize(("word", "other"), DIFFERENT_WORDS)
def test_words_that_merely_share_letters_stay_apart(word, other):
    assert stem(normalize(word)) != stem(normalize(other))


# Common words keep the stem they had: no precision lost on frequent vocabulary.
UNCHANGED = [
    ("الحكومة", "حكوم"), ("الانتخابات", "انتخاب"), ("الرئيس", "رئيس"), ("المتحدة", "متحد"),
    ("الولايات", "ولا"), ("قانون", "قان"), ("الفلسطينيين", "فلسطين"), ("المعلمون", "معلم"),
    ("جهات", "جه"), ("لغات", "لغ"), ("مرات", "مر"), ("تصويت", "تصويت"), ("وقت", "وقت"), ("بيت", "بيت"),
    ("فهم", "فهم"), ("المتهمين", "متهم"), ("التفاهم", "تفاهم"),
]


@pytest.mark.parametrize(("word", "expected"), UNCHANGED)
def test_common_words_keep_their_stem(word, expected):
    assert stem(normalize(word)) == expected


# Nouns in اة of a two-letter stem: before a pronoun their ة is written ت, which is not the plural ات.
ALEF_TA_INFLECTIONS = [
    ("حياة", "الحياة", "حياتها", "حياته", "حياتهم", "بحياته", "لحياتهم"),
    ("وفاة", "الوفاة", "وفاته"),
    ("قناة", "القناة", "قناتها", "بقناتها"),
    ("القضاة", "قضاته", "قضاتهم"),
]


@pytest.mark.parametrize("group", ALEF_TA_INFLECTIONS)
def test_alef_ta_nouns_keep_their_alef_before_a_pronoun(group):
    assert len(stems(group)) == 1, {word: stem(normalize(word)) for word in group}


@pytest.mark.parametrize(("word", "other"), [("حياة", "حي"), ("حياتها", "الحي"), ("قواتها", "قناة")])
def test_alef_ta_nouns_stay_apart_from_shorter_words(word, other):
    assert stem(normalize(word)) != stem(normalize(other))


def test_two_letter_feminine_plurals_still_join_their_singular():
    assert stems(["قوة", "قوات", "قواتها", "القوات"]) == {"قو"}
    assert stems(["جهة", "جهات", "جهاتها"]) == {"جه"}


NISBA_NAMES = ["الحوثيون", "الحوثيين", "الحوثي", "إيران", "الإيراني", "السعودية", "السعودي", "كوباني", "الثاني"]


@pytest.mark.parametrize(("family", "term"), [
    (("الحوثيون", "الحوثيين", "الحوثي", "حوثية", "الحوثية", "للحوثيين", "والحوثيتين", "حوثيان"), "حوث"),
    (("الإيراني", "الإيرانية", "إيران", "لإيران", "الإيرانيين", "إيرانيون"), "ايران"),
    (("السعودية", "السعودي", "السعوديين", "وللسعودية"), "سعود"),
])
def test_a_protected_nisba_name_and_its_other_nisba_forms_share_one_term(family, term):
    stemmer = Stemmer(protected=NISBA_NAMES)
    assert {stemmer.stem(normalize(word)) for word in family} == {term}


def test_the_family_term_is_what_unprotected_nisba_forms_get():
    assert {Stemmer().stem(normalize(word)) for word in ("حوثية", "الحوثيتين", "حوثيات")} == {"حوث"}


@pytest.mark.parametrize(("word", "expected"), [("كوباني", "كوباني"), ("الثاني", "ثاني"), ("وكوباني", "كوباني")])
def test_a_name_in_ya_alone_is_not_read_as_a_nisba(word, expected):
    assert Stemmer(protected=NISBA_NAMES).stem(normalize(word)) == expected


def test_nisba_families_survive_a_second_protect_call():
    stemmer = Stemmer(protected=["الحوثيون"])
    stemmer.protect(["الحوثي", "طهران"])
    assert {stemmer.stem(normalize(w)) for w in ("الحوثي", "الحوثيون", "حوثية")} == {"حوث"}
    assert stemmer.stem("لطهران") == "طهران"


# "Their" (هم, هما) after a three-letter word: دولهم is دول + هم, as دولها is دول + ها.
SHORT_STEM_PRONOUN_INFLECTIONS = [
    ("الدول", "دول", "دولهم", "ودولهم", "دولهما"),
    ("العمل", "عمل", "عملهم", "وعملهم"),
    ("الأرض", "أرضهم", "أرضهما"),
    ("البلد", "بلدهم", "بلدهما"),
    ("الابن", "ابنهما", "ابنهم"),
]


@pytest.mark.parametrize("group", SHORT_STEM_PRONOUN_INFLECTIONS)
def test_their_after_a_three_letter_word_is_stripped(group):
    assert len(stems(group)) == 1, {word: stem(normalize(word)) for word in group}


@pytest.mark.parametrize(("word", "expected"), [
    # an ا before هم: part of the word (تفاهم, يساهم, مساهم, الدراهم) or of a pronoun base (كلاهما, إياهم)
    ("تفاهم", "تفاهم"), ("يساهم", "يساهم"), ("تساهم", "تساهم"), ("مساهم", "مساهم"), ("كلاهما", "كلاهما"),
    ("إياهم", "اياهم"),
    # two letters before هم: the word's own هم (متهم, درهم, مرهم)
    ("متهم", "متهم"), ("درهم", "درهم"), ("الأسهم", "اسهم"),
    # only هم and هما: كم and هن end too many words with three letters before them (متحكم, الراهن)
    ("متحكم", "متحكم"), ("يتحكم", "يتحكم"),
    # a radical ت stays (بيت, وقت)
    ("بيتهم", "بيت"), ("وقتهم", "وقت"),
])
def test_their_is_kept_where_it_belongs_to_the_word(word, expected):
    assert stem(normalize(word)) == expected


CONFUSABLE_NAMES = ["الرقة", "الأسد", "الجيزة", "علي", "طهران"]


@pytest.mark.parametrize(("word", "name"), [
    ("ورقة", "الرقة"), ("فرقة", "الرقة"), ("فاسد", "الأسد"), ("وجيزة", "الجيزة"), ("فعلي", "علي"),
])
def test_a_radical_waw_or_fa_word_is_not_a_conjunction_and_a_name(word, name):
    stemmer = Stemmer(protected=CONFUSABLE_NAMES)
    assert stemmer.stem(normalize(word)) != stemmer.stem(normalize(name))


@pytest.mark.parametrize(("word", "name"), [
    ("والرقة", "الرقة"), ("للرقة", "الرقة"), ("والأسد", "الأسد"), ("وعلي", "علي"), ("فطهران", "طهران"),
])
def test_a_conjunction_before_a_name_is_still_removed(word, name):
    stemmer = Stemmer(protected=CONFUSABLE_NAMES)
    assert stemmer.stem(normalize(word)) == stemmer.stem(normalize(name))


def test_paper_and_its_dual_share_a_stem_apart_from_raqqa():
    stemmer = Stemmer(protected=CONFUSABLE_NAMES)
    assert {stemmer.stem(normalize(w)) for w in ("ورقة", "الورقة", "الورقتين", "ورقتها")} == {"ورق"}
