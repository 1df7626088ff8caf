"""Attachments: each WordPress attachment becomes a Wagtail image or document, read from a copy of wp-content/uploads.

:class:`Media` stores the files (never from the network; a missing file is listed in the summary, not fatal; nothing
is written to storage in a dry run) and keeps the maps the conversion needs to turn ``<img>`` tags, galleries and
featured images into image blocks: attachment id -> image, image URL -> image, image -> (caption, alt).
"""

from __future__ import annotations

import io
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageOps
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from miftah.core.metadata import NotAnImage, strip_image_metadata

from .inventory import AttachmentInfo, Inventory
from .records import Records
from .summary import ImportSummary

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff", ".heic"}
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
_UPLOADS = "/wp-content/uploads/"


def upload_path(url: str, attached_file: str) -> str:
    """The attachment's path below wp-content/uploads ("2008/06/canola2.jpg")."""
    if attached_file and not attached_file.startswith(("/", "http")):
        return attached_file
    path = unquote(urlsplit(url).path)
    if _UPLOADS in path:
        return path.split(_UPLOADS, 1)[1]
    return path.lstrip("/")


def url_key(url: str) -> str:
    """How an image URL is matched to an attachment: its path, size suffix (-300x200) removed, lower case."""
    path = unquote(urlsplit(url.strip()).path)
    return _SIZE_SUFFIX.sub("", path).lower()


def clean_imported_image(source: Path) -> tuple[str, bytes]:
    """(file name, bytes) of an attachment photo without its metadata (GPS, camera), as staff uploads are stored.

    Formats the cleaner does not re-encode (BMP, TIFF…) become PNG, orientation applied. Raises if the file is not an
    image Pillow can read.
    """
    data = source.read_bytes()
    if getattr(settings, "MIFTAH_KEEP_ORIGINAL_METADATA", False):
        return source.name, data
    try:
        return source.name, strip_image_metadata(data)
    except NotAnImage:
        with PILImage.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            fresh = PILImage.new(upright.mode if upright.mode in ("RGB", "RGBA", "L", "LA") else "RGBA", upright.size)
            fresh.paste(upright.convert(fresh.mode))
            out = io.BytesIO()
            fresh.save(out, format="PNG")
        return f"{source.stem}.png", strip_image_metadata(out.getvalue())


class Media:
    def __init__(self, inventory: Inventory, records: Records, summary: ImportSummary, media_dir: Path | None,
                 dry_run: bool) -> None:
        self.inventory = inventory
        self.records = records
        self.summary = summary
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.Image = get_image_model()
        self.Document = get_document_model()
        self.images: dict[int, int] = {}          # attachment id -> image id
        self.documents: dict[int, Any] = {}
        self.image_by_url: dict[str, int] = {}
        self.image_text: dict[int, tuple[str, str]] = {}   # image id -> (caption, alt)

    def import_attachments(self) -> None:
        attachments = self.inventory.attachments
        known = self.records.known("attachment", [str(i) for i in attachments])
        missing = 0
        for attachment_id, info in attachments.items():
            relative = upload_path(info.url, info.file)
            is_image = PurePosixPath(relative).suffix.lower() in IMAGE_EXTENSIONS
            model = self.Image if is_image else self.Document
            existing = known.get(str(attachment_id))
            obj = model.objects.filter(pk=existing.object_id).first() if existing else None
            if obj is not None:
                self.summary.unchanged["images" if is_image else "documents"] += 1
            else:
                source = self._media_file(relative)
                if source is None:
                    missing += 1
                    self.summary.missing_files.append(relative)
                    continue
                obj = self._store_media(model, info, source, is_image)
                if obj is None:
                    continue
                self.summary.created["images" if is_image else "documents"] += 1
            self.records.remember("attachment", str(attachment_id), obj, "", guid=info.guid, existing=existing)
            self.summary.counts["images" if is_image else "documents"] += 1
            if is_image:
                self.images[attachment_id] = obj.pk
                self.image_text[obj.pk] = (info.caption, info.alt)
                for url in (info.url, info.guid, relative):
                    if url:
                        self.image_by_url[url_key(url if "/" in url else "/" + url)] = obj.pk
            else:
                self.documents[attachment_id] = obj
        if missing:
            where = f"in {self.media_dir}" if self.media_dir else "(no --media-dir given)"
            self.summary.warn(f"{missing} attachment file(s) not found {where}; listed in missing_files")

    def _media_file(self, relative: str) -> Path | None:
        if self.media_dir is None or not relative:
            return None
        candidate = (self.media_dir / relative).resolve()
        try:
            candidate.relative_to(self.media_dir.resolve())  # "../" in an export must not read outside the folder
        except ValueError:
            return None
        return candidate if candidate.is_file() else None

    def _store_media(self, model: Any, info: AttachmentInfo, source: Path, is_image: bool) -> Any:
        title = (info.title or source.stem)[:255]
        obj = model(title=title)
        name, data = source.name, None
        if is_image:
            try:
                name, data = clean_imported_image(source)
                with PILImage.open(io.BytesIO(data)) as probe:
                    obj.width, obj.height = probe.size
            except Exception:
                self.summary.warn(f"attachment {info.post_id}: {source.name} is not a readable image; skipped")
                return None
            obj.description = info.caption[:255] if hasattr(obj, "description") else ""
        obj.file_size = len(data) if data is not None else source.stat().st_size
        if self.dry_run:
            obj.file.name = f"dry-run/{name}"   # nothing is written to storage in a dry run
            obj.save()
        elif data is not None:
            obj.file.save(name, ImageFile(io.BytesIO(data), name=name), save=False)
            obj.save()
        else:
            with source.open("rb") as handle:
                obj.file.save(source.name, File(handle), save=False)
            obj.save()
        return obj

    def image_for(self, attachment_id: int | None, src: str) -> int | None:
        """The image of an attachment id, else of an image URL (any size variant); None if it was not imported."""
        if attachment_id is not None and attachment_id in self.images:
            return self.images[attachment_id]
        return self.image_by_url.get(url_key(src)) if src else None
