"""The proof: a real site backed up, then restored onto an empty install in another process, is the same site.

Runs on the suite's database (SQLite or PostgreSQL): the site is built and committed in the test database, backed up
sealed to a fresh key pair, and restored by `python -m miftah.cli restore` into a new data folder (SQLite) or a new
PostgreSQL database made for the test. Page tree, revisions, accounts and groups, images with renditions (checksums),
documents and Arabic search answers must match. Then, inside the restored site, a thread publishes pages while
backups are taken: each archive checks out and the last one, restored onto a third install, has a sound page tree
holding every page committed before it began. (Refusals of bad archives: test_refusals.py.)
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model

from miftah.backup import crypto
from miftah.backup.tests.site_snapshot import snapshot
from miftah.worker.tests.test_processes import Install

pytestmark = pytest.mark.processes

WRITE_WHILE_BACKING_UP = """
import json, tempfile, threading, time
from miftah.backup.tests.site_snapshot import snapshot
snapshot_before_writes = snapshot()
from pathlib import Path
from django.db import close_old_connections, connection, transaction
from miftah.backup.archive import make_backup, read_archive
from miftah.news.models import ArticlePage, SectionPage
from miftah.news.tests.factories import paragraphs

section = SectionPage.objects.get(slug="economy")
stop, written, errors = threading.Event(), [], []

def write():
    n = 0
    while not stop.is_set():
        n += 1
        try:
            with transaction.atomic():  # one page, its revision and its publication: all or nothing
                page = ArticlePage(title=f"خبر متزامن {n}", slug=f"concurrent-{n}", body=paragraphs("نص"), live=False)
                SectionPage.objects.get(pk=section.pk).add_child(instance=page)
                page.save_revision().publish()
            written.append(n)
        except Exception as error:
            errors.append(repr(error))
    close_old_connections()

writer = threading.Thread(target=write)
writer.start()
while len(written) < 3 and writer.is_alive():
    time.sleep(0.05)
folder, archives, before = Path(tempfile.mkdtemp()), [], []
for second in range(3):
    before.append(len(written))
    archives.append(str(make_backup(folder, now=__import__("datetime").datetime(2026, 1, 1, 0, 0, second,
                                                                                 tzinfo=__import__("datetime").timezone.utc))))
    time.sleep(0.3)
stop.set()
writer.join()
for archive in archives:  # every archive reads back whole, checksums and all
    read_archive(archive, tempfile.mkdtemp())
print(json.dumps({"archives": archives, "before": before, "written": len(written), "errors": errors,
                  "snapshot": snapshot_before_writes}))
"""

COUNT_CONCURRENT = """
import json
from wagtail.models import Page
from miftah.news.models import ArticlePage
pages = ArticlePage.objects.filter(slug__startswith="concurrent-")
print(json.dumps({"pages": pages.count(), "without_revision": pages.filter(live_revision__isnull=True).count(),
                  "problems": [len(p) for p in Page.find_problems()]}))
"""


@pytest.fixture
def committed_site(committed_newsroom, django_capture_on_commit_callbacks):
    """The newsroom with more of what a site holds: a draft, a published page with a newer draft revision, images with
    renditions, a document, accounts and groups."""
    from miftah.news.tests.factories import make_article, make_image

    site = committed_newsroom
    with django_capture_on_commit_callbacks(execute=True):
        make_article(site["sections"]["economy"], "مسودة عن أسواق الطاقة", body=("مسودة لم تنشر.",), publish=False)
        edited = site["articles"][1]
        edited.title = "الحكومة تناقش خطة الحدود (مسودة معدلة)"
        edited.save_revision()
    site["hero"].get_rendition("fill-300x200")
    site["hero"].get_rendition("width-800|format-webp")
    make_image("صورة ثانية", size=(400, 300)).get_rendition("max-200x200")
    get_document_model().objects.create(title="تقرير سري", file=ContentFile(b"%PDF-1.4 report", name="report.pdf"))
    reporters = Group.objects.create(name="مراسلون")
    reporters.permissions.add(Permission.objects.get(codename="access_admin"))
    layla = get_user_model().objects.create_user("layla", "layla@example.org", "كلمة-سر-طويلة-1")
    layla.groups.add(reporters, Group.objects.get(name="محررون"))
    get_user_model().objects.create_superuser("admin", "admin@example.org", "كلمة-سر-طويلة-2")
    return site


def test_backup_restores_the_same_site_on_an_empty_install(committed_site, tmp_path, settings):
    base_url = settings.DATA_DIR / "base_url"
    base_url.write_text("https://news.example.org\n")
    private, public = crypto.new_key_pair()
    (tmp_path / "newsroom.key").write_text(private)
    installs = []
    try:
        before = snapshot()
        assert len(before["images"]) == 2 and len(before["documents"]) == 1 and before["search"]["ميليشيات"]
        assert any(not live for _, _, _, live, *_ in before["pages"])  # the draft
        settings.MIFTAH_BACKUP_PUBLIC_KEY = public
        call_command("backup", to=str(tmp_path / "backups"), stdout=io.StringIO())
        (archive,) = (tmp_path / "backups").iterdir()
        assert archive.name.endswith(".tar.sealed") and archive.read_bytes().startswith(crypto.MAGIC)
        assert b"layla@example.org" not in archive.read_bytes()  # sealed: nothing readable without the key

        restored = Install(tmp_path / "restored")
        installs.append(restored)
        restored.manage("restore", str(archive), "--key", str(tmp_path / "newsroom.key"))
        # The restored site as it came back, then backups while a thread publishes pages there (plain archives).
        written = restored.python(WRITE_WHILE_BACKING_UP)
        after = written["snapshot"]
        for part in before:
            assert after[part] == before[part], part
        assert after["tree_problems"] == [0, 0, 0, 0, 0]
        data = tmp_path / "restored"
        assert (data / "base_url").read_text() == "https://news.example.org\n"
        assert (data / "secret_key").read_text() == (settings.DATA_DIR / "secret_key").read_text()

        assert written["errors"] == [] and written["written"] > written["before"][-1] >= 3
        third = Install(tmp_path / "third")
        installs.append(third)
        third.manage("restore", written["archives"][-1])
        counted = third.python(COUNT_CONCURRENT)
        assert counted["problems"] == [0, 0, 0, 0, 0] and counted["without_revision"] == 0
        assert written["before"][-1] <= counted["pages"] <= written["written"]
    finally:
        base_url.unlink(missing_ok=True)
        for install in installs:
            install.drop()
