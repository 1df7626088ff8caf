"""«الأكثر قراءة» on reader pages: the lists the last roll-up ranked (miftah.analytics.rollup), read at most once a
minute per process (and after any retirement), so a page usually costs no query for them."""

import time

from django import template

from miftah.news.state import remember

from ..models import MostRead

register = template.Library()
BOX_SECONDS = 60  # how long a process keeps the ranked lists before reading the roll-up's table again


def _ranked():
    return list(MostRead.objects.filter(page__live=True).select_related("page")
                .only("period", "rank", "readers", "page__id", "page__title", "page__url_path", "page__live"))


@register.inclusion_tag("analytics/most_read_box.html", takes_context=True)
def most_read(context):
    entries = remember(f"most-read:{int(time.time() // BOX_SECONDS)}", _ranked)
    return {
        "request": context.get("request"),
        "today": [e for e in entries if e.period == MostRead.TODAY],
        "week": [e for e in entries if e.period == MostRead.WEEK],
    }
