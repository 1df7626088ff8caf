from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "miftah.syndication"
    label = "syndication"

    def ready(self):
        from django.apps import apps

        if apps.is_installed("miftah.dossiers"):
            from . import dossiers

            dossiers.install()
