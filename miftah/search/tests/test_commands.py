"""load-corpus, search and reindex: the contracts benchmarks and evaluations rely on."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from miftah.news.models import ArticlePage, SectionPage
from miftah.testing import require_shared_data

pytestmark = pytest.mark.django_db

LINES = [
    {"docno": "T-1", "title": "الميليشيات تنسحب من المدينة", "text": "فقرة أولى عن الميليشيات.\nفقرة ثانية.",
     "abstract": "موجز الانسحاب", "time": "Sun, 18 Feb 2018 20:50:44 GMT", "author": "بيروت - مراسلنا",
     "cat": "middleEast", "url": "https://example.org/a/1"},
    {"docno": "T-2", "title": "إسرائيل تعلن خطة جديدة", "text": "نص الخبر.", "abstract": "", "time": "Mon, 19 Feb 2018 10:00:00 +0400",
     "author": "", "cat": "middleEast", "url": ""},
    "this is not json",
    {"docno": "T-3", "title": "الدوري ينطلق", "text": "كرة القدم.", "time": "2018-03-01T12:00:00+02:00", "cat": "sport"},
    {"title": "بلا معرّف"},
    {"docno": "T-4", "title": "تاريخ غريب", "text": "نص", "time": "يوم ما", "cat": "sport"},
]


def _write(tmp_path, name, lines):
    text = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["sample.jsonl", "sample.jsonl.gz"])
def test_load_corpus_loads_good_lines_reports_bad_ones_and_is_idempotent(home, tmp_path, name,
                                                                         django_capture_on_commit_callbacks):
    path = _write(tmp_path, name, LINES)
    out, err = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):   # the pipeline's work, queued at commit
        call_command("load_corpus", str(path), "--no-progress", stdout=out, stderr=err)
    assert "created 3" in out.getvalue() and "bad lines 3" in out.getvalue()
    assert "line 3: not JSON" in err.getvalue() and "line 5: no docno" in err.getvalue()
    assert "line 6: unreadable time" in err.getvalue()
    article = ArticlePage.objects.get(external_id="T-1")
    assert article.live and article.dek == "موجز الانسحاب" and article.desk_byline == "بيروت - مراسلنا"
    assert article.source_url == "https://example.org/a/1"
    assert article.first_published_at.isoformat() == "2018-02-18T20:50:44+00:00"
    assert ArticlePage.objects.get(external_id="T-2").first_published_at.isoformat() == "2018-02-19T06:00:00+00:00"
    assert [b.block_type for b in article.body] == ["paragraph", "paragraph"]
    assert article.get_parent().title == "middleEast" and article.url.startswith("/")
    assert set(SectionPage.objects.values_list("title", flat=True)) >= {"middleEast", "sport"}
    # The pages are real Wagtail pages: the tree is valid and they are served.
    from django.test import Client

    assert Client().get(article.url).status_code == 200
    assert ArticlePage.objects.get(external_id="T-3").get_parent().title == "sport"
    # The article pipeline stored related articles (here: the other one in its section) and dossier mentions.
    from miftah.dossiers.models import ArticleEntity
    from miftah.news.models import ArticleRelation, ArticleWork

    assert "follow-up work (dossier mentions, related articles, page cache) handed to the task queue for 3 articles" \
        in out.getvalue()
    assert list(ArticleRelation.objects.filter(article=article).values_list("related__external_id", flat=True)) == ["T-2"]
    assert "إسرائيل" in ArticleEntity.objects.filter(article__external_id="T-2").values_list("entity__canonical",
                                                                                             flat=True)
    assert not ArticleWork.objects.exists()
    # Again: nothing new.
    out = io.StringIO()
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("load_corpus", str(path), "--no-progress", stdout=out, stderr=io.StringIO())
    assert "created 0" in out.getvalue() and "already loaded 3" in out.getvalue() and callbacks == []
    assert ArticlePage.objects.count() == 3
    # Loaded articles are indexed: found through variants, in the site search command.
    out = io.StringIO()
    call_command("search", "ميليشيا", "--json", stdout=out)
    results = json.loads(out.getvalue())
    assert [r["id"] for r in results] == ["T-1"]
    assert set(results[0]) == {"id", "title", "url", "score"} and results[0]["url"] == article.url


def test_load_corpus_no_related_leaves_related_articles_to_reindex(home, tmp_path, django_capture_on_commit_callbacks):
    from miftah.dossiers.models import ArticleEntity
    from miftah.news.models import ArticleRelation

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_corpus", str(_write(tmp_path, "s.jsonl", LINES)), "--no-progress", "--no-related",
                     stdout=out, stderr=io.StringIO())
    assert "follow-up work (dossier mentions, page cache) handed to the task queue for 3 articles" in out.getvalue()
    assert not ArticleRelation.objects.exists() and ArticleEntity.objects.filter(article__external_id="T-2").exists()
    out = io.StringIO()
    call_command("reindex", "--related-only", "--no-progress", stdout=out)
    assert ArticleRelation.objects.filter(article__external_id="T-1", related__external_id="T-2").exists()


def test_load_corpus_stopped_by_an_error_still_queues_what_it_wrote(home, tmp_path, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    from miftah.search import corpus

    monkeypatch.setattr(corpus, "BATCH", 2)
    write = corpus.CorpusLoader._write
    calls = []

    def failing(self, batch, progress):
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return write(self, batch, progress)

    monkeypatch.setattr(corpus.CorpusLoader, "_write", failing)
    queued = []
    monkeypatch.setattr(corpus, "article_changed", lambda ids, skip=(): queued.append((sorted(ids), skip)))
    with pytest.raises(RuntimeError):
        corpus.CorpusLoader().load(_write(tmp_path, "s.jsonl", LINES).read_text(encoding="utf-8").splitlines())
    written = sorted(ArticlePage.objects.values_list("pk", flat=True))
    assert len(written) == 2 and queued == [(written, ("search",))]


def test_load_corpus_limit_and_missing_file(home, tmp_path):
    path = _write(tmp_path, "sample.jsonl", LINES)
    out = io.StringIO()
    call_command("load_corpus", str(path), "--limit", "2", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "read 2, created 2" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_corpus", str(tmp_path / "absent.jsonl"))


def test_load_corpus_files_articles_under_existing_sections_by_slug_or_name(home, tmp_path):
    from miftah.news.tests.factories import make_section

    economy = make_section(home, "اقتصاد", slug="economy")
    sport = make_section(home, "رياضة", slug="riyada")
    lines = [{"docno": "E-1", "title": "الأسواق ترتفع", "text": "نص.", "cat": "economy"},
             {"docno": "S-1", "title": "الدوري ينطلق", "text": "نص.", "cat": "رياضة"},
             {"docno": "N-1", "title": "خبر عام", "text": "نص.", "cat": "news"}]
    path = _write(tmp_path, "sections.jsonl", lines)
    out = io.StringIO()
    call_command("load_corpus", str(path), "--no-progress", stdout=out, stderr=io.StringIO())
    assert "created 3" in out.getvalue() and "new sections 1, existing sections used 2" in out.getvalue()
    assert ArticlePage.objects.get(external_id="E-1").get_parent().pk == economy.pk   # by slug
    assert ArticlePage.objects.get(external_id="S-1").get_parent().pk == sport.pk     # by name
    assert SectionPage.objects.filter(slug="economy").count() == 1
    assert list(SectionPage.objects.filter(pk__in=[economy.pk, sport.pk]).values_list("title", flat=True)) \
        == ["اقتصاد", "رياضة"]   # the site's sections keep their titles
    out = io.StringIO()
    call_command("load_corpus", str(path), "--no-progress", stdout=out, stderr=io.StringIO())
    assert "created 0" in out.getvalue() and "new sections 0" in out.getvalue()
    assert SectionPage.objects.count() == 3


@pytest.mark.corpus
def test_load_corpus_after_the_demo(db, tmp_path, settings, django_capture_on_commit_callbacks):
    """`miftah demo` then `miftah load-corpus … --limit 2000` failed with «slug 'economy' already used» when the
    corpus reached its first economy article (line 607): the demo's «اقتصاد» has that slug."""
    settings.DATA_DIR = tmp_path
    path = require_shared_data("corpus", "ant-v2.1.jsonl.gz")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=io.StringIO())
    economy = SectionPage.objects.get(slug="economy", locale__language_code="ar")  # the English edition has one too
    sections = SectionPage.objects.count()
    out = io.StringIO()
    call_command("load_corpus", str(path), "--limit", "650", "--no-progress", "--no-related", stdout=out,
                 stderr=io.StringIO())
    assert "created 650" in out.getvalue() and "new sections 1, existing sections used 1" in out.getvalue()
    assert SectionPage.objects.count() == sections + 1   # culture; economy is the demo's
    assert ArticlePage.objects.filter(external_id__startswith="AL-economy").exists()
    assert all(a.get_parent().pk == economy.pk for a in ArticlePage.objects.filter(external_id__contains="economy"))


def test_search_command_stdin_one_json_array_per_line(home, tmp_path, monkeypatch):
    call_command("load_corpus", str(_write(tmp_path, "s.jsonl", LINES)), "--no-progress", stdout=io.StringIO(),
                 stderr=io.StringIO())
    monkeypatch.setattr("sys.stdin", io.StringIO("اسرائيل\n\nزلزال\nالدوري\n"))
    out = io.StringIO()
    call_command("search", "--stdin", "--json", "--limit", "5", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [[r["id"] for r in row] for row in rows] == [["T-2"], [], [], ["T-3"]]
    plain = io.StringIO()
    call_command("search", "المدينة", stdout=plain)
    assert "T-1" in plain.getvalue()


def test_reindex_rebuilds_an_emptied_index(home, tmp_path):
    from modelsearch.conf import get_app_config

    call_command("load_corpus", str(_write(tmp_path, "s.jsonl", LINES)), "--no-progress", stdout=io.StringIO(),
                 stderr=io.StringIO())
    get_app_config().get_model("IndexEntry").objects.all().delete()
    from miftah.search import engine

    assert engine.search("ميليشيات").total == 0
    out = io.StringIO()
    call_command("reindex", "--no-progress", stdout=out)
    assert "news.ArticlePage 3" in out.getvalue()
    assert engine.search("ميليشيات").total == 1


@pytest.mark.corpus
def test_load_first_200_ant_articles(home):
    path = require_shared_data("corpus", "ant-v2.1.jsonl.gz")
    out = io.StringIO()
    call_command("load_corpus", str(path), "--limit", "200", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "read 200, created 200" in out.getvalue() and "bad lines 0" in out.getvalue()
    assert ArticlePage.objects.live().count() == 200
    from miftah.arabic.analysis import analyze
    from miftah.search import engine

    # A headline's rare words find that article alone; a common word finds every article whose text has it.
    first = ArticlePage.objects.get(external_id="AL-culture-1-20180218")
    found = engine.search("تحالفت أحلام وإليسا")
    assert (found.total, found.hits[0][0]) == (1, first.pk)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line, _ in zip(lines, range(200))]
    texts = [" ".join(record.get(field) or "" for field in ("title", "abstract", "text")) for record in records]
    expected = sum("احلام" in analyze(text) for text in texts)
    assert expected > 10 and engine.search("أحلام").total == expected


def test_load_corpus_on_a_fresh_site_loads_under_the_migrated_home_page(db, tmp_path, client):
    # Right after `migrate` the site's root is the HomePage the migration made: the corpus loads under it.
    from wagtail.models import Page, Site

    from miftah.news.models import ArticlePage, HomePage

    assert list(Page.objects.filter(depth=2).values_list("content_type__model", flat=True)) == ["homepage"]
    assert not ArticlePage.objects.exists()
    call_command("load_corpus", str(_write(tmp_path, "fresh.jsonl", LINES)), "--no-progress", stdout=io.StringIO(),
                 stderr=io.StringIO())
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    article = ArticlePage.objects.get(external_id="T-1")
    assert article.get_parent().get_parent().pk == home.pk
    assert client.get(article.url).status_code == 200
