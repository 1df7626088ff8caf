"""The CloudFront backend against moto's standalone server (a real HTTP process speaking CloudFront's API,
CreateInvalidation included; AWS is not reachable from here): a purge sends one invalidation of the changed paths, a
tag retirement one of `/*`, and an invalidation CloudFront refuses fails the purge (so the task retries it)."""

import pytest
from django.test import override_settings

from miftah.edge import purge
from miftah.edge.backends import PurgeFailed
from miftah.edge.purge import purge_everywhere

from .servers import MotoServer

DISTRIBUTION = {
    "CallerReference": "miftah-test", "Comment": "Miftah", "Enabled": True,
    "Origins": {"Quantity": 1, "Items": [{"Id": "varnish", "DomainName": "edge.news.example",
                                          "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                                                 "OriginProtocolPolicy": "http-only"}}]},
    "DefaultCacheBehavior": {"TargetOriginId": "varnish", "ViewerProtocolPolicy": "redirect-to-https",
                             "MinTTL": 0, "ForwardedValues": {"QueryString": True, "Cookies": {"Forward": "none"}},
                             "TrustedSigners": {"Enabled": False, "Quantity": 0}},
}


@pytest.fixture
def cloudfront(monkeypatch):
    server = MotoServer()
    # boto3's own variables, as an operator sets them (the endpoint only for this test server).
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    yield server.client("cloudfront")
    server.stop()


def invalidated_paths(client, distribution):
    listed = client.list_invalidations(DistributionId=distribution)["InvalidationList"].get("Items") or []
    return sorted(sorted(client.get_invalidation(DistributionId=distribution, Id=item["Id"])
                         ["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]) for item in listed)


def test_a_purge_sends_cloudfront_invalidations(cloudfront):
    distribution = cloudfront.create_distribution(DistributionConfig=DISTRIBUTION)["Distribution"]["Id"]
    backends = {"cloudfront": {"BACKEND": "miftah.edge.backends.CloudfrontBackend", "DISTRIBUTION_ID": distribution}}
    with override_settings(WAGTAILFRONTENDCACHE=backends):
        done = purge_everywhere(["page:7", "site"], ["http://news.example/akhbar/a/", "http://news.example/?page=2"])
    assert done == {"cloudfront": {"urls": 2, "tags": 2}}
    assert invalidated_paths(cloudfront, distribution) == [["/*"], ["/?page=2", "/akhbar/a/"]]


def test_an_invalidation_cloudfront_refuses_fails_the_purge(cloudfront, monkeypatch):
    monkeypatch.setattr(purge, "ATTEMPT_DELAYS", (0.01,))
    backends = {"cloudfront": {"BACKEND": "miftah.edge.backends.CloudfrontBackend", "DISTRIBUTION_ID": "ENOSUCH"}}
    with override_settings(WAGTAILFRONTENDCACHE=backends), pytest.raises(PurgeFailed, match="ENOSUCH"):
        purge_everywhere([], ["http://news.example/akhbar/a/"])
