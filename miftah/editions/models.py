"""What differs between editions beyond their pages: the publisher's name, tagline, about text and demo notice in the
edition's language (the Arabic edition keeps the site settings; an empty field here falls back to them)."""

import copy

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel

from miftah.core.cache import bump_generation

TRANSLATED_SETTINGS = ("publisher_name", "tagline", "about_publisher", "demo_notice")


class EditionSettings(models.Model):
    """The site settings an edition shows in its own language."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=gettext_lazy("الموقع"), on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", verbose_name=gettext_lazy("اللغة"), on_delete=models.CASCADE, related_name="+")
    publisher_name = models.CharField(gettext_lazy("اسم الناشر"), max_length=120, blank=True)
    tagline = models.CharField(gettext_lazy("الشعار"), max_length=200, blank=True)
    about_publisher = models.TextField(gettext_lazy("نبذة عن الناشر"), blank=True)
    demo_notice = models.CharField(gettext_lazy("تنبيه الموقع التجريبي"), max_length=300, blank=True)

    panels = [FieldPanel("site"), FieldPanel("locale"), FieldPanel("publisher_name"), FieldPanel("tagline"),
              FieldPanel("about_publisher"), FieldPanel("demo_notice")]

    class Meta:
        verbose_name = gettext_lazy("إعدادات الطبعة")
        verbose_name_plural = gettext_lazy("إعدادات الطبعات")
        constraints = [models.UniqueConstraint(fields=["site", "locale"], name="one_edition_settings_per_locale")]

    def __str__(self):
        return f"{self.site} — {self.locale}"


@receiver(post_save, sender=EditionSettings)
@receiver(post_delete, sender=EditionSettings)
def retire_cached_pages_on_edition_settings_change(sender, **kwargs):
    bump_generation()


def edition_home(home, language):
    """The live translation of the site's home page `home` in `language` (None: no such edition)."""
    from miftah.news.models import HomePage

    return (HomePage.objects.live().filter(translation_key=home.translation_key, locale__language_code=language)
            .first())


def edition_settings(site_settings, language):
    """A copy of `site_settings` with the edition's own text over it (never saved)."""
    own = EditionSettings.objects.filter(site_id=site_settings.site_id, locale__language_code=language).first()
    result = copy.copy(site_settings)
    for name in TRANSLATED_SETTINGS:
        if own is not None and getattr(own, name):
            setattr(result, name, getattr(own, name))
    return result
