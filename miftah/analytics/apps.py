from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "miftah.analytics"
    label = "analytics"
    verbose_name = "القراءات"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from miftah.worker.periodic import PERIODIC_JOBS

        from .rollup import AnalyticsRollup

        if not any(isinstance(job, AnalyticsRollup) for job in PERIODIC_JOBS):
            PERIODIC_JOBS.append(AnalyticsRollup())
