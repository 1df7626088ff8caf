from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "miftah.dossiers"
    label = "dossiers"
