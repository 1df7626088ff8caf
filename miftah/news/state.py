"""What every reader page needs and only a change of content or settings alters, computed once per content generation
and reused by every request of that generation: the Site with its home page, the site settings, the sections (menu,
breadcrumbs, card kickers, subsection lists), the pages under a view restriction, the home page's pinned articles and
the authors offered by the search form.

`current_generation()` (miftah.core.cache) moves on every publish, unpublish, move, delete and settings change; the
receivers in miftah.news.signals move it too when a view restriction or a Site changes (after commit, so no request
can store the old state under the new generation). Per-article data that only a publish changes (byline, tags,
corrections, breadcrumbs, hero renditions) is remembered the same way by `remember()`.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.cache import cache

from miftah.core.cache import current_generation

TIMEOUT = 24 * 3600  # a generation usually ends long before; this only bounds what a dead generation leaves behind
# The generation a reader request started in (SiteStateMiddleware): read once per request, not once per remember()
# — with Redis each read is a round trip, and a page calls remember() several times.
request_generation = ContextVar("miftah_request_generation", default=None)


def remember(name, compute):
    """`compute()`, kept until the content generation moves on (one cache read when it is known)."""
    generation = request_generation.get()
    key = f"miftah:state:{current_generation() if generation is None else generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def remember_shown(request, name, compute, seconds=None):
    """Like `remember_fragment`, for a part of a page that says what it shows (the cache tags its listing adds,
    miftah.core.cache_tags): the tags are kept with the value and said again each time it is reused, so the page
    cache still retires the page when one of them is retired."""
    from miftah.core.cache_tags import TAGS_ATTR, tag_response

    def tagged():
        before = set(getattr(request, TAGS_ATTR, None) or ())
        value = compute()
        return value, tuple(sorted(set(getattr(request, TAGS_ATTR, None) or ()) - before))

    value, tags = remember_fragment(request, name, tagged, seconds)
    if tags and request is not None:
        tag_response(request, *tags)
    return value


def remember_fragment(request, name, render, seconds=None):
    """HTML of the site chrome that only the content (and, with `seconds`, the clock) changes — the ticker — rendered
    once per content generation, host and active language (and `seconds`-long slice of time), then reused."""
    import time

    from django.utils import translation

    host = request.get_host() if request is not None else "-"
    slice_ = f":{int(time.time() // seconds)}" if seconds else ""
    return remember(f"fragment:{name}:{host}:{translation.get_language()}{slice_}", render)


@dataclass(frozen=True)
class Section:
    """A live section as the reader theme shows it: in the menu, as a card's kicker, in breadcrumbs."""

    id: int
    title: str
    url: str
    path: str
    depth: int
    in_menu: bool

    @property
    def pk(self):
        return self.id


@dataclass
class SiteState:
    site: object
    settings: object
    sections: dict = field(default_factory=dict)  # tree path -> Section
    featured_ids: list = field(default_factory=list)
    footer_pages: list = field(default_factory=list)  # (title, url) of the home's standard pages shown in menus
    language: str = "ar"  # the edition (miftah.editions): its home is the site root's translation in this language
    url_prefix: str = ""  # what the edition's addresses start with: "" (Arabic), "/en"

    @property
    def home(self):
        return self.site.root_page

    def menu(self):
        """Top-level live sections shown in menus, in tree order."""
        return [s for s in self.sections.values() if s.in_menu and s.depth == self.home.depth + 1]

    def section_at(self, path):
        return self.sections.get(path)

    def children_of(self, path):
        return [s for s in self.sections.values() if s.path.startswith(path) and s.depth == len(path) // 4 + 1]

    def crumbs(self, path):
        """The live sections above the page at `path`, outermost first."""
        return [self.sections[path[:end]] for end in range(8, len(path), 4) if path[:end] in self.sections]

    def url_of(self, url_path):
        """A page's relative URL from its url_path (the site root is the home page)."""
        if not url_path.startswith(self.home.url_path):
            return url_path
        return self.url_prefix + url_path[len(self.home.url_path) - 1:]


def _build_site_state(request, language=None):
    from wagtail.models import Site

    from miftah.core.models import SiteSettings
    from miftah.editions.languages import default_language, url_prefix
    from miftah.editions.models import edition_home, edition_settings

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q
    from wagtail.models import Page

    from .models import SectionPage, StandardPage

    site = Site._find_for_request(request)
    if site is None:
        return None
    language = language or default_language()
    home = site.root_page.specific  # kept on the pickled Site: routing starts from it without a query
    settings = SiteSettings.for_site(site)
    if language != default_language():  # another edition: its home is the root's translation, with its settings
        home = edition_home(home, language)
        if home is None:
            return None
        settings = edition_settings(settings, language)
    home.edition_language = language  # HomePage.localized answers from it without a query
    site.root_page = home
    state = SiteState(site=site, settings=settings, language=language, url_prefix=url_prefix(language))
    section_type, standard_type = (ContentType.objects.get_for_model(model) for model in (SectionPage, StandardPage))
    rows = (Page.objects.live().filter(path__startswith=home.path, depth__gt=home.depth)
            .filter(Q(content_type=section_type) | Q(content_type=standard_type, depth=home.depth + 1, show_in_menus=True))
            .order_by("path").values_list("id", "title", "url_path", "path", "depth", "show_in_menus", "content_type_id"))
    for pk, title, url_path, path, depth, in_menu, content_type in rows:
        if content_type == standard_type.id:
            state.footer_pages.append((title, state.url_of(url_path)))
        else:
            state.sections[path] = Section(pk, title, state.url_of(url_path), path, depth, in_menu)
    state.featured_ids = edition_featured_ids(home)
    return state


def edition_featured_ids(home):
    """The ids of the articles pinned on `home`, in order, each in the home's own edition: a pick that is another
    edition's article (a synced translation of the home copies the Arabic picks) stands for its translation here,
    or is dropped when it has none, so an edition's home never links into another edition's tree."""
    from wagtail.models import Page

    from .models import HomeFeatured

    rows = list(HomeFeatured.objects.filter(page=home).order_by("sort_order")
                .values_list("article_id", "article__locale_id", "article__translation_key"))
    foreign = {key for _, locale, key in rows if locale != home.locale_id}
    translated = dict(Page.objects.filter(translation_key__in=foreign, locale_id=home.locale_id)
                      .values_list("translation_key", "id")) if foreign else {}
    ids = [pk if locale == home.locale_id else translated.get(key) for pk, locale, key in rows]
    return list(dict.fromkeys(pk for pk in ids if pk))


def site_state(request):
    """The SiteState of the site this request is for (None when no site answers it)."""
    cached = getattr(request, "_miftah_site_state", None)
    if cached is None:
        from miftah.editions.languages import edition_language

        language = edition_language(request)
        key = f"site:{request.get_host()}:{request.get_port()}:{language}"
        cached = request._miftah_site_state = remember(key, lambda: _build_site_state(request, language) or False)
    return cached or None


def restricted_paths():
    """Tree paths of the pages that carry a view restriction (their descendants are private too)."""
    from wagtail.models import PageViewRestriction

    return remember("restricted", lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)))


def is_restricted(path):
    return any(path.startswith(prefix) for prefix in restricted_paths())
