from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "miftah.syndication"
    label = "syndication"
