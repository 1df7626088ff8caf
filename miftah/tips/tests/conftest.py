"""Fixtures for the tip line's tests: a newsroom key pair configured on the site, files a source might send, and a
source's browser-like posts (the page's single-use token, Sec-Fetch-Site: same-origin)."""

import io
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from miftah.tips import crypto

SECRET_TEXT = "وثائق عن صفقة الميناء السرية — المصدر يعمل في الوزارة"
CAMERA = "SpyCam-Maker-7731"
PDF_AUTHOR = "Author-Hidden-Name-5521"


@pytest.fixture
def tip_key(settings, tmp_path, home):
    key_file, public_key = crypto.new_key_pair()
    path = tmp_path / "newsroom-tips.key"
    path.write_text(key_file)
    settings.MIFTAH_TIPS_PUBLIC_KEY = public_key
    return SimpleNamespace(path=path, text=key_file, public=public_key)


def gps_jpeg() -> bytes:
    image = Image.new("RGB", (64, 48), (180, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x8825] = {1: "N", 2: (33.0, 53.0, 21.0), 3: "E", 4: (35.0, 30.0, 7.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Author (" + PDF_AUTHOR.encode() + b") >> endobj\n"
            b"trailer << /Info 1 0 R >>\n%%EOF\n")


def source_files():
    return [SimpleUploadedFile("ميناء.jpg", gps_jpeg(), content_type="image/jpeg"),
            SimpleUploadedFile("contract.pdf", pdf_bytes(), content_type="application/pdf")]


def page_token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def post_tip(client, text=SECRET_TEXT, files=(), **headers):
    token = page_token(client.get("/tips/"))
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    return client.post("/tips/", {"token": token, "text": text, "files": list(files)}, **headers)


def shown_code(response) -> str:
    return re.search(r'<output id="tip-code">([^<]+)</output>', response.content.decode()).group(1)


def post_code(client, code, **headers):
    token = page_token(client.get("/tips/reply/"))
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    return client.post("/tips/reply/", {"token": token, "code": code}, **headers)
