import pytest

from miftah.wordpress.text import clean_slug, clean_title, decoded_slug

TITLES = [
    ('"The Road \u202eNot\u202c Taken" by Rob\u202dert', '"The Road Not Taken" by Robert'),
    ("\ufeffعاجل: \u200bانفجار", "عاجل: انفجار"),
    ("\u2066مصر\u2069 تفوز", "مصر تفوز"),
    ("خبر\u2028جديد\u00a0اليوم", "خبر جديد اليوم"),
    ("مي\u200cخواهم", "مي\u200cخواهم"),                        # ZWNJ inside a word is kept
    ("\u200cبداية \u200d", "بداية"),                             # joiners at edges are dropped
    ("👨\u200d👩\u200d👧 عائلة", "👨\u200d👩\u200d👧 عائلة"),       # emoji ZWJ sequence kept
    ("(CNN)\u200f عربية", "(CNN)\u200f عربية"),                  # RLM kept in titles
    ("a\u2061b\u2063c\u00adz", "abcz"),
    ("tab\tand\r\nnewline", "tab and newline"),
    ("e\u0301", "\u00e9"),                                       # NFC
    ("", ""),
]

SLUGS = [
    ("hello-w\u202eorld\u202c-utf8-💫-test", "hello-world-utf8-💫-test"),
    ("\ufeffbr\u200beaking", "breaking"),
    ("admin\u200c\u200b\u200d\u200e", "admin"),
    ("%d8%ae%d8%a8%d8%b1", "%d8%ae%d8%a8%d8%b1"),
]

DECODED = [
    ("%d8%ae%d8%a8%d8%b1-%d8%a3%d9%88%d9%84", "خبر-أول"),
    ("%D8%AE%D8%A8%D8%B1", "خبر"),
    ("%d8%ae%d8%a8%d8", "خب"),             # cut inside a UTF-8 sequence at the 200-char cap
    ("%d8%ae%d8%a8%d8%b1-%d8%a", "خبر"),   # cut inside an escape
    ("news-%e2%80%ae-today", "news--today"),  # encoded RLO removed after decoding
    ("Plain-ASCII", "plain-ascii"),
    ("", ""),
]


@pytest.mark.parametrize("raw, expected", TITLES)
def test_clean_title(raw, expected):
    assert clean_title(raw) == expected


@pytest.mark.parametrize("raw, expected", SLUGS)
def test_clean_slug(raw, expected):
    assert clean_slug(raw) == expected


@pytest.mark.parametrize("raw, expected", DECODED)
def test_decoded_slug(raw, expected):
    assert decoded_slug(raw) == expected
