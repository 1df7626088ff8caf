"""The lists the sign-up box offers (one query; the box is in pages the page cache keeps). The lists and their emails
are the source (Arabic) edition's, so another edition's pages show no box (docs/editions.md)."""

from django import template

register = template.Library()


@register.simple_tag
def newsletter_signup_lists():
    from miftah.editions.languages import active_edition, default_language

    from ..views import signup_lists

    return signup_lists() if active_edition() == default_language() else []
