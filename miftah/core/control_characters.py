"""Control characters in text staff write: refused in the admin, stripped on bulk paths, never fatal in a feed.

One C0 control in a headline made every feed answer 500 (XML 1.0 cannot carry it) and a newline in a headline
dropped the workflow e-mails (a header cannot hold one). Titles and other one-line fields may hold no control
character at all; multi-line text (a dek, a bio, a correction, body text) may hold tab, line feed and carriage
return. Bidi marks (LRM, RLM, ALM), ZWJ and ZWNJ are format characters, not controls: Arabic text needs them and
they are kept.

- `RefuseControlCharacters`, a model mixin: its `one_line_fields`, `multi_line_fields` and `stream_fields` are checked
  with the model's field validation (only the fields the form shows), a clear Arabic error on each field concerned;
  the form keeps what was typed.
- `strip_control_characters(text, multi_line=False)` for what no one can be asked to correct (imports, corpus loads,
  a feed item that slipped through).
- `strip_model_control_characters(instance)` for bulk writers: every char field as one line, every text field as
  multi-line.
"""

from django.utils.translation import gettext
import re

from django.core.exceptions import ValidationError
from django.db import models

# C0 and C1 controls, DEL, and the two non-characters XML refuses; tab, LF and CR are allowed in multi-line text.
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _pattern(multi_line):
    return _MULTI_LINE if multi_line else _ONE_LINE


def strip_control_characters(text, multi_line=False):
    if not isinstance(text, str):
        return text
    return _pattern(multi_line).sub("", text)


def control_character_message(text, multi_line=False):
    """The Arabic error for `text`, or None when it is clean."""
    if not isinstance(text, str):
        return None
    found = _pattern(multi_line).search(text)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    if multi_line:
        return gettext("يحتوي النص على محرف تحكم غير مرئي (%(code)s) لا يصلح للنشر. احذفه ثم احفظ "
                       "(يُسمح بالسطر الجديد وعلامة الجدولة فقط).") % {"code": code}
    return gettext("يحتوي هذا الحقل على محرف تحكم غير مرئي (%(code)s) أو سطر جديد، ولا يُقبل ذلك في حقل من سطر واحد. "
                   "احذفه ثم احفظ.") % {"code": code}


def _strings(value):
    """Every string inside a JSON-like value (a StreamField's raw data)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def control_character_errors(instance, one_line=(), multi_line=(), streams=()):
    """{field name or "__all__": message} for each field that holds a control character it may not hold.

    `streams` are StreamFields: their text may hold tab and new lines; the error is the form's general error
    (the StreamField widget shows only errors of its own blocks) and names the field.
    """
    errors = {}
    for names, multi in ((one_line, False), (multi_line, True)):
        for name in names:
            message = control_character_message(getattr(instance, name, None), multi_line=multi)
            if message:
                errors[name] = message
    for name in streams:
        value = getattr(instance, name, None)
        raw = list(value.raw_data) if value is not None and hasattr(value, "raw_data") else []
        for text in _strings(raw):
            message = control_character_message(text, multi_line=True)
            if message:
                label = instance._meta.get_field(name).verbose_name
                errors.setdefault("__all__", []).append(f"{label}: {message}")
                break
    return errors


class RefuseControlCharacters:
    """Model mixin: the listed fields may not hold control characters (one-line: none; multi-line: tab and new lines).

    Checked in clean_fields, which knows the fields a form leaves out (an error on a field the form does not show
    could not be displayed)."""

    one_line_fields = ()
    multi_line_fields = ()
    stream_fields = ()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        shown = [[name for name in names if name not in set(exclude or ())]
                 for names in (self.one_line_fields, self.multi_line_fields, self.stream_fields)]
        for name, message in control_character_errors(self, *shown).items():
            errors.setdefault(name, []).extend(message if isinstance(message, list) else [message])
        if errors:
            raise ValidationError(errors)


def strip_model_control_characters(instance):
    """Clean a model instance in place before a bulk write: char fields as one line, text fields as multi-line."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname,
                        strip_control_characters(value, multi_line=isinstance(field, models.TextField)))
    return instance
