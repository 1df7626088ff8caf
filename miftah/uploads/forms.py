"""The admin's image and document forms (WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE).

Every admin upload path builds its form from these bases: add and edit, the multiple uploader, and the choosers'
upload tab. The file is checked and cleaned in clean_file (miftah.uploads.files), so what reaches storage is the
renamed, metadata-free file; limits answer in Arabic.
"""

from django.utils.translation import gettext_lazy
import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .files import SVG_REFUSED, clean_document_upload, clean_image_upload, extension

IMAGE_ERRORS = {
    "invalid_image": gettext_lazy("هذا الملف ليس صورة يمكن قراءتها. الصيغ المقبولة: {formats}."),
    "invalid_image_extension": gettext_lazy("امتداد غير مقبول للصورة. الصيغ المقبولة: {formats}."),
    "invalid_image_known_format": gettext_lazy("محتوى الصورة لا يطابق امتدادها «.%(extension)s» (الملف بصيغة %(image_format)s)."),
    "file_too_large": gettext_lazy("حجم الصورة كبير جداً (%(file_size)s). الحدّ الأقصى {max_size}."),
    "file_too_large_unknown_size": gettext_lazy("حجم الصورة كبير جداً. الحدّ الأقصى {max_size}."),
    "file_too_many_pixels": gettext_lazy("أبعاد الصورة كبيرة جداً (%(num_pixels)s بكسل). الحدّ الأقصى %(max_pixels_count)s بكسل."),
}
DOCUMENT_ERRORS = {
    "file_too_large": gettext_lazy("حجم المستند كبير جداً (%(file_size)s). الحدّ الأقصى {max_size}."),
    "file_too_large_unknown_size": gettext_lazy("حجم المستند كبير جداً. الحدّ الأقصى {max_size}."),
}


def clean_title(title):
    # The title is taken from the file name by default: drop the same invisible characters (bidi overrides).
    return "".join(ch for ch in title if ch.isprintable() or ch == " ") if title else title


def _refusing_svg(to_python):
    # Before Wagtail's own checks, so an SVG gets the message that says why, whatever the allowed formats.
    def checked(data):
        if data is not None and extension(getattr(data, "name", "") or "") in {"svg", "svgz"}:
            raise ValidationError(SVG_REFUSED, code="svg")
        return to_python(data)
    return checked


class _UploadForm:
    """What both forms share: Arabic limits, SVG refused first, the file cleaned (`clean_upload`) before storage."""

    file_errors = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            formats = "، ".join(sorted(getattr(field, "allowed_image_extensions", []) or []))
            max_size = filesizeformat(field.max_upload_size) if field.max_upload_size else ""
            for code, message in self.file_errors.items():
                field.error_messages[code] = message.format(formats=formats, max_size=max_size)
            field.to_python = _refusing_svg(field.to_python)

    def clean_title(self):
        return clean_title(self.cleaned_data.get("title"))

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or "file" not in self.changed_data:
            return uploaded
        return self.clean_upload(uploaded)

    def save(self, commit=True):
        # The multiple uploader keeps a file whose other fields failed as an UploadedFile and later copies it in
        # with a form that has no file field, so clean_file never sees it: clean the stored copy here.
        if self.instance.pk is None and "file" not in self.fields and self.instance.file:
            self._clean_stored_file()
        return super().save(commit=commit)

    def _clean_stored_file(self):
        stored = self.instance.file
        with stored.open("rb") as handle:
            cleaned = self.clean_upload(SimpleUploadedFile(os.path.basename(stored.name), handle.read()))
        old_name = stored.name
        stored.save(cleaned.name, cleaned, save=False)
        stored.storage.delete(old_name)
        self.refresh_file_metadata()


class ImageForm(_UploadForm, BaseImageForm):
    file_errors = IMAGE_ERRORS
    clean_upload = staticmethod(clean_image_upload)

    def refresh_file_metadata(self):
        self.instance._set_image_file_metadata()


class DocumentForm(_UploadForm, BaseDocumentForm):
    # The extension itself is checked by Wagtail (Document.clean, against WAGTAILDOCS_EXTENSIONS).
    file_errors = DOCUMENT_ERRORS
    clean_upload = staticmethod(clean_document_upload)

    def refresh_file_metadata(self):
        self.instance._set_document_file_metadata()
