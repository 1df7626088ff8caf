"""Site settings an editor controls: publisher identity, social links, how dates and the ticker look."""

from django.utils.translation import gettext_lazy
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DATE_STYLE_CHOICES = [
    ("levantine", gettext_lazy("شامي: تشرين الأول")),
    ("egyptian", gettext_lazy("مصري/خليجي: أكتوبر")),
    ("maghrebi", gettext_lazy("مغاربي: أكتوبر/جانفي")),
    ("dual", gettext_lazy("مزدوج: تشرين الأول/أكتوبر")),
]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    publisher_name = models.CharField(gettext_lazy("اسم الناشر"), max_length=120, default="مفتاح")  # i18n: not interface text (default content, edited by the outlet)
    tagline = models.CharField(gettext_lazy("الشعار"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=gettext_lazy("الشعار (صورة)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    about_publisher = models.TextField(gettext_lazy("نبذة عن الناشر"), blank=True, help_text=gettext_lazy("تظهر في صندوق الناشر أسفل كل مقال."))
    demo_notice = models.CharField(gettext_lazy("تنبيه الموقع التجريبي"), max_length=300, blank=True)
    twitter_url = models.URLField(gettext_lazy("إكس (تويتر)"), blank=True)
    facebook_url = models.URLField(gettext_lazy("فيسبوك"), blank=True)
    telegram_url = models.URLField(gettext_lazy("تيليغرام"), blank=True)
    youtube_url = models.URLField(gettext_lazy("يوتيوب"), blank=True)
    whatsapp_url = models.URLField(gettext_lazy("واتساب"), blank=True)
    date_style = models.CharField(gettext_lazy("أسماء الأشهر"), max_length=20, choices=DATE_STYLE_CHOICES, default="dual")
    show_hijri = models.BooleanField(gettext_lazy("إظهار التاريخ الهجري"), default=True)
    arabic_digits = models.BooleanField(gettext_lazy("أرقام هندية (٠١٢٣)"), default=False)
    ticker_size = models.PositiveSmallIntegerField(gettext_lazy("عدد عناوين شريط الأخبار"), default=8)
    feed_full_content = models.BooleanField(gettext_lazy("نص كامل في خلاصات RSS"), default=False)
    breaking_lifetime_hours = models.PositiveSmallIntegerField(
        gettext_lazy("مدة بقاء وسم «عاجل» (ساعات)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=gettext_lazy("يظهر وسم «عاجل» وشريط العاجل في الرئيسية هذه المدة بعد أول نشر للمقال، ثم يصبح المقال خبراً عادياً."),
    )
    # Linked from the structured data as publishingPrinciples / correctionsPolicy (what search engines read about
    # the outlet's standards); the corrections policy falls back to the standards page.
    standards_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=gettext_lazy("صفحة المعايير التحريرية"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    corrections_policy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=gettext_lazy("صفحة سياسة التصحيح"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=gettext_lazy("إن تُركت فارغة فصفحة المعايير التحريرية."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("publisher_name"), FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("about_publisher"),
             FieldPanel("demo_notice")],
            heading=gettext_lazy("الناشر"),
        ),
        MultiFieldPanel(
            [FieldPanel("twitter_url"), FieldPanel("facebook_url"), FieldPanel("telegram_url"),
             FieldPanel("youtube_url"), FieldPanel("whatsapp_url")],
            heading=gettext_lazy("روابط التواصل"),
        ),
        MultiFieldPanel(
            [FieldPanel("date_style"), FieldPanel("show_hijri"), FieldPanel("arabic_digits"),
             FieldPanel("ticker_size"), FieldPanel("breaking_lifetime_hours"), FieldPanel("feed_full_content")],
            heading=gettext_lazy("العرض"),
        ),
        MultiFieldPanel([FieldPanel("standards_page"), FieldPanel("corrections_policy_page")], heading=gettext_lazy("المعايير")),
    ]

    class Meta:
        verbose_name = gettext_lazy("إعدادات الموقع")

    @property
    def social_links(self):
        links = [
            (gettext_lazy("إكس"), self.twitter_url), (gettext_lazy("فيسبوك"), self.facebook_url), (gettext_lazy("تيليغرام"), self.telegram_url),
            (gettext_lazy("يوتيوب"), self.youtube_url), (gettext_lazy("واتساب"), self.whatsapp_url),
        ]
        return [(label, url) for label, url in links if url]


class CSPReport(models.Model):
    """A Content-Security-Policy violation a browser reported (miftah.core.csp_reports): one row per distinct
    violation with a count, at most settings.MIFTAH_CSP_REPORTS_MAX rows (the least recently seen are pruned).
    No reader address or query string is kept: only the page's path and what was blocked."""

    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    document_path = models.CharField(gettext_lazy("الصفحة"), max_length=500)
    directive = models.CharField(gettext_lazy("التوجيه"), max_length=100)
    blocked = models.CharField(gettext_lazy("ما مُنع"), max_length=500, blank=True)
    source = models.CharField(gettext_lazy("المصدر"), max_length=500, blank=True)
    line = models.PositiveIntegerField(gettext_lazy("السطر"), null=True, blank=True)
    sample = models.CharField(gettext_lazy("عينة"), max_length=200, blank=True)
    enforced = models.BooleanField(gettext_lazy("مُطبَّق"), default=True, help_text=gettext_lazy("لا، إن أُرسل في وضع التقرير فقط."))
    count = models.PositiveIntegerField(gettext_lazy("المرات"), default=1)
    first_seen = models.DateTimeField(gettext_lazy("أول مرة"), auto_now_add=True)
    last_seen = models.DateTimeField(gettext_lazy("آخر مرة"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = gettext_lazy("تقرير سياسة أمان المحتوى")
        verbose_name_plural = gettext_lazy("تقارير سياسة أمان المحتوى")
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.directive}: {self.blocked or '—'} ({self.document_path})"
