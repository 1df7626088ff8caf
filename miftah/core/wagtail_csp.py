"""A CSP nonce on the one inline script Wagtail 8 writes from Python: the initialiser after each chooser widget
(image, page, document, snippet choosers; wagtail.admin.widgets.chooser.BaseChooser.render).

Wagtail's template-rendered inline scripts get theirs from template overrides (miftah/core/templates/wagtailadmin);
this one is a string in Python, so its render method is replaced by the same code with a nonce. Installed once, from
CoreConfig.ready(); tests/browser/test_csp_violations.py fails if a Wagtail upgrade changes what is needed.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser

from miftah.core.templatetags.miftah_csp import csp_nonce


def _render_with_nonce(self, name, value, attrs=None, renderer=None):
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as e:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    js = self.render_js_init(id_, name, value_data)  # json.dumps of the id and options, as Wagtail writes it
    return mark_safe(widget_html + format_html('<script nonce="{}">', csp_nonce()) + js + "</script>")  # noqa: S308


def install():
    BaseChooser.render = _render_with_nonce
