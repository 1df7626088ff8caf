"""Arabic date formats for Django and Wagtail's admin (FORMAT_MODULE_PATH = ["miftah.formats"]).

Django's own ``ar`` formats have no DATETIME_FORMAT, so the admin fell back to the US default
"N j, Y, P" («ديسمبر 4, 2026, 11:18 م»). Arabic writes day, month, year, then the time after an
Arabic comma: «4 كانون الأول/ديسمبر 2026، 11:18 م». Month names come from the translation catalogue
(miftah/locale/ar), in the site's default month style (dual: Levantine/Egyptian).
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y، g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y، g:i A"
# Anything not set here (separators, short date) falls back to Django's own ar formats.
