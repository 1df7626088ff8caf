"""The public, read-only JSON API: Wagtail's API v2 with endpoints for articles, sections, authors and images.

Mounted at /api/v2/. Only live pages outside every view restriction ever leave through it: the base querysets use
`live().public()` whatever the request (a logged-in editor or a reader who typed a page's password sees the same API
as anyone), and images are limited to those shown on such pages or as author photos. Responses are JSON only (no
browsable HTML, so a cached response never depends on the Accept header) and go through the page cache like pages.

Listings cost a fixed number of queries: heroes and their card renditions, authors, tags and sections are fetched
in bulk for the page of results.
"""

from django.utils.translation import gettext_lazy
from datetime import datetime, time

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from rest_framework.fields import Field
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, get_restricted_collection_ids
from wagtail.api.v2.serializers import StreamField as StreamFieldSerializer
from wagtail.api import APIField
from django.urls import path
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from miftah.core.cache import mark_cacheable
from miftah.core.cache_tags import FEEDS_TAG, tag_response
from miftah.core.converters import bounded_int
from miftah.news.models import CARD_RENDITIONS, ArticleAuthor, ArticlePage, Author, SectionPage, article_cards

from .feeds import absolutize_urls, feed_path
from .links import absolute_url, site_for

CARD_RENDITION = CARD_RENDITIONS[0]
HERO_RENDITIONS = {"16x9": "fill-1200x675", "4x3": "fill-1200x900", "1x1": "fill-1200x1200"}
AUTHOR_PHOTO_RENDITION = "fill-192x192|format-webp"


def _base(context):
    request = context["request"]
    if not hasattr(request, "_miftah_api_base"):
        request._miftah_api_base = site_for(request).root_url
    return request._miftah_api_base


def _rendition(image, spec, base):
    rendition = image.get_rendition(spec)
    return {"url": absolute_url(base, rendition.url), "width": rendition.width, "height": rendition.height}


class WholeObjectField(Field):
    """A read-only field computed from the whole object rather than one attribute."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)


class ArticleSectionField(WholeObjectField):
    def to_representation(self, article):
        section = article.section
        return {"id": section.pk, "title": section.title,
                "html_url": absolute_url(_base(self.context), section.get_url(self.context["request"]))}


class ArticleAuthorsField(WholeObjectField):
    def to_representation(self, article):
        base = _base(self.context)
        return [{"id": link.author.pk, "name": link.author.name, "slug": link.author.slug,
                 "html_url": base + link.author.get_url()} for link in article.article_authors.all()]


class ArticleTagsField(WholeObjectField):
    def to_representation(self, article):
        base = _base(self.context)
        return [{"name": item.tag.name, "slug": item.tag.slug, "html_url": base + item.tag.get_url()}
                for item in article.tagged_items.all()]


class ArticleHeroField(WholeObjectField):
    """The hero image for a card: one small rendition, prefetched for the whole listing."""

    def to_representation(self, article):
        image = article.hero_image
        if image is None:
            return None
        return {"id": image.pk, "alt": article.hero_alt or article.hero_caption, "caption": article.hero_caption,
                "credit": article.hero_credit, **_rendition(image, CARD_RENDITION, _base(self.context))}


class ArticleHeroRenditionsField(WholeObjectField):
    """The hero at 16:9, 4:3 and 1:1, 1200 px wide: the sizes news aggregators and structured data ask for."""

    def to_representation(self, article):
        image = article.hero_image
        if image is None:
            return None
        base = _base(self.context)
        renditions = image.get_renditions(*HERO_RENDITIONS.values())
        return {
            "id": image.pk, "alt": article.hero_alt or article.hero_caption, "caption": article.hero_caption,
            "credit": article.hero_credit, "original": {"width": image.width, "height": image.height},
            **{ratio: {"url": absolute_url(base, renditions[spec].url), "width": renditions[spec].width,
                       "height": renditions[spec].height} for ratio, spec in HERO_RENDITIONS.items()},
        }


class ArticleBodyHtmlField(WholeObjectField):
    def to_representation(self, article):
        return absolutize_urls(str(article.body), _base(self.context))


class ShortUrlField(WholeObjectField):
    def to_representation(self, article):
        return f"{_base(self.context)}/s/{article.pk}"


class PageFeedsField(WholeObjectField):
    def to_representation(self, section):
        base = _base(self.context)
        key = section.url_path[len(site_for(self.context["request"]).root_page.url_path):].strip("/")
        return {"rss": base + feed_path("section", key), "atom": base + feed_path("section", key, atom=True)}


MAX_OFFSET = 10**9  # far beyond any listing; a bigger offset made SQLite fail (a 500) rather than answer nothing


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        raw = request.GET.get("offset", "").strip()
        if raw.isdigit() and int(raw) > MAX_OFFSET:  # anything else that is not a number: Wagtail's own 400
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PublicAPIMixin:
    """JSON only, cached like pages, and refusing anything that is not public whoever asks.

    `field_serializers` maps a body field's name to the serializer computing it (the models declare no api_fields:
    what the API shows is decided here).
    """

    renderer_classes = [JSONRenderer]
    pagination_class = BoundedPagination
    field_serializers = {}
    not_found_message = gettext_lazy("لا يوجد عنصر منشور بهذا المعرّف.")

    def handle_exception(self, exc):
        # Django's 404 says "No ArticlePage matches the given query." in English; the API speaks like the site.
        if isinstance(exc, Http404):
            return Response({"message": self.not_found_message}, status=404)
        return super().handle_exception(exc)

    @classmethod
    def get_urlpatterns(cls):
        # <dbid:pk>: an id no row can have is a 404, not an overflow.
        return [path("<dbid:pk>/", cls.as_view({"get": "detail_view"}), name="detail") if p.name == "detail" else p
                for p in super().get_urlpatterns()]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(
            [APIField(name, serializer=cls.field_serializers[name]()) if name in cls.field_serializers else name
             for name in cls.body_fields]
        )

    def dispatch(self, request, *args, **kwargs):
        mark_cacheable(request)
        tag_response(request, FEEDS_TAG)
        return super().dispatch(request, *args, **kwargs)


class PublicPagesMixin(PublicAPIMixin):
    def get_base_queryset(self):
        site = site_for(self.request)
        return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)

    def get_queryset(self):
        # The `type` parameter would swap the model; each endpoint serves one model.
        public_ids = self.get_base_queryset().values("pk")
        # select_related: with Wagtail's i18n on, every item's meta names its locale (one query each otherwise).
        return self.model.objects.filter(pk__in=public_ids).select_related("locale")


def _date_bound(value, name, end=False):
    day = parse_date(value) if value else None
    if value and day is None:
        raise BadRequestError(f"{name} must be a date (YYYY-MM-DD)")
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


class ArticlesAPIViewSet(PublicPagesMixin, PagesAPIViewSet):
    """Articles, newest first, filterable by section (id), author (slug), tag (slug) and publication date."""

    name = "articles"
    not_found_message = gettext_lazy("لا يوجد مقال منشور بهذا المعرّف.")
    model = ArticlePage
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["section", "author", "tag", "published_after", "published_before"]
    )
    body_fields = PagesAPIViewSet.body_fields + [
        "dek", "section", "authors", "desk_byline", "attribution", "tags", "hero", "hero_renditions", "is_breaking",
        "is_exclusive", "updated_at", "reading_time", "short_url", "body", "body_html",
    ]
    meta_fields = PagesAPIViewSet.meta_fields + ["last_published_at"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "dek", "section", "authors", "tags", "hero", "is_breaking",
    ]
    detail_only_fields = PagesAPIViewSet.detail_only_fields + ["body", "body_html", "hero_renditions"]
    field_serializers = {
        "section": ArticleSectionField, "authors": ArticleAuthorsField, "tags": ArticleTagsField,
        "hero": ArticleHeroField, "hero_renditions": ArticleHeroRenditionsField, "short_url": ShortUrlField,
        "body": StreamFieldSerializer, "body_html": ArticleBodyHtmlField,
    }

    def get_queryset(self):
        Image = get_image_model()
        queryset = (
            super().get_queryset()
            .select_related("hero_image")
            .prefetch_related(
                Prefetch("hero_image", queryset=Image.objects.prefetch_renditions(CARD_RENDITION)),
                Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order")),
                Prefetch("tagged_items", queryset=ArticlePage.tags.through.objects.select_related("tag")),
            )
            .order_by("-first_published_at", "-pk")
        )
        params = self.request.GET
        if params.get("section"):
            try:
                section = SectionPage.objects.live().public().get(pk=bounded_int(params["section"], default=-1))
            except SectionPage.DoesNotExist as e:
                raise BadRequestError("section must be the id of a live section") from e
            queryset = queryset.descendant_of(section)
        if params.get("author"):
            queryset = queryset.filter(article_authors__author__slug=params["author"])
        if params.get("tag"):
            queryset = queryset.filter(tagged_items__tag__slug=params["tag"])
        after = _date_bound(params.get("published_after"), "published_after")
        before = _date_bound(params.get("published_before"), "published_before", end=True)
        if after:
            queryset = queryset.filter(first_published_at__gte=after)
        if before:
            queryset = queryset.filter(first_published_at__lte=before)
        return queryset.distinct() if (params.get("author") or params.get("tag")) else queryset

    def paginate_queryset(self, queryset):
        # Attach every card's section with one query for the whole page of results.
        return article_cards(super().paginate_queryset(queryset))


class SectionsAPIViewSet(PublicPagesMixin, PagesAPIViewSet):
    name = "sections"
    not_found_message = gettext_lazy("لا يوجد قسم منشور بهذا المعرّف.")
    model = SectionPage
    body_fields = PagesAPIViewSet.body_fields + ["intro", "feeds"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["feeds"]
    field_serializers = {"feeds": PageFeedsField}

    def get_queryset(self):
        return super().get_queryset().order_by("path")


class AuthorHtmlUrlField(WholeObjectField):
    def to_representation(self, author):
        return _base(self.context) + author.get_url()


class AuthorFeedsField(WholeObjectField):
    def to_representation(self, author):
        base = _base(self.context)
        return {"rss": base + feed_path("author", author.slug), "atom": base + feed_path("author", author.slug, atom=True)}


class AuthorPhotoField(WholeObjectField):
    def to_representation(self, author):
        if author.photo is None:
            return None
        return _rendition(author.photo, AUTHOR_PHOTO_RENDITION, _base(self.context))


class AuthorsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    name = "authors"
    not_found_message = gettext_lazy("لا يوجد كاتب بهذا المعرّف.")
    model = Author
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "role", "bio", "html_url", "photo", "feeds"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "role", "html_url", "photo"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name", "slug"]
    field_serializers = {"html_url": AuthorHtmlUrlField, "photo": AuthorPhotoField, "feeds": AuthorFeedsField}

    def get_queryset(self):
        Image = get_image_model()
        return Author.objects.select_related("photo").prefetch_related(
            Prefetch("photo", queryset=Image.objects.prefetch_renditions(AUTHOR_PHOTO_RENDITION))
        ).order_by("name", "pk")


class ImageRenditionsField(WholeObjectField):
    def to_representation(self, image):
        base = _base(self.context)
        renditions = image.get_renditions(*HERO_RENDITIONS.values())
        return {ratio: {"url": absolute_url(base, renditions[spec].url), "width": renditions[spec].width,
                        "height": renditions[spec].height} for ratio, spec in HERO_RENDITIONS.items()}


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    """Images shown to readers: heroes of public articles and author photos, never an unpublished one."""

    name = "images"
    not_found_message = gettext_lazy("لا توجد صورة منشورة بهذا المعرّف.")
    body_fields = ImagesAPIViewSet.body_fields + ["renditions"]
    detail_only_fields = ["renditions"]
    field_serializers = {"renditions": ImageRenditionsField}

    def get_queryset(self):
        site = site_for(self.request)
        public_articles = ArticlePage.objects.live().public().descendant_of(site.root_page)
        shown = Q(pk__in=public_articles.filter(hero_image__isnull=False).values("hero_image_id")) | Q(
            pk__in=Author.objects.filter(photo__isnull=False).values("photo_id")
        )
        return super().get_queryset().filter(shown)


api_router = WagtailAPIRouter("syndication:api")
api_router.register_endpoint("articles", ArticlesAPIViewSet)
api_router.register_endpoint("sections", SectionsAPIViewSet)
api_router.register_endpoint("authors", AuthorsAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
