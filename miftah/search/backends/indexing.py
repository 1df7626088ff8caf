"""Value preparation shared by the SQLite and PostgreSQL indexers: every field's value is read once and analysed.

The stock indexers evaluate every search field three times (title, body, autocomplete), which for related
fields means three rounds of queries per object; here each field is read once per object.
"""

from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

from miftah.search.text import autocomplete_text, index_text


def plain_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(plain_value(item) for item in value)
    if isinstance(value, dict):
        return " ".join(plain_value(item) for item in value.values())
    return force_str(value)


def field_values(obj, fields):
    """Yield (field, raw text) for every SearchField/AutocompleteField of obj, following RelatedFields.

    A bulk loader that already holds the texts can put them in ``obj.search_values`` ({field name: text}) so
    nothing is read back from the database.
    """
    known = getattr(obj, "search_values", None) or {}
    for field in fields:
        if field.field_name in known:
            if isinstance(field, RelatedFields):
                for sub_field in field.fields:
                    yield sub_field, plain_value(known[field.field_name])
            else:
                yield field, plain_value(known[field.field_name])
        elif isinstance(field, (SearchField, AutocompleteField)):
            yield field, plain_value(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            sub_obj = field.get_value(obj)
            if sub_obj is None:
                continue
            if isinstance(sub_obj, Manager):
                sub_objs = sub_obj.all()
            else:
                sub_objs = [sub_obj() if callable(sub_obj) else sub_obj]
            for item in sub_objs:
                yield from field_values(item, field.fields)


class AnalysedFields:
    """The analysed title, body and autocomplete texts of one object, with the boost of each body part."""

    def __init__(self, obj, *, title_in_body=False):
        self.title_parts, self.body_parts, self.autocomplete_parts = [], [], []
        for field, raw in field_values(obj, obj.get_search_fields()):
            if not raw.strip():
                continue
            if isinstance(field, AutocompleteField):
                self.autocomplete_parts.append(autocomplete_text(raw))
                continue
            analysed = index_text(raw)
            if field.field_name == "title":
                self.title_parts.append((analysed, field.boost))
                if title_in_body:
                    self.body_parts.append((analysed, field.boost))
            else:
                self.body_parts.append((analysed, field.boost))
        self.title = " ".join(text for text, _ in self.title_parts)
        self.body = " ".join(text for text, _ in self.body_parts)
        self.autocomplete = " ".join(self.autocomplete_parts)
