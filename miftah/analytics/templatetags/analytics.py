"""«الأكثر قراءة» on reader pages: the lists the last roll-up ranked (miftah.analytics.rollup), kept until the next
retirement (each roll-up retires `mostread`, see miftah.analytics.rollup), so a page usually costs no query for them."""

from django import template

from miftah.news.state import remember

from ..models import MostRead

register = template.Library()


def _ranked():
    return list(MostRead.objects.filter(page__live=True).select_related("page")
                .only("period", "rank", "readers", "page__id", "page__title", "page__url_path", "page__live"))


@register.inclusion_tag("analytics/most_read_box.html", takes_context=True)
def most_read(context):
    entries = remember("most-read", _ranked)
    return {
        "request": context.get("request"),
        "today": [e for e in entries if e.period == MostRead.TODAY],
        "week": [e for e in entries if e.period == MostRead.WEEK],
    }
