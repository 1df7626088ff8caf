"""`miftah setup`: a new outlet from nothing, without the demo — the database, the site's name and public address,
the first admin and the sections.

    miftah setup                       # asks, with the current values as defaults
    miftah setup --no-input --site-name "أخبار الساحل" --base-url https://news.example.org \\
        --admin-username layla --admin-email layla@example.org [--admin-password …] --sections "سياسة,اقتصاد"

Safe to run again: a section that exists (same title under the home page) is not added twice, an existing account is
left as it is unless --update-admin says otherwise, and what already has the asked value is not written. Without
--admin-password (or MIFTAH_ADMIN_PASSWORD), a new admin gets a generated password, printed once and kept nowhere.

The base URL is saved in the data folder (`base_url`, read by settings.py), so a later `miftah run` uses it; the
MIFTAH_BASE_URL environment variable, when set, overrides it. A base URL with a path (/news/) is not supported.
"""

import getpass
import os
import re
import secrets
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils.text import slugify

from miftah.core.site_address import base_url_file, normalise_base_url, save_base_url, sync_site_address

ADMINS_GROUP = "مدراء"  # made by migration news/0002_editorial_groups
HOME_ROUTES = {"author", "tag"}  # the home page's own sub-routes (/author/<slug>/, /tag/<slug>/)


def split_sections(text):
    """Section titles from "سياسة, اقتصاد،رياضة": commas (Latin or Arabic), blanks and repeats dropped."""
    titles = []
    for title in re.split(r"[,،]", text or ""):
        title = " ".join(title.split())
        if title and title not in titles:
            titles.append(title)
    return titles


class Command(BaseCommand):
    help = ("يجهّز موقعاً جديداً دون المحتوى التجريبي: قاعدة البيانات، اسم الموقع وعنوانه، المدير الأول، الأقسام "
            "(Set up a new outlet without the demo: database, site name and address, first admin, sections).")

    def add_arguments(self, parser):
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="لا أسئلة: القيم من الخيارات وحدها (no questions: values come from the flags only)")
        parser.add_argument("--site-name", help="اسم الناشر كما يظهر للقراء (the publisher's name, as readers see it)")
        parser.add_argument("--base-url", help="العنوان العام، مثل https://news.example.org (the public address)")
        parser.add_argument("--admin-username", help="اسم مستخدم المدير الأول (the first admin's username)")
        parser.add_argument("--admin-email", help="بريد المدير (the admin's e-mail)")
        parser.add_argument("--admin-password",
                            help="كلمة مرور المدير؛ وإلا MIFTAH_ADMIN_PASSWORD أو كلمة مولّدة تُطبع مرة واحدة "
                                 "(else MIFTAH_ADMIN_PASSWORD, else a generated one printed once)")
        parser.add_argument("--update-admin", action="store_true",
                            help="حدّث الحساب إن كان موجوداً (update the account's e-mail and password if it exists)")
        parser.add_argument("--sections", help='الأقسام مفصولة بفواصل، مثل "سياسة,اقتصاد" (comma-separated sections)')

    def handle(self, *args, **options):
        from wagtail.models import Site

        from miftah.core.models import SiteSettings
        from miftah.news.site_root import home_page

        self.interactive = options["interactive"]
        if self.interactive and not sys.stdin.isatty():
            raise CommandError("لا طرفية للأسئلة؛ استعمل --no-input مع الخيارات (no terminal to ask on: use --no-input)")
        self.stdout.write("تطبيق الترحيلات… (applying migrations…)")
        call_command("migrate", interactive=False, verbosity=max(0, options["verbosity"] - 1), stdout=self.stdout)

        home = home_page()
        site = Site.objects.filter(root_page=home).order_by("-is_default_site").first()
        if site is None:
            raise CommandError("لا موقع جذره الصفحة الرئيسية؛ أصلحه من الإعدادات ← المواقع "
                               "(no Wagtail site has the home page as its root: fix it under Settings → Sites)")
        site_settings = SiteSettings.for_site(site)

        name = options["site_name"]
        if name is None and self.interactive:
            name = self.ask("اسم الموقع (site name)", site_settings.publisher_name)
        name = " ".join((name or "").split())
        base_url = self.base_url(options["base_url"], settings.MIFTAH_BASE_URL or site.root_url)
        admin = self.admin_plan(options)
        sections = options["sections"]
        if sections is None and self.interactive:
            sections = self.ask("الأقسام، مفصولة بفواصل (sections, comma-separated; empty: none)", "")

        with transaction.atomic():
            if name:
                self.report("اسم الموقع (site name)", name, set_site_name(home, site, site_settings, name))
            if base_url:
                self.apply_base_url(base_url)
            if admin:
                self.apply_admin(admin)
            created, existing = ensure_sections(home, split_sections(sections))
        if created or existing:
            self.stdout.write(f"الأقسام (sections): أُضيف {len(created)} (added){': ' + '، '.join(created) if created else ''}"
                              f"؛ موجود {len(existing)} (already there)")
        site.refresh_from_db()
        self.stdout.write(self.style.SUCCESS(f"جاهز (ready): {site.root_url}/ — لوحة التحرير (admin): {site.root_url}/admin/"))
        self.stdout.write("التالي (next): miftah run")

    # ------------------------------------------------------------ questions

    def ask(self, label, default="", convert=None):
        while True:
            answer = input(f"{label} [{default}]: " if default else f"{label}: ").strip() or default
            if convert is None:
                return answer
            try:
                return convert(answer)
            except (ValueError, ValidationError) as error:
                self.stderr.write("; ".join(getattr(error, "messages", [str(error)])))

    def yes(self, label, default=False):
        answer = input(f"{label} [{'Y/n' if default else 'y/N'}]: ").strip().lower()
        return default if not answer else answer in {"y", "yes", "ن", "نعم"}

    def base_url(self, given, current):
        if given is None and not self.interactive:
            return None
        if given is None:
            return self.ask("العنوان العام للموقع (public address)", current, normalise_base_url)
        try:
            return normalise_base_url(given)
        except ValueError as error:
            raise CommandError(str(error)) from error

    def admin_plan(self, options):
        """What to do about the admin account: None (nothing), or a dict for apply_admin."""
        User = get_user_model()
        username = options["admin_username"]
        if username is None and self.interactive:
            first = User.objects.filter(is_superuser=True).order_by("pk").first()
            username = self.ask("اسم مستخدم المدير (admin username)", first.username if first else "admin")
        if not username:
            if not User.objects.filter(is_superuser=True).exists():
                self.stderr.write("لا مدير بعد؛ أعد التشغيل مع --admin-username (no admin account yet: "
                                  "run again with --admin-username)")
            return None
        user = User.objects.filter(username=username).first()
        update = options["update_admin"]
        if user is not None and not update and self.interactive:
            update = self.yes(f"الحساب {username} موجود؛ تحديث بريده وكلمة مروره؟ (account exists: update it?)")
        if user is not None and not update:
            return {"username": username, "user": user, "keep": True}
        email = options["admin_email"]
        if email is None:
            email = self.ask("بريد المدير (admin e-mail)", user.email if user else "") if self.interactive else (
                user.email if user else "")
        password = options["admin_password"] or os.environ.get("MIFTAH_ADMIN_PASSWORD") or ""
        candidate = User(username=username, email=email)
        if not password and self.interactive:
            password = self.ask_password(candidate)
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        else:
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError("كلمة مرور ضعيفة (weak password): " + " ".join(error.messages)) from error
        return {"username": username, "user": user, "keep": False, "email": email, "password": password,
                "generated": generated}

    def ask_password(self, candidate):
        while True:
            password = getpass.getpass("كلمة مرور المدير؛ فارغة لتوليد واحدة (admin password; empty: generate one): ")
            if not password:
                return ""
            if getpass.getpass("أعد كتابتها (again): ") != password:
                self.stderr.write("الكلمتان مختلفتان (the passwords differ)")
                continue
            try:
                validate_password(password, candidate)
                return password
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))

    # ------------------------------------------------------------ changes

    def report(self, label, value, changed):
        self.stdout.write(f"{label}: {value} — {'غُيّر (changed)' if changed else 'كما هو (unchanged)'}")

    def apply_base_url(self, url):
        path = base_url_file()
        saved = path.read_text(encoding="utf-8").strip() if path.exists() else ""
        if saved != url:
            save_base_url(url)
        effective = url
        env = os.environ.get("MIFTAH_BASE_URL")
        if env:
            try:
                env_url = normalise_base_url(env)
            except ValueError as error:
                raise CommandError(f"MIFTAH_BASE_URL: {error}") from error
            if env_url != url:
                self.stderr.write(f"تنبيه: متغير البيئة MIFTAH_BASE_URL={env} يتقدّم على {url} "
                                  f"(warning: the MIFTAH_BASE_URL environment variable overrides --base-url)")
                effective = env_url
        changed = sync_site_address(effective)
        self.report("العنوان العام (public address)", effective, changed or saved != url)
        hostname = effective.split("://", 1)[1].split(":", 1)[0]
        if not validate_host(hostname, settings.ALLOWED_HOSTS):
            self.stderr.write(f"تنبيه: أضف {hostname} إلى ALLOWED_HOSTS قبل miftah run "
                              f"(warning: add {hostname} to ALLOWED_HOSTS, or the site answers 400 on that name)")

    def apply_admin(self, plan):
        User = get_user_model()
        user = plan["user"]
        if plan["keep"]:
            self.stdout.write(f"المدير (admin): {user.username} — موجود، لم يُغيَّر (exists, kept; --update-admin changes it)")
            return
        if user is None:
            user = User.objects.create_superuser(username=plan["username"], email=plan["email"], password=plan["password"])
            state = "أُنشئ (created)"
        else:
            user.email, user.is_staff, user.is_superuser, user.is_active = plan["email"], True, True, True
            user.set_password(plan["password"])
            user.save()
            state = "حُدّث (updated)"
        group = Group.objects.filter(name=ADMINS_GROUP).first()
        if group is not None:
            user.groups.add(group)
        self.stdout.write(f"المدير (admin): {user.username} — {state}")
        if plan["generated"]:
            self.stdout.write(self.style.WARNING(
                f"كلمة المرور، تظهر هذه المرة فقط (password, shown this once only): {plan['password']}"))


def set_site_name(home, site, site_settings, name):
    """The publisher's name on the home page (a published revision, as an editor would), the Site and SiteSettings.

    Returns True when anything changed. A draft an editor left on the home page stays a draft: the new title goes into
    it and into the live page, and the draft is not published behind the editor's back.
    """
    from wagtail.models import Page

    changed = False
    latest = home.get_latest_revision_as_object()
    if home.title != name or latest.title != name:
        had_draft = home.has_unpublished_changes
        latest.title = latest.draft_title = name
        revision = latest.save_revision()
        if had_draft:
            Page.objects.filter(pk=home.pk).update(title=name)
        else:
            revision.publish()
        changed = True
    if site.site_name != name:
        site.site_name = name
        site.save(update_fields=["site_name"])
        changed = True
    if site_settings.publisher_name != name:
        site_settings.publisher_name = name
        site_settings.save()
        changed = True
    return changed


def ensure_sections(home, titles):
    """Published sections under the home page, in the menu, in the order given; a title already there is left alone."""
    from miftah.news.models import SectionPage

    created, existing = [], []
    for title in titles:
        if SectionPage.objects.child_of(home).filter(title=title).exists():
            existing.append(title)
            continue
        section = home.add_child(instance=SectionPage(title=title, slug=free_section_slug(home, title), show_in_menus=True))
        section.save_revision().publish()
        home.refresh_from_db()
        created.append(title)
    return created, existing


def free_section_slug(home, title):
    """A slug no sibling has, whose URL Wagtail serves (not /search/, /feed/…, nor the home's /author/ and /tag/)."""
    from wagtail.models import Page

    base = slugify(title, allow_unicode=True) or "section"
    slug, n = base, 1
    while (Page.objects.child_of(home).filter(slug=slug).exists() or slug in HOME_ROUTES
           or not served_by_wagtail(slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def served_by_wagtail(slug):
    for path in (f"/{slug}/", f"/{slug}/x/"):
        try:
            if resolve(path).url_name != "wagtail_serve":
                return False
        except Resolver404:
            return False
    return True
