"""The knowledge base as the rest of the code sees it: CSV import/export and the cached matcher.

``load_rows`` is idempotent: an unknown canonical name creates an entity, a known one gains the
aliases it lacks (and blank fields are filled in; an editor's values are never overwritten). The
data migration that ships the starter list uses it with the historical model.

``get_matcher()`` builds one ``EntityMatcher`` from the active entities and keeps it in the
process; a cheap fingerprint query (count and latest ``updated_at``) tells it when an editor, an
import or another process has changed the list, and only then is it rebuilt (about 20 ms for the
starter list).
"""

import csv
import io
import threading

from .matching import ENTITY_TYPES, EntityMatcher, parse_aliases

CSV_COLUMNS = ["canonical", "type", "aliases", "english", "wikidata", "ambiguous", "source", "context", "description", "note"]
OPTIONAL_TEXT_FIELDS = ("english", "wikidata", "source", "context", "description", "note")
TRUE_VALUES = {"1", "true", "yes", "نعم"}


# The spellings of entity types other tools write (NER tag sets, other knowledge bases), folded to ours.
TYPE_SPELLINGS = {
    **{spelling: "person" for spelling in ("person", "per", "pers", "people", "شخص", "أشخاص")},
    **{spelling: "organisation" for spelling in ("organisation", "organization", "org", "orgs", "منظمة", "مؤسسة")},
    **{spelling: "place" for spelling in ("place", "location", "loc", "gpe", "fac", "مكان", "مكان جغرافي")},
    **{spelling: "event" for spelling in ("event", "evt", "حدث")},
}


class KnowledgeBaseError(ValueError):
    pass


def canonical_type(spelling):
    """Our name for an entity type written `spelling` (any case: ORG, Organization, PER, LOC, GPE…), or None."""
    return TYPE_SPELLINGS.get(" ".join((spelling or "").split()).casefold())


def read_csv(handle):
    """Rows of a knowledge-base CSV as dicts; checks the required columns and the types."""
    reader = csv.DictReader(handle)
    missing = {"canonical", "type", "aliases"} - set(reader.fieldnames or ())
    if missing:
        raise KnowledgeBaseError(f"أعمدة ناقصة في الملف: {', '.join(sorted(missing))} (missing columns)")
    rows = []
    for line_number, row in enumerate(reader, start=2):
        canonical = (row.get("canonical") or "").strip()
        if not canonical:
            continue
        entity_type = canonical_type(row.get("type"))
        if entity_type not in ENTITY_TYPES + ("event",):
            raise KnowledgeBaseError(
                f"السطر {line_number}: نوع غير معروف {(row.get('type') or '').strip()!r} (unknown type; "
                "use person/PER, organisation/organization/ORG, place/location/LOC/GPE or event)"
            )
        rows.append({key: (value or "").strip() for key, value in row.items() if key} | {"type": entity_type})
    return rows


def _merge_aliases(existing, added, canonical):
    merged = list(parse_aliases(existing.replace("\n", "|")))
    for alias in parse_aliases(added):
        if alias not in merged and alias != canonical:
            merged.append(alias)
    return "|".join(merged)


def load_rows(rows, entity_model=None):
    """Create or update entities from CSV rows; returns (created, updated) counts."""
    from django.utils import timezone
    from django.utils.text import slugify

    if entity_model is None:
        from .models import Entity as entity_model
    existing = {entity.canonical: entity for entity in entity_model.objects.all()}
    taken_slugs = {entity.slug for entity in existing.values()} | {"network"}  # models.RESERVED_SLUGS
    to_create, to_update = [], []
    for row in rows:
        canonical = row["canonical"]
        entity = existing.get(canonical)
        if entity is None:
            base = slugify(canonical, allow_unicode=True) or "entity"
            slug, n = base, 2
            while slug in taken_slugs:
                slug, n = f"{base}-{n}", n + 1
            taken_slugs.add(slug)
            entity = entity_model(
                canonical=canonical, slug=slug, type=row["type"],
                aliases=_merge_aliases("", row.get("aliases", ""), canonical),
                ambiguous=row.get("ambiguous", "").lower() in TRUE_VALUES,
                **{name: row.get(name, "")[: entity_model._meta.get_field(name).max_length or None]
                   for name in OPTIONAL_TEXT_FIELDS},
            )
            existing[canonical] = entity
            to_create.append(entity)
            continue
        changed = False
        aliases = _merge_aliases(entity.aliases, row.get("aliases", ""), canonical)
        if aliases != entity.aliases:
            entity.aliases, changed = aliases, True
        for name in OPTIONAL_TEXT_FIELDS:
            if row.get(name) and not getattr(entity, name):
                setattr(entity, name, row[name])
                changed = True
        if changed and entity not in to_create and entity not in to_update:
            to_update.append(entity)
    if to_create:
        entity_model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        now = timezone.now()
        for entity in to_update:
            entity.updated_at = now
        entity_model.objects.bulk_update(
            to_update, ["aliases", "updated_at", *OPTIONAL_TEXT_FIELDS], batch_size=500
        )
    return len(to_create), len(to_update)


def load_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return load_rows(read_csv(handle))


def export_csv(stream=None, queryset=None):
    """Write every entity as CSV (the columns ``load`` reads); returns the text if no stream."""
    from .models import Entity

    out = stream or io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entity in (queryset if queryset is not None else Entity.objects.order_by("type", "canonical")):
        writer.writerow([
            entity.canonical, entity.type, entity.aliases, entity.english, entity.wikidata,
            "1" if entity.ambiguous else "0", entity.source, entity.context, entity.description, entity.note,
        ])
    return None if stream else out.getvalue()


# -- the cached matcher ---------------------------------------------------------------------

_lock = threading.Lock()
_cached = {"fingerprint": None, "matcher": None}


def _fingerprint():
    from django.db.models import Count, Max

    from .models import MATCHED_TYPES, Entity

    stats = Entity.objects.filter(active=True, type__in=MATCHED_TYPES).aggregate(n=Count("id"), latest=Max("updated_at"))
    return stats["n"], stats["latest"]


def get_matcher():
    """The matcher for the active entities, rebuilt only when they changed."""
    from .models import MATCHED_TYPES, Entity

    fingerprint = _fingerprint()
    matcher = _cached["matcher"]
    if matcher is not None and _cached["fingerprint"] == fingerprint:
        return matcher
    with _lock:
        if _cached["matcher"] is not None and _cached["fingerprint"] == fingerprint:
            return _cached["matcher"]
        entities = Entity.objects.filter(active=True, type__in=MATCHED_TYPES).order_by("pk")
        matcher = EntityMatcher([entity.as_matcher_entity() for entity in entities])
        _cached.update(fingerprint=fingerprint, matcher=matcher)
        return matcher


def forget_matcher():
    _cached.update(fingerprint=None, matcher=None)
