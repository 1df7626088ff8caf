"""Site settings an editor controls: publisher identity, social links, how dates and the ticker look."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DATE_STYLE_CHOICES = [
    ("levantine", "شامي: تشرين الأول"),
    ("egyptian", "مصري/خليجي: أكتوبر"),
    ("maghrebi", "مغاربي: أكتوبر/جانفي"),
    ("dual", "مزدوج: تشرين الأول/أكتوبر"),
]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    publisher_name = models.CharField("اسم الناشر", max_length=120, default="مفتاح")
    tagline = models.CharField("الشعار", max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="الشعار (صورة)", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    about_publisher = models.TextField("نبذة عن الناشر", blank=True, help_text="تظهر في صندوق الناشر أسفل كل مقال.")
    demo_notice = models.CharField("تنبيه الموقع التجريبي", max_length=300, blank=True)
    twitter_url = models.URLField("إكس (تويتر)", blank=True)
    facebook_url = models.URLField("فيسبوك", blank=True)
    telegram_url = models.URLField("تيليغرام", blank=True)
    youtube_url = models.URLField("يوتيوب", blank=True)
    whatsapp_url = models.URLField("واتساب", blank=True)
    date_style = models.CharField("أسماء الأشهر", max_length=20, choices=DATE_STYLE_CHOICES, default="dual")
    show_hijri = models.BooleanField("إظهار التاريخ الهجري", default=True)
    arabic_digits = models.BooleanField("أرقام هندية (٠١٢٣)", default=False)
    ticker_size = models.PositiveSmallIntegerField("عدد عناوين شريط الأخبار", default=8)
    feed_full_content = models.BooleanField("نص كامل في خلاصات RSS", default=False)
    breaking_lifetime_hours = models.PositiveSmallIntegerField(
        "مدة بقاء وسم «عاجل» (ساعات)", default=6, validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text="يظهر وسم «عاجل» وشريط العاجل في الرئيسية هذه المدة بعد أول نشر للمقال، ثم يصبح المقال خبراً عادياً.",
    )
    # Linked from the structured data as publishingPrinciples / correctionsPolicy (what search engines read about
    # the outlet's standards); the corrections policy falls back to the standards page.
    standards_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="صفحة المعايير التحريرية", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    corrections_policy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="صفحة سياسة التصحيح", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="إن تُركت فارغة فصفحة المعايير التحريرية.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("publisher_name"), FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("about_publisher"),
             FieldPanel("demo_notice")],
            heading="الناشر",
        ),
        MultiFieldPanel(
            [FieldPanel("twitter_url"), FieldPanel("facebook_url"), FieldPanel("telegram_url"),
             FieldPanel("youtube_url"), FieldPanel("whatsapp_url")],
            heading="روابط التواصل",
        ),
        MultiFieldPanel(
            [FieldPanel("date_style"), FieldPanel("show_hijri"), FieldPanel("arabic_digits"),
             FieldPanel("ticker_size"), FieldPanel("breaking_lifetime_hours"), FieldPanel("feed_full_content")],
            heading="العرض",
        ),
        MultiFieldPanel([FieldPanel("standards_page"), FieldPanel("corrections_policy_page")], heading="المعايير"),
    ]

    class Meta:
        verbose_name = "إعدادات الموقع"

    @property
    def social_links(self):
        links = [
            ("إكس", self.twitter_url), ("فيسبوك", self.facebook_url), ("تيليغرام", self.telegram_url),
            ("يوتيوب", self.youtube_url), ("واتساب", self.whatsapp_url),
        ]
        return [(label, url) for label, url in links if url]


class CSPReport(models.Model):
    """A Content-Security-Policy violation a browser reported (miftah.core.csp_reports): one row per distinct
    violation with a count, at most settings.MIFTAH_CSP_REPORTS_MAX rows (the least recently seen are pruned).
    No reader address or query string is kept: only the page's path and what was blocked."""

    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    document_path = models.CharField("الصفحة", max_length=500)
    directive = models.CharField("التوجيه", max_length=100)
    blocked = models.CharField("ما مُنع", max_length=500, blank=True)
    source = models.CharField("المصدر", max_length=500, blank=True)
    line = models.PositiveIntegerField("السطر", null=True, blank=True)
    sample = models.CharField("عينة", max_length=200, blank=True)
    enforced = models.BooleanField("مُطبَّق", default=True, help_text="لا، إن أُرسل في وضع التقرير فقط.")
    count = models.PositiveIntegerField("المرات", default=1)
    first_seen = models.DateTimeField("أول مرة", auto_now_add=True)
    last_seen = models.DateTimeField("آخر مرة", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "تقرير سياسة أمان المحتوى"
        verbose_name_plural = "تقارير سياسة أمان المحتوى"
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.directive}: {self.blocked or '—'} ({self.document_path})"
