"""Knowledge base in the database: the shipped starter list, CSV load/export, the cached matcher, and the
`entities` and `dates` commands exactly as specified (JSON shapes, offsets into the text as given)."""

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from miftah.arabic.dates import parse_to_json
from miftah.dossiers.kb import export_csv, get_matcher
from miftah.dossiers.models import Entity

pytestmark = pytest.mark.django_db


def run(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    call_command(*args, stdout=out)
    return out.getvalue()


def test_starter_list_ships_with_every_install():
    assert Entity.objects.count() >= 390
    iraq = Entity.objects.get(canonical="العراق")
    assert (iraq.type, iraq.slug, iraq.wikidata) == ("place", "العراق", "Q796")
    assert "سورية?" in Entity.objects.get(canonical="سوريا").alias_list
    assert Entity.objects.get(canonical="مالي").ambiguous
    assert not Entity.objects.filter(slug="network").exists()


def test_load_is_idempotent_and_adds_aliases(tmp_path):
    path = tmp_path / "kb.csv"
    path.write_text(
        "canonical,type,aliases\n"
        "قيس الخزعلي,person,الخزعلي|قيس خزعلي\n"
        "العراق,place,بلاد الرافدين\n",
        encoding="utf-8",
    )
    assert run("entities", "load", str(path)).strip() == "created 1, updated 1"
    assert run("entities", "load", str(path)).strip() == "created 0, updated 0"
    khazali = Entity.objects.get(canonical="قيس الخزعلي")
    assert (khazali.type, khazali.alias_list, khazali.slug) == ("person", ["الخزعلي", "قيس خزعلي"], "قيس-الخزعلي")
    assert Entity.objects.get(canonical="العراق").alias_list == ["جمهورية العراق", "بلاد الرافدين"]

    path.write_text("canonical,type,aliases\nقيس الخزعلي,person,أبو علي الخزعلي|الخزعلي\n", encoding="utf-8")
    run("entities", "load", str(path))
    assert Entity.objects.get(canonical="قيس الخزعلي").alias_list == ["الخزعلي", "قيس خزعلي", "أبو علي الخزعلي"]


def test_load_accepts_the_common_spellings_of_types(tmp_path):
    path = tmp_path / "kb.csv"
    path.write_text(
        "canonical,type,aliases\n"
        "هيئة الرقابة المستقلة,organization,\n"
        "جمعية الصيادين,ORG,\n"
        "سليم الأحمد,PER,\n"
        "نادر الخطيب,Pers,\n"
        "وادي الصفصاف,location,\n"
        "بلدة العين الزرقاء,GPE,\n"
        "سهل الغاب,LOC,\n",
        encoding="utf-8",
    )
    assert run("entities", "load", str(path)).strip() == "created 7, updated 0"
    types = dict(Entity.objects.filter(canonical__in=[
        "هيئة الرقابة المستقلة", "جمعية الصيادين", "سليم الأحمد", "نادر الخطيب", "وادي الصفصاف", "بلدة العين الزرقاء",
        "سهل الغاب"]).values_list("canonical", "type"))
    assert types == {"هيئة الرقابة المستقلة": "organisation", "جمعية الصيادين": "organisation",
                     "سليم الأحمد": "person", "نادر الخطيب": "person", "وادي الصفصاف": "place",
                     "بلدة العين الزرقاء": "place", "سهل الغاب": "place"}
    assert "سهل الغاب" in [m.surface for m in get_matcher().find("زار الوفد سهل الغاب أمس")]


@pytest.mark.parametrize("content, message", [
    ("canonical,type\nبغداد,place\n", "aliases"),
    ("canonical,type,aliases\nبغداد,city,\n", "city"),
])
def test_load_rejects_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("entities", "load", str(path))
    with pytest.raises(CommandError):
        call_command("entities", "load", str(tmp_path / "missing.csv"))


def test_export_round_trips_through_load(tmp_path):
    text = run("entities", "export")
    lines = text.splitlines()
    assert lines[0].startswith("canonical,type,aliases,")
    assert len(lines) == Entity.objects.count() + 1
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert run("entities", "load", str(path)).strip() == "created 0, updated 0"
    assert export_csv() == text


TEXT = "قال الرئيس الإيراني في طهران إن\r\nالعراق وللأمم المتحدة دوراً،\nوأكد أردوغان ذلك.\n"


def test_extract_json_from_file_keeps_offsets_into_the_text_as_given(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    rows = json.loads(run("entities", "extract", str(path), "--json"))
    assert [(r["canonical"], r["type"], r["surface"]) for r in rows] == [
        ("طهران", "place", "طهران"),
        ("العراق", "place", "العراق"),
        ("الأمم المتحدة", "organisation", "أمم المتحدة"),  # وللأمم: the clitic and the merged article are left out
        ("رجب طيب أردوغان", "person", "أردوغان"),
    ]
    for row in rows:
        assert set(row) == {"canonical", "type", "surface", "start", "end"}
        assert TEXT[row["start"]:row["end"]] == row["surface"]


def test_extract_reads_stdin(monkeypatch):
    rows = json.loads(run("entities", "extract", "-", "--json", stdin=TEXT, monkeypatch=monkeypatch))
    assert [r["canonical"] for r in rows] == ["طهران", "العراق", "الأمم المتحدة", "رجب طيب أردوغان"]
    assert all(TEXT[r["start"]:r["end"]] == r["surface"] for r in rows)
    assert json.loads(run("entities", "extract", "--json", stdin="", monkeypatch=monkeypatch)) == []


def test_extract_uses_the_database_and_sees_changes_at_once(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("التقى الخزعلي وفداً في بغداد", encoding="utf-8")
    assert [r["canonical"] for r in json.loads(run("entities", "extract", str(path), "--json"))] == ["بغداد"]
    Entity.objects.create(canonical="قيس الخزعلي", type="person", aliases="الخزعلي")
    assert [r["canonical"] for r in json.loads(run("entities", "extract", str(path), "--json"))] == ["قيس الخزعلي", "بغداد"]
    matcher = get_matcher()
    assert get_matcher() is matcher  # unchanged list: the same matcher, not a rebuild
    Entity.objects.filter(canonical="قيس الخزعلي").update(active=False)
    Entity.objects.get(canonical="بغداد").save()  # retiring goes through the admin, which saves
    assert get_matcher() is not matcher


@pytest.mark.parametrize("text, reference", [
    ("وقعت الحادثة في 14 آذار 2024 ثم في أواخر أيار", "2024-06-01"),
    ("اجتمع الوفدان يوم 3/11/2025 وفي 1 رمضان 1446 هـ", "2025-12-01"),
    ("العام الماضي ونيسان المقبل", "2026-11-26"),
    ("لا تاريخ هنا", "2026-01-01"),
])
def test_dates_parse_json_wraps_parse_to_json(text, reference):
    printed = json.loads(run("dates", "parse", text, "--reference", reference, "--json"))
    assert printed == parse_to_json(text, reference)
    for item in printed:
        assert set(item) == {"text", "start", "end", "iso", "precision"}
        assert text[item["start"]:item["end"]] == item["text"]


def test_dates_parse_rejects_a_bad_reference():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("dates", "parse", "14 آذار", "--reference", "14/03/2024", "--json")
