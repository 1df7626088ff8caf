"""Admin: each edition's own publisher name, tagline, about text and demo notice (Snippets → إعدادات الطبعات)."""

from wagtail.snippets.models import register_snippet

from .models import EditionSettings

register_snippet(EditionSettings)
