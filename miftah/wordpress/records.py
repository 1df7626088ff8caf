"""Which WordPress object became which Miftah object: the ``ImportedObject`` rows that make an import re-runnable.

Every author, category, tag, attachment, post and page is keyed on (source site, kind, WordPress id or slug) with a
fingerprint of its source data. A later run reads the keys back in bulk (:meth:`Records.known`), skips what has the
same fingerprint, updates what changed in place, and only creates what is new.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from miftah.news.bulk import padded

from .models import ImportedObject


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


class Records:
    """The ImportedObject rows of one source site."""

    def __init__(self, source: str) -> None:
        self.source = source

    def known(self, kind: str, keys: Iterable[str]) -> dict[str, ImportedObject]:
        """The rows of these keys that exist, by key (asked in chunks of a fixed shape)."""
        keys = list(keys)
        found: dict[str, ImportedObject] = {}
        for start in range(0, len(keys), 500):
            for obj in ImportedObject.objects.filter(source=self.source, kind=kind,
                                                     key__in=padded(keys[start:start + 500])):
                found[obj.key] = obj
        return found

    def remember(self, kind: str, key: str, obj: Any, fp: str, guid: str = "",
                 existing: ImportedObject | None = None) -> None:
        """Record that ``key`` is ``obj``: a new row, or ``existing`` (the row found for the key) updated — also when
        the object it named was deleted since and ``obj`` was made again."""
        if existing is not None:
            if existing.fingerprint != fp or existing.object_id != obj.pk:
                ImportedObject.objects.filter(pk=existing.pk).update(fingerprint=fp, object_id=obj.pk,
                                                                     imported_at=timezone.now())
            return
        ImportedObject.objects.create(source=self.source, kind=kind, key=key, guid=guid[:500],
                                      content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
                                      fingerprint=fp)
