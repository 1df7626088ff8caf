"""The old-URL keys' shortcut gives exactly what the full computation gives (``lookup_keys`` on real cases and on
generated paths); the revision-content shortcut is checked against ``serializable_data()`` in test_importer."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miftah.wordpress import legacy_urls

ARABIC = "%d8%a7%d9%86%d8%aa%d8%ae%d8%a7%d8%a8%d8%a7%d8%aa"
PATHS = [
    "/?p=10", "/?p=10&utm_source=x", f"/2024/03/01/{ARABIC}/", f"/2024/03/01/{ARABIC.upper()}/", f"/{ARABIC}/feed/",
    "/2024/03/01/انتخابات/", "/hello-world/", "/blog/2024/03/hello_world.html", f"/{ARABIC[:-3]}/",  # cut mid-character
    "/%d9/", "/a%2Fb/", "/a%20b/", "/a b/", "/a;p=1/", "/%7Euser/", "/", "", " /padded/ ", "/x#frag",
    "/" + ARABIC * 20 + "/",  # longer than Redirect.old_path
]
SEGMENT = st.lists(st.one_of(
    st.sampled_from(["a", "Z", "9", "-", "_", ".", "~", "%d8", "%a7", "%D9", "%86", "%2F", "%20", "%25", "%", ";", " ",
                     "ا", "é", "?", "&", "=", "#"]),
    st.text(alphabet="abc/-", max_size=3)), max_size=12).map("".join)


def full_keys(raw):
    return legacy_urls._lookup_keys_in_full(raw, legacy_urls.Redirect.normalise_path(raw))


@pytest.mark.parametrize("raw", PATHS)
def test_lookup_keys_match_the_full_computation(raw):
    assert legacy_urls.lookup_keys(raw) == full_keys(raw)


def test_cut_character_needs_both_forms():
    assert len(legacy_urls.lookup_keys(f"/{ARABIC[:-3]}/")) == 2
    assert legacy_urls.lookup_keys(f"/2024/03/01/{ARABIC}/") == ["/2024/03/01/انتخابات"]


@settings(max_examples=400, deadline=None)
@given(SEGMENT)
def test_lookup_keys_property(tail):
    raw = "/" + tail
    assert legacy_urls.lookup_keys(raw) == full_keys(raw)
