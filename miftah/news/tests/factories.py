"""Build small real sites for tests: pages created and published the way an editor would (Wagtail's API)."""

import io
import itertools
import json
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from miftah.core.models import SiteSettings
from miftah.news.bulk import PageWriter
from miftah.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage

_counter = itertools.count(1)


def make_image(title="صورة اختبار", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (120, 40, 40)).save(buffer, "JPEG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"test-{next(_counter)}.jpg")
    image.save()
    return image


def make_home():
    """The HomePage migration news/0004 made (as on a new install), with the publisher details the tests expect."""
    home = HomePage.objects.first()
    assert home is not None, "no HomePage: after a flush, call ensure_base_data() first"
    site = Site.objects.get(root_page=home)
    SiteSettings.objects.update_or_create(
        site=site, defaults={"publisher_name": "مفتاح", "about_publisher": "منصة أخبار مستقلة (اختبار).", "date_style": "dual"}
    )
    return home


def make_section(parent, title, slug=None):
    section = parent.add_child(instance=SectionPage(title=title, slug=slug or f"section-{next(_counter)}", show_in_menus=True))
    section.save_revision().publish()
    return section


def paragraphs(*texts):
    return json.dumps([{"type": "paragraph", "value": f"<p>{t}</p>"} for t in texts], ensure_ascii=False)


def make_article(section, title, *, body=("نص المقال.",), dek="", tags=(), authors=(), publish=True, when=None,
                 hero=None, slug=None, **fields):
    page = ArticlePage(title=title, slug=slug or f"article-{next(_counter)}", dek=dek, body=paragraphs(*body),
                       hero_image=hero, **fields)
    for order, author in enumerate(authors):
        page.article_authors.add(ArticleAuthor(author=author, sort_order=order))
    if tags:
        page.tags.add(*tags)
    page.live = False  # as the admin creates pages: a draft until published
    with settled():
        section.add_child(instance=page)
        if publish:
            page.save_revision().publish()
            if when is not None:
                ArticlePage.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
        else:
            page.save_revision()
    page.refresh_from_db()
    return page


def settled():
    """Run what the transaction queued on commit (the article pipeline) when the block ends, as a real commit would.

    Tests run inside a transaction that is rolled back, so nothing queued "on commit" would ever run; the test
    settings use django-tasks' immediate backend, so the queued pipeline runs here, in order, like the worker would.
    """
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def make_author(name="كاتب الاختبار", slug=None):
    return Author.objects.create(name=name, slug=slug or f"author-{next(_counter)}")


def bulk_articles(section, count, *, author=None, tag=None, hero=None):
    """Many live articles fast, for scale tests only: written by the bulk page writer (the rows Wagtail writes, as the
    corpus loader and the WordPress import write them), without publish signals or the follow-up pipeline."""
    section.refresh_from_db()
    start = section.numchild
    now = timezone.now()
    writer = PageWriter()
    pages = []
    for i in range(count):
        n = start + i + 1
        pages.append(writer.place(ArticlePage(
            title=f"مقال رقم {n} عن الميليشيات والحكومة", draft_title=f"مقال رقم {n}", slug=f"bulk-{section.pk}-{n}",
            live=True, has_unpublished_changes=False, first_published_at=now - timedelta(minutes=n),
            last_published_at=now - timedelta(minutes=n), dek="موجز", body=paragraphs("نص"), hero_image=hero,
            reading_time=1,
        ), section))
    writer.write(pages)
    page_ids = [page.pk for page in pages]
    if author is not None:
        ArticleAuthor.objects.bulk_create(ArticleAuthor(page_id=pk, author=author, sort_order=0) for pk in page_ids)
    if tag is not None:
        ArticlePage.tags.through.objects.bulk_create(ArticlePage.tags.through(content_object_id=pk, tag=tag) for pk in page_ids)
    section.refresh_from_db()


def ensure_base_data():
    """Recreate what migrations put in a new database (locale, root page and collection, roles, workflow, home page,
    the starter knowledge base).

    A transactional test (the live-server browser tests) ends with a flush that empties every table; this puts back
    the rows a site needs before such a test builds its own content. The home page comes from the function migration
    news/0004 uses, so it is the same page a new install has.
    """
    import importlib

    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale

    from miftah.news.site_root import create_home

    if Page.get_first_root_node() is not None:
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    Page.add_root(instance=Page(title="Root", slug="root", locale=locale, url_path="/"))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    importlib.import_module("miftah.news.migrations.0002_editorial_groups").assign_roles(apps)
    create_home(apps)
    importlib.import_module("miftah.dossiers.migrations.0002_load_starter_entities").load_starter(apps, None)
