"""What a site is, for comparing it before a backup and after a restore: the page tree, revisions, accounts and
groups, images with their renditions, documents (file checksums) and the answers of the Arabic search.

Run in the test process (before) and inside the restored install (`miftah shell -c`, after); both print the same
JSON for the same site.
"""

import hashlib
import json

QUERIES = ("ميليشيات", "الحدود", "موانئ", "الطاقه")


def _checksum(field):
    with field.storage.open(field.name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def snapshot():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from miftah.search.engine import search

    pages = []
    for page in Page.objects.order_by("path").select_related("latest_revision", "content_type"):
        latest = page.latest_revision
        pages.append([page.url_path, page.title, page.draft_title, page.live, page.has_unpublished_changes,
                      page.content_type.model, page.revisions.count(),
                      json.dumps(latest.content, sort_keys=True, ensure_ascii=False) if latest else None])
    users = [[user.username, user.email, user.password, user.is_superuser,
              sorted(user.groups.values_list("name", flat=True))]
             for user in get_user_model().objects.order_by("username")]
    groups = [[group.name, sorted(group.permissions.values_list("codename", flat=True))]
              for group in Group.objects.order_by("name")]
    images = [[image.title, image.file.name, image.width, image.height, _checksum(image.file),
               sorted([r.filter_spec, r.file.name, _checksum(r.file)] for r in image.renditions.all())]
              for image in get_image_model().objects.order_by("file")]
    documents = [[doc.title, doc.file.name, _checksum(doc.file)] for doc in get_document_model().objects.order_by("file")]
    paths = dict(Page.objects.values_list("id", "url_path"))
    found = {query: [paths[page_id] for page_id, _ in search(query).hits] for query in QUERIES}
    return {"pages": pages, "users": users, "groups": groups, "images": images, "documents": documents,
            "search": found, "tree_problems": [len(problem) for problem in Page.find_problems()]}


PRINT = "import json; from miftah.backup.tests.site_snapshot import snapshot; print(json.dumps(snapshot()))"
