"""Entities on a live article reach readers at once, so changing them needs publish rights (issue #17).

A writer who may edit a live article (their own) sees its entities read-only with the reason in Arabic, and every
change they post is refused with nothing changed; an editor decides; on a draft the writer decides too.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.models import Page

from miftah.dossiers.models import ArticleEntity, Entity
from miftah.news.tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

BODY = ("التقى وفد من بغداد بمسؤولين في طهران.",)


def signed_in(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", "secret-pass-123")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def live_article(home):
    writer, client = signed_in("reporter", "كتّاب")
    article = make_article(make_section(home, "تقارير"), "بغداد وطهران", body=BODY)
    Page.objects.filter(pk=article.pk).update(owner=writer)
    baghdad, tehran = Entity.objects.get(canonical="بغداد"), Entity.objects.get(canonical="طهران")
    ArticleEntity.objects.update_or_create(article_id=article.pk, entity=tehran,
                                           defaults={"status": ArticleEntity.ACCEPTED})
    return article, client, baghdad, tehran


def test_writer_sees_a_live_articles_entities_read_only_and_cannot_change_them(live_article):
    article, client, baghdad, tehran = live_article
    url = f"/admin/dossiers/article/{article.pk}/"
    before = set(ArticleEntity.objects.filter(article_id=article.pk).values_list("entity_id", "status"))

    html = client.get(url).content.decode()
    assert "يقتصر تأكيد الكيانات ورفضها والتراجع عنها على من يملك صلاحية النشر" in html
    assert 'value="accept"' not in html and 'value="reset"' not in html and 'name="action"' not in html
    assert "بغداد" in html  # the suggestions are still shown

    for data in ({"action": "accept", "entity": baghdad.pk}, {"action": "reject", "entity": tehran.pk},
                 {"action": "reset", "entity": tehran.pk}, {"action": "accept_all"},
                 {"action": "add", "name": "بغداد"}, {"action": "create", "name": "حزب جديد", "type": "organization"}):
        assert client.post(url, data).status_code == 403, data
    assert set(ArticleEntity.objects.filter(article_id=article.pk).values_list("entity_id", "status")) == before
    assert not Entity.objects.filter(canonical="حزب جديد").exists()
    public = Client().get(article.url).content.decode()
    assert "طهران" in public


def test_editor_confirms_and_undoes_on_a_live_article(live_article):
    article, _, baghdad, tehran = live_article
    _, editor = signed_in("desk-editor", "محررون")
    url = f"/admin/dossiers/article/{article.pk}/"
    assert 'value="accept"' in editor.get(url).content.decode()
    assert editor.post(url, {"action": "accept", "entity": baghdad.pk}).status_code == 302
    assert editor.post(url, {"action": "reset", "entity": tehran.pk}).status_code == 302
    assert set(ArticleEntity.objects.filter(article_id=article.pk).values_list("entity_id", "status")) == {
        (baghdad.pk, ArticleEntity.ACCEPTED)}


def test_writer_decides_on_their_own_draft(home):
    writer, client = signed_in("drafter", "كتّاب")
    draft = make_article(make_section(home, "مسودات"), "مسودة", body=BODY, publish=False)
    Page.objects.filter(pk=draft.pk).update(owner=writer)
    baghdad = Entity.objects.get(canonical="بغداد")
    url = f"/admin/dossiers/article/{draft.pk}/"
    assert "صلاحية النشر" not in client.get(url).content.decode()
    assert client.post(url, {"action": "accept", "entity": baghdad.pk}).status_code == 302
    assert ArticleEntity.objects.get(article_id=draft.pk, entity=baghdad).status == ArticleEntity.ACCEPTED
