"""Template tags of the dossiers: the entities under an article, and timeline dates."""

from django import template
from django.utils.html import format_html

from miftah.arabic.dates import MONTH_STYLES, to_arabic_digits
from miftah.core.templatetags.miftah import _site_settings

from ..queries import article_entities as _article_entities

register = template.Library()


@register.simple_tag
def article_entities(page):
    """Entities to list under an article (one query)."""
    return _article_entities(page)


@register.simple_tag(takes_context=True)
def timeline_date(context, entry):
    """A timeline date as precise as the text was: "14 آذار 2024", "آذار 2024" or "2024"."""
    site = _site_settings(context)
    style = site.date_style if site else "dual"
    names = MONTH_STYLES.get(style, MONTH_STYLES["levantine"])
    d = entry.date
    if entry.precision == "day":
        text = f"{d.day} {names[d.month - 1]} {d.year}"
    elif entry.precision == "month":
        text = f"{names[d.month - 1]} {d.year}"
    else:
        text = str(d.year)
    if site and site.arabic_digits:
        text = to_arabic_digits(text)
    return format_html('<time datetime="{}">{}</time>', entry.iso, text)
