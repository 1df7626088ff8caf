"""Bookkeeping of WordPress imports: which WordPress object became which Wagtail object, and the comment archive.

``ImportedObject`` is what makes ``import-wordpress`` re-runnable: every post, page, attachment, term and author is
keyed on (source site, kind, WordPress id or slug/login) and also findable by GUID, with a fingerprint of the source
data so a second run of the same file changes nothing and a changed post is updated in place, never duplicated.
``ImportRun`` records each run and its summary. ``ImportedComment`` keeps WordPress comments as a plain archive
(comments are not a Miftah feature; they are kept so nothing from the old site is lost).
"""

from django.utils.translation import gettext_lazy
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedObject(models.Model):
    KINDS = [
        ("post", gettext_lazy("مقال")), ("page", gettext_lazy("صفحة")), ("attachment", gettext_lazy("مرفق")), ("category", gettext_lazy("قسم")), ("tag", gettext_lazy("وسم")),
        ("author", gettext_lazy("كاتب")),
    ]

    source = models.CharField(gettext_lazy("الموقع المصدر"), max_length=200)
    kind = models.CharField(gettext_lazy("النوع"), max_length=20, choices=KINDS)
    key = models.CharField(gettext_lazy("المعرّف في ووردبريس"), max_length=255, help_text=gettext_lazy("رقم المنشور، أو المعرّف النصي للتصنيف والكاتب."))
    guid = models.CharField(max_length=500, blank=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    fingerprint = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("عنصر مستورد من ووردبريس")
        verbose_name_plural = gettext_lazy("عناصر مستوردة من ووردبريس")
        constraints = [models.UniqueConstraint(fields=["source", "kind", "key"], name="unique_wordpress_object")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="wordpress_object_target")]

    def __str__(self):
        return f"{self.kind} {self.key} ({self.source})"


class ImportRun(models.Model):
    source = models.CharField(max_length=200)
    file_name = models.CharField(max_length=500)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = gettext_lazy("عملية استيراد")
        verbose_name_plural = gettext_lazy("عمليات الاستيراد")
        ordering = ["-started_at"]


class ImportedComment(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="wordpress_comments")
    wp_id = models.BigIntegerField()
    parent_wp_id = models.BigIntegerField(default=0)
    author_name = models.CharField(max_length=255, blank=True)
    author_url = models.CharField(max_length=500, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True, help_text=gettext_lazy("نص التعليق بعد إزالة كل وسوم HTML."))
    approved = models.CharField(max_length=20, default="1")
    comment_type = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = gettext_lazy("تعليق مؤرشف من ووردبريس")
        verbose_name_plural = gettext_lazy("تعليقات مؤرشفة من ووردبريس")
        ordering = ["page", "date"]
        constraints = [models.UniqueConstraint(fields=["page", "wp_id"], name="unique_wordpress_comment")]
