"""The editor's quick form for one live update (Arabic labels; the image through Wagtail's chooser)."""

from django.utils.translation import gettext_lazy
from django import forms
from wagtail.images.widgets import AdminImageChooser

from .models import LiveUpdate


class LiveUpdateForm(forms.ModelForm):
    embed_url = forms.URLField(label=LiveUpdate._meta.get_field("embed_url").verbose_name, required=False,
                               assume_scheme="https", error_messages={"invalid": gettext_lazy("أدخل رابطاً صحيحاً يبدأ بـ https://")})

    class Meta:
        model = LiveUpdate
        fields = ["headline", "body", "image", "image_caption", "embed_url", "is_key_event", "is_pinned"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "autofocus": True, "dir": "auto"}), "image": AdminImageChooser}
        error_messages = {"body": {"required": gettext_lazy("اكتب نص التحديث.")}}
