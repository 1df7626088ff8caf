"""How the shipped VCL (deploy/varnish/miftah.vcl) delivers a cached page, against a real Varnish: a client that
accepts gzip and one that does not each get a stored copy in their encoding, sent as stored — no gunzip on a hit
(varnishstat's MAIN.n_gunzip stays 0), which cost Varnish most of its speed for such clients (docs/deploy.md, Speed)."""

import gzip
import http.client

import pytest

from .servers import Varnish, _Origin, serve


@pytest.fixture(scope="module")
def varnish():
    origin = serve(_Origin)
    proxy = Varnish(origin.server_address[1])
    yield proxy
    proxy.stop()
    origin.shutdown()


def get(proxy, path, accept_encoding=None):
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
    connection.request("GET", path, headers={"Host": "news.example",
                                             **({"Accept-Encoding": accept_encoding} if accept_encoding else {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize("path", ["/gz/article/", "/gz/home/"])
def test_each_encoding_is_stored_once_and_delivered_as_stored(varnish, path):
    before = varnish.counters()
    seen = {}
    for accept in (None, "gzip, deflate, br", "identity", "br", "gzip"):
        for _ in range(3):
            response, body = get(varnish, path, accept)
        seen[accept] = (response.getheader("X-Cache"), response.getheader("Content-Encoding"), body)
    after = varnish.counters()
    assert {x_cache for x_cache, _, _ in seen.values()} == {"hit"}
    text = gzip.decompress(seen["gzip"][2])
    assert seen["gzip, deflate, br"][1:] == ("gzip", seen["gzip"][2])
    for accept in (None, "identity", "br"):
        assert seen[accept][1] is None and seen[accept][2] == text  # the same page, as the app sent it
    assert after["MAIN.n_gunzip"] - before["MAIN.n_gunzip"] == 0
    assert after["MAIN.cache_miss"] - before["MAIN.cache_miss"] == 2  # one fetch per encoding
    assert "نص المقال" in text.decode()


def test_a_purge_removes_both_encodings_of_the_url(varnish):
    from miftah.edge.backends import VarnishBackend

    for accept in ("gzip", None):
        get(varnish, "/gz/purged/", accept)
        assert get(varnish, "/gz/purged/", accept)[0].getheader("X-Cache") == "hit"
    VarnishBackend({"LOCATION": varnish.url}).purge("http://news.example/gz/purged/")
    for accept in ("gzip", None):
        assert get(varnish, "/gz/purged/", accept)[0].getheader("X-Cache") == "miss"
