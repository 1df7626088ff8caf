"""The tip line end to end through the real views: what is stored is sealed, the newsroom's key opens it (command and
admin), the source reads replies with its code, and the pages leave no cookie, cache entry or cross-site door."""

import io
from collections import Counter
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import override_settings
from PIL import Image

from miftah.core.tests.hostile import dangerous_markup, load_payloads
from miftah.tips import crypto
from miftah.tips.models import Tip, TipFile, TipLineKey, TipReply, current_public_key

from .conftest import CAMERA, PDF_AUTHOR, SECRET_TEXT, page_token, pdf_bytes, post_code, post_tip, shown_code, source_files

pytestmark = pytest.mark.django_db


def stored_bytes() -> bytes:
    """Every value of every tip table, as the database holds it."""
    chunks = []
    for model in (Tip, TipFile, TipReply):
        for row in model.objects.values_list():
            chunks += [bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode() for v in row]
    return b"\n".join(chunks)


@pytest.fixture
def tips_editor(client, home):
    """A member of «محررون» who was also given the tip permissions."""
    user = User.objects.create_user("reporter", password="pass-reporter-1")
    user.groups.add(Group.objects.get(name="محررون"))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="tips",
                                                         codename__in=["view_tip", "change_tip"]))
    return user


def test_a_tip_is_sealed_on_arrival_and_opened_by_the_command(client, tip_key, tmp_path, capsys):
    response = post_tip(client, files=source_files())
    assert response.status_code == 200, response.content.decode()
    code = shown_code(response)
    assert crypto.normalize_code(code)
    page = response.content.decode()
    assert "نُزعت منها البيانات الوصفية" in page and "ببياناته الوصفية" in page

    tip = Tip.objects.get()
    assert tip.files.count() == 2
    raw = stored_bytes()
    for secret in (SECRET_TEXT, "ميناء.jpg", "contract.pdf", CAMERA, PDF_AUTHOR, code, code.replace("-", "")):
        assert secret.encode() not in raw, secret
    # Only the day is kept: no time of day, address or browser anywhere in the model.
    assert not any(isinstance(f, models.DateTimeField) for f in Tip._meta.get_fields())
    assert {f.name for f in Tip._meta.concrete_fields} == {
        "id", "received_on", "status", "key_fingerprint", "message", "size", "reply_public_key", "code_lookup"}

    out = tmp_path / "opened"
    call_command("tips", "read", "--key", str(tip_key.path), "--files-to", str(out))
    printed = capsys.readouterr().out
    assert SECRET_TEXT in printed and "ميناء.jpg" in printed
    image_path, pdf_path = sorted(out.iterdir())
    image = Image.open(image_path)
    assert image.size == (64, 48) and not dict(image.getexif())
    assert CAMERA.encode() not in image_path.read_bytes()
    assert pdf_path.read_bytes() == pdf_bytes()  # other files are kept as sent, and the source was told so

    export = tmp_path / "tips.json"
    call_command("tips", "export", "--out", str(export))
    assert SECRET_TEXT not in export.read_text() and json.loads(export.read_text())["tips"][0]["id"] == tip.pk
    capsys.readouterr()
    call_command("tips", "read", "--key", str(tip_key.path), "--from", str(export))
    assert SECRET_TEXT in capsys.readouterr().out


def test_keygen_writes_a_private_file_and_set_key_seals_new_tips(tmp_path, db, settings, capsys):
    settings.MIFTAH_TIPS_PUBLIC_KEY = ""
    assert current_public_key() is None
    key_path = tmp_path / "k.key"
    call_command("tips", "keygen", "--out", str(key_path), "--install")
    assert key_path.stat().st_mode & 0o777 == 0o600
    public = re.search(r"^([A-Za-z0-9+/=]{44})$", capsys.readouterr().out, re.M).group(1)
    assert TipLineKey.objects.get().public_key == public
    assert bytes(crypto.read_private_key(key_path.read_text()).public_key) == bytes(current_public_key())
    with pytest.raises(Exception, match="موجود"):
        call_command("tips", "keygen", "--out", str(key_path))
    other = crypto.new_key_pair()[1]
    call_command("tips", "set-key", other)
    assert crypto.encode_key(current_public_key()) == other


def test_the_admin_opens_a_tip_for_one_request_only(client, tip_key, tips_editor):
    post_tip(client, files=source_files())
    tip = Tip.objects.get()
    client.force_login(tips_editor)

    listing = client.get("/admin/tips/")
    assert listing.status_code == 200
    listing_page = listing.content.decode()
    assert f"/admin/tips/{tip.pk}/" in listing_page and SECRET_TEXT not in listing_page
    detail = client.get(f"/admin/tips/{tip.pk}/")
    assert detail.status_code == 200 and SECRET_TEXT not in detail.content.decode()

    with tip_key.path.open("rb") as key_file:
        opened = client.post(f"/admin/tips/{tip.pk}/", {"key_file": key_file, "action": "read"})
    assert opened.status_code == 200
    assert SECRET_TEXT in opened.content.decode() and "ميناء.jpg" in opened.content.decode()
    assert "no-store" in opened["Cache-Control"]
    assert b"BEGIN" not in opened.content and tip_key.text.splitlines()[-1] not in opened.content.decode()
    session_values = json.dumps(dict(client.session))
    assert tip_key.text.splitlines()[-1] not in session_values

    pasted = client.post(f"/admin/tips/{tip.pk}/", {"key": tip_key.text, "download": "1"})
    assert pasted.status_code == 200 and "attachment" in pasted["Content-Disposition"]
    assert pasted["Content-Type"] == "application/octet-stream"  # a source's file never renders in the admin's origin
    image = Image.open(io.BytesIO(pasted.content))
    assert not dict(image.getexif()) and CAMERA.encode() not in pasted.content

    wrong = client.post(f"/admin/tips/{tip.pk}/", {"key": crypto.new_key_pair()[0]})
    assert wrong.status_code == 400 and "لا يفتح" in wrong.content.decode()
    garbage = client.post(f"/admin/tips/{tip.pk}/", {"key": "not a key"})
    assert garbage.status_code == 400 and "ليس مفتاحاً" in garbage.content.decode()


def test_an_editor_without_the_tip_permission_is_refused(client, tip_key):
    post_tip(client)
    tip = Tip.objects.get()
    editor = User.objects.create_user("editor2", password="pass-editor-2")
    editor.groups.add(Group.objects.get(name="محررون"))
    client.force_login(editor)
    assert client.get("/admin/tips/").status_code == 403
    assert client.get(f"/admin/tips/{tip.pk}/").status_code == 403
    assert client.post(f"/admin/tips/{tip.pk}/", {"key": tip_key.text}).status_code == 403
    assert client.post(f"/admin/tips/{tip.pk}/reply/", {"reply": "مرحباً"}).status_code == 403
    assert "/admin/tips/" not in client.get("/admin/").content.decode()


def test_the_source_reads_the_reply_with_its_code(client, tip_key, tips_editor, settings):
    code = shown_code(post_tip(client))
    tip = Tip.objects.get()
    source = client.__class__()
    assert "لم يصل ردّ بعد" in post_code(source, code).content.decode()

    client.force_login(tips_editor)
    reply_text = "شكراً لك، هل يمكنك إرسال صورة العقد كاملاً؟"
    client.post(f"/admin/tips/{tip.pk}/reply/", {"reply": reply_text})
    client.post(f"/admin/tips/{tip.pk}/status/", {"status": Tip.FOLLOWING})
    tip.refresh_from_db()
    assert tip.status == Tip.FOLLOWING and reply_text.encode() not in stored_bytes()
    opened = client.post(f"/admin/tips/{tip.pk}/", {"key": tip_key.text})
    assert reply_text in opened.content.decode()  # the newsroom's own copy

    typed = " ".join(code.lower().replace("-", " ").replace("0", "o"))  # as a person might type it
    answer = post_code(source, typed)
    assert answer.status_code == 200 and reply_text in answer.content.decode()
    wrong = post_code(source, crypto.new_code())
    assert wrong.status_code == 400 and "غير صحيح" in wrong.content.decode() and reply_text not in wrong.content.decode()

    assert client.post(f"/admin/tips/{tip.pk}/delete/", {"confirm": "yes"}).status_code == 403  # no delete_tip
    tips_editor.user_permissions.add(Permission.objects.get(content_type__app_label="tips", codename="delete_tip"))
    client.post(f"/admin/tips/{tip.pk}/delete/", {})
    assert Tip.objects.filter(pk=tip.pk).exists()  # not without the confirmation
    client.post(f"/admin/tips/{tip.pk}/delete/", {"confirm": "yes"})
    assert not Tip.objects.exists() and not TipFile.objects.exists() and not TipReply.objects.exists()
    assert post_code(source, code).status_code == 400


def test_wrong_codes_are_rate_limited(client, tip_key, settings):
    settings.MIFTAH_TIPS_CODE_ATTEMPTS_PER_HOUR = 3
    code = shown_code(post_tip(client))
    for _ in range(3):
        assert post_code(client, crypto.new_code()).status_code == 400
    blocked = post_code(client, code)
    assert blocked.status_code == 429 and "محاولات خاطئة كثيرة" in blocked.content.decode()
    assert post_code(client, code, REMOTE_ADDR="192.0.2.9").status_code == 200  # another address is not held back


def test_submissions_are_rate_limited_and_keep_the_text(client, tip_key, settings):
    settings.MIFTAH_TIPS_SUBMISSIONS_PER_HOUR = 2
    assert post_tip(client).status_code == 200
    assert post_tip(client).status_code == 200
    third = post_tip(client, text="نص ثالث لا يجب أن يضيع")
    assert third.status_code == 429 and "نص ثالث لا يجب أن يضيع" in third.content.decode()
    assert Tip.objects.count() == 2


def test_limits_and_a_spent_token_keep_what_was_typed(client, tip_key, settings):
    settings.MIFTAH_TIPS_MAX_FILE_BYTES = 300  # the photo is larger, the PDF smaller
    too_big = post_tip(client, text="نص مع ملف كبير", files=source_files())
    page = too_big.content.decode()
    assert too_big.status_code == 400 and "«ميناء.jpg» أكبر من الحد" in page and "نص مع ملف كبير" in page
    settings.MIFTAH_TIPS_MAX_FILE_BYTES = 10**6
    settings.MIFTAH_TIPS_MAX_TOTAL_BYTES = 500
    over_total = post_tip(client, text="مجموع كبير", files=source_files())
    assert over_total.status_code == 400 and "يتجاوز الحد المسموح لمجموع الملفات" in over_total.content.decode()
    huge = client.post("/tips/", {"token": "t", "text": "ضخم"}, HTTP_SEC_FETCH_SITE="same-origin",
                       CONTENT_LENGTH=str(10**9))
    assert huge.status_code == 413 and "أكبر بكثير من الحد" in huge.content.decode()
    settings.MIFTAH_TIPS_MAX_TOTAL_BYTES = 10**6
    settings.MIFTAH_TIPS_MAX_FILES = 1
    too_many = post_tip(client, text="ملفان", files=source_files())
    assert too_many.status_code == 400 and "الحد الأقصى لعدد الملفات في المرة الواحدة (1)" in too_many.content.decode()
    settings.MIFTAH_TIPS_MAX_TEXT = 10
    too_long = post_tip(client, text="نص أطول من عشرة أحرف")
    assert too_long.status_code == 400 and "أطول من الحد" in too_long.content.decode()
    settings.MIFTAH_TIPS_MAX_TEXT = 20000

    token = page_token(client.get("/tips/"))
    data = {"token": token, "text": "مرة واحدة"}
    assert client.post("/tips/", data, HTTP_SEC_FETCH_SITE="same-origin").status_code == 200
    again = client.post("/tips/", data, HTTP_SEC_FETCH_SITE="same-origin")
    assert again.status_code == 400 and "أُرسل من قبل" in again.content.decode() and "مرة واحدة" in again.content.decode()
    assert Tip.objects.count() == 1


def test_a_post_from_another_site_is_refused(client, tip_key):
    token = page_token(client.get("/tips/"))
    for headers in ({"HTTP_ORIGIN": "https://evil.example"},
                    {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
                    {"HTTP_SEC_FETCH_SITE": "same-site"},
                    {}):
        response = client.post("/tips/", {"token": token, "text": "مزوّر"}, **headers)
        assert response.status_code == 403, headers
        assert client.post("/tips/reply/", {"token": token, "code": "x"}, **headers).status_code == 403
    assert client.post("/tips/", {"token": token, "text": "من الموقع"}, HTTP_ORIGIN="http://testserver").status_code == 200
    assert list(Tip.objects.values_list("pk", flat=True)) == [Tip.objects.get().pk]


def test_source_pages_set_no_cookie_and_are_never_cached(client, tip_key):
    responses = [client.get("/tips/"), client.get("/tips/"), post_tip(client), client.get("/tips/reply/"),
                 post_code(client, crypto.new_code())]
    for response in responses:
        assert "Set-Cookie" not in response.headers and not response.cookies
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert "X-Miftah-Cache" not in response
        page = response.content.decode()
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "a resource from another host"
        assert "<script" not in page
    assert page_token(responses[0]) != page_token(responses[1])  # each visit gets its own form, never a cached one
    assert not client.cookies


def test_without_a_key_the_tip_line_accepts_nothing(client, home, settings):
    settings.MIFTAH_TIPS_PUBLIC_KEY = ""
    page = client.get("/tips/")
    assert page.status_code == 503 and "غير مهيّأ" in page.content.decode() and "<textarea" not in page.content.decode()
    response = client.post("/tips/", {"text": "سر"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 503 and not Tip.objects.exists()


HOSTILE_EXTRA = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg/onload=alert(3)>",
           "\"><iframe src=javascript:alert(4)>", "</textarea><script>alert(5)</script>", "{{ settings.SECRET_KEY }}",
           "<a href=\"javascript:alert(6)\">اضغط</a>", "<details open ontoggle=alert(7)>", "\u202e<b>مقلوب</b>"]


HOSTILE = HOSTILE_EXTRA + load_payloads()  # and the 128 payloads of the staff-field test (miftah/core/tests)


def test_what_a_source_types_is_shown_as_text_everywhere(client, tip_key, tips_editor, settings):
    settings.MIFTAH_TIPS_MAX_TEXT = 50  # the form that comes back after an error shows the text too
    refused = post_tip(client, text="\n".join(HOSTILE))
    hostile_name = SimpleUploadedFile('<img src=x onerror=alert(8)>.pdf', pdf_bytes(), content_type="text/html")
    settings.MIFTAH_TIPS_MAX_TEXT = 20000
    sent = post_tip(client, text="\n".join(HOSTILE), files=[hostile_name])
    tip = Tip.objects.get()
    client.force_login(tips_editor)
    client.post(f"/admin/tips/{tip.pk}/reply/", {"reply": "\n".join(HOSTILE)})
    opened = client.post(f"/admin/tips/{tip.pk}/", {"key": tip_key.text})
    reply_page = post_code(client.__class__(), shown_code(sent))
    markup = [payload for payload in HOSTILE + ["<img src=x onerror=alert(8)>"] if "<" in payload]
    # What would run on each page, beyond what the same page runs with nothing typed (its own scripts and <meta>s).
    clean_admin = client.get(f"/admin/tips/{tip.pk}/").content.decode()
    clean_public = client.__class__().get("/tips/").content.decode()
    clean_reply = client.__class__().get("/tips/reply/").content.decode()
    for response, clean in ((refused, clean_public), (sent, clean_public), (opened, clean_admin),
                            (reply_page, clean_reply)):
        page = response.content.decode()
        assert not [payload for payload in markup if payload in page]
        assert Counter(dangerous_markup(page)) - Counter(dangerous_markup(clean)) == Counter()
    for response in (refused, opened, reply_page):  # shown, escaped once
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert "&lt;img src=x onerror=alert(8)&gt;.pdf" in opened.content.decode()
    assert settings.SECRET_KEY not in opened.content.decode()


def test_an_unreadable_key_setting_closes_the_tip_line_and_fails_the_check(client, home, settings):
    from django.core.management import CommandError

    settings.MIFTAH_TIPS_PUBLIC_KEY = "not-a-key"
    assert client.get("/tips/").status_code == 503
    with pytest.raises(CommandError, match="tips.E001"):
        call_command("check")


def test_with_the_cache_down_the_tip_line_still_takes_tips(client, tip_key, settings, caplog):
    from miftah.core.redis_cache import _Outage
    from miftah.settings import redis_caches

    unreachable = redis_caches("redis://127.0.0.1:1/9")  # the project's own Redis cache, as REDIS_URL configures it
    settings.MIFTAH_PAGE_CACHE = False
    _Outage.reset()
    try:
        with override_settings(CACHES=unreachable):
            response = post_tip(client)
            assert response.status_code == 200 and shown_code(response)
            assert post_code(client, shown_code(response)).status_code == 200
    finally:
        _Outage.reset()  # the outage pause is per process: later tests on a live Redis must not inherit it
    assert Tip.objects.count() == 1 and "cache unreachable" in caplog.text
