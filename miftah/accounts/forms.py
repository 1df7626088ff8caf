"""Forms of the two-factor steps; every message in Arabic."""

from django import forms

from .devices import normalise_code

CODE_WIDGET = forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "dir": "ltr",
                                     "autocapitalize": "off", "spellcheck": "false", "autofocus": True})


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "رمز التحقق")
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", CODE_WIDGET)
        kwargs.setdefault("error_messages", {"required": "اكتب الرمز."})
        super().__init__(**kwargs)

    def clean(self, value):
        return normalise_code(super().clean(value))


class VerifyForm(forms.Form):
    code = CodeField(help_text="الرمز المكوّن من ستة أرقام في تطبيق المصادقة، أو أحد رموز الاسترداد.")


class EnrolForm(forms.Form):
    name = forms.CharField(label="اسم الجهاز", max_length=64, initial="تطبيق المصادقة",
                           help_text="ليميّزه عن غيره في صفحة الأمان، مثل «هاتفي».")
    code = CodeField(help_text="بعد إضافة الحساب إلى التطبيق اكتب الرمز المكوّن من ستة أرقام الذي يظهر فيه.")


class ConfirmIdentityForm(forms.Form):
    """Before removing a second factor: the password, or a current code from any of the user's devices."""

    secret = forms.CharField(label="كلمة المرور أو رمز التحقق", max_length=128,
                             widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                             error_messages={"required": "اكتب كلمة المرور أو رمزاً من تطبيق المصادقة."})
