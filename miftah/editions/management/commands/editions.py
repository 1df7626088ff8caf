"""`miftah editions add en`: add an edition (see miftah.editions.build); `miftah editions list`: the editions."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "يضيف طبعة بلغة أخرى (مثل الإنجليزية) أو يسرد الطبعات. Add an edition in another language, or list them."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add an edition: its locale, home page, sections and settings")
        add.add_argument("language", help="a language code from WAGTAIL_CONTENT_LANGUAGES, e.g. en")
        add.add_argument("--home-title", default="", help="the edition's home page title and, in its «إعدادات الطبعة», publisher name (default: the Arabic ones)")
        actions.add_parser("list", help="the editions and their home pages")

    def handle(self, *args, action, **options):
        if action == "list":
            return self.list_editions()
        from miftah.editions.build import add_edition

        language = options["language"]
        codes = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
        if language not in codes:
            raise CommandError(f"لغة غير مدعومة: {language!r}. اللغات الممكنة: {', '.join(codes)} (WAGTAIL_CONTENT_LANGUAGES)")
        if language == settings.LANGUAGE_CODE:
            raise CommandError(f"{language!r} هي لغة الطبعة الأصلية؛ لا حاجة إلى إضافتها.")
        titles = {}
        if options["home_title"]:
            from wagtail.models import Site

            titles = {site.root_page.title: options["home_title"] for site in Site.objects.select_related("root_page")}
        # The edition's name in its own language: its home's title, and its publisher name until an editor sets one.
        settings_text = {"publisher_name": options["home_title"]} if options["home_title"] else None
        added = add_edition(language, titles=titles, settings_text=settings_text)
        self.stdout.write(self.style.SUCCESS(
            f"الطبعة {language} جاهزة: لغة {'جديدة' if added.locale_created else 'موجودة'}، "
            f"صفحة رئيسية {'جديدة' if added.home_created else 'موجودة'}، {len(added.sections_created)} قسماً جديداً."))
        self.stdout.write(f"Edition {language} ready at /{language}/. Translate its pages in the admin "
                          "(Pages → a page → ⋯ → Translate / Sync translated pages); see docs/editions.md.")

    def list_editions(self):
        from wagtail.models import Locale

        from miftah.news.models import HomePage

        for locale in Locale.objects.order_by("id"):
            homes = HomePage.objects.filter(locale=locale)
            prefix = "/" if locale.language_code == settings.LANGUAGE_CODE else f"/{locale.language_code}/"
            for home in homes:
                self.stdout.write(f"{locale.language_code}\t{prefix}\t{home.title}\t{'live' if home.live else 'draft'}")
