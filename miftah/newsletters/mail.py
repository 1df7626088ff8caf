"""The e-mails: an issue rendered once (HTML for right-to-left clients and a plain-text part) and addressed per
reader with their own unsubscribe and preferences links, the RFC 8058 one-click headers, and the confirmation mail.
They are the source (Arabic) edition's whatever language the thread last served (a worker may have rendered an
English page just before): text, dates and link prefixes are the source language's (`in_source_language`).
"""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from miftah.news.models import ArticlePage

from .tokens import confirm_token, reader_token

# Stand-ins for the per-reader links in an issue rendered once; tokens are URL-safe, so a plain replace is exact.
UNSUBSCRIBE_MARK = "https://miftah.invalid/unsubscribe-mark"
PREFERENCES_MARK = "https://miftah.invalid/preferences-mark"


def in_source_language(function):
    @wraps(function)
    def in_source(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)
    return in_source


FONT_STACK = "'Miftah Naskh', 'Noto Naskh Arabic', 'Geeza Pro', 'Segoe UI', Tahoma, Arial, sans-serif"


def site_url(path=""):
    return (settings.MIFTAH_BASE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def tracked(url, newsletter):
    separator = "&" if "?" in url else "?"
    return url + separator + urlencode({"utm_source": "newsletter", "utm_medium": "email",
                                        "utm_campaign": newsletter.slug})


def publisher():
    from miftah.core.models import SiteSettings
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else None


def sender():
    return settings.MIFTAH_NEWSLETTER_FROM or settings.DEFAULT_FROM_EMAIL


@dataclass
class RenderedIssue:
    subject: str
    html: str
    text: str
    newsletter_slug: str

    @in_source_language
    def message(self, subscriber, connection=None):
        token = reader_token(subscriber)
        unsubscribe = site_url(reverse("newsletters:unsubscribe", args=[self.newsletter_slug, token]))
        preferences = site_url(reverse("newsletters:preferences", args=[token]))

        def personal(body):
            return body.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)

        message = EmailMultiAlternatives(
            self.subject, personal(self.text), sender(), [subscriber.email], connection=connection,
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                     "List-Id": f"<{self.newsletter_slug}.newsletters.{_list_host()}>",
                     "Precedence": "bulk", "Auto-Submitted": "auto-generated"})
        message.attach_alternative(personal(self.html), "text/html")
        return message


def _list_host():
    from urllib.parse import urlsplit

    return (urlsplit(site_url()).hostname or "localhost").encode("idna").decode()


def issue_articles(issue):
    """The issue's articles in the editor's order, live ones only, with absolute tracked links and sections."""
    from miftah.news.models import article_cards

    ids = list(issue.items.order_by("sort_order", "pk").values_list("article_id", flat=True))
    pages = {page.pk: page for page in article_cards(ArticlePage.objects.live().public().filter(pk__in=ids))}
    articles = []
    for pk in ids:
        page = pages.get(pk)
        if page is None:
            continue
        _site_id, _root, path = page.get_url_parts()
        page.email_url = tracked(site_url(path), issue.newsletter)
        articles.append(page)
    return articles


@in_source_language
def render_issue(issue):
    newsletter = issue.newsletter
    site_settings = publisher()
    context = {
        "issue": issue, "newsletter": newsletter, "articles": issue_articles(issue),
        "intro": issue.intro_paragraphs(), "publisher": site_settings.publisher_name if site_settings else "",
        "home_url": tracked(site_url("/"), newsletter), "font_url": site_url(static("miftah/fonts/NotoNaskhArabic-Regular.woff2")),
        "font_stack": FONT_STACK, "unsubscribe_url": UNSUBSCRIBE_MARK, "preferences_url": PREFERENCES_MARK,
        "date": timezone.localtime(),
    }
    return RenderedIssue(
        subject=issue.subject, newsletter_slug=newsletter.slug,
        html=render_to_string("newsletters/email/issue.html", context),
        text=render_to_string("newsletters/email/issue.txt", context),
    )


@in_source_language
def confirmation_message(subscriber, newsletters):
    link = site_url(reverse("newsletters:confirm", args=[confirm_token(subscriber, [n.pk for n in newsletters])]))
    site_settings = publisher()
    context = {"link": link, "newsletters": newsletters, "hours": settings.MIFTAH_NEWSLETTER_CONFIRM_HOURS,
               "publisher": site_settings.publisher_name if site_settings else "", "font_stack": FONT_STACK}
    message = EmailMultiAlternatives(
        (gettext("أكّد اشتراكك في نشرات %(publisher)s") % {"publisher": context["publisher"]}).strip(),
        render_to_string("newsletters/email/confirm.txt", context), sender(), [subscriber.email],
        headers={"Auto-Submitted": "auto-generated"})
    message.attach_alternative(render_to_string("newsletters/email/confirm.html", context), "text/html")
    return message
