"""An editor's session on one app server's configuration: reads one JSON command a line, answers one JSON line.

Runs with the same environment as app server A (same database, Redis, storage, purge settings), so a publish here
is what the admin's publish button does on A: Wagtail's `revision.publish()`, its signals, the cache-tag
announcement after commit, the purge task queued for the worker. `committed` in each answer is the wall-clock time
right after the change committed: the harness measures propagation from it.
"""

import io
import json
import os
import sys
import time


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
    import django

    django.setup()
    from django.db import close_old_connections

    commands = Commands()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        close_old_connections()
        try:
            answer = getattr(commands, request.pop("op"))(**request)
        except Exception as error:  # noqa: BLE001 - reported to the harness, which fails the check
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


class Commands:
    def seed(self, articles):
        """A section with `articles` live articles under the home page; their ids and paths."""
        from miftah.news.models import ArticlePage, HomePage, SectionPage

        home = HomePage.objects.get()
        section = home.add_child(instance=SectionPage(title="أخبار", slug="akhbar", show_in_menus=True))
        section.save_revision().publish()
        made = []
        for number in range(articles):
            body = json.dumps([{"type": "paragraph", "value": f"<p>نص المقال رقم {number} عن الانتخابات.</p>"}])
            article = section.add_child(instance=ArticlePage(title=f"مقال {number}", slug=f"maqal-{number}",
                                                             body=body))
            article.save_revision().publish()
            made.append({"id": article.pk, "path": article.get_url()})
        return {"section": section.get_url(), "home": home.get_url(), "articles": made}

    def retitle(self, id, title):
        from miftah.news.models import ArticlePage

        article = ArticlePage.objects.get(pk=id)
        article.title = title
        article.save_revision().publish()
        return {"committed": time.time()}

    def unpublish(self, id):
        from miftah.news.models import ArticlePage

        ArticlePage.objects.get(pk=id).unpublish()
        return {"committed": time.time()}

    def republish(self, id):
        from miftah.news.models import ArticlePage

        ArticlePage.objects.get(pk=id).get_latest_revision().publish()
        return {"committed": time.time()}

    def upload_image(self, id):
        """An image uploaded through Wagtail's model (as the admin's upload view saves it), set as an article's
        hero image, the article published; answers the stored file's name."""
        from django.core.files.images import ImageFile
        from PIL import Image as PILImage
        from wagtail.images import get_image_model

        from miftah.news.models import ArticlePage

        buffer = io.BytesIO()
        PILImage.new("RGB", (1600, 900), (200, 40, 40)).save(buffer, "PNG")
        image = get_image_model()(title="صورة من الخادم أ")
        image.file = ImageFile(buffer, name="scaleout.png")
        image.save()
        article = ArticlePage.objects.get(pk=id)
        article.hero_image = image
        article.save_revision().publish()
        from django.core.files.storage import storages

        return {"committed": time.time(), "name": image.file.name, "storage": type(storages["default"]).__name__}

    def queue_idle(self):
        from django_tasks_db.models import DBTaskResult

        return {"idle": not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()}

    def purges_pending(self):
        from django_tasks_db.models import DBTaskResult

        from miftah.edge.purge import purge_task

        waiting = DBTaskResult.objects.filter(task_path=purge_task.module_path, status__in=["READY", "RUNNING"])
        failed = DBTaskResult.objects.filter(task_path=purge_task.module_path, status="FAILED").count()
        return {"pending": waiting.count(), "failed": failed}


if __name__ == "__main__":
    main()
