from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "miftah.search"
    label = "miftah_search"
    verbose_name = "البحث"
