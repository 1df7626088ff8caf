"""`{% csp_nonce %}`: the CSP nonce of the response being rendered, for inline scripts in the admin.

Unlike `request.csp_nonce` it also works where Django renders without a request (Wagtail's form widgets). Using it
puts the nonce in that response's header; reader templates must not use it (their cached copies are shared).
"""

from django import template

from miftah.core.middleware import current_request

register = template.Library()


@register.simple_tag
def csp_nonce():
    request = current_request.get()
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""
