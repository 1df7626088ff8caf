"""The lists the sign-up box offers (one query; the box is in pages the page cache keeps)."""

from django import template

register = template.Library()


@register.simple_tag
def newsletter_signup_lists():
    from ..views import signup_lists

    return signup_lists()
