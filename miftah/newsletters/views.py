"""Reader pages of the newsletters: /newsletters/ (the lists and the sign-up form), the sign-up post, and the pages
reached from an e-mail by a signed link — confirm, unsubscribe (RFC 8058 one-click too), preferences, export, delete.

The sign-up form sits in pages the page cache serves to every anonymous reader, so it cannot carry a CSRF token
(one reader's token would be served to all, and the cookie would keep the page out of the cache). It is checked the
way the tip line's forms are — the browser's Origin / Sec-Fetch-Site must say this site — and rate-limited; the
worst a forged post could do is ask for a confirmation mail, which subscribes nobody. The token pages need no CSRF
token either: the secret is the signed link itself.
"""

from django.utils.translation import gettext, gettext_lazy
from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from miftah.core.cache import mark_cacheable
from miftah.core.proxies import client_ip
from miftah.core.ratelimit import hit
from miftah.tips.guard import is_same_origin

from . import readers
from .models import NewsletterList, Subscription
from .tokens import read_confirm_token, read_reader_token, reader_token


def signup_lists():
    """What the box on home and article pages offers: kept until something is retired (no query on most pages);
    a list's change retires the pages (miftah.newsletters.signals)."""
    from miftah.news.state import remember

    return remember("newsletter-signup-lists", lambda: list(
        NewsletterList.objects.filter(active=True, in_signup_box=True).order_by("name")))


def all_lists():
    """What /newsletters/ offers: every active list."""
    return list(NewsletterList.objects.filter(active=True).order_by("name"))


class SignupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("بريدك الإلكتروني"), max_length=254, error_messages={
        "required": gettext_lazy("اكتب بريدك الإلكتروني."), "invalid": gettext_lazy("هذا العنوان لا يبدو بريداً إلكترونياً صحيحاً، راجعه.")})
    newsletters = forms.ModelMultipleChoiceField(
        label=gettext_lazy("النشرات"), queryset=NewsletterList.objects.filter(active=True),
        error_messages={"required": gettext_lazy("اختر نشرة واحدة على الأقل."),
                        "invalid_choice": gettext_lazy("إحدى النشرات المختارة لم تعد متاحة."),
                        "invalid_pk_value": gettext_lazy("إحدى النشرات المختارة لم تعد متاحة.")})
    website = forms.CharField(required=False)  # left empty by people; filled by form-filling robots


def _private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the signed link is in the address: never send it on
    return response


def index(request):
    mark_cacheable(request)
    return render(request, "newsletters/index.html", {"lists": all_lists(), "form": SignupForm()})


@csrf_exempt
@require_POST
def signup(request):
    form = SignupForm(request.POST)
    problem, status = "", 400
    if not is_same_origin(request):
        problem, status = gettext("أُرسل هذا النموذج من خارج الموقع فلم نقبله. افتح صفحة النشرات واشترك منها."), 403
    elif hit(f"miftah:newsletters:signup:{salted_hmac('miftah.newsletters', client_ip(request)).hexdigest()}",
             3600) > settings.MIFTAH_NEWSLETTER_SIGNUPS_PER_HOUR:
        problem, status = gettext("طلبات اشتراك كثيرة من هذا العنوان في الساعة الأخيرة. أعد المحاولة لاحقاً؛ ما كتبته باقٍ."), 429
    elif form.is_valid():
        if not form.cleaned_data["website"]:
            readers.subscribe(form.cleaned_data["email"], form.cleaned_data["newsletters"])
        # The same answer whether the address was new, already subscribed or rate-limited: it tells nobody who reads us.
        return _private(render(request, "newsletters/check_inbox.html", {
            "email": form.cleaned_data["email"], "hours": settings.MIFTAH_NEWSLETTER_CONFIRM_HOURS}))
    context = {"lists": all_lists(), "form": form, "problem": problem}
    return _private(render(request, "newsletters/index.html", context, status=status))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscriber, newsletter_ids = read_confirm_token(token)
    if subscriber is None:
        return _private(render(request, "newsletters/link_invalid.html", {"expired": True}, status=400))
    if request.method == "GET":  # a mail scanner that follows links confirms nothing: a person presses the button
        lists = NewsletterList.objects.filter(pk__in=newsletter_ids)
        return _private(render(request, "newsletters/confirm.html", {"lists": lists}))
    confirmed = readers.confirm(subscriber, newsletter_ids)
    return _private(render(request, "newsletters/confirmed.html", {
        "lists": confirmed, "preferences_token": reader_token(subscriber)}))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, slug, token):
    subscriber = read_reader_token(token)
    newsletter = NewsletterList.objects.filter(slug=slug).first()
    if subscriber is None or newsletter is None:
        return _private(render(request, "newsletters/link_invalid.html", status=400))
    context = {"newsletter": newsletter, "token": token}
    if request.method == "POST":  # the page's button, or a mail client's RFC 8058 one-click post
        readers.unsubscribe(subscriber, newsletter)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return _private(HttpResponse("unsubscribed", content_type="text/plain; charset=utf-8"))
        return _private(render(request, "newsletters/unsubscribed.html", context))
    context["subscribed"] = Subscription.objects.filter(subscriber=subscriber, newsletter=newsletter).exclude(
        status=Subscription.UNSUBSCRIBED).exists()
    return _private(render(request, "newsletters/unsubscribe.html", context))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = read_reader_token(token)
    if subscriber is None:
        return _private(render(request, "newsletters/link_invalid.html", status=400))
    saved = False
    if request.method == "POST":
        readers.set_lists(subscriber, [pk for pk in request.POST.getlist("newsletters") if pk.isdigit()])
        saved = True
    return _preferences_page(request, subscriber, token, saved=saved)


def _preferences_page(request, subscriber, token, status=200, **extra):
    mine = set(Subscription.objects.filter(subscriber=subscriber, status=Subscription.CONFIRMED)
               .values_list("newsletter_id", flat=True))
    lists = [(newsletter, newsletter.pk in mine) for newsletter in NewsletterList.objects.filter(active=True)]
    return _private(render(request, "newsletters/preferences.html", {
        "subscriber": subscriber, "lists": lists, "token": token, **extra}, status=status))


def export(request, token):
    subscriber = read_reader_token(token)
    if subscriber is None:
        raise Http404
    response = HttpResponse(readers.export(subscriber), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsletter-data.json"'
    return _private(response)


@csrf_exempt
@require_POST
def forget(request, token):
    subscriber = read_reader_token(token)
    if subscriber is None:
        return _private(render(request, "newsletters/link_invalid.html", status=400))
    if request.POST.get("sure") != "yes":
        return _preferences_page(request, subscriber, token, status=400,
                                 forget_problem=gettext("أشِّر على خانة التأكيد لحذف بياناتك."))
    readers.forget(subscriber)
    return _private(render(request, "newsletters/forgotten.html"))
