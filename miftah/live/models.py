"""Live coverage: `LiveCoverage` puts one ArticlePage in live mode (started, then ended), `LiveUpdate` is one row per
update posted during it.

Updates are rows, not a StreamField on the page: posting one needs no page revision or publish, so it retires only
the live page's caches (miftah.live.caching), never the whole site. Ending the coverage keeps the updates as the
story's record and turns the page back into an ordinary article (no badge, no polling).
"""

from django.utils.translation import gettext, gettext_lazy
from django.conf import settings
from django.db import models
from django.utils import timezone

from .text import clean_update_html


class LiveCoverageQuerySet(models.QuerySet):
    def running(self):
        now = timezone.now()
        return self.filter(started_at__lte=now).filter(models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=now))


class LiveCoverage(models.Model):
    article = models.OneToOneField("news.ArticlePage", verbose_name=gettext_lazy("المقال"), on_delete=models.CASCADE,
                                   related_name="live_coverage")
    started_at = models.DateTimeField(gettext_lazy("بدء التغطية"), default=timezone.now)
    ended_at = models.DateTimeField(gettext_lazy("انتهاء التغطية"), null=True, blank=True)
    # Moves on every post, edit or deletion of an update: the version readers' polls and cached JSON are keyed by.
    changed_at = models.DateTimeField(gettext_lazy("آخر تغيير"), default=timezone.now)

    objects = LiveCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("تغطية مباشرة")
        verbose_name_plural = gettext_lazy("التغطيات المباشرة")

    def __str__(self):
        return gettext("تغطية مباشرة: %(article)s") % {"article": self.article_id}

    @property
    def is_live(self):
        now = timezone.now()
        return self.started_at <= now and (self.ended_at is None or self.ended_at > now)

    @property
    def version(self):
        return f"{int(self.changed_at.timestamp() * 1_000_000)}{'e' if self.ended_at else ''}"


class LiveUpdate(models.Model):
    coverage = models.ForeignKey(LiveCoverage, verbose_name=gettext_lazy("التغطية"), on_delete=models.CASCADE, related_name="updates")
    posted_at = models.DateTimeField(gettext_lazy("وقت النشر"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("الكاتب"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    headline = models.CharField(gettext_lazy("عنوان التحديث"), max_length=200, blank=True)
    body = models.TextField(gettext_lazy("نص التحديث"), help_text=gettext_lazy("فقرات يفصل بينها سطر فارغ؛ يُسمح بالروابط والخط العريض والمائل."))
    image = models.ForeignKey("wagtailimages.Image", verbose_name=gettext_lazy("صورة"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    image_caption = models.CharField(gettext_lazy("تعليق الصورة"), max_length=250, blank=True)
    embed_url = models.URLField(gettext_lazy("رابط مضمَّن (فيديو أو منشور)"), blank=True)
    is_pinned = models.BooleanField(gettext_lazy("مثبّت في الأعلى"), default=False)
    is_key_event = models.BooleanField(gettext_lazy("حدث رئيسي"), default=False)

    class Meta:
        verbose_name = gettext_lazy("تحديث مباشر")
        verbose_name_plural = gettext_lazy("تحديثات مباشرة")
        ordering = ["-posted_at", "-id"]
        indexes = [models.Index(fields=["coverage", "-posted_at"], name="live_update_newest")]

    def __str__(self):
        return self.headline or self.body[:60]

    def save(self, *args, **kwargs):
        self.body = clean_update_html(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"update-{self.pk}"
