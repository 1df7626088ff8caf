"""Reader cards read with one prebuilt SQL statement instead of the ORM.

A card shows a handful of columns of the page and article rows plus up to four renditions of the hero image. Building
that statement with the ORM (four correlated subqueries with Concat/Cast each) and turning every row into an
ArticlePage (a ClusterableModel, costly to instantiate) took over half of an uncached home page. Here the statement
is written once per database vendor and the rows become small `Card` objects with the attributes the card templates
read. Only the listing itself (which articles, filtered, ordered, sliced) still goes through the ORM, as the
`IN (…)` subquery of the card statement, so a listing stays one query.

The SQL is portable across SQLite and PostgreSQL (CAST … AS VARCHAR, `||`, a correlated scalar subquery with
ORDER BY … LIMIT 1).
"""

from dataclasses import dataclass
from datetime import timezone as dt_timezone
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

BREAKING_LIFETIME_HOURS = 6  # as miftah.news.models.BREAKING_LIFETIME_HOURS (not imported: models imports us)


class Card:
    """One listed article, with what a card, the home page's lists and the search results show."""

    def __init__(self, **values):
        self.__dict__.update(values)

    @property
    def pk(self):
        return self.id

    @property
    def url(self):
        return self.card_url

    @property
    def published_at(self):
        return self.first_published_at

    def is_breaking_now(self, hours=BREAKING_LIFETIME_HOURS):
        """«عاجل» as readers see it: the flag ages out `hours` after first publication."""
        from datetime import timedelta

        return bool(self.is_breaking) and self.first_published_at is not None and (
            timezone.now() < self.first_published_at + timedelta(hours=hours))

    def __repr__(self):
        return f"<Card {self.id} {self.title!r}>"


CARD_COLUMNS = ("id", "title", "url_path", "path", "depth", "first_published_at", "is_breaking", "is_exclusive", "dek",
                "hero_image_id")


@lru_cache(maxsize=None)
def card_statement(vendor, specs):
    """SELECT of the card columns and one packed "width height file" column per rendition spec in `specs`; the
    caller appends `WHERE p.id IN (…)` (placeholder `{listing}`) and the ordering (`{order}`)."""
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from .models import ArticlePage

    connection = next(c for c in connections.all() if c.vendor == vendor)
    q = connection.ops.quote_name
    page, article = q(Page._meta.db_table), q(ArticlePage._meta.db_table)
    rendition = q(get_image_model().get_rendition_model()._meta.db_table)
    link = q(ArticlePage._meta.pk.column)
    images = "".join(
        f", (SELECT CAST(r.width AS VARCHAR(12)) || ' ' || CAST(r.height AS VARCHAR(12)) || ' ' || r.file"
        f" FROM {rendition} r WHERE r.image_id = a.hero_image_id AND r.filter_spec = %s ORDER BY r.id DESC LIMIT 1)"
        for _ in specs
    )
    return (f"SELECT p.id, p.title, p.url_path, p.path, p.depth, p.first_published_at, a.is_breaking, a.is_exclusive,"
            f" a.dek, a.hero_image_id{images} FROM {page} p INNER JOIN {article} a ON a.{link} = p.id"
            " WHERE p.id IN ({listing}){order}")


def _aware(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, dt_timezone.utc)
    return value


# ORM orderings a listing may carry, as a sort key on Card (the cards come back in this order).
SORT_KEYS = {
    "first_published_at": lambda c: (c.first_published_at is None, c.first_published_at),
    "pk": lambda c: c.id, "id": lambda c: c.id, "title": lambda c: c.title, "path": lambda c: c.path,
}


def sortable(order_by):
    return all(str(field).lstrip("-") in SORT_KEYS for field in order_by)


def _sort(cards, order_by):
    for field in reversed((*order_by, "-pk")):  # stable sorts, least significant key first
        name = str(field).lstrip("-")
        cards.sort(key=SORT_KEYS[name], reverse=str(field).startswith("-"))
    return cards


@dataclass(frozen=True)
class Listing:
    """A listing's SQL (one column: the article ids) built ahead, e.g. once per content generation (`compiled()`)."""

    sql: str
    params: tuple
    db: str
    order_by: tuple = ()


def compiled(querysets, order_by):
    """One Listing of the ids of every queryset in `querysets` (each filtered, ordered and sliced on its own),
    joined with UNION ALL; the cards come back ordered by `order_by` (fields of SORT_KEYS)."""
    parts, params, db = [], [], None
    for number, queryset in enumerate(querysets):
        db = queryset.db
        try:
            sql, part_params = queryset.values("pk").query.get_compiler(db).as_sql()
        except EmptyResultSet:  # e.g. `pk__in=[]`: lists nothing
            continue
        parts.append(f"SELECT * FROM ({sql}) listing_{number}")
        params.extend(part_params)
    return Listing(" UNION ALL ".join(parts), tuple(params), db, tuple(order_by))


def read_cards(listing, specs, order_sql="", order_params=()):
    """Cards of the articles of the ORM queryset (or `Listing`) `listing` (its filter, order and slice kept): one
    query.

    `specs` are the rendition filter specs to read, in the order of the packed columns; each card gets them as
    `packed` (a tuple of "width height file" strings or None). Without `order_sql` the cards come back in the
    listing's own order (a pk tiebreak added)."""
    if isinstance(listing, Listing):
        db, (listing_sql, listing_params), order_by = listing.db, (listing.sql, listing.params), listing.order_by
    else:
        db, order_by = listing.db, listing.query.order_by
        try:
            listing_sql, listing_params = listing.values("pk").query.get_compiler(db).as_sql()
        except EmptyResultSet:  # e.g. `pk__in=[]`: lists nothing
            return []
    if not listing_sql:
        return []
    connection = connections[db]
    sql = card_statement(connection.vendor, tuple(specs)).format(
        listing=listing_sql, order=f" ORDER BY {order_sql}" if order_sql else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, (*specs, *listing_params, *order_params))
        rows = cursor.fetchall()
    width = len(CARD_COLUMNS)
    cards = []
    for row in rows:
        card = Card(**dict(zip(CARD_COLUMNS, row[:width])))
        card.first_published_at = _aware(card.first_published_at)
        card.packed = row[width:]
        cards.append(card)
    return cards if order_sql else _sort(cards, order_by)
