"""Numbers from URLs that reach the database: `<dbid:pk>` for ids in paths, `bounded_int` for query parameters.

Django's `<int:…>` accepts any run of digits; SQLite then fails with OverflowError on anything above 2^63 − 1, and
a huge offset makes it fail too. A number no row can have is a 404 (a path) or is ignored or refused with a 400 (a
query parameter), never a 500. The converter is registered by miftah.core.apps.
"""

from django.utils.translation import gettext
from django.http import Http404

MAX_ID = 2**63 - 1  # a BigAutoField; an int primary key is smaller still, and the lookup then finds nothing


class DatabaseIdConverter:
    regex = "[0-9]+"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            # Not ValueError ("no match"): the path would fall through to the page tree and its slash redirect.
            raise Http404(gettext("لا يوجد عنصر بهذا الرقم"))
        return number

    def to_url(self, value):
        return str(value)


def bounded_int(value, default=None, maximum=MAX_ID):
    """An integer from a query parameter, or `default` when it is missing, not a number or beyond `maximum`."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if -maximum <= number <= maximum else default
