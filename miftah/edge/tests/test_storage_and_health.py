"""Media on S3-compatible storage (moto's standalone server: a real HTTP S3 API process, since no S3 server can be
installed here), /readyz, and the psycopg pool settings."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.test import override_settings
from django.utils.functional import empty

from miftah.edge.config import database_pool, media_storage

from .servers import MotoS3


@pytest.fixture(scope="module")
def s3():
    server = MotoS3()
    server.client().create_bucket(Bucket="media-test")
    yield server
    server.stop()


@pytest.fixture
def s3_media(s3, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    settings.STORAGES = {**settings.STORAGES,
                         "default": media_storage(f"s3://media-test/site?endpoint_url={s3.url}&region=us-east-1")}
    settings.MEDIA_URL = "https://cdn.example/media/"
    forget_default_storage()
    yield s3
    forget_default_storage()


def forget_default_storage():
    """Django keeps the default storage once made; a test that changes STORAGES makes it again."""
    storages._storages.pop("default", None)
    default_storage._wrapped = empty


def keys(s3):
    return sorted(item["Key"] for item in s3.client().list_objects_v2(Bucket="media-test").get("Contents", []))


def test_media_storage_url_parses_to_django_storages_options():
    storage = media_storage("s3://bucket/some/prefix?endpoint_url=http://10.0.0.20:9000&region=eu-west-1")
    assert storage["BACKEND"] == "miftah.edge.storage.MediaStorage"
    assert storage["OPTIONS"] == {"bucket_name": "bucket", "location": "some/prefix",
                                  "endpoint_url": "http://10.0.0.20:9000", "region_name": "eu-west-1",
                                  "addressing_style": "path", "querystring_auth": False, "file_overwrite": False}
    with pytest.raises(ValueError):
        media_storage("https://bucket.example/")


def test_an_image_and_its_rendition_go_to_the_bucket_and_are_addressed_at_media_url(s3_media, db):
    from miftah.news.tests.factories import make_image

    image = make_image("صورة في الدلو")
    rendition = image.get_rendition("width-480|format-webp")
    stored = keys(s3_media)
    assert f"site/{image.file.name}" in stored
    assert f"site/{rendition.file.name}" in stored
    assert rendition.url == f"https://cdn.example/media/{rendition.file.name}"
    body = s3_media.client().get_object(Bucket="media-test", Key=f"site/{rendition.file.name}")["Body"].read()
    assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"


def test_names_are_never_overwritten(s3_media):
    first = default_storage.save("images/same.txt", ContentFile(b"one"))
    second = default_storage.save("images/same.txt", ContentFile(b"two"))
    assert first != second
    assert default_storage.open(first).read() == b"one"


def test_readyz_names_what_is_down(client, db, s3_media):
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["status"] == "ok"
    assert answer["Cache-Control"] == "no-store"
    from miftah.core.redis_cache import _Outage
    from miftah.settings import redis_caches

    _Outage.reset()
    with override_settings(CACHES=redis_caches("redis://127.0.0.1:1/3")):
        answer = client.get("/readyz")
    _Outage.reset()
    assert answer.status_code == 503
    assert answer.json()["cache"].startswith("down") and answer.json()["database"] == "ok"


def test_readyz_fails_when_the_bucket_is_unreachable(client, db, settings):
    settings.STORAGES = {**settings.STORAGES,
                         "default": media_storage("s3://gone?endpoint_url=http://127.0.0.1:1&region=us-east-1")}
    forget_default_storage()
    try:
        answer = client.get("/readyz")
    finally:
        forget_default_storage()
    assert answer.status_code == 503 and answer.json()["storage"].startswith("down")


def test_the_pool_is_configured_from_the_environment():
    postgres = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 60, "OPTIONS": {}}
    pooled = database_pool(postgres, {"DB_POOL_MAX_SIZE": "12", "DB_POOL_MIN_SIZE": "2"})
    assert pooled["CONN_MAX_AGE"] == 0
    assert pooled["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 12, "timeout": 10.0}
    assert database_pool(postgres, {}) is postgres
    sqlite = {"ENGINE": "django.db.backends.sqlite3"}
    assert database_pool(sqlite, {"DB_POOL_MAX_SIZE": "12"}) is sqlite
