"""The site's name for Wagtail's admin pages (browser tab titles read «… - مفتاح», not «… - Wagtail»)."""

from django.utils.translation import gettext
from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def admin_site_name():
    return getattr(settings, "WAGTAIL_SITE_NAME", "") or gettext("مفتاح")
