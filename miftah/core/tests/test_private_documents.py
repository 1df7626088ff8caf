"""Documents in a password-protected collection are never downloadable anonymously, by /documents/ or /media/."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

SECRET = b"%PDF-1.4 the source's leaked memo"
PUBLIC = b"%PDF-1.4 the public report"


def _document(title, content, collection):
    document = get_document_model()(title=title, collection=collection)
    document.file.save(f"{title}.pdf", ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture
def documents(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="وثائق التحقيق")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="kalima")
    return _document("memo", SECRET, private), _document("report", PUBLIC, root)


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_private_document_is_not_served_by_either_url(client, documents):
    secret, _ = documents
    response = client.get(secret.url)  # /documents/<id>/memo.pdf: the collection's password form
    assert SECRET not in _body(response)
    assert response.status_code == 200 and 'type="password"' in response.content.decode()
    name = secret.file.name  # documents/memo.pdf
    for path in (name, f"./{name}", f"x/../{name}"):
        response = client.get(f"/media/{path}")
        assert response.status_code == 404, path
        assert SECRET not in _body(response)


def test_public_document_still_downloads_through_wagtail(client, documents):
    _, public = documents
    response = client.get(public.url)
    assert response.status_code == 200
    assert _body(response) == PUBLIC
    assert client.get(f"/media/{public.file.name}").status_code == 404  # only one way to a document


def test_other_media_are_still_served(client, db):
    from miftah.news.tests.factories import make_image

    image = make_image()
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
