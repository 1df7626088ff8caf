"""`miftah import-wordpress EXPORT.xml [--media-dir DIR] [--dry-run] [--json] [--site-url URL]
[--map-category WP_SLUG=SECTION …]`

Imports a whole WordPress site (see miftah.wordpress.importer). A progress bar goes to stderr, the summary to stdout
(one JSON object with --json), including the categories filed under sections the site already had. A file that
cannot be imported, or a --map-category that names no category or section, exits 1 with the reason (and the file,
line and column), and nothing is written.
"""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from miftah.audit.events import record_import
from miftah.wordpress.importer import COUNT_KEYS, CategoryMapError, ImportSummary, import_wordpress
from miftah.wordpress.wxr import WxrError

LABELS = {
    "articles": "مقالات articles", "pages": "صفحات pages", "sections": "أقسام sections", "tags": "وسوم tags",
    "authors": "كتّاب authors", "images": "صور images", "documents": "مستندات documents",
    "redirects": "تحويلات redirects", "comments": "تعليقات comments", "menu_items": "عناصر القائمة menu items",
}


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second (plain lines when stderr is not a terminal)."""

    def __init__(self, stream, enabled=True):
        self.stream, self.enabled = stream, enabled
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if not self.enabled or (now - self.last < (0.1 if self.tty else 5.0) and done < total):
            return
        self.last = now
        fraction = done / total if total else 1.0
        bar = "█" * int(fraction * 30) + "·" * (30 - int(fraction * 30))
        end = "\r" if self.tty else "\n"
        self.stream.write(f"[{bar}] {done}/{total} {fraction:4.0%}{end}")
        self.stream.flush()

    def close(self):
        if self.enabled and self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, pages, categories, tags, authors, media, comments, old links."

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR file exported by WordPress (Tools → Export)")
        parser.add_argument("--media-dir", help="a copy of wp-content/uploads; attachments are read from here")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
        parser.add_argument("--json", action="store_true", help="print the summary as one JSON object on stdout")
        parser.add_argument("--site-url", help="the old site's address, if different from the export's base URL")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        parser.add_argument("--no-search-index", action="store_true",
                            help="leave search indexing to a later `update_index` (faster for very large sites)")
        parser.add_argument("--map-category", action="append", default=[], metavar="WP_SLUG=SECTION",
                            help="file the posts of WordPress category WP_SLUG under the site's existing section "
                                 "SECTION (its slug, or its path such as parent/child); repeatable")

    def handle(self, *args, **options):
        category_map = self._category_map(options["map_category"])
        progress = ProgressBar(sys.stderr, enabled=not options["no_progress"])
        try:
            summary = import_wordpress(options["export"], media_dir=options["media_dir"],
                                       dry_run=options["dry_run"], site_url=options["site_url"], progress=progress,
                                       search_index=not options["no_search_index"], category_map=category_map)
        except (WxrError, OSError, CategoryMapError) as exc:
            progress.close()
            summary = ImportSummary(file=options["export"], dry_run=options["dry_run"])
            summary.errors.append(str(exc))
            self._report(summary, options)
            raise CommandError(str(exc), returncode=1) from None
        except Exception as exc:  # noqa: BLE001 - reported, rolled back, never a bare traceback
            progress.close()
            if options.get("traceback"):
                raise
            message = f"import failed, nothing was written ({type(exc).__name__}: {exc})"
            summary = ImportSummary(file=options["export"], dry_run=options["dry_run"])
            summary.errors.append(message)
            self._report(summary, options)
            raise CommandError(message, returncode=1) from None
        progress.close()
        self._report(summary, options)

    @staticmethod
    def _category_map(values):
        mapping = {}
        for value in values:
            wp_slug, _, section = value.partition("=")
            wp_slug, section = wp_slug.strip(), section.strip()
            if not wp_slug or not section:
                raise CommandError(f"--map-category {value!r}: expected WP_SLUG=SECTION", returncode=1)
            if mapping.get(wp_slug, section) != section:
                raise CommandError(f"--map-category: category {wp_slug!r} is mapped to both {mapping[wp_slug]!r} "
                                   f"and {section!r}", returncode=1)
            mapping[wp_slug] = section
        return mapping

    def _report(self, summary, options):
        if not summary.dry_run:  # one entry per run in the site history (miftah.audit)
            record_import("wordpress", summary.file, error="; ".join(summary.errors),
                          counts={LABELS[key].split()[0]: summary.counts.get(key, 0) for key in COUNT_KEYS})
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        if summary.errors:
            return  # CommandError prints the reason on stderr
        data = summary.as_dict()
        title = "تجربة دون كتابة (dry run)" if summary.dry_run else "اكتمل الاستيراد (import complete)"
        self.stdout.write(f"{title}: {summary.file} in {summary.seconds:.1f}s")
        for key in COUNT_KEYS:
            created, updated = summary.created.get(key, 0), summary.updated.get(key, 0)
            self.stdout.write(f"  {LABELS[key]:<28} {data[key]:>7}   (+{created} new, {updated} updated)")
        if summary.matched_sections:
            self.stdout.write("  أقسام موجودة استُعملت — categories filed under existing sections:")
            for slug, match in summary.matched_sections.items():
                self.stdout.write(f"    {slug} → {match['section']} {match['path']} (by {match['by']})")
        if summary.skipped:
            self.stdout.write("  skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.skipped.items())))
        if summary.unknown_shortcodes:
            self.stdout.write("  unknown shortcodes kept as text: " + ", ".join(
                f"[{name}]×{count}" for name, count in summary.unknown_shortcodes.most_common()))
        self.stdout.write(f"  warnings: {len(summary.warnings)}")
        for message in summary.warnings[:20]:
            self.stdout.write(f"    - {message}")
        if len(summary.warnings) > 20:
            self.stdout.write(f"    … {len(summary.warnings) - 20} more (use --json for all)")
