"""`miftah dates parse "TEXT" [--reference YYYY-MM-DD] --json`: the dates in an Arabic text.

Prints a JSON array of {"text", "start", "end", "iso", "precision"} (``parse_to_json``); offsets
index TEXT as given. ``--reference`` (default: today) resolves expressions without a year.
TEXT "-" reads stdin.
"""

import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from miftah.arabic.dates import parse_to_json


class Command(BaseCommand):
    help = "Find dates in Arabic text."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{parse}")
        parse = sub.add_parser("parse", help="Print the dates found in TEXT.")
        parse.add_argument("text", help='the text, or "-" for stdin')
        parse.add_argument("--reference", help="YYYY-MM-DD, for dates without a year (default: today)")
        parse.add_argument("--json", action="store_true", help="print a JSON array")

    def handle(self, *args, action, text, reference=None, json=False, **options):
        if text == "-":
            text = sys.stdin.buffer.read().decode("utf-8-sig")
        try:
            reference_date = date.fromisoformat(reference) if reference else date.today()
        except ValueError:
            raise CommandError(f"تاريخ مرجعي غير صالح: {reference!r} (expected YYYY-MM-DD)")
        found = parse_to_json(text, reference_date)
        if json:
            self.stdout.write(_dumps(found))
            return
        for item in found:
            self.stdout.write(f"{item['start']}\t{item['end']}\t{item['iso']}\t{item['precision']}\t{item['text']}")


def _dumps(value):
    return json.dumps(value, ensure_ascii=False)
