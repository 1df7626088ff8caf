"""Dossiers data: the knowledge base (Entity) and what articles say about it.

* ``Entity``: a person, organisation or place (room for events) with its aliases; editors manage
  it as a Wagtail snippet; each has a dossier page at ``/dossiers/<arabic-slug>/``.
* ``ArticleEntity``: one row per (article, entity). The matcher writes ``detected`` rows when an
  article is published (with the mention count and the offset of the first mention); an editor
  turns them into ``accepted`` or ``rejected`` and may add accepted entities the matcher missed.
  Re-indexing an article refreshes counts but never overrides an editor's decision.
* ``TimelineEntry``: a sentence of an article that names an entity and a date, with the parsed
  date, for the dossier's timeline; computed at publish time too.
* ``RejectedSuggestion``: names an editor has said are not entities, so the trigger-based
  suggester stops proposing them.

Articles are referenced by ForeignKey (``news.ArticlePage``): the news app's models stay untouched.
"""

from django.utils.translation import gettext_lazy
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .matching import Entity as MatcherEntity
from .matching import parse_aliases

ENTITY_TYPE_CHOICES = [
    ("person", gettext_lazy("شخص")),
    ("organisation", gettext_lazy("منظمة")),
    ("place", gettext_lazy("مكان")),
    ("event", gettext_lazy("حدث")),
]
TYPE_LABELS = dict(ENTITY_TYPE_CHOICES)
TYPE_PLURALS = {"person": gettext_lazy("أشخاص"), "organisation": gettext_lazy("منظمات"), "place": gettext_lazy("أماكن"), "event": gettext_lazy("أحداث")}
# The matcher knows these types; an "event" entity is kept for dossiers but not matched yet.
MATCHED_TYPES = ("person", "organisation", "place")
# Paths under /dossiers/ that are pages of their own, never an entity's slug.
RESERVED_SLUGS = frozenset({"network"})


def unique_slug(name, taken):
    """An Arabic URL slug for ``name`` that is not in ``taken`` (a set, updated)."""
    base = slugify(name, allow_unicode=True) or "entity"
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


class Entity(index.Indexed, models.Model):
    canonical = models.CharField(gettext_lazy("الاسم المعتمد"), max_length=200, unique=True)
    slug = models.SlugField(gettext_lazy("المعرّف في الرابط"), max_length=200, unique=True, allow_unicode=True, blank=True)
    type = models.CharField(gettext_lazy("النوع"), max_length=20, choices=ENTITY_TYPE_CHOICES)
    english = models.CharField(gettext_lazy("الاسم بالإنجليزية"), max_length=200, blank=True)
    aliases = models.TextField(
        gettext_lazy("أسماء بديلة"), blank=True,
        help_text=gettext_lazy("تهجئات أخرى واختصارات، يفصل بينها «|». ‎(ال)اسم‎ = بأداة التعريف ومن دونها؛ "
                  "اسم? = اسم هو أيضاً كلمة عادية فلا يُحتسب إلا بقرينة."),
    )
    context = models.TextField(
        gettext_lazy("كلمات القرينة"), blank=True,
        help_text=gettext_lazy("للأسماء الملتبسة: كلمات يفصل بينها «|» يجب أن تَرِد إحداها في النص ليُحتسب الاسم."),
    )
    description = models.TextField(gettext_lazy("نبذة"), blank=True)
    facts = models.TextField(
        gettext_lazy("معلومات أساسية"), blank=True, help_text=gettext_lazy("سطر لكل معلومة، بالصيغة «العنوان: القيمة» (مثل: المنصب: رئيس الوزراء)."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=gettext_lazy("الصورة"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    wikidata = models.CharField(gettext_lazy("معرّف ويكي بيانات"), max_length=20, blank=True, help_text=gettext_lazy("مثل Q796"))
    ambiguous = models.BooleanField(gettext_lazy("اسم ملتبس"), default=False, help_text=gettext_lazy("الاسم المعتمد كلمة شائعة أيضاً (مثل مالي، صور)."))
    active = models.BooleanField(gettext_lazy("نشط"), default=True, help_text=gettext_lazy("الكيانات المتقاعدة لا تُرصد في المقالات الجديدة."))
    source = models.CharField(gettext_lazy("المصدر"), max_length=200, blank=True)
    note = models.TextField(gettext_lazy("ملاحظة للمحررين"), blank=True, help_text=gettext_lazy("لا تظهر للقرّاء (مثل: المنصب وتواريخه، للتحقق)."))
    updated_at = models.DateTimeField(gettext_lazy("آخر تعديل"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("canonical"), FieldPanel("type")]),
        FieldRowPanel([FieldPanel("english"), FieldPanel("wikidata")]),
        FieldPanel("aliases"),
        FieldPanel("description"),
        FieldPanel("facts"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("ambiguous"), FieldPanel("active")]), FieldPanel("context"), FieldPanel("slug"),
             FieldPanel("source"), FieldPanel("note")],
            heading=gettext_lazy("المطابقة والنشر"),
        ),
    ]
    search_fields = [
        index.SearchField("canonical"), index.SearchField("aliases"), index.SearchField("english"),
        index.AutocompleteField("canonical"), index.FilterField("type"), index.FilterField("active"),
    ]

    class Meta:
        verbose_name = gettext_lazy("كيان")
        verbose_name_plural = gettext_lazy("الكيانات")
        ordering = ["canonical"]

    def __str__(self):
        return self.canonical

    def save(self, *args, **kwargs):
        self.canonical = self.canonical.strip()
        if not self.slug:
            taken = set(Entity.objects.exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = unique_slug(self.canonical, taken)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dossiers:entity", kwargs={"slug": self.slug})

    get_url = get_absolute_url

    @property
    def type_label(self):
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def alias_list(self):
        return list(parse_aliases(self.aliases.replace("\n", "|")))

    @property
    def fact_list(self):
        facts = []
        for line in self.facts.splitlines():
            label, sep, value = line.partition(":")
            if line.strip():
                facts.append((label.strip(), value.strip()) if sep else ("", line.strip()))
        return facts

    def as_matcher_entity(self):
        return MatcherEntity(
            id=self.pk, canonical=self.canonical, type=self.type, aliases=tuple(self.alias_list),
            ambiguous=self.ambiguous, context=parse_aliases(self.context.replace("\n", "|")),
            english=self.english, wikidata=self.wikidata,
        )


class ArticleEntity(models.Model):
    DETECTED, ACCEPTED, REJECTED = "detected", "accepted", "rejected"
    STATUS_CHOICES = [(DETECTED, gettext_lazy("مرصود آلياً")), (ACCEPTED, gettext_lazy("مؤكَّد")), (REJECTED, gettext_lazy("مرفوض"))]

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="dossier_entities")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="article_links")
    status = models.CharField(gettext_lazy("الحالة"), max_length=10, choices=STATUS_CHOICES, default=DETECTED)
    count = models.PositiveIntegerField(gettext_lazy("عدد الإشارات"), default=0)
    first_offset = models.IntegerField(gettext_lazy("موضع أول إشارة"), null=True, blank=True)
    first_surface = models.CharField(gettext_lazy("نص أول إشارة"), max_length=200, blank=True)

    class Meta:
        verbose_name = gettext_lazy("كيان في مقال")
        verbose_name_plural = gettext_lazy("كيانات المقالات")
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="unique_article_entity")]
        indexes = [models.Index(fields=["entity", "status"]), models.Index(fields=["article", "status"])]

    def __str__(self):
        return f"{self.entity} ← {self.article_id} ({self.status})"


# Links that count for readers: everything an editor has not rejected, on live articles.
VISIBLE_LINK = Q(article__live=True) & ~Q(status=ArticleEntity.REJECTED)


class TimelineEntry(models.Model):
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="dossier_timeline")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="timeline")
    date = models.DateField(gettext_lazy("التاريخ"))
    iso = models.CharField(gettext_lazy("التاريخ كما فُهم"), max_length=10)
    precision = models.CharField(gettext_lazy("الدقة"), max_length=5)
    snippet = models.TextField(gettext_lazy("الجملة"))
    offset = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("حدث في الخط الزمني")
        verbose_name_plural = gettext_lazy("الخط الزمني")
        ordering = ["date", "article_id", "offset"]
        indexes = [models.Index(fields=["entity", "date"])]


class RejectedSuggestion(models.Model):
    """A name the suggester proposed and an editor rejected: never proposed again."""

    key = models.CharField(gettext_lazy("الاسم بعد التوحيد"), max_length=200, unique=True)
    name = models.CharField(gettext_lazy("الاسم"), max_length=200)
    type = models.CharField(gettext_lazy("النوع"), max_length=20, choices=ENTITY_TYPE_CHOICES)
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("اقتراح مرفوض")
        verbose_name_plural = gettext_lazy("اقتراحات مرفوضة")
