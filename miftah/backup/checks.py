"""`miftah check`: a backup key that cannot be read is reported at start, not on the night of the first backup."""

from django.conf import settings
from django.core.checks import Error, register

from . import crypto
from .errors import BackupError


@register()
def backup_settings(app_configs, **kwargs):
    problems = []
    if settings.MIFTAH_BACKUP_PUBLIC_KEY:
        try:
            crypto.public_key(settings.MIFTAH_BACKUP_PUBLIC_KEY)
        except BackupError as error:
            problems.append(Error(f"MIFTAH_BACKUP_PUBLIC_KEY: {error}", id="miftah.backup.E001"))
    if settings.MIFTAH_BACKUP_KEEP_DAILY < 1 or settings.MIFTAH_BACKUP_KEEP_WEEKLY < 0:
        problems.append(Error("يجب أن يُبقى على نسخة يومية واحدة على الأقل "
                              "(MIFTAH_BACKUP_KEEP_DAILY must be at least 1, MIFTAH_BACKUP_KEEP_WEEKLY at least 0)",
                              id="miftah.backup.E002"))
    return problems
