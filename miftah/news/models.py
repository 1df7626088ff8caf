"""Pages and snippets of the newsroom: HomePage, SectionPage, ArticlePage, StandardPage, Author, NewsTag.

Reader pages list articles with `reader_cards()`: one query however many articles, the card's renditions read in the
same query and its section taken from the site state (miftah.news.state). `article_cards()` gives full ArticlePage
objects with their hero images for the feeds and the API (a fixed number of queries). Routing from the home page
finds a page by its url_path in one query, and the view-restriction check costs no query for a public page.
"""

import hashlib
import functools
import math
from datetime import timedelta

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from miftah.core.cache import mark_cacheable
from miftah.core.cache_tags import HOME_TAG, page_tag, tag_of, tag_response
from miftah.core.control_characters import RefuseControlCharacters, strip_control_characters

from .blocks import body_blocks
from .panels import BackgroundWorkPanel
from .tree import parent_pages, section_of
from .text import reading_minutes, stream_plain_text


class StateRestrictions:
    """Wagtail asks for a page's view restrictions on every serve (two queries); the site state knows which pages
    are restricted, so a public page answers with none and only a restricted one asks the database."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from .state import is_restricted

        if not self.alias_of_id and not is_restricted(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _pillow_writes_avif():
    try:
        from PIL import features

        return bool(features.check("avif"))
    except Exception:  # an image library built without it, or too old to know the codec
        return False


# Templates offer AVIF, with WebP as the fallback, only when this Pillow can write AVIF (checked once, at start-up).
AVIF_SUPPORTED = _pillow_writes_avif()
IMAGE_FORMATS = ("avif", "webp") if AVIF_SUPPORTED else ("webp",)
# Fetched in bulk with the images (WebP first: the API's card rendition is CARD_RENDITIONS[0]).
CARD_RENDITIONS = tuple(f"{size}|format-{fmt}" for fmt in reversed(IMAGE_FORMATS) for size in ("fill-640x360", "fill-960x540"))
HERO_RENDITIONS = tuple(f"width-{w}|format-{fmt}" for fmt in reversed(IMAGE_FORMATS) for w in (480, 800, 1200))

PAGE_SIZE = 12
BREAKING_LIFETIME_HOURS = 6  # default of SiteSettings.breaking_lifetime_hours


class Author(RefuseControlCharacters, index.Indexed, models.Model):
    name = models.CharField(gettext_lazy("الاسم"), max_length=120)
    slug = models.SlugField(gettext_lazy("المعرّف في الرابط"), max_length=120, unique=True, allow_unicode=True)
    role = models.CharField(gettext_lazy("الصفة"), max_length=120, blank=True)
    bio = models.TextField(gettext_lazy("نبذة"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=gettext_lazy("الصورة"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        "auth.User", verbose_name=gettext_lazy("حساب المستخدم"), null=True, blank=True, on_delete=models.SET_NULL, related_name="author"
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo"),
              FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    one_line_fields, multi_line_fields = ("name", "role"), ("bio",)

    class Meta:
        verbose_name = gettext_lazy("كاتب")
        verbose_name_plural = gettext_lazy("الكتّاب")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_url(self, request=None):
        return archive_url("author", self.slug)


def tag_slug(name):
    from django.utils.text import slugify

    return slugify(name, allow_unicode=True) or name


class NewsTagQuerySet(models.QuerySet):
    """Tags that slug alike are one tag: «Beirut!» typed after «beirut?» exists gets «beirut?» (taggit creates a
    missing tag through get_or_create on the queryset; without this the second one's slug clashes and the save
    fails)."""

    def get_or_create(self, defaults=None, **kwargs):
        name = kwargs.get("name")
        if isinstance(name, str) and set(kwargs) == {"name"}:
            existing = self.filter(slug=tag_slug(name)).first()
            if existing is not None:
                return existing, False
        return super().get_or_create(defaults=defaults, **kwargs)


class NewsTag(RefuseControlCharacters, TagBase):
    too_broad_for_related = models.BooleanField(
        gettext_lazy("عام جداً للمقالات ذات الصلة"), default=False,
        help_text=gettext_lazy("وسم يشمل عدداً كبيراً من المقالات فلا يدل وحده على صلة بينها."),
    )
    free_tagging = True
    one_line_fields = ("name",)
    objects = NewsTagQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("too_broad_for_related")]

    class Meta:
        verbose_name = gettext_lazy("وسم")
        verbose_name_plural = gettext_lazy("الوسوم")

    def get_url(self, request=None):
        return archive_url("tag", self.slug)

    def save(self, *args, **kwargs):
        # Typed in an article's tag box, a name never meets clean(): a control character there is just dropped.
        self.name = strip_control_characters(self.name)
        if not self.slug:
            self.slug = tag_slug(self.name)
        super().save(*args, **kwargs)


class ArticleTag(ItemBase):
    tag = models.ForeignKey(NewsTag, related_name="tagged_articles", on_delete=models.CASCADE)
    content_object = ParentalKey("news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class HomePage(StateRestrictions, RefuseControlCharacters, RoutablePageMixin, Page):
    """The front page; also serves author and tag archives as sub-routes (/author/<slug>/, /tag/<slug>/)."""

    intro = models.CharField(gettext_lazy("وصف الموقع"), max_length=300, blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro"), InlinePanel("featured", label=gettext_lazy("مقالات مثبتة"), max_num=6)]
    subpage_types = ["news.SectionPage", "news.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    one_line_fields, multi_line_fields = ("title", "seo_title", "intro"), ("search_description",)

    class Meta:
        verbose_name = gettext_lazy("الصفحة الرئيسية")

    def serve(self, request, *args, **kwargs):
        mark_cacheable(request)
        tag_response(request, HOME_TAG, page_tag(self))
        return super().serve(request, *args, **kwargs)

    @property
    def localized(self):
        # Wagtail's routing asks the site root for its translation in the active language on every request; the
        # site state's home is already the edition's (miftah.news.state), and knows its language without a query.
        from django.utils.translation import get_language

        if getattr(self, "edition_language", None) == get_language():
            return self
        return super().localized

    def route(self, request, path_components):
        from django.utils.translation import get_language

        from .state import remember

        if (getattr(self, "edition_language", None) or self.locale.language_code) != get_language():
            raise Http404("لا توجد طبعة بهذه اللغة")  # i18n: not interface text (a 404 reason; /en/… with no English edition)
        # The home page's own routes (archives) come first, as RoutablePageMixin has it; any other path is looked up
        # by its url_path in one query, and only a path that names no live page walks the tree the usual way.
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                url_path = self.url_path + "/".join(path_components) + "/"
                key = hashlib.sha1(url_path.encode()).hexdigest()  # a cache key of any length and alphabet
                page = remember(f"page-at:{key}", lambda: live_page_at(url_path))
                if page is not None:
                    from wagtail.url_routing import RouteResult

                    return RouteResult(page)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .state import remember_shown, site_state

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "miftah_subroute", False):
            return context
        state = site_state(request)
        if state is None or getattr(request, "is_preview", False):
            context.update(self.listings(request, state))
        else:
            context.update(remember_shown(request, f"home-listings:{self.pk}", lambda: self.listings(request, state)))
        return context

    def listings(self, request, state):
        """The lead, the editor's picks, the latest list and the per-section blocks (reader cards)."""
        from .state import edition_featured_ids

        listed = visible(ArticlePage.objects.live().descendant_of(self))
        latest = reader_cards(listed.order_by("-first_published_at")[:16], state, request=request)
        featured_ids = state.featured_ids if state else edition_featured_ids(self)
        featured = reader_cards(listed.filter(pk__in=featured_ids), state, request=request) if featured_ids else []
        featured.sort(key=lambda a: featured_ids.index(a.pk))
        lead = featured[0] if featured else (latest[0] if latest else None)
        shown = {lead.pk} if lead else set()
        pinned = [a for a in featured[1:]]
        shown.update(a.pk for a in pinned)
        if not pinned:
            pinned = [a for a in latest if a.pk not in shown][:3]
            shown.update(a.pk for a in pinned)
        return {"lead": lead, "pinned": pinned, "latest": [a for a in latest if a.pk not in shown][:10],
                "section_blocks": latest_per_section(self, request)}

    @path("author/<str:slug>/", name="author")
    def author_archive(self, request, slug):
        author = self._remembered(slug, Author)
        tag_response(request, tag_of("author", author))
        articles = lambda: visible(ArticlePage.objects.live().descendant_of(self).filter(  # noqa: E731
            article_authors__author=author)).order_by("-first_published_at")
        return self._archive(request, "news/author_page.html", articles, author=author)

    @path("tag/<str:slug>/", name="tag")
    def tag_archive(self, request, slug):
        tag = self._remembered(slug, NewsTag)
        tag_response(request, tag_of("tag", tag))
        articles = lambda: visible(ArticlePage.objects.live().descendant_of(self).filter(  # noqa: E731
            tagged_items__tag=tag)).order_by("-first_published_at")
        return self._archive(request, "news/tag_page.html", articles, tag=tag)

    @path("corrections/", name="corrections")
    def corrections_archive(self, request):
        """Every correction published on this edition's live articles, newest first: what the outlet got wrong."""
        request.miftah_subroute = True
        articles = ArticlePage.objects.live().public().descendant_of(self)
        corrections = (Correction.objects.filter(kind=Correction.CORRECTION, page__in=articles)
                       .select_related("page").order_by("-date", "-pk"))
        return self.render(request, template="news/corrections_page.html",
                           context_overrides={"page_obj": paginate(request, corrections), "archive_title": gettext_lazy("تصحيحات")})

    @staticmethod
    def _remembered(slug, model):
        """The author or tag of an archive, remembered per content generation (a rename moves it on); 404 if none."""
        from .state import remember

        key = f"{model._meta.label_lower}:{hashlib.sha1(slug.encode()).hexdigest()}"
        found = remember(key, lambda: model.objects.filter(slug=slug).first())
        if found is None:
            raise Http404
        return found

    def _archive(self, request, template, articles, **context):
        from .state import site_state

        request.miftah_subroute = True
        name = f"{template}:{self.pk}:" + ":".join(f"{key}={value.pk}" for key, value in sorted(context.items()))
        page_obj = paginate_cards(request, name, articles, site_state(request))
        return self.render(request, template=template, context_overrides={"page_obj": page_obj, **context})


class HomeFeatured(Orderable):
    page = ParentalKey(HomePage, related_name="featured", on_delete=models.CASCADE)
    article = models.ForeignKey("news.ArticlePage", verbose_name=gettext_lazy("المقال"), on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("article")]


class SectionPage(StateRestrictions, RefuseControlCharacters, Page):
    intro = models.TextField(gettext_lazy("تعريف القسم"), blank=True)
    too_broad_for_related = models.BooleanField(
        gettext_lazy("عام جداً للمقالات ذات الصلة"), default=False,
        help_text=gettext_lazy("قسم جامع لا يدل الانتماء إليه وحده على صلة بين مقالين."),
    )
    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = Page.settings_panels + [FieldPanel("too_broad_for_related")]
    subpage_types = ["news.SectionPage", "news.ArticlePage"]
    parent_page_types = ["news.HomePage", "news.SectionPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    one_line_fields, multi_line_fields = ("title", "seo_title"), ("intro", "search_description")

    class Meta:
        verbose_name = gettext_lazy("قسم")
        verbose_name_plural = gettext_lazy("الأقسام")

    def serve(self, request, *args, **kwargs):
        mark_cacheable(request)
        tag_response(request, page_tag(self))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .state import site_state

        context = super().get_context(request, *args, **kwargs)
        state = site_state(request)
        context["page_obj"] = paginate_cards(request, f"section:{self.pk}", lambda: visible(
            ArticlePage.objects.live().descendant_of(self)).order_by("-first_published_at"), state)
        if state is not None and not getattr(request, "is_preview", False):
            context["subsections"] = state.children_of(self.path)
            context["crumbs"] = state.crumbs(self.path)
        else:
            context["subsections"] = SectionPage.objects.live().child_of(self)
            context["crumbs"] = list(self.get_ancestors().filter(depth__gt=2))
        return context


class ArticleAuthor(Orderable):
    page = ParentalKey("news.ArticlePage", related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(Author, verbose_name=gettext_lazy("الكاتب"), on_delete=models.CASCADE, related_name="article_links")
    panels = [FieldPanel("author")]


class Correction(RefuseControlCharacters, Orderable):
    """An entry of the article's log. Only corrections (not updates) go into the structured data (`correction`
    / CorrectionComment) and the corrections archive: an update adds news, a correction admits an error."""

    CORRECTION, UPDATE = "correction", "update"
    page = ParentalKey("news.ArticlePage", related_name="corrections", on_delete=models.CASCADE)
    kind = models.CharField(gettext_lazy("النوع"), max_length=12, choices=[(CORRECTION, gettext_lazy("تصحيح")), (UPDATE, gettext_lazy("تحديث"))], default=CORRECTION)
    date = models.DateTimeField(gettext_lazy("التاريخ"), default=timezone.now)
    text = models.TextField(gettext_lazy("نص التصحيح/التحديث"))
    panels = [FieldPanel("kind"), FieldPanel("date"), FieldPanel("text")]
    multi_line_fields = ("text",)

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("تصحيح")


class LazyList:
    """A list computed the first time something looks at it (a template part that is reused never does)."""

    def __init__(self, compute):
        self._compute, self._items = compute, None

    def _list(self):
        if self._items is None:
            self._items = list(self._compute())
        return self._items

    def __iter__(self):
        return iter(self._list())

    def __len__(self):
        return len(self._list())

    def __getitem__(self, index):
        return self._list()[index]

    def __eq__(self, other):
        return self._list() == (other._list() if isinstance(other, LazyList) else other)


class ArticlePage(StateRestrictions, RefuseControlCharacters, Page):
    dek = models.TextField(gettext_lazy("الموجز"), blank=True, help_text=gettext_lazy("سطر أو سطران يلخصان الخبر."))
    body = StreamField(body_blocks(), verbose_name=gettext_lazy("المتن"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=gettext_lazy("الصورة الرئيسية"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    hero_caption = models.CharField(gettext_lazy("تعليق الصورة"), max_length=300, blank=True)
    hero_credit = models.CharField(gettext_lazy("حقوق الصورة"), max_length=200, blank=True)
    hero_alt = models.CharField(gettext_lazy("نص بديل للصورة"), max_length=300, blank=True)
    desk_byline = models.CharField(gettext_lazy("توقيع القسم"), max_length=120, blank=True, help_text=gettext_lazy("مثل: مكتب بيروت. يظهر إن لم يُحدد كاتب."))
    attribution = models.CharField(gettext_lazy("نسبة الخبر"), max_length=200, blank=True, help_text=gettext_lazy("مثل: مصادر خاصة لـ مفتاح"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=gettext_lazy("الوسوم"))
    is_breaking = models.BooleanField(gettext_lazy("عاجل"), default=False)
    is_exclusive = models.BooleanField(gettext_lazy("حصري"), default=False)
    updated_at = models.DateTimeField(gettext_lazy("آخر تحديث"), null=True, blank=True)
    reading_time = models.PositiveSmallIntegerField(gettext_lazy("مدة القراءة (دقائق)"), default=1, editable=False)
    external_id = models.CharField(gettext_lazy("معرّف خارجي"), max_length=120, null=True, blank=True, unique=True, editable=False)
    source_url = models.URLField(gettext_lazy("رابط المصدر الأصلي"), max_length=500, blank=True)

    content_panels = [BackgroundWorkPanel()] + Page.content_panels + [
        FieldPanel("dek"),
        MultiFieldPanel(
            [InlinePanel("article_authors", label=gettext_lazy("كاتب")), FieldPanel("desk_byline"), FieldPanel("attribution")],
            heading=gettext_lazy("التوقيع"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit"), FieldPanel("hero_alt")],
            heading=gettext_lazy("الصورة الرئيسية"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("is_breaking"), FieldPanel("is_exclusive")], heading=gettext_lazy("التصنيف")),
        InlinePanel("corrections", label=gettext_lazy("تصحيح أو تحديث")),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("updated_at"), FieldPanel("source_url")]
    search_fields = Page.search_fields + [  # title (headline) has boost 2 from Page
        index.SearchField("dek", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.SearchField("authors"),
        index.SearchField("desk_byline"),
        index.SearchField("section"),
        index.FilterField("first_published_at"),
    ]
    subpage_types = []
    parent_page_types = ["news.SectionPage"]
    search_auto_update = False  # indexed by miftah.news.pipeline, with the rest of what follows a change
    one_line_fields = ("title", "seo_title", "hero_caption", "hero_credit", "hero_alt", "desk_byline", "attribution")
    multi_line_fields, stream_fields = ("dek", "search_description"), ("body",)

    class Meta:
        verbose_name = gettext_lazy("مقال")
        verbose_name_plural = gettext_lazy("المقالات")

    def save(self, *args, **kwargs):
        self.reading_time = reading_minutes(stream_plain_text(self.body))
        # A correction or update dated after publication (and after the last «حُدّث») moves updated_at to its date.
        latest = max((c.date for c in self.corrections.all() if c.date), default=None)
        if latest and self.first_published_at and latest > self.first_published_at and (
            self.updated_at is None or latest > self.updated_at
        ):
            self.updated_at = latest
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        mark_cacheable(request)
        tag_response(request, page_tag(self))
        return super().serve(request, *args, **kwargs)

    @cached_property
    def section(self):
        return section_of(self)

    @cached_property
    def authors(self):
        return [link.author for link in self.article_authors.select_related("author").all()]

    def is_breaking_now(self, hours=BREAKING_LIFETIME_HOURS):
        """«عاجل» as readers see it: the flag ages out `hours` after first publication (a draft counts from now)."""
        return self.is_breaking and timezone.now() < (self.first_published_at or timezone.now()) + timedelta(hours=hours)

    @property
    def published_at(self):
        return self.first_published_at or self.latest_revision_created_at or timezone.now()

    def get_context(self, request, *args, **kwargs):
        from .related import related_cards
        from .state import remember, site_state

        context = super().get_context(request, *args, **kwargs)
        state = site_state(request)
        if getattr(request, "is_preview", False) or state is None or not self.live:
            extras = self.reader_extras()  # a preview shows the draft's own byline, tags and corrections
        else:
            extras = remember(f"article:{self.pk}", self.reader_extras)
        self.hero_image = extras["hero_image"]
        self.__dict__.update(section=extras["section"], authors=extras["authors"])
        context["hero"] = extras["hero"]  # {"webp_480": CardImage, …, "avif_1200": …}
        context["breadcrumbs"] = extras["breadcrumbs"]
        context["article_tags"] = extras["tags"]
        context["corrections"] = extras["corrections"]
        # Asked for only when the part of the page that shows them is rendered (not when it is reused).
        context["related"] = LazyList(lambda: related_cards(self, request))
        return context

    def reader_extras(self):
        """What the article page shows beside the page row, which only a publish changes: hero image with its
        renditions, section, breadcrumbs, byline, tags, corrections (remembered per content generation)."""
        hero, renditions = None, {}
        if self.hero_image_id:
            hero = get_image_model().objects.filter(pk=self.hero_image_id).first()
        if hero is not None:
            from wagtail.images.models import SourceImageIOError

            try:
                made = hero.get_renditions(*(spec for spec in HERO_RENDITIONS if AVIF_SUPPORTED or "avif" not in spec))
            except SourceImageIOError:  # the original file is gone: the page shows no hero rather than failing
                made, hero = {}, None
            renditions = {f"{spec.split('|format-')[1]}_{spec.split('|')[0].split('-')[1]}":
                          CardImage(made[spec].url, made[spec].width, made[spec].height) for spec in made}
        breadcrumbs = list(self.get_ancestors().live().filter(depth__gt=1).specific())
        section = breadcrumbs[-1] if breadcrumbs and isinstance(breadcrumbs[-1], SectionPage) else section_of(self)
        return {"hero_image": hero, "hero": renditions, "section": section, "breadcrumbs": breadcrumbs, "authors": self.authors,
                "tags": list(self.tags.all()), "corrections": list(self.corrections.all())}


class StandardPage(StateRestrictions, RefuseControlCharacters, Page):
    body = StreamField(body_blocks(), verbose_name=gettext_lazy("المتن"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    subpage_types = ["news.StandardPage"]
    one_line_fields, multi_line_fields, stream_fields = ("title", "seo_title"), ("search_description",), ("body",)

    class Meta:
        verbose_name = gettext_lazy("صفحة عادية")


    def serve(self, request, *args, **kwargs):
        mark_cacheable(request)
        tag_response(request, page_tag(self))
        return super().serve(request, *args, **kwargs)


class ArticleRelation(models.Model):
    """A stored "related article" link, computed when the article is published (see miftah.news.related)."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [models.UniqueConstraint(fields=["article", "related"], name="unique_article_relation")]


def archive_url(route, slug):
    """URL of an author or tag archive; the home page is the site root, so no query is needed to build it."""
    from miftah.editions.languages import active_edition, url_prefix

    return url_prefix(active_edition()) + "/" + archive_subpath(route, slug)


@functools.lru_cache(maxsize=8192)
def archive_subpath(route, slug):
    """The archive's route under the home page, memoised: building a HomePage to reverse it cost ~2 ms a call (a
    ClusterableModel). Only the route is memoised, not anything that depends on the request or the edition."""
    return HomePage().reverse_subpage(route, kwargs={"slug": slug})


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        raise Http404(gettext_lazy("لا توجد صفحة بهذا الرقم"))


class _PageOfKnownList:
    """What Paginator needs of a listing whose size and current page are already known (a remembered listing)."""

    def __init__(self, count, items):
        self.count_, self.items = count, items

    def __len__(self):
        return self.count_

    def __getitem__(self, index):
        return self.items


def paginate_cards(request, name, listing, state):
    """`paginate()` of the queryset `listing()` gives, with the page's articles as reader cards; the count and the
    cards remembered per content generation under `name` and the page number (a preview computes its own)."""
    from .state import remember_shown

    def compute():
        page_obj = paginate(request, listing())
        return page_obj.paginator.count, page_obj.number, reader_cards(page_obj.object_list, state, request=request)

    if state is None or getattr(request, "is_preview", False):
        count, number, cards = compute()
    else:
        count, number, cards = remember_shown(request, f"listing:{name}:{request.GET.get('page', '1')}", compute)
    return Paginator(_PageOfKnownList(count, cards), PAGE_SIZE).page(number)


def article_cards(articles, request=None):
    """Articles ready for listing: their section and hero renditions fetched in bulk (a fixed number of queries)."""
    Image = get_image_model()
    if isinstance(articles, models.QuerySet):
        # Cards never show the body: skip loading and parsing its JSON for every article listed.
        articles = articles.defer_streamfields().select_related("hero_image").prefetch_related(
            models.Prefetch("hero_image", queryset=Image.objects.prefetch_renditions(*CARD_RENDITIONS))
        )
    articles = list(articles)
    if request is not None:
        tag_response(request, *map(page_tag, articles))  # a change to any of them retires this listing
    sections = parent_pages(articles, Page.objects.specific(defer=True))
    for article in articles:
        parent = sections.get(article.path)
        if parent is not None:
            article.__dict__["section"] = parent
    return articles


def latest_per_section(home, request, per_section=4):
    """The newest articles of each top-level section in one query.

    Each section's newest `per_section` come from their own small `ORDER BY first_published_at DESC LIMIT n`
    subquery, joined with UNION ALL (a windowed query over every article cost SQLite ~13 ms a home page); the SQL of
    that listing depends only on the sections and the view restrictions, so it is built once per content generation.
    """
    from .cards import compiled
    from .state import remember, site_state

    state = site_state(request)
    sections = state.menu()[:6] if state else list(SectionPage.objects.live().in_menu().child_of(home)[:6])
    if not sections:
        return []

    def newest_of_each():
        return [visible(ArticlePage.objects.live().filter(path__startswith=section.path, depth__gt=section.depth))
                .order_by("-first_published_at").values("pk")[:per_section] for section in sections]

    def build():
        return compiled(newest_of_each(), ["-first_published_at"])

    if state is not None and not getattr(request, "is_preview", False):
        cards = reader_cards(card_rows(remember(f"home-sections:{home.pk}:{per_section}", build)), state, request=request)
    elif state is not None:
        cards = reader_cards(card_rows(build()), state, request=request)
    else:
        from django.db.models.expressions import RawSQL

        listing = build()
        cards = reader_cards(ArticlePage.objects.filter(pk__in=RawSQL(listing.sql, listing.params))
                             .order_by("-first_published_at", "-pk"), state, request=request)
    section_path_length = (home.depth + 1) * Page.steplen
    by_section = {}
    for article in cards:
        by_section.setdefault(article.path[:section_path_length], []).append(article)
    return [(section, by_section[section.path]) for section in sections if section.path in by_section]


def visible(queryset):
    """`queryset` less the pages under a view restriction, known from the site state (no query, unlike public())."""
    from .state import restricted_paths

    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def live_page_at(url_path):
    """The live page at `url_path` as its specific class, in one query (None: no such live page).

    The page row comes with the row of its page type (each type's table joined), so no second query is needed for
    `.specific`; a page type that is not a direct subclass of Page falls back to it.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import get_page_models

    direct = [m for m in get_page_models() if Page in m._meta.parents and not m._meta.proxy]
    page = (Page.objects.filter(url_path=url_path, live=True)
            .select_related(*(m._meta.model_name for m in direct)).first())
    if page is None:
        return None
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    if model in direct:
        try:
            return getattr(page, model._meta.model_name)
        except model.DoesNotExist:
            pass
    return page.specific


CARD_FIELDS = ("id", "title", "url_path", "path", "depth", "first_published_at", "is_breaking", "is_exclusive", "dek",
               "hero_image_id", "live", "locale_id", "content_type_id", "alias_of_id")
CARD_IMAGES = {  # attribute of a card -> rendition
    "card_webp": "fill-640x360|format-webp", "card_avif": "fill-640x360|format-avif",
    "lead_webp": "fill-960x540|format-webp", "lead_avif": "fill-960x540|format-avif",
}


class CardImage:
    __slots__ = ("url", "width", "height")

    def __init__(self, url, width, height):
        self.url, self.width, self.height = url, width, height


def card_queryset(queryset):
    """The fields a card shows, with the hero's card renditions read in the same query (one subquery each)."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Concat

    Rendition = get_image_model().get_rendition_model()
    wanted = {name: spec for name, spec in CARD_IMAGES.items() if AVIF_SUPPORTED or "avif" not in spec}
    renditions = {
        f"_r_{name}": Subquery(
            Rendition.objects.filter(image_id=OuterRef("hero_image_id"), filter_spec=spec).order_by("-id")
            .annotate(packed=Concat(Cast("width", CharField()), Value(" "), Cast("height", CharField()), Value(" "),
                                    "file", output_field=CharField()))
            .values("packed")[:1]
        )
        for name, spec in wanted.items()
    }
    return queryset.only(*CARD_FIELDS).annotate(**renditions)


def _wanted_card_images():
    return [name for name, spec in CARD_IMAGES.items() if AVIF_SUPPORTED or "avif" not in spec]


def card_rows(listing, order_sql="", order_params=()):
    """The articles of the queryset `listing` as light Card objects (miftah.news.cards), in one prebuilt query,
    ready for `reader_cards()`; `order_sql` orders them by an SQL expression instead of the listing's order."""
    from .cards import read_cards

    wanted = _wanted_card_images()
    cards = read_cards(listing, [CARD_IMAGES[name] for name in wanted], order_sql, order_params)
    for card in cards:
        for name, packed in zip(wanted, card.packed):
            setattr(card, f"_r_{name}", packed)
    return cards


def reader_cards(articles, state=None, order=None, request=None):
    """Articles ready for a reader listing: card_url, section (from the site state), card_webp/card_avif/lead_webp/
    lead_avif images. One query; a rendition not made yet is made here, once (as the image tag would).

    The listing's own query (filtered, ordered, sliced) becomes the `IN` subquery of the card query, which reads the
    renditions for the listed rows only: SQLite computes a select list's subqueries for every row it sorts, so
    reading them in the listing query itself cost 2,000 × 4 lookups on a home page. `order` is the card query's
    ordering when the listing's is not made of ArticlePage fields. With `request`, the response is tagged with every
    listed article, so a change to any of them retires this listing."""
    from .cards import sortable

    wanted = _wanted_card_images()
    if (isinstance(articles, models.QuerySet) and "_r_card_webp" not in articles.query.annotations
            and state is not None and sortable(order or articles.query.order_by)):
        # Prebuilt SQL and light Card objects (miftah.news.cards): no ORM compilation of the card statement.
        articles = card_rows(articles.order_by(*order) if order else articles)
    elif isinstance(articles, models.QuerySet) and "_r_card_webp" not in articles.query.annotations:
        listed = articles.values("pk")
        articles = card_queryset(ArticlePage.objects.filter(pk__in=listed)).order_by(*(order or articles.query.order_by))
    articles = list(articles)
    Rendition = get_image_model().get_rendition_model()
    storage = Rendition._meta.get_field("file").storage
    missing = set()
    for article in articles:
        for name, spec in CARD_IMAGES.items():
            packed = getattr(article, f"_r_{name}", None) if name in wanted else None
            if packed:
                width, height, file = packed.split(" ", 2)
                setattr(article, name, CardImage(storage.url(file), int(width), int(height)))
            else:
                setattr(article, name, None)
                if article.hero_image_id and (AVIF_SUPPORTED or "avif" not in spec):
                    missing.add(article.hero_image_id)
        article.card_url = state.url_of(article.url_path) if state else article.url
        parent = state.section_at(article.path[:-Page.steplen]) if state else None
        if parent is not None:
            article.__dict__["section"] = parent
    if request is not None:
        tag_response(request, *map(page_tag, articles))
    if missing:
        _make_card_renditions(articles, missing)
    if state is None:  # outside a site (no state): the section pages themselves, in one query
        parents = parent_pages(articles, SectionPage.objects.all())
        for article in articles:
            if article.path in parents:
                article.__dict__["section"] = parents[article.path]
    return articles


def _make_card_renditions(articles, image_ids):
    specs = [spec for spec in CARD_IMAGES.values() if AVIF_SUPPORTED or "avif" not in spec]
    made = {image.pk: image.get_renditions(*specs) for image in get_image_model().objects.filter(pk__in=image_ids)}
    for article in articles:
        renditions = made.get(article.hero_image_id)
        if renditions:
            for name, spec in CARD_IMAGES.items():
                if spec in renditions:
                    r = renditions[spec]
                    setattr(article, name, CardImage(r.url, r.width, r.height))


class ArticleWork(models.Model):
    """Follow-up work of an article (see miftah.news.pipeline) that is queued, being retried or has failed.

    No row means nothing is outstanding. The edit view shows the row to editors.
    """

    PENDING, RETRYING, FAILED = "pending", "retrying", "failed"
    STATES = [(PENDING, gettext_lazy("في الانتظار")), (RETRYING, gettext_lazy("يُعاد المحاولة")), (FAILED, gettext_lazy("فشل"))]

    article = models.OneToOneField(ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="work")
    state = models.CharField(max_length=10, choices=STATES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def mark_pending(cls, ids):
        present = ArticlePage.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
        cls.objects.bulk_create([cls(article_id=pk) for pk in present], ignore_conflicts=True)
        cls.objects.filter(article_id__in=ids).exclude(state=cls.PENDING).update(state=cls.PENDING,
                                                                                   updated_at=timezone.now())

    @classmethod
    def mark_retrying(cls, ids, attempt, error):
        cls.objects.filter(article_id__in=ids).update(
            state=cls.RETRYING, attempts=attempt, error=repr(error)[:2000], updated_at=timezone.now())

    @classmethod
    def mark_failed(cls, ids, attempt, error):
        cls.objects.filter(article_id__in=ids).update(
            state=cls.FAILED, attempts=attempt, error=repr(error)[:2000], updated_at=timezone.now())

    @classmethod
    def mark_done(cls, ids):
        cls.objects.filter(article_id__in=ids).delete()
