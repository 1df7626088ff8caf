"""Template tags of the dossiers: the entities under an article, and timeline dates."""

from django import template
from django.utils.html import format_html

from miftah.arabic.counting import noun_form
from miftah.arabic.dates import MONTH_STYLES, to_arabic_digits
from miftah.core.dates import month_names
from miftah.core.i18n import arabic_active, count_text
from miftah.core.templatetags.miftah import _site_settings

from ..queries import article_entities as _article_entities

register = template.Library()


@register.simple_tag
def article_entities(page):
    """Entities to list under an article: one query per content generation (storing or editing mentions retires
    pages, which moves the generation on — miftah.dossiers.signals, miftah.news.pipeline)."""
    from miftah.news.state import remember

    if not getattr(page, "pk", None):
        return []
    return remember(f"article-entities:{page.pk}", lambda: _article_entities(page))


@register.simple_tag(takes_context=True)
def timeline_date(context, entry):
    """A timeline date as precise as the text was: "14 آذار 2024", "آذار 2024" or "2024"."""
    site = _site_settings(context)
    style = site.date_style if site else "dual"
    names = month_names(style if style in MONTH_STYLES else "levantine")
    d = entry.date
    if entry.precision == "day":
        text = f"{d.day} {names[d.month - 1]} {d.year}"
    elif entry.precision == "month":
        text = f"{names[d.month - 1]} {d.year}"
    else:
        text = str(d.year)
    if site and site.arabic_digits and arabic_active():
        text = to_arabic_digits(text)
    return format_html('<time datetime="{}">{}</time>', entry.iso, text)


@register.simple_tag(takes_context=True)
def count_of(context, n, noun):
    """A count with its noun in the form Arabic gives it: {% count_of 11 "مقال" %} → "11 مقالاً",
    1 → "مقال واحد", 2 → "مقالان"; digits as the site writes them."""
    site = _site_settings(context)
    number = to_arabic_digits(str(n)) if site and site.arabic_digits and arabic_active() else None
    return count_text(n, noun, number=number)


@register.filter
def counted(n, noun):
    """The noun's form after ``n`` without the number: {{ n|counted:"مقال" }} → "مقالاً" for 11."""
    return noun_form(n, noun)
