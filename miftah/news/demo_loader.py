"""Builds the demo outlet from miftah/news/demo/content.json (original text written for the demo).

Idempotent: everything is looked up by slug first, so a second run creates nothing new. Demo users get generated
passwords, kept in the data folder (never a fixed default).
"""

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Site

from .demo_images import draw_logo, draw_motif, draw_portrait
from .models import ArticleAuthor, ArticlePage, Author, Correction, HomeFeatured, SectionPage, StandardPage
from .pipeline import article_changed
from .site_root import home_page

CONTENT_FILE = Path(__file__).parent / "demo" / "content.json"
DEMO_USERS = [("admin", "مدراء", True), ("editor", "محررون", False), ("writer", "كتّاب", False)]


def credentials_file():
    return settings.DATA_DIR / "demo-credentials.txt"


def load_demo(stdout=None):
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    with transaction.atomic():
        home = ensure_home(content["site"])
        ensure_site_settings(home, content["site"])
        authors = {a["slug"]: ensure_author(a) for a in content["authors"]}
        sections = {}
        for section in content["sections"]:
            ensure_section(home, section, sections)
        for page in content["pages"]:
            ensure_standard_page(home, page)
        ensure_standards_link(home)
        created = []
        for index, article in enumerate(content["articles"]):
            page, was_created = ensure_article(sections[article["section"]], article, authors, index)
            if was_created:
                created.append(page)
        ensure_featured(home, content["articles"])
        # Publishing queued each article's follow-up work already, but the demo rewrites publication dates after
        # publishing: queue it again for all of them so related articles and timelines use the final dates.
        article_changed(ArticlePage.objects.live().values_list("pk", flat=True))
    users = ensure_users()
    from miftah.editions.demo import load_english_demo  # the English edition (docs/editions.md)

    load_english_demo()
    return {"articles": len(created), "users": users}


def ensure_home(site_content):
    """The site's HomePage (the one `migrate` made, or an outlet's own after `setup` or an import), named for the demo."""
    home = home_page(site_content["name"])
    name, intro = site_content["name"], site_content.get("tagline", "")
    if (home.title, home.draft_title, home.intro) != (name, name, intro):
        home.title, home.draft_title, home.intro = name, name, intro
        home.save_revision().publish()
    Site.objects.filter(root_page=home).exclude(site_name=name).update(site_name=name)
    return home


def ensure_site_settings(home, site_content):
    from miftah.core.models import SiteSettings

    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    site_settings.publisher_name = site_content.get("display_name") or site_content["name"]
    site_settings.tagline = site_content.get("tagline", "")
    site_settings.about_publisher = site_content.get("about", "")
    site_settings.demo_notice = site_content.get("demo_notice", "")
    site_settings.twitter_url = site_settings.twitter_url or "https://example.org/miftah-demo"
    site_settings.telegram_url = site_settings.telegram_url or "https://example.org/miftah-demo-telegram"
    if site_settings.logo_id is None:
        site_settings.logo = ensure_image("شعار مفتاح (تجريبي)", draw_logo(), "miftah-logo.png")
    site_settings.save()


def ensure_image(title, data, filename):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    from io import BytesIO

    image = Image(title=title)
    image.file = ImageFile(BytesIO(data), name=filename)
    image.save()
    return image


def ensure_author(data):
    author = Author.objects.filter(slug=data["slug"]).first()
    if author:
        return author
    photo = ensure_image(f"صورة تجريبية: {data['name']}", draw_portrait(data["slug"]), f"author-{data['slug']}.jpg")
    return Author.objects.create(name=data["name"], slug=data["slug"], bio=data.get("bio", ""), role=data.get("role", ""), photo=photo)


def ensure_section(parent, data, registry):
    section = SectionPage.objects.child_of(parent).filter(slug=data["slug"]).first()
    if section is None:
        section = parent.add_child(instance=SectionPage(title=data["title"], slug=data["slug"], intro=data.get("intro", ""), show_in_menus=parent.depth == 2))
        section.save_revision().publish()
    registry[data["slug"]] = section
    for child in data.get("children", []):
        ensure_section(section, child, registry)


def ensure_standard_page(home, data):
    if StandardPage.objects.child_of(home).filter(slug=data["slug"]).exists():
        return
    body = [{"type": "paragraph", "value": f"<p>{para}</p>"} for para in data["body"]]
    page = home.add_child(instance=StandardPage(title=data["title"], slug=data["slug"], body=json.dumps(body),
                                                show_in_menus=True))  # listed in the footer
    page.save_revision().publish()


def ensure_standards_link(home):
    """The demo's «المعايير التحريرية» page is the outlet's publishingPrinciples and correctionsPolicy."""
    from miftah.core.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(root_page=home))
    standards = StandardPage.objects.child_of(home).filter(slug="editorial-standards").first()
    if standards is not None and site_settings.standards_page_id is None:
        site_settings.standards_page = standards
        site_settings.save(update_fields=["standards_page"])


def article_body(data):
    from django.utils.html import escape

    blocks = []
    for block in data["body"]:
        kind = block["type"]
        if kind == "paragraph":
            blocks.append({"type": "paragraph", "value": f"<p>{escape(block['text'])}</p>"})
        elif kind == "heading":
            blocks.append({"type": "heading", "value": {"text": block["text"], "level": "2"}})
        elif kind == "quote":
            blocks.append({"type": "quote", "value": {"text": block["text"], "attribution": block.get("attribution", "")}})
        elif kind == "pull_quote":
            blocks.append({"type": "pull_quote", "value": block["text"]})
        elif kind == "list":
            blocks.append({"type": "list", "value": {"ordered": False, "items": [f"<p>{escape(i)}</p>" for i in block["items"]]}})
    if data.get("sources"):
        blocks.append({"type": "sources", "value": [{"title": s["title"], "url": s.get("url", "")} for s in data["sources"]]})
    return json.dumps(blocks, ensure_ascii=False)


def ensure_article(section, data, authors, index):
    slug = data["slug"]
    existing = ArticlePage.objects.filter(slug=slug).first()
    if existing:
        return existing, False
    motif = (data.get("image") or {}).get("motif", "map")
    hero = ensure_image(f"صورة توضيحية تجريبية: {data['title'][:60]}", draw_motif(motif, slug), f"demo-{index:02d}-{motif}.jpg")
    page = ArticlePage(
        title=data["title"], slug=slug, dek=data.get("dek", ""), body=article_body(data), hero_image=hero,
        hero_caption="رسم توضيحي تجريبي", hero_credit="مفتاح (صورة مولّدة للعرض)", hero_alt="رسم تجريدي يرافق المقال",
        desk_byline=data.get("desk") or "", attribution=data.get("attribution") or "",
        is_breaking=bool(data.get("breaking")), is_exclusive=bool(data.get("exclusive")),
    )
    for position, author_slug in enumerate(data.get("authors") or []):
        page.article_authors.add(ArticleAuthor(author=authors[author_slug], sort_order=position))
    page.tags.add(*data.get("tags", []))
    published = (timezone.now() - timedelta(days=data.get("days_ago", 0))).replace(
        hour=data.get("hour", 9), minute=(index * 7) % 60, second=0, microsecond=0
    )
    if published > timezone.now():
        published = timezone.now() - timedelta(minutes=5 + index)
    for correction in data.get("corrections", []):
        page.corrections.add(Correction(date=published + timedelta(days=correction.get("days_after", 1)), text=correction["text"]))
    section.add_child(instance=page)
    page.save_revision().publish()
    ArticlePage.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
    page.refresh_from_db()
    return page, True


def ensure_featured(home, articles):
    if home.featured.exists():
        return
    slugs = [a["slug"] for a in articles if a.get("featured")]
    pages = {p.slug: p for p in ArticlePage.objects.filter(slug__in=slugs)}
    for order, slug in enumerate(slugs):
        if slug in pages:
            HomeFeatured.objects.create(page=home, article=pages[slug], sort_order=order)


def ensure_users():
    path = credentials_file()
    known = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if ":" in line and not line.startswith("#"):
                name, password = line.split(":", 1)
                known[name.strip()] = password.strip()
    lines = ["# Demo accounts (generated passwords). username: password"]
    for username, group_name, superuser in DEMO_USERS:
        password = known.get(username) or secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created or username not in known:
            user.set_password(password)
        user.is_staff = superuser
        user.is_superuser = superuser
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        lines.append(f"{username}: {password}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return [(u, g) for u, g, _ in DEMO_USERS]
