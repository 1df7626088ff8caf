"""The proxy purge against a real Varnish running the shipped VCL: PURGE of a URL and BAN by cache tag remove the
cached copies (and only those), strangers may not purge, and a publish queues the purge that reaches Varnish."""

import http.client
import json

import pytest
from django.test import override_settings

from miftah.edge.backends import PurgeFailed, VarnishBackend, checked_tags
from miftah.edge.purge import purge_everywhere

from .servers import Recorder, Varnish, _Origin, serve


@pytest.fixture(scope="module")
def origin():
    server = serve(_Origin)
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def varnish(origin):
    proxy = Varnish(origin.server_address[1])
    yield proxy
    proxy.stop()


def get(proxy, path, method="GET", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
    connection.request(method, path, headers={"Host": "news.example", **(headers or {})})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response.getheader("X-Cache"), body


def test_a_purge_removes_that_url_only(varnish):
    for path in ("/a/", "/b/"):
        get(varnish, path)
        assert get(varnish, path)[1] == "hit"
    VarnishBackend({"LOCATION": varnish.url}).purge("http://news.example/a/")
    status, cache, body = get(varnish, "/a/")
    assert (status, cache) == (200, "miss") and body.endswith("fetch 2")
    assert get(varnish, "/b/")[1] == "hit"


def test_a_ban_by_tag_removes_the_pages_that_carry_it(varnish):
    for path in ("/c/?tags=site+page:12", "/d/?tags=site+page:13", "/e/?tags=site+page:120"):
        get(varnish, path)
        assert get(varnish, path)[1] == "hit"
    VarnishBackend({"LOCATION": varnish.url}).ban_tags({"page:12"})
    assert get(varnish, "/c/?tags=site+page:12")[1] == "miss"
    assert get(varnish, "/d/?tags=site+page:13")[1] == "hit"
    assert get(varnish, "/e/?tags=site+page:120")[1] == "hit"  # whole tags only: page:12 is not page:120
    VarnishBackend({"LOCATION": varnish.url}).ban_tags({"site"})
    assert get(varnish, "/d/?tags=site+page:13")[1] == "miss"


def test_tags_reach_the_proxy_but_not_the_reader(varnish):
    status, _, _ = get(varnish, "/f/")
    connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=5)
    connection.request("GET", "/f/", headers={"Host": "news.example"})
    response = connection.getresponse()
    response.read()
    assert status == 200
    # 127.0.0.1 is a purger here, so it sees the tags; the next test's proxy hides them from a stranger.
    assert response.getheader("X-Miftah-Tags").split() == ["site"]


def test_a_tag_that_is_not_a_tag_is_refused_by_both_sides(varnish):
    with pytest.raises(ValueError):
        checked_tags({'site" || obj.status ~ "'})
    status, _, _ = get(varnish, "/", method="BAN", headers={"X-Miftah-Ban": ".*"})
    assert status == 400


def test_strangers_may_not_purge_or_ban(origin):
    proxy = Varnish(origin.server_address[1], purger="192.0.2.1")
    try:
        get(proxy, "/g/")
        assert get(proxy, "/g/", method="PURGE")[0] == 405
        assert get(proxy, "/", method="BAN", headers={"X-Miftah-Ban": "site"})[0] == 405
        assert get(proxy, "/g/")[1] == "hit"
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
        connection.request("GET", "/g/", headers={"Host": "news.example"})
        assert connection.getresponse().getheader("X-Miftah-Tags") is None
        with pytest.raises(PurgeFailed):
            VarnishBackend({"LOCATION": proxy.url}).purge("http://news.example/g/")
    finally:
        proxy.stop()


def test_documents_are_never_served_from_the_bucket(varnish, origin):
    assert get(varnish, "/media/documents/secret.pdf")[0] == 404
    for sneaky in ("/media/%64ocuments/secret.pdf", "/media/%2E%2E/other-bucket/x", "/media/images/../documents/a",
                   "/media/", "/media//documents/a"):
        assert get(varnish, sneaky)[0] == 404, sneaky
    get(varnish, "/media/images/listed.png?list-type=2")
    assert "/bucket/images/listed.png" in origin.RequestHandlerClass.counts  # the query string never reaches S3
    assert get(varnish, "/media/images/x.png")[0] == 200  # the origin stands in for the bucket here


def test_a_publish_queues_the_purge_and_it_reaches_varnish(varnish, home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_section

    section = make_section(home, "سياسة", "siyasa")
    cached = "/x/?tags=site+home"
    get(varnish, cached)
    assert get(varnish, cached)[1] == "hit"
    with override_settings(WAGTAILFRONTENDCACHE={"v": {"BACKEND": "miftah.edge.backends.VarnishBackend",
                                                      "LOCATION": varnish.url}},
                           MIFTAH_BASE_URL="http://news.example"):
        with django_capture_on_commit_callbacks(execute=True):
            make_article(section, title="خبر عاجل", slug="khabar")
    assert get(varnish, cached)[1] == "miss"  # the test settings run tasks at once ("immediate")


def test_cdn_backends_send_url_and_tag_purges_to_the_api():
    api = serve(Recorder)
    base = f"http://127.0.0.1:{api.server_address[1]}"
    try:
        backends = {
            "cloudflare": {"BACKEND": "miftah.edge.backends.CloudflareBackend", "ZONEID": "zone1",
                           "BEARER_TOKEN": "cf-token", "API_BASE": base},
            "bunny": {"BACKEND": "miftah.edge.backends.BunnyBackend", "PULL_ZONE_ID": "42",
                      "ACCESS_KEY": "bunny-key", "API_BASE": base},
        }
        with override_settings(WAGTAILFRONTENDCACHE=backends):
            done = purge_everywhere(["page:7", "site"], ["http://news.example/a/"])
        assert done == {"cloudflare": {"urls": 1, "tags": 2}, "bunny": {"urls": 1, "tags": 2}}
        assert {"files": ["http://news.example/a/"]} in [r["json"] for r in api.requests]
        tag_calls = [r for r in api.requests if r["json"] and "tags" in r["json"]]
        assert tag_calls[0]["path"] == "/zones/zone1/purge_cache"
        assert tag_calls[0]["json"] == {"tags": ["page:7", "site"]}
        assert tag_calls[0]["headers"]["authorization"] == "Bearer cf-token"
        bunny = [r for r in api.requests if r["headers"].get("accesskey") == "bunny-key"]
        assert bunny[0]["path"] == "/purge?url=http%3A%2F%2Fnews.example%2Fa%2F"
        assert [r["json"] for r in bunny[1:]] == [{"CacheTag": "page:7"}, {"CacheTag": "site"}]
    finally:
        api.shutdown()


def test_the_environment_configures_the_backends():
    from miftah.edge.config import cdn_tags_header, frontend_cache_backends

    env = {"MIFTAH_VARNISH_URLS": "http://10.0.0.5:6081, http://10.0.0.6:6081", "MIFTAH_CLOUDFLARE_ZONE_ID": "z",
           "MIFTAH_CLOUDFLARE_TOKEN": "t", "MIFTAH_CLOUDFRONT_DISTRIBUTION_ID": "E1", "MIFTAH_BUNNY_PULL_ZONE_ID": "9",
           "MIFTAH_BUNNY_ACCESS_KEY": "k"}
    backends = frontend_cache_backends(env)
    assert json.loads(json.dumps(backends))["varnish1"]["LOCATION"] == "http://10.0.0.6:6081"
    assert {b["BACKEND"].rsplit(".", 1)[1] for b in backends.values()} == {
        "VarnishBackend", "CloudflareBackend", "CloudfrontBackend", "BunnyBackend"}
    assert frontend_cache_backends({}) == {}
    assert cdn_tags_header(env) == "Cache-Tag" and cdn_tags_header({}) == ""


def test_a_configured_cdn_gets_the_tags_in_its_own_header(home, client, settings):
    from miftah.news.tests.factories import make_article, make_section, settled

    with settled():
        make_article(make_section(home, "اقتصاد", "iqtisad"), title="خبر", slug="khabar-cdn")
    settings.MIDDLEWARE = ["miftah.edge.middleware.CdnTagsMiddleware", *settings.MIDDLEWARE]
    settings.MIFTAH_CDN_TAGS_HEADER = "Cache-Tag"
    for _ in range(2):  # built, then from the page cache
        response = client.get("/iqtisad/khabar-cdn/")
        assert response.status_code == 200
        assert "site" in response["Cache-Tag"].split(",")
        assert response["Cache-Tag"] == ",".join(response["X-Miftah-Tags"].split())


def test_an_unreachable_proxy_fails_the_purge_after_retries_but_the_others_are_purged(varnish):
    get(varnish, "/h/")
    assert get(varnish, "/h/")[1] == "hit"
    backends = {"gone": {"BACKEND": "miftah.edge.backends.VarnishBackend", "LOCATION": "http://127.0.0.1:1"},
                "here": {"BACKEND": "miftah.edge.backends.VarnishBackend", "LOCATION": varnish.url}}
    with override_settings(WAGTAILFRONTENDCACHE=backends), pytest.raises(PurgeFailed, match="gone"):
        purge_everywhere([], ["http://news.example/h/"])
    assert get(varnish, "/h/")[1] == "miss"
