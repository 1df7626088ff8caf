"""The background worker: runs queued tasks (django-tasks) and the periodic jobs a newsroom needs."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "miftah.worker"
    label = "worker"
    verbose_name = gettext_lazy("العمل في الخلفية")
    default_auto_field = "django.db.models.BigAutoField"
