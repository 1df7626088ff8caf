"""Who may delete or change what, probed through the real admin routes (issue #17): 18 routes × 3 roles = 54.

Writers edit and delete their own drafts only; the site's logo (an image a writer once uploaded) and a document
a writer filed in a password-protected collection are not theirs to replace or delete. Each probe checks the
effect (the object is still there, unchanged) as well as the answer.
"""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Page

from miftah.core.models import SiteSettings

from .factories import make_article, make_section, settled

pytestmark = pytest.mark.django_db

ROLES = {"writer": "كتّاب", "editor": "محررون", "admin": "مدراء"}
ALLOW, DENY = "allowed", "denied"

# route: (target, method, what is checked, expected for writer, editor, admin)
PROBES = {
    "page delete GET, someone else's draft": ("other_draft", "page_delete", "GET", DENY, ALLOW, ALLOW),
    "page delete POST, someone else's draft": ("other_draft", "page_delete", "POST", DENY, ALLOW, ALLOW),
    "page bulk delete POST, someone else's draft": ("other_draft", "page_bulk_delete", "POST", DENY, ALLOW, ALLOW),
    "page edit GET, someone else's draft": ("other_draft", "page_edit", "GET", DENY, ALLOW, ALLOW),
    "page delete POST, own draft": ("own_draft", "page_delete", "POST", ALLOW, ALLOW, ALLOW),
    "page delete POST, own live article": ("own_live", "page_delete", "POST", DENY, ALLOW, ALLOW),
    "image delete GET, site logo": ("logo", "image_delete", "GET", DENY, ALLOW, ALLOW),
    "image delete POST, site logo": ("logo", "image_delete", "POST", DENY, ALLOW, ALLOW),
    "image bulk delete POST, site logo": ("logo", "image_bulk_delete", "POST", DENY, ALLOW, ALLOW),
    "image multiple delete POST, site logo": ("logo", "image_multiple_delete", "POST", DENY, ALLOW, ALLOW),
    "image multiple edit POST, site logo": ("logo", "image_multiple_edit", "POST", DENY, ALLOW, ALLOW),
    "image delete POST, own unused image": ("own_image", "image_delete", "POST", ALLOW, ALLOW, ALLOW),
    # Last of the logo probes: replacing the file removes the old one from storage, outside the rollback.
    "image edit POST (new file), site logo": ("logo", "image_edit", "POST", DENY, ALLOW, ALLOW),
    "document delete GET, private collection": ("private_doc", "document_delete", "GET", DENY, ALLOW, ALLOW),
    "document delete POST, private collection": ("private_doc", "document_delete", "POST", DENY, ALLOW, ALLOW),
    "document bulk delete POST, private collection": ("private_doc", "document_bulk_delete", "POST", DENY, ALLOW, ALLOW),
    "document multiple delete POST, private collection": ("private_doc", "document_multiple_delete", "POST", DENY, ALLOW,
                                                         ALLOW),
    "document edit POST, private collection": ("private_doc", "document_edit", "POST", DENY, ALLOW, ALLOW),
}


def jpeg(color=(30, 90, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return buffer.getvalue()


def person(name, role):
    user = User.objects.create_user(name, f"{name}@example.org", "secret-pass-123")
    user.groups.add(Group.objects.get(name=ROLES[role]))
    return user


@pytest.fixture
def world(home):
    """Objects a writer must not reach (someone else's draft, the logo, a private document) and their own."""
    def build(role):
        user = person(f"prober-{role}", role)
        writer = user if role == "writer" else person("writer-who-uploaded", "writer")
        other = person("other-writer", "writer")
        section = make_section(home, "تحقيقات")
        other_draft = make_article(section, "مسودة زميل", publish=False)
        own_draft = make_article(section, "مسودتي", publish=False)
        own_live = make_article(section, "مقالي المنشور")
        Page.objects.filter(pk=other_draft.pk).update(owner=other)
        Page.objects.filter(pk__in=[own_draft.pk, own_live.pk]).update(owner=user)
        logo = Image.objects.create(title="الشعار", file=ContentFile(jpeg(), "logo.jpg"), uploaded_by_user=writer)
        settings = SiteSettings.objects.get()
        settings.logo = logo
        with settled():  # the reference index is updated after commit
            settings.save()
        own_image = Image.objects.create(title="صورتي", file=ContentFile(jpeg(), "mine.jpg"), uploaded_by_user=user)
        private = Collection.get_first_root_node().add_child(name="مصادر سرية")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="password", password="x")
        private_doc = Document.objects.create(title="وثيقة سرية", file=ContentFile(b"%PDF-1.4\n", "secret.pdf"),
                                              collection=private, uploaded_by_user=writer)
        client = Client()
        client.force_login(user)
        return client, {"other_draft": other_draft, "own_draft": own_draft, "own_live": own_live, "logo": logo,
                        "own_image": own_image, "private_doc": private_doc, "section": section}
    return build


def probe(client, action, method, target, objects):
    """Send the request; return (response, did it take effect)."""
    pk, model = target.pk, type(target)
    urls = {
        "page_delete": f"/admin/pages/{pk}/delete/",
        "page_edit": f"/admin/pages/{pk}/edit/",
        "page_bulk_delete": f"/admin/bulk/wagtailcore/page/delete/?id={pk}&childOf={objects['section'].pk}",
        "image_delete": f"/admin/images/{pk}/delete/",
        "image_bulk_delete": f"/admin/bulk/wagtailimages/image/delete/?id={pk}",
        "image_multiple_delete": f"/admin/images/multiple/{pk}/delete/",
        "image_edit": f"/admin/images/{pk}/",
        "image_multiple_edit": f"/admin/images/multiple/{pk}/",
        "document_delete": f"/admin/documents/delete/{pk}/",
        "document_bulk_delete": f"/admin/bulk/wagtaildocs/document/delete/?id={pk}",
        "document_multiple_delete": f"/admin/documents/multiple/{pk}/delete/",
        "document_edit": f"/admin/documents/edit/{pk}/",
    }
    url = urls[action]
    if method == "GET":
        response = client.get(url)
        return response, response.status_code == 200
    data = {}
    if action == "image_edit":
        data = {"title": "شعار مشوَّه", "collection": target.collection_id,
                "file": ContentFile(jpeg((250, 0, 0)), "defaced.jpg")}
    elif action == "image_multiple_edit":
        data = {f"image-{pk}-title": "شعار مشوَّه", f"image-{pk}-collection": target.collection_id}
    elif action == "document_edit":
        data = {"title": "وثيقة مشوَّهة", "collection": target.collection_id}
    response = client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"} if "multiple" in action else {})
    current = model.objects.filter(pk=pk).first()
    if action.endswith("delete"):
        return response, current is None
    return response, current.title != target.title


@pytest.mark.parametrize("role", ROLES)
def test_permission_probes(world, role):
    """All 18 routes for one role; each probe is rolled back, so every one meets the same objects."""
    client, objects = world(role)
    column = list(ROLES).index(role)
    outcomes, expected = {}, {}
    for route, (target, action, method, *by_role) in PROBES.items():
        with transaction.atomic():
            response, took_effect = probe(client, action, method, objects[target], objects)
            transaction.set_rollback(True)
        # Refused as Wagtail refuses: a redirect with a message, a 403, or (bulk actions) the item left out.
        assert response.status_code < 500, f"{route}: {response.status_code}"
        outcomes[route] = ALLOW if took_effect else DENY
        expected[route] = by_role[column]
    assert outcomes == expected


def test_there_are_54_probes():
    assert len(PROBES) * len(ROLES) == 54


def test_a_writer_still_works_in_the_admin(world):
    """The narrower role still lists, chooses and edits what is the writer's own."""
    client, objects = world("writer")
    for url in ("/admin/", "/admin/pages/", f"/admin/pages/{objects['section'].pk}/", "/admin/images/",
                "/admin/documents/", "/admin/images/chooser/", f"/admin/pages/{objects['own_draft'].pk}/edit/",
                f"/admin/images/{objects['own_image'].pk}/"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/admin/pages/{objects['section'].pk}/add_subpage/").status_code == 200
