"""Cache tags for a CDN: copies `X-Miftah-Tags` into the header the CDN reads (Cloudflare `Cache-Tag`, bunny.net
`CDN-Tag`, comma-separated). Installed by settings.py only when such a CDN is configured."""

from django.conf import settings

from miftah.core.cache_tags import TAGS_HEADER


class CdnTagsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        tags = response.get(TAGS_HEADER)
        if tags:
            response[settings.MIFTAH_CDN_TAGS_HEADER] = ",".join(tags.split())
        return response
