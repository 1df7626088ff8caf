"""Turns what a source sent into sealed rows, and an editor's reply into two sealed copies.

Images lose their metadata (miftah.core.metadata) before sealing; other files are sealed as sent. Nothing is
written unsealed, and the only clear values kept are the day, the sizes and the count of files.
"""

from django.db import transaction
from django.utils import timezone

from miftah.core.metadata import NotAnImage, strip_image_metadata

from . import crypto
from .models import Tip, TipFile, TipReply


def clean_file(data: bytes) -> tuple[bytes, bool]:
    """(bytes to seal, whether metadata was stripped)."""
    try:
        return strip_image_metadata(data), True
    except NotAnImage:
        return data, False


@transaction.atomic
def receive_tip(public_key, text: str, files) -> tuple[Tip, str, list[dict]]:
    """Seal and store a tip; returns it, the source's follow-up code (shown once, never stored) and what became of
    each file ([{"name", "stripped"}])."""
    code = crypto.new_code()
    lookup, reply_key = crypto.reply_keys(crypto.normalize_code(code))
    message = crypto.seal_json(public_key, {"text": text})
    sealed_files, notes = [], []
    for upload in files:
        data, stripped = clean_file(upload.read())
        name = upload.name or "ملف"  # i18n: not interface text (a stored file name)
        sealed_files.append((crypto.seal_json(public_key, {"name": name, "type": upload.content_type or "",
                                                          "stripped": stripped}),
                             crypto.seal(public_key, data)))
        notes.append({"name": name, "stripped": stripped})
    tip = Tip.objects.create(
        received_on=timezone.localdate(), key_fingerprint=crypto.fingerprint(public_key), message=message,
        size=len(message) + sum(len(meta) + len(content) for meta, content in sealed_files),
        reply_public_key=bytes(reply_key.public_key), code_lookup=lookup,
    )
    TipFile.objects.bulk_create(TipFile(tip=tip, meta=meta, content=content) for meta, content in sealed_files)
    return tip, code, notes


def add_reply(tip: Tip, public_key, text: str) -> TipReply:
    return TipReply.objects.create(
        tip=tip, for_source=crypto.seal(crypto.PublicKey(bytes(tip.reply_public_key)), text.encode()),
        for_newsroom=crypto.seal(public_key, text.encode()),
    )


def replies_for_code(code_text: str) -> list[TipReply] | None:
    """The replies (with `.text` opened) of the tip this code belongs to, or None for a wrong code."""
    code = crypto.normalize_code(code_text)
    if code is None:
        return None
    lookup, key = crypto.reply_keys(code)
    tip = Tip.objects.filter(code_lookup=lookup).first()
    if tip is None:
        return None
    replies = list(tip.replies.all())
    for reply in replies:
        reply.text = crypto.unseal(key, reply.for_source).decode()
    return replies


def tip_record(tip: Tip, with_content=True) -> dict:
    """A tip as plain values, still sealed: what `miftah tips export` writes and what every reader opens."""
    files = tip.files.all() if with_content else tip.files.defer("content")
    return {
        "id": tip.pk, "received_on": tip.received_on.isoformat(), "status": tip.status,
        "key_fingerprint": tip.key_fingerprint, "message": bytes(tip.message),
        "files": [{"meta": bytes(f.meta), **({"content": bytes(f.content)} if with_content else {})} for f in files],
        "replies": [{"sent_on": r.sent_on.isoformat(), "for_newsroom": bytes(r.for_newsroom)}
                    for r in tip.replies.all()],
    }


def open_record(record: dict, private_key) -> dict:
    """What an editor reads: the text, each file's name/type/stripped flag (contents with open_file), the replies."""
    return {
        "text": crypto.unseal_json(private_key, record["message"])["text"],
        "files": [crypto.unseal_json(private_key, f["meta"]) for f in record["files"]],
        "replies": [{"sent_on": r["sent_on"], "text": crypto.unseal(private_key, r["for_newsroom"]).decode()}
                    for r in record["replies"]],
    }


def open_file(file_record: dict, private_key) -> tuple[dict, bytes]:
    return crypto.unseal_json(private_key, file_record["meta"]), crypto.unseal(private_key, file_record["content"])
