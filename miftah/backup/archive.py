"""Making and restoring one backup archive: a tar holding the database copy, the media files, the data-folder files
that hold settings (the saved public address, the generated secret key, the demo credentials) and, last, a manifest
with the format, the Miftah version, the engine, counts, the applied migrations and a SHA-256 of every member.

A sealed archive (crypto.py) wraps the same tar. Restoring first reads the whole archive into a staging folder and
checks every checksum against the manifest (which comes last, so a cut archive has none); only then does it touch
the database (one transaction), the media folder (swapped in by rename) and the data files.
"""

import hashlib
import io
import json
import os
import secrets
import shutil
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

import miftah

from . import crypto, database
from .errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DATA_FILES = ("base_url", "secret_key", "demo-credentials.txt")  # settings kept in the data folder, not the env
RENDITIONS = "images"  # Wagtail's renditions (originals are in original_images/): regenerated on demand if left out
NAME_FORMAT = "miftah-backup-%Y%m%d-%H%M%S"
PLAIN_SUFFIX, SEALED_SUFFIX = ".tar", ".tar.sealed"
CORRUPT = crypto.CORRUPT


def backup_name(moment, sealed):
    return moment.strftime(NAME_FORMAT) + (SEALED_SUFFIX if sealed else PLAIN_SUFFIX)


class _Hashing:
    """A file object that hashes what is read through it (tar reads each member exactly once)."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def site_counts():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    image = get_image_model()
    return {"pages": Page.objects.count(), "live_pages": Page.objects.filter(live=True).count(),
            "revisions": Revision.objects.count(), "users": get_user_model().objects.count(),
            "groups": Group.objects.count(), "images": image.objects.count(),
            "renditions": image.renditions.rel.related_model.objects.count(),
            "documents": get_document_model().objects.count()}


def applied_migrations():
    found = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        found.setdefault(app, []).append(name)
    return found


def media_files(renditions=True):
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        relative = Path(folder).relative_to(root)
        if not renditions and relative.parts[:1] == (RENDITIONS,):
            continue
        for name in sorted(files):
            yield Path(folder) / name, PurePosixPath("media", *relative.parts, name).as_posix()


def make_backup(to_dir, *, public_key=None, renditions=True, now=None):
    """Write one archive into `to_dir` and return its path. A key (base64) seals it; without one it is a plain tar."""
    recipient = crypto.public_key(public_key) if public_key else None
    to_dir = Path(to_dir)
    to_dir.mkdir(parents=True, exist_ok=True)
    moment = now or datetime.now(timezone.utc)
    final = to_dir / backup_name(moment, sealed=bool(recipient))
    partial = final.with_name(final.name + ".part")
    vendor = database.engine()
    manifest = {"format": FORMAT, "miftah": miftah.__version__, "created": moment.isoformat(), "engine": vendor,
                "database": database.MEMBER[vendor], "renditions": renditions, "counts": site_counts(),
                "migrations": applied_migrations(), "files": {}}
    try:
        _write(final, partial, manifest, moment, recipient, to_dir)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final


def _write(final, partial, manifest, moment, recipient, to_dir):
    with tempfile.TemporaryDirectory(dir=to_dir, prefix=".miftah-backup-") as scratch:
        snapshot = Path(scratch) / "database"
        database.dump(snapshot)
        # Mode 0600 from the start: the archive holds password hashes and the secret key.
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            sink = crypto.SealingWriter(out, recipient) if recipient else out
            with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _add(tar, manifest, snapshot, manifest["database"])
                for path, member in media_files(manifest["renditions"]):
                    _add(tar, manifest, path, member)
                for name in DATA_FILES:
                    if (settings.DATA_DIR / name).is_file():
                        _add(tar, manifest, settings.DATA_DIR / name, f"data/{name}")
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(moment.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(body))
            if recipient:
                sink.close()
            out.flush()
            os.fsync(out.fileno())
    os.replace(partial, final)


def _add(tar, manifest, path, member):
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return  # a media file deleted since the walk: it is gone from the site too
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(member)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600 if member.startswith("data/") else 0o644
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    manifest["files"][member] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}


def _open_archive(path, key_text):
    path = Path(path)
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise BackupError("تعذّرت قراءة ملف النسخة الاحتياطية", f"cannot read the backup file: {error}") from None
    magic = handle.read(len(crypto.MAGIC))
    if magic == crypto.MAGIC:
        if not key_text:
            handle.close()
            raise BackupError("هذه النسخة مشفّرة: أعطِ المفتاح الخاص بـ --key FILE",
                              "this backup is sealed: give the private key with --key FILE")
        return handle, crypto.OpeningReader(handle, crypto.private_key(key_text))
    handle.seek(0)
    return handle, handle


def _safe_member(info):
    parts = PurePosixPath(info.name).parts
    return (info.isfile() and parts and parts[0] in {"database", "media", "data", MANIFEST} and ".." not in parts
            and not PurePosixPath(info.name).is_absolute())


def read_archive(path, staging, key_text=None):
    """Unpack the archive into `staging`, checking everything; returns the manifest. Raises BackupError, never half."""
    handle, source = _open_archive(path, key_text)
    seen, manifest = {}, None
    try:
        with handle, tarfile.open(fileobj=source, mode="r|") as tar:
            for info in tar:
                if not _safe_member(info):
                    raise BackupError(*CORRUPT)
                extracted = tar.extractfile(info)
                if info.name == MANIFEST:
                    manifest = json.loads(extracted.read().decode())
                    continue
                target = Path(staging, *PurePosixPath(info.name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                reader = _Hashing(extracted)
                with open(target, "wb") as out:
                    shutil.copyfileobj(reader, out, 1 << 20)
                seen[info.name] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError, UnicodeDecodeError) as error:
        raise BackupError(CORRUPT[0], f"{CORRUPT[1]}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("files") != seen:
        raise BackupError(*CORRUPT)
    if manifest.get("format") != FORMAT:
        raise BackupError("صيغة هذه النسخة غير معروفة لهذا الإصدار من مفتاح",
                          f"this Miftah does not know backup format {manifest.get('format')!r}")
    return manifest


def check_compatible(manifest):
    vendor = database.engine()
    if manifest["engine"] != vendor:
        raise BackupError(f"هذه نسخة {manifest['engine']} والموقع يستعمل {vendor}: النقل بين محرّكات قواعد البيانات "
                          "ليس من عمل النسخ الاحتياطي",
                          f"this is a {manifest['engine']} backup and the site uses {vendor}; moving between "
                          "database engines is not a backup feature")
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
               if (app, name) not in known]
    if unknown:
        raise BackupError(f"هذه النسخة من إصدار أحدث من مفتاح ({manifest['miftah']}): ثبّته أولاً",
                          f"this backup comes from a newer Miftah ({manifest['miftah']}), install it first; "
                          f"unknown migrations: {', '.join(unknown[:5])}")


def site_is_empty():
    """A new install: no tables yet, or only what `migrate` makes (no account, image, document or page below the
    home page), and no media file."""
    if any(True for _ in media_files()):
        return False
    if database.is_empty():
        return True
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    try:
        return not (get_user_model().objects.exists() or get_image_model().objects.exists()
                    or get_document_model().objects.exists() or Page.objects.filter(depth__gt=2).exists())
    except Exception:  # noqa: BLE001 - tables of another shape: not a new install of this version
        return False


def restore_backup(path, *, key_text=None, force=False):
    """Put the archive's site in place of this one; returns the manifest. Nothing changes unless all is well."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".miftah-restore-"))
    try:
        manifest = read_archive(path, staging, key_text)
        check_compatible(manifest)
        if not force and not site_is_empty():
            raise BackupError("هذا الموقع ليس فارغاً: الاستعادة تحلّ محلّ كل محتواه؛ أضف --force إن كان هذا المقصود",
                              "this site is not empty and a restore replaces all of it; add --force if you mean it")
        database.load(staging / manifest["database"])
        _swap_media(staging / "media", media_root)
        for name in DATA_FILES:
            if (staging / "data" / name).is_file():
                os.chmod(staging / "data" / name, 0o600)
                shutil.move(staging / "data" / name, settings.DATA_DIR / name)
        _after_restore(manifest)
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_media(restored, media_root):
    restored.mkdir(exist_ok=True)
    if media_root.exists():
        if any(media_root.iterdir()):
            aside = media_root.with_name(f"{media_root.name}.before-restore-{secrets.token_hex(4)}")
            os.replace(media_root, aside)
        else:
            media_root.rmdir()
    os.replace(restored, media_root)


def _after_restore(manifest):
    connection.close()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # a backup from an older Miftah
    if not manifest["renditions"]:
        from wagtail.images import get_image_model

        get_image_model().renditions.rel.related_model.objects.all().delete()  # made again on demand
    from miftah.core.cache import bump_generation

    bump_generation()
