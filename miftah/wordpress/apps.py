from django.apps import AppConfig


class WordpressConfig(AppConfig):
    name = "miftah.wordpress"
    label = "wordpress"
