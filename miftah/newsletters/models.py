"""What the newsletters store: the lists editors define, readers and their subscriptions (double opt-in), issues
with their ordered articles, and one Delivery row per issue and reader — the ledger that makes a send resumable.
"""

from django.utils.translation import gettext_lazy
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable

from miftah.core.control_characters import RefuseControlCharacters


class NewsletterList(RefuseControlCharacters, models.Model):
    ALL, BREAKING, SECTION, DOSSIER = "all", "breaking", "section", "dossier"
    SOURCES = [(ALL, gettext_lazy("كل ما يُنشر")), (BREAKING, gettext_lazy("الأخبار العاجلة فقط")), (SECTION, gettext_lazy("قسم")), (DOSSIER, gettext_lazy("ملف"))]
    DAILY, WEEKLY, IMMEDIATE, MANUAL = "daily", "weekly", "immediate", "manual"
    FREQUENCIES = [(DAILY, gettext_lazy("يومياً")), (WEEKLY, gettext_lazy("أسبوعياً")), (IMMEDIATE, gettext_lazy("فور النشر (كل دقيقة)")),
                   (MANUAL, gettext_lazy("يدوياً فقط"))]
    WEEKDAYS = [(0, gettext_lazy("الاثنين")), (1, gettext_lazy("الثلاثاء")), (2, gettext_lazy("الأربعاء")), (3, gettext_lazy("الخميس")), (4, gettext_lazy("الجمعة")), (5, gettext_lazy("السبت")),
                (6, gettext_lazy("الأحد"))]

    name = models.CharField(gettext_lazy("الاسم"), max_length=120)
    slug = models.SlugField(gettext_lazy("المعرّف"), max_length=80, unique=True, allow_unicode=True,
                            help_text=gettext_lazy("يظهر في روابط الرسائل (utm_campaign)."))
    description = models.TextField(gettext_lazy("الوصف"), blank=True, help_text=gettext_lazy("ما يصل المشترك، في سطر أو سطرين."))
    source = models.CharField(gettext_lazy("المحتوى"), max_length=12, choices=SOURCES, default=ALL)
    section = models.ForeignKey("news.SectionPage", verbose_name=gettext_lazy("القسم"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    dossier = models.ForeignKey("dossiers.Entity", verbose_name=gettext_lazy("الملف"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    frequency = models.CharField(gettext_lazy("الموعد"), max_length=12, choices=FREQUENCIES, default=DAILY)
    send_hour = models.PositiveSmallIntegerField(gettext_lazy("ساعة الإرسال"), default=7,
                                                 choices=[(h, f"{h:02d}:00") for h in range(24)])
    weekday = models.PositiveSmallIntegerField(gettext_lazy("يوم الإرسال (الأسبوعية)"), default=4, choices=WEEKDAYS)
    max_items = models.PositiveSmallIntegerField(gettext_lazy("أقصى عدد من المقالات"), default=15)
    in_signup_box = models.BooleanField(gettext_lazy("يظهر في صندوق الاشتراك"), default=True)
    active = models.BooleanField(gettext_lazy("فعّالة"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    covered_until = models.DateTimeField(gettext_lazy("آخر ما غطّته"), default=timezone.now,
                                         help_text=gettext_lazy("العدد التالي يجمع ما نُشر بعد هذا الوقت."))
    last_run_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("section"), FieldPanel("dossier"), FieldPanel("max_items")],
                        heading=gettext_lazy("المحتوى")),
        MultiFieldPanel([FieldPanel("frequency"), FieldRowPanel([FieldPanel("send_hour"), FieldPanel("weekday")]),
                         FieldPanel("covered_until")], heading=gettext_lazy("الموعد")),
        FieldRowPanel([FieldPanel("in_signup_box"), FieldPanel("active")]),
    ]
    one_line_fields, multi_line_fields = ("name",), ("description",)

    class Meta:
        verbose_name = gettext_lazy("نشرة بريدية")
        verbose_name_plural = gettext_lazy("النشرات البريدية")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.source == self.SECTION and not self.section_id:
            raise ValidationError({"section": gettext_lazy("اختر القسم الذي تجمع النشرة مقالاته.")})
        if self.source == self.DOSSIER and not self.dossier_id:
            raise ValidationError({"dossier": gettext_lazy("اختر الملف الذي تجمع النشرة مقالاته.")})

    def period_start(self, now=None):
        """The latest moment the schedule says an issue is due (site time zone); None for manual lists."""
        now = timezone.localtime(now or timezone.now())
        if self.frequency == self.IMMEDIATE:
            return now
        if self.frequency not in (self.DAILY, self.WEEKLY):
            return None
        start = now.replace(hour=self.send_hour, minute=0, second=0, microsecond=0)
        if self.frequency == self.WEEKLY:
            start -= timedelta(days=(start.weekday() - self.weekday) % 7)
        if start > now:
            start -= timedelta(days=7 if self.frequency == self.WEEKLY else 1)
        return start

    def is_due(self, now=None):
        start = self.period_start(now)
        return start is not None and self.active and self.last_run_at < start


class Subscriber(models.Model):
    ACTIVE, BOUNCED, COMPLAINED = "active", "bounced", "complained"
    STATUSES = [(ACTIVE, gettext_lazy("فعّال")), (BOUNCED, gettext_lazy("ارتدّ البريد")), (COMPLAINED, gettext_lazy("أبلغ عن الرسائل كمزعجة"))]

    email = models.EmailField(gettext_lazy("البريد الإلكتروني"), max_length=254, unique=True)
    status = models.CharField(gettext_lazy("الحالة"), max_length=12, choices=STATUSES, default=ACTIVE)
    # Part of every signed link: changing it (after a data request) voids the links already sent.
    secret = models.CharField(max_length=32, default="", editable=False)
    created_at = models.DateTimeField(gettext_lazy("تاريخ التسجيل"), auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_note = models.CharField(gettext_lazy("سبب الحالة"), max_length=300, blank=True)

    panels = [FieldPanel("email", read_only=True), FieldPanel("status"), FieldPanel("status_note")]

    class Meta:
        verbose_name = gettext_lazy("مشترك")
        verbose_name_plural = gettext_lazy("المشتركون")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        if not self.secret:
            self.secret = secrets.token_urlsafe(12)
        super().save(*args, **kwargs)


class Subscription(models.Model):
    PENDING, CONFIRMED, UNSUBSCRIBED = "pending", "confirmed", "unsubscribed"
    STATUSES = [(PENDING, gettext_lazy("بانتظار التأكيد")), (CONFIRMED, gettext_lazy("مؤكَّد")), (UNSUBSCRIBED, gettext_lazy("ألغى الاشتراك"))]

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    newsletter = models.ForeignKey(NewsletterList, on_delete=models.CASCADE, related_name="subscriptions")
    status = models.CharField(max_length=14, choices=STATUSES, default=PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "newsletter"], name="newsletters_one_subscription")]
        indexes = [models.Index(fields=["newsletter", "status"])]


class Issue(RefuseControlCharacters, ClusterableModel):
    DRAFT, SCHEDULED, SENDING, SENT = "draft", "scheduled", "sending", "sent"
    STATUSES = [(DRAFT, gettext_lazy("مسودة")), (SCHEDULED, gettext_lazy("مجدول")), (SENDING, gettext_lazy("قيد الإرسال")), (SENT, gettext_lazy("أُرسل"))]

    newsletter = models.ForeignKey(NewsletterList, verbose_name=gettext_lazy("النشرة"), on_delete=models.CASCADE,
                                   related_name="issues")
    subject = models.CharField(gettext_lazy("العنوان (موضوع الرسالة)"), max_length=200)
    intro = models.TextField(gettext_lazy("المقدمة"), blank=True, help_text=gettext_lazy("نص عادي؛ سطر فارغ يفصل بين الفقرات."))
    automatic = models.BooleanField(default=False, editable=False)
    status = models.CharField(gettext_lazy("الحالة"), max_length=10, choices=STATUSES, default=DRAFT, editable=False)
    send_at = models.DateTimeField(gettext_lazy("موعد الإرسال"), null=True, blank=True,
                                   help_text=gettext_lazy("اتركه فارغاً لتُرسل مع موعد النشرة، أو اختر وقتاً."))
    created_at = models.DateTimeField(auto_now_add=True)
    sending_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(gettext_lazy("أُرسل في"), null=True, blank=True, editable=False)

    panels = [FieldPanel("newsletter"), FieldPanel("subject"), FieldPanel("intro"), FieldPanel("send_at"),
              InlinePanel("items", heading=gettext_lazy("المقالات (اسحب لتغيير الترتيب)"), label=gettext_lazy("مقال"))]
    one_line_fields, multi_line_fields = ("subject",), ("intro",)

    class Meta:
        verbose_name = gettext_lazy("عدد نشرة")
        verbose_name_plural = gettext_lazy("أعداد النشرات")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    def intro_paragraphs(self):
        return [part.strip() for part in self.intro.replace("\r\n", "\n").split("\n\n") if part.strip()]


class IssueItem(Orderable):
    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("news.ArticlePage", verbose_name=gettext_lazy("المقال"), on_delete=models.CASCADE,
                                related_name="+")

    panels = [PageChooserPanel("article", "news.ArticlePage")]


class Delivery(models.Model):
    """One issue to one reader. PENDING → CLAIMED (just before the SMTP/ESP call) → SENT; a row left CLAIMED by a
    crash is never sent again (UNCERTAIN): a reader may miss one issue, but never receives it twice."""

    PENDING, CLAIMED, SENT, FAILED, UNCERTAIN, SKIPPED = "pending", "claimed", "sent", "failed", "uncertain", "skipped"
    STATUSES = [(PENDING, gettext_lazy("بالانتظار")), (CLAIMED, gettext_lazy("قيد الإرسال")), (SENT, gettext_lazy("أُرسلت")), (FAILED, gettext_lazy("فشلت")),
                (UNCERTAIN, gettext_lazy("غير مؤكدة (انقطاع)")), (SKIPPED, gettext_lazy("تُخطّيت"))]

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletters_one_delivery")]
        indexes = [models.Index(fields=["issue", "status"])]

