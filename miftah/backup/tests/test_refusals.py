"""Bad archives are refused with an Arabic and English message before anything is touched, even with --force: a cut
or altered archive, a sealed one without its key or with another key, one from another database engine or from a
newer Miftah; and a site with content is not replaced without --force. Also the sealing stream on its own.
"""

import io
import json
import tarfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page

from miftah.backup import crypto
from miftah.backup.archive import make_backup
from miftah.backup.errors import BackupError

SIZES = (0, 1, crypto.CHUNK - 1, crypto.CHUNK, crypto.CHUNK + 1, 2 * crypto.CHUNK + 5)


def seal(data, public):
    out = io.BytesIO()
    writer = crypto.SealingWriter(out, crypto.public_key(public))
    for start in range(0, len(data), 300_000):
        writer.write(data[start:start + 300_000])
    writer.close()
    return out.getvalue()


def unseal(sealed, private):
    assert sealed.startswith(crypto.MAGIC)  # read by whoever opens the file, to tell sealed from plain
    return crypto.OpeningReader(io.BytesIO(sealed[len(crypto.MAGIC):]), crypto.private_key(private)).read()


@pytest.mark.parametrize("size", SIZES)
def test_sealing_round_trip_and_tampering(size):
    private, public = crypto.new_key_pair()
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    sealed = seal(data, public)
    assert unseal(sealed, private) == data
    header = len(crypto.MAGIC) + crypto.SEALED_KEY_BYTES + crypto.HEADER_BYTES
    for cut in {header + 2, len(sealed) // 2, len(sealed) - 1} - {len(sealed)}:
        with pytest.raises(BackupError, match="truncated or corrupt"):
            unseal(sealed[:cut], private)
    flipped = bytearray(sealed)
    flipped[len(sealed) - 5] ^= 1
    with pytest.raises(BackupError, match="truncated or corrupt"):
        unseal(bytes(flipped), private)
    with pytest.raises(BackupError, match="truncated or corrupt"):
        unseal(sealed + b"more", private)
    with pytest.raises(BackupError, match="this key does not open this backup"):
        unseal(sealed, crypto.new_key_pair()[0])


def test_keys_that_cannot_be_read_are_refused_clearly():
    with pytest.raises(BackupError, match="غير صالح.*not valid"):
        crypto.public_key("not base64!")
    with pytest.raises(BackupError, match="not valid"):
        crypto.private_key("c2hvcnQ=")  # base64, but 5 bytes


def state():
    """What a refused restore must leave as it was: pages, media files, data files, no staging left behind."""
    media = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*"))
    return (list(Page.objects.order_by("path").values_list("path", "title", "live")), media,
            sorted(p.name for p in settings.DATA_DIR.iterdir()))


def rewrite_manifest(source, target, change):
    """A copy of a plain archive whose manifest says something else (checksums left right)."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def test_bad_archives_are_refused_before_anything_is_touched(committed_newsroom, tmp_path, settings):
    private, public = crypto.new_key_pair()
    (tmp_path / "right.key").write_text(private)
    (tmp_path / "wrong.key").write_text(crypto.new_key_pair()[0])
    plain = make_backup(tmp_path)
    sealed = make_backup(tmp_path / "sealed", public_key=public)
    bad = {}
    for name, source in (("plain", plain), ("sealed", sealed)):
        data = source.read_bytes()
        # A plain tar ends in zero padding, which carries nothing: cut inside its manifest, flip inside the database.
        inside_manifest = data.rfind(b'"files"') + 10 if name == "plain" else len(data) - 100
        bad[f"{name}-cut"] = data[:len(data) // 2]
        bad[f"{name}-cut-in-manifest"] = data[:inside_manifest]
        flipped = bytearray(data)
        flipped[512 + 1000 if name == "plain" else len(data) // 3] ^= 0x20
        bad[f"{name}-flipped"] = bytes(flipped)
    bad["not-a-backup"] = b"<html>not a backup</html>" * 100
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    rewrite_manifest(plain, tmp_path / "other-engine",
                     lambda m: m.update(engine="postgresql" if m["engine"] == "sqlite" else "sqlite"))
    rewrite_manifest(plain, tmp_path / "newer", lambda m: m["migrations"]["news"].append("9999_from_the_future"))

    expected = {name: "truncated or corrupt" for name in bad}
    expected.update({"other-engine": "moving between database engines is not a backup feature",
                     "newer": "comes from a newer Miftah", "missing-file": "cannot read the backup file"})
    before = state()
    for name, english in expected.items():
        with pytest.raises(CommandError, match=english) as refused:
            call_command("restore", str(tmp_path / name), "--force", "--key", str(tmp_path / "right.key"))
        assert "ولم" in str(refused.value) or "تعذّرت" in str(refused.value) or "ليس" in str(refused.value) \
            or "إصدار" in str(refused.value), name  # the Arabic half of the message
        assert state() == before, name
    with pytest.raises(CommandError, match="this backup is sealed: give the private key"):
        call_command("restore", str(sealed), "--force")
    with pytest.raises(CommandError, match="this key does not open this backup"):
        call_command("restore", str(sealed), "--force", "--key", str(tmp_path / "wrong.key"))
    with pytest.raises(CommandError, match="هذا الموقع ليس فارغاً.*add --force"):
        call_command("restore", str(plain), "--key", str(tmp_path / "right.key"))
    assert state() == before


def test_check_reports_a_public_key_that_cannot_be_read(settings):
    from miftah.backup.checks import backup_settings

    settings.MIFTAH_BACKUP_PUBLIC_KEY = crypto.new_key_pair()[1]
    assert backup_settings(None) == []
    settings.MIFTAH_BACKUP_PUBLIC_KEY = "abc"
    assert [problem.id for problem in backup_settings(None)] == ["miftah.backup.E001"]


def test_keygen_writes_a_private_key_for_the_operator_and_never_overwrites(tmp_path):
    out = io.StringIO()
    call_command("backup", "keygen", out=str(tmp_path / "newsroom.key"), stdout=out)
    private = (tmp_path / "newsroom.key").read_text()
    public = (tmp_path / "newsroom.key.pub").read_text().strip()
    assert (tmp_path / "newsroom.key").stat().st_mode & 0o777 == 0o600
    assert f"MIFTAH_BACKUP_PUBLIC_KEY={public}" in out.getvalue() and private.strip() not in out.getvalue()
    assert unseal(seal(b"secret", public), private) == b"secret"
    with pytest.raises(CommandError, match="will not overwrite"):
        call_command("backup", "keygen", out=str(tmp_path / "newsroom.key"), stdout=io.StringIO())
    assert (tmp_path / "newsroom.key").read_text() == private
