"""The active language of a request: the edition its path names (/en/…), else Arabic — never a cookie or the
browser's Accept-Language, so a URL always shows the same edition and caches need no `Vary: Accept-Language`."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class EditionLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (i18n_patterns with prefix_default_language=False already takes an unprefixed path
    as Arabic), less the `Vary: Accept-Language` it adds to unprefixed responses: their language does not vary."""

    def __call__(self, request):
        # The language is the request's only: the thread goes back to what it had, so code that runs next in it
        # outside a request (a task in the worker's thread, the next test) does not inherit /en/'s English.
        previous = translation.get_language()
        try:
            return super().__call__(request)
        finally:
            translation.activate(previous) if previous else translation.deactivate()

    def process_response(self, request, response):
        vary = response.get("Vary")
        response = super().process_response(request, response)
        if vary is None:
            del response["Vary"]
        else:
            response["Vary"] = vary
        return response
