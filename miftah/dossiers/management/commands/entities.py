"""`miftah entities load|export|extract|reindex`: manage the knowledge base and tag text from the shell.

    miftah entities load FILE.csv          # columns canonical,type,aliases (aliases split by |); idempotent
    miftah entities export > kb.csv        # every entity as CSV (the columns load reads)
    miftah entities extract [FILE|-] --json  # mentions in a text: [{"canonical","type","surface","start","end"}]
    miftah entities reindex                # recompute mentions and timelines of every live article

`extract` reads the file as bytes and decodes UTF-8 itself, so offsets index the text exactly as
given (no newline translation): ``surface == text[start:end]``. It uses the entities in the
database named by DATABASE_URL (the starter list ships with every install).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ...kb import KnowledgeBaseError, export_csv, get_matcher, load_csv


class Command(BaseCommand):
    help = "Manage the dossiers knowledge base: load, export, extract mentions, reindex articles."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,export,extract,reindex}")
        load = sub.add_parser("load", help="Load entities from a CSV file (idempotent; adds aliases).")
        load.add_argument("file")
        sub.add_parser("export", help="Write every entity as CSV to stdout.")
        extract = sub.add_parser("extract", help="Print the entity mentions in a text file or stdin.")
        extract.add_argument("file", nargs="?", default="-", help="text file, or - (default) for stdin")
        extract.add_argument("--json", action="store_true", help="print a JSON array")
        extract.add_argument("--include-ambiguous", action="store_true",
                             help="also report ambiguous names without supporting context")
        reindex = sub.add_parser("reindex", help="Recompute mentions and timelines of all live articles.")
        reindex.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, action, **options):
        return getattr(self, f"handle_{action}")(**options)

    def handle_load(self, file, **options):
        try:
            created, updated = load_csv(file)
        except FileNotFoundError:
            raise CommandError(f"الملف غير موجود: {file} (file not found)")
        except (KnowledgeBaseError, UnicodeDecodeError) as error:
            raise CommandError(str(error))
        self.stdout.write(f"created {created}, updated {updated}")

    def handle_export(self, **options):
        export_csv(self.stdout)

    def handle_extract(self, file, json=False, include_ambiguous=False, **options):
        text = _read_text(file)
        mentions = get_matcher().find(text, include_ambiguous=include_ambiguous)
        rows = [
            {"canonical": m.canonical, "type": m.type, "surface": m.surface, "start": m.start, "end": m.end}
            for m in mentions
        ]
        if json:
            self.stdout.write(_json_dumps(rows))
            return
        for row in rows:
            self.stdout.write(f"{row['start']}\t{row['end']}\t{row['type']}\t{row['canonical']}\t{row['surface']}")

    def handle_reindex(self, batch_size=200, **options):
        from ...indexing import reindex_all

        articles, links = reindex_all(batch_size=batch_size, stdout=self.stderr if options.get("verbosity", 1) > 1 else None)
        self.stdout.write(f"indexed {articles} articles, {links} entity links")


def _json_dumps(value):
    return json.dumps(value, ensure_ascii=False)


def _read_text(file):
    try:
        raw = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()
    except OSError as error:
        raise CommandError(f"تعذّرت قراءة {file}: {error.strerror} (cannot read)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{file} ليس نصاً بترميز UTF-8 (not UTF-8)")
