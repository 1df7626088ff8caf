"""Readers' polling endpoint: /live/<article id>/updates.json?after=<last update id seen>.

Answers with the updates newer than `after` as HTML the page inserts (rendered by the same template as the page),
the coverage's version, and whether it is still live. The answer is stored in the cache under the coverage's
version, so a poll costs two small queries (the article is published and public; the coverage's version) and no
rendering; proxies may keep it for POLL_MAX_AGE seconds, shorter than the page's polling interval.
"""

from django.utils.translation import gettext
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from miftah.news.models import ArticlePage

from .caching import JSON_KEY, JSON_SECONDS
from .coverage import updates_of
from .models import LiveCoverage

POLL_MAX_AGE = 2


@require_GET
def updates_json(request, article_id):
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        return HttpResponseBadRequest("after must be an update id")
    coverage = (LiveCoverage.objects.filter(article__in=ArticlePage.objects.live().public().filter(pk=article_id))
                .only("id", "article_id", "started_at", "ended_at", "changed_at").first())
    if coverage is None:
        raise Http404(gettext("لا تغطية مباشرة لهذا المقال"))
    etag = f'"{coverage.version}-{after}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        key = JSON_KEY.format(article_id, coverage.version, after)
        body = cache.get(key)
        if body is None:
            body = JsonResponse(_payload(request, coverage, after), json_dumps_params={"ensure_ascii": False}).content
            cache.set(key, body, JSON_SECONDS)
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={POLL_MAX_AGE}, s-maxage={POLL_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex"
    return response


def _payload(request, coverage, after):
    article = coverage.article  # one query, only when the answer is built
    updates = sorted(updates_of(coverage, after=after), key=lambda u: (u.posted_at, u.pk))  # oldest first
    context = {"page": article, "request": request}
    return {
        "live": coverage.is_live,
        "version": coverage.version,
        "latest": max((u.pk for u in updates), default=after),
        "count": coverage.updates.count(),
        "updates": [{"id": u.pk, "pinned": u.is_pinned, "key_event": u.is_key_event,
                     "html": render_to_string("live/update.html", {**context, "update": u}, request=request)}
                    for u in updates],
    }
