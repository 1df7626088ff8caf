"""Reads a source's files into memory only, within the tip line's limits.

Django spools large uploads to a temporary file: for a tip that would put plaintext on the server's disk. This
handler keeps every file in memory and skips (rather than aborts on) a file over a limit, so the rest of the form
(the text the source typed) still arrives and the page can say which file was refused.
"""

from django.utils.translation import gettext
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopFutureHandlers
from django.template.defaultfilters import filesizeformat


class TipUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.refused = []  # Arabic messages, one per file left out
        self.count = 0
        self.total = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.buffer = BytesIO()
        if self.count >= settings.MIFTAH_TIPS_MAX_FILES:
            limit = settings.MIFTAH_TIPS_MAX_FILES
            self.refused.append(gettext("«%(file)s»: تجاوزت الحد الأقصى لعدد الملفات في المرة الواحدة (%(limit)s).")
                                 % {"file": file_name, "limit": limit})
            raise SkipFile
        self.count += 1
        raise StopFutureHandlers

    def receive_data_chunk(self, raw_data, start):
        size = start + len(raw_data)
        if size > settings.MIFTAH_TIPS_MAX_FILE_BYTES:
            self._refuse(gettext("«%(file)s» أكبر من الحد المسموح للملف الواحد (%(limit)s).")
                         % {"file": self.file_name, "limit": filesizeformat(settings.MIFTAH_TIPS_MAX_FILE_BYTES)})
        if self.total + len(raw_data) > settings.MIFTAH_TIPS_MAX_TOTAL_BYTES:
            self._refuse(gettext("«%(file)s» يتجاوز الحد المسموح لمجموع الملفات (%(limit)s).")
                         % {"file": self.file_name, "limit": filesizeformat(settings.MIFTAH_TIPS_MAX_TOTAL_BYTES)})
        self.total += len(raw_data)
        self.buffer.write(raw_data)
        return None

    def _refuse(self, message):
        self.total -= self.buffer.tell()
        self.count -= 1
        self.buffer = BytesIO()
        self.refused.append(message)
        raise SkipFile

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(self.buffer, self.field_name, self.file_name, self.content_type, file_size,
                                    self.charset, self.content_type_extra)
