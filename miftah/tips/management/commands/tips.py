"""`miftah tips keygen|set-key|export|read`: the tip line's keys, and reading tips on an editor's own machine.

    miftah tips keygen --out tips.key [--install]   # a new key pair: private key file (0600), public key printed
    miftah tips set-key PUBLIC_KEY                  # on the server: seal new tips to this public key
    miftah tips export --out tips.json              # every tip, still sealed, to a file
    miftah tips read --key tips.key [--from tips.json] [--tip N] [--files-to DIR]

Run keygen on the machine that will keep the private key, never on the server. `read` opens tips from the database
DATABASE_URL names, or offline from an export.
"""

import base64
import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import get_valid_filename

from ... import crypto
from ...intake import open_file, open_record, tip_record
from ...models import Tip, TipLineKey

EXPORT_FORMAT = "miftah-tips-export"
_SEALED = ("message", "meta", "content", "for_newsroom")


def _encode(value):
    """JSON for a record: sealed bytes as base64."""
    if isinstance(value, dict):
        return {k: base64.b64encode(v).decode() if k in _SEALED else _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        return {k: base64.b64decode(v) if k in _SEALED else _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class Command(BaseCommand):
    help = "The tip line: make a key pair, set the public key, export sealed tips, read tips with the private key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{keygen,set-key,export,read}")
        keygen = sub.add_parser("keygen", help="Write a new private key file (0600) and print its public key.")
        keygen.add_argument("--out", required=True, help="the private key file to create")
        keygen.add_argument("--install", action="store_true",
                            help="also store the public key in the database this command reaches")
        set_key = sub.add_parser("set-key", help="Seal new tips to this public key (stored in the database).")
        set_key.add_argument("public_key")
        export = sub.add_parser("export", help="Write every tip, still sealed, to a JSON file.")
        export.add_argument("--out", required=True)
        read = sub.add_parser("read", help="Open tips with the private key and print them.")
        read.add_argument("--key", required=True, help="the private key file keygen wrote")
        read.add_argument("--from", dest="source", help="an export file (otherwise the database)")
        read.add_argument("--tip", type=int, help="only this tip")
        read.add_argument("--files-to", help="write the tips' files, opened, into this folder")

    def handle(self, *args, action, **options):
        return getattr(self, f"handle_{action.replace('-', '_')}")(**options)

    def handle_keygen(self, out, install, **options):
        key_file, public_key = crypto.new_key_pair()
        try:
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{out} موجود: لن يُكتب فوق مفتاح قائم.") from None
        with os.fdopen(descriptor, "w") as handle:
            handle.write(key_file)
        if install:
            TipLineKey.objects.create(public_key=public_key)
        fingerprint = crypto.fingerprint(crypto.decode_public_key(public_key))
        self.stdout.write(f"كُتب المفتاح الخاص في {out} (للقراءة من صاحبه وحده). احفظه خارج الخادم.\n"
                          f"المفتاح العام (MIFTAH_TIPS_PUBLIC_KEY أو «miftah tips set-key»):\n{public_key}\n"
                          f"البصمة: {fingerprint}" + ("\nثُبّت المفتاح العام في قاعدة البيانات." if install else ""))

    def handle_set_key(self, public_key, **options):
        try:
            key = crypto.decode_public_key(public_key)
        except crypto.BadKey as error:
            raise CommandError(str(error)) from None
        TipLineKey.objects.create(public_key=crypto.encode_key(key))
        self.stdout.write(f"تُشفَّر المعلومات الجديدة بالمفتاح ذي البصمة {crypto.fingerprint(key)}.")

    def handle_export(self, out, **options):
        records = [_encode(tip_record(tip)) for tip in Tip.objects.order_by("pk")]
        Path(out).write_text(json.dumps({"format": EXPORT_FORMAT, "version": 1, "tips": records}, ensure_ascii=False))
        self.stdout.write(f"صُدّرت {len(records)} معلومة، مشفّرة كما هي، إلى {out}.")

    def _records(self, source, tip):
        if source:
            try:
                data = json.loads(Path(source).read_text())
            except (OSError, ValueError) as error:
                raise CommandError(f"تعذّرت قراءة {source}: {error}") from None
            if data.get("format") != EXPORT_FORMAT:
                raise CommandError(f"{source} ليس ملفاً صدّره «miftah tips export».")
            records = [_decode(record) for record in data["tips"]]
        else:
            records = [tip_record(t) for t in Tip.objects.order_by("pk")]
        return [record for record in records if tip is None or record["id"] == tip]

    def handle_read(self, key, source, tip, files_to, **options):
        try:
            private_key = crypto.read_private_key(Path(key).read_text())
        except OSError as error:
            raise CommandError(f"تعذّرت قراءة ملف المفتاح: {error}") from None
        except crypto.BadKey as error:
            raise CommandError(str(error)) from None
        records = self._records(source, tip)
        if not records:
            raise CommandError("لا معلومات للقراءة.")
        for record in records:
            self.stdout.write(f"— معلومة رقم {record['id']} · {record['received_on']} · {record['status']}")
            try:
                opened = open_record(record, private_key)
            except crypto.BadKey as error:
                self.stderr.write(f"  {error} (بصمة مفتاحها {record['key_fingerprint']})")
                continue
            self.stdout.write(opened["text"])
            for number, (meta, file_record) in enumerate(zip(opened["files"], record["files"]), start=1):
                note = "نُزعت بياناتها الوصفية" if meta["stripped"] else "كما أرسلها المصدر، ببياناته الوصفية"
                line = f"  ملف {number}: {meta['name']} ({meta['type'] or '؟'}) — {note}"
                if files_to:
                    folder = Path(files_to)
                    folder.mkdir(parents=True, exist_ok=True)
                    path = folder / get_valid_filename(f"{record['id']}-{number}-{meta['name']}")
                    path.write_bytes(open_file(file_record, private_key)[1])
                    line += f" → {path}"
                self.stdout.write(line)
            for reply in opened["replies"]:
                self.stdout.write(f"  ردّنا ({reply['sent_on']}): {reply['text']}")
            self.stdout.write("")
