"""«الأكثر قراءة» on reader pages: the lists the last roll-up ranked (miftah.analytics.rollup), in one query."""

from django import template

from ..models import MostRead

register = template.Library()


@register.inclusion_tag("analytics/most_read_box.html", takes_context=True)
def most_read(context):
    entries = list(MostRead.objects.filter(page__live=True).select_related("page")
                   .only("period", "rank", "readers", "page__id", "page__title", "page__url_path", "page__live"))
    return {
        "request": context.get("request"),
        "today": [e for e in entries if e.period == MostRead.TODAY],
        "week": [e for e in entries if e.period == MostRead.WEEK],
    }
