"""What an uploaded file must be before it is stored, and what is taken out of it.

One place for the rules every upload path shares (the admin's image and document forms, single, multiple and
chooser uploads): a safe file name, no SVG, content that matches the extension, photos re-encoded without their
metadata (miftah.core.metadata), and Office files without their authors' names. Errors are Arabic sentences an
editor can act on.
"""

from django.utils.translation import gettext_lazy
import io
import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from miftah.core.metadata import NotAnImage, strip_image_metadata

MAX_NAME_LENGTH = 80
IMAGE_EXTENSIONS = {"avif", "gif", "jpg", "jpeg", "png", "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
                 "webp": "image/webp", "avif": "image/avif"}
# Markup a browser would run if the file were ever served inline, whatever its extension says.
MARKUP = re.compile(rb"^\s*(?:<\?xml|<!doctype|<html|<svg|<script|<head|<body|<iframe)", re.IGNORECASE)

SVG_REFUSED = gettext_lazy("ملفات SVG غير مقبولة لأنها قد تحمل شيفرة تُنفَّذ في المتصفح. حوّل الرسم إلى PNG أو JPEG ثم ارفعه.")
NOT_CLEANABLE = gettext_lazy("تعذّرت قراءة الصورة لإزالة بياناتها الوصفية (الموقع، الجهاز، التاريخ)، فلم تُحفظ. جرّب حفظها بصيغة JPEG أو PNG.")
MISMATCH = gettext_lazy("محتوى الملف لا يطابق امتداده «{ext}». ارفع الملف الأصلي بصيغته الصحيحة.")


def keep_original_metadata():
    return getattr(settings, "MIFTAH_KEEP_ORIGINAL_METADATA", False)


def safe_filename(name):
    """The last path part of `name`, without control, format (bidi override, zero-width) or unsafe characters,
    at most MAX_NAME_LENGTH characters; letters and digits of any script stay."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = ext, ""
    stem = re.sub(r"[^\w\-]+", "-", stem.replace(" ", "-")).strip("-._")
    stem = re.sub(r"-{2,}", "-", stem)
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10]
    stem = stem[: MAX_NAME_LENGTH - len(ext) - 1] or "file"
    return f"{stem}.{ext}" if ext else stem


def extension(name):
    return os.path.splitext(name)[1].lower().lstrip(".")


def refuse_svg(name, head):
    if extension(name) in {"svg", "svgz"} or re.search(rb"<svg[\s>]", head[:4096], re.IGNORECASE):
        raise ValidationError(SVG_REFUSED, code="svg")


def clean_image_upload(uploaded):
    """An image upload Wagtail has already checked (format, size, pixels), renamed and re-encoded without metadata."""
    data = _read(uploaded)
    refuse_svg(uploaded.name, data)
    name = safe_filename(uploaded.name)
    if keep_original_metadata():
        return _replacement(name, data, uploaded)
    try:
        data = strip_image_metadata(data)
    except NotAnImage as error:
        raise ValidationError(NOT_CLEANABLE, code="not_cleanable") from error
    return _replacement(name, data, uploaded)


def clean_document_upload(uploaded):
    """A document upload renamed, sniffed against its extension and, when it is a photo, stripped of metadata."""
    data = _read(uploaded)
    refuse_svg(uploaded.name, data)
    name = safe_filename(uploaded.name)
    ext = extension(name)
    if ext in IMAGE_EXTENSIONS:
        if not keep_original_metadata():
            try:
                data = strip_image_metadata(data)
            except NotAnImage as error:
                raise ValidationError(MISMATCH.format(ext=ext), code="mismatch") from error
        return _replacement(name, data, uploaded)
    if not _content_matches(ext, data):
        raise ValidationError(MISMATCH.format(ext=ext), code="mismatch")
    if ext in OFFICE_PEOPLE and not keep_original_metadata():
        data = _without_office_people(data, OFFICE_PEOPLE[ext])
    return _replacement(name, data, uploaded)


# Who wrote and last saved an Office file, and for whom: emptied (the elements stay, so the file stays valid).
_OOXML_PEOPLE = {"docProps/core.xml": ("dc:creator", "cp:lastModifiedBy"), "docProps/app.xml": ("Company", "Manager")}
OFFICE_PEOPLE = {"docx": _OOXML_PEOPLE, "xlsx": _OOXML_PEOPLE, "pptx": _OOXML_PEOPLE,
                 "odt": {"meta.xml": ("meta:initial-creator", "dc:creator")}}


def _without_office_people(data, parts):
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():  # same order and compression: an ODF "mimetype" entry must stay first, stored
            content = source.read(info)
            for tag in parts.get(info.filename, ()):
                name = re.escape(tag.encode())
                content = re.sub(rb"<" + name + rb"(\s[^>]*)?>.*?</" + name + rb">",
                                 b"<" + tag.encode() + rb"\1></" + tag.encode() + b">", content, flags=re.DOTALL)
            target.writestr(info, content)
    return out.getvalue()


def _content_matches(ext, data):
    head = data[:2048]
    if ext == "pdf":
        return b"%PDF-" in data[:1024]
    if ext in {"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"}:
        return head.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data))
    if ext == "rtf":
        return head.startswith(b"{\\rtf")
    if ext in {"txt", "csv"}:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                data.decode("cp1256")  # Arabic Windows spreadsheets export in this code page
            except UnicodeDecodeError:
                return False
        return b"\x00" not in data and not MARKUP.match(head)
    # Another extension the site allows: at least not markup a browser would run.
    return not MARKUP.match(head)


def _read(uploaded):
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def _replacement(name, data, uploaded):
    content_type = CONTENT_TYPES.get(extension(name)) or getattr(uploaded, "content_type", None)
    return SimpleUploadedFile(name, data, content_type=content_type)
