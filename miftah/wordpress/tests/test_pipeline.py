"""After an import, imported articles get what any published article gets — dossier mentions, related articles, a
retired page cache — through the article pipeline (miftah.news.pipeline), queued when the import commits; their
search entries, already written by the import, are not written again."""

import pytest
from wagtail.models import Page

from miftah.dossiers.models import ArticleEntity
from miftah.news.models import ArticlePage, ArticleRelation, ArticleWork
from miftah.wordpress.importer import import_wordpress
from miftah.wordpress.models import ImportedObject

from .conftest import wordpress_data
from .test_importer import SITE

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>أخبار</title><link>https://pipeline.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>iraq</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[العراق]]></wp:cat_name></wp:category>"""
BODIES = {
    1: "أعلنت الأمم المتحدة في 14 آذار 2024 أن وفداً سيزور بغداد.",
    2: "وقال الرئيس الإيراني في طهران إن العراق شريك.",
    3: "ودعت الأمم المتحدة إلى التهدئة في بغداد.",
    4: "مسودة لم تنشر عن بغداد.",
}


def _post(post_id, body, status="publish"):
    return (f"<item><title>خبر {post_id}</title><guid isPermaLink=\"false\">https://pipeline.example/?p={post_id}</guid>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_name>news-{post_id}</wp:post_name>"
            f"<wp:post_date_gmt>2024-03-0{post_id} 09:00:00</wp:post_date_gmt>"
            f"<wp:post_type>post</wp:post_type><wp:status>{status}</wp:status>"
            "<category domain=\"category\" nicename=\"iraq\"><![CDATA[iraq]]></category>"
            f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>")


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "pipeline.xml"
    path.write_text(HEAD + "".join(_post(n, body, "draft" if n == 4 else "publish") for n, body in BODIES.items())
                    + "</channel></rss>", encoding="utf-8")
    return path


@pytest.fixture
def search_writes(monkeypatch):
    """The ids the pipeline's search step was asked to index."""
    from miftah.search import indexer

    asked = []
    original = indexer.index_articles

    def spy(ids, *args, **kwargs):
        asked.extend(ids)
        return original(ids, *args, **kwargs)

    monkeypatch.setattr(indexer, "index_articles", spy)
    return asked


def article(wp_id):
    return ArticlePage.objects.get(pk=ImportedObject.objects.get(kind="post", key=str(wp_id)).object_id)


def test_imported_articles_get_mentions_and_related_articles(home, export, django_capture_on_commit_callbacks,
                                                             search_writes):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        summary = import_wordpress(export)
    from miftah.news.pipeline import _QueueOnCommit

    # One queueing of the pipeline for the whole import, not one per article (the cache retirements are callbacks too).
    assert summary.created["articles"] == 4 and sum(isinstance(c, _QueueOnCommit) for c in callbacks) == 1
    published = [article(n) for n in (1, 2, 3)]
    for page in published:
        related = set(ArticleRelation.objects.filter(article=page).values_list("related_id", flat=True))
        assert related == {other.pk for other in published} - {page.pk}, page.title   # the other two in «العراق»
    mentions = {(link.article_id, link.entity.canonical) for link in ArticleEntity.objects.select_related("entity")}
    assert {(published[0].pk, "الأمم المتحدة"), (published[0].pk, "بغداد"), (published[1].pk, "طهران"),
            (published[1].pk, "العراق"), (published[2].pk, "بغداد")} <= mentions
    draft = article(4)
    assert not ArticleEntity.objects.filter(article=draft).exists() and not ArticleRelation.objects.filter(
        article=draft).exists()
    assert search_writes == []                     # the import wrote the search entries itself
    assert not ArticleWork.objects.exists()        # every article's follow-up work is done


def test_updated_articles_are_queued_and_unchanged_ones_are_not(home, export, tmp_path,
                                                                django_capture_on_commit_callbacks, monkeypatch):
    import_wordpress(export)   # the test transaction never commits: nothing queued
    queued = []
    monkeypatch.setattr("miftah.wordpress.importer.article_changed",
                        lambda ids, skip=(): queued.append((sorted(ids), skip)))
    changed = tmp_path / "changed.xml"
    changed.write_text(export.read_text(encoding="utf-8").replace("سيزور بغداد", "سيزور البصرة"), encoding="utf-8")
    summary = import_wordpress(changed)
    assert summary.updated == {"articles": 1} and queued == [([article(1).pk], ("search",))]
    queued.clear()
    assert not import_wordpress(changed).changed_anything and queued == []


def test_without_search_indexing_the_pipeline_writes_the_search_entries(home, export,
                                                                         django_capture_on_commit_callbacks,
                                                                         search_writes):
    from miftah.search import engine

    with django_capture_on_commit_callbacks() as callbacks:
        import_wordpress(export, search_index=False)
    assert engine.search("طهران").total == 0      # nothing indexed by the import
    for callback in callbacks:
        callback()
    assert sorted(search_writes) == sorted(article(n).pk for n in BODIES)
    assert engine.search("طهران").total == 1


def test_dry_run_and_failed_import_queue_nothing(home, export, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks() as callbacks:
        import_wordpress(export, dry_run=True)
    assert callbacks == []
    from miftah.wordpress.terms import Terms

    def fail(self, page_ids):
        raise RuntimeError("stop")

    monkeypatch.setattr(Terms, "feature_sticky", fail)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        import_wordpress(export)
    assert callbacks == [] and not Page.objects.filter(title__startswith="خبر").exists()


def test_real_arabic_export_gets_related_articles_and_mentions(home, django_capture_on_commit_callbacks):
    path = wordpress_data("arabic-sample", "ant_ar_sample.wxr.xml")
    with django_capture_on_commit_callbacks(execute=True):
        summary = import_wordpress(path)
    live = ArticlePage.objects.live()
    assert summary.created["articles"] == live.count() == 300
    without_related = live.filter(relations__isnull=True).count()
    assert without_related == 0
    assert ArticleEntity.objects.values("article").distinct().count() >= 250   # 285 of the 300 name an entity
