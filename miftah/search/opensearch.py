"""OpenSearch configuration for outlets that run one: the built-in Arabic analysers in place of Miftah's own.

``WAGTAILSEARCH_BACKENDS["default"] = opensearch_backend(url)`` when ``OPENSEARCH_URL`` is set. The index
settings are deep-merged by modelsearch into its own, so a ``default`` analyser (lowercase, Arabic-Indic
digits, Arabic stop words, ``arabic_normalization``, ``arabic_stem`` — Lucene's normaliser and light stemmer,
the ones Miftah's analyser follows) applies to every text field, and the autocomplete edge n-grams are built
on normalised text. Needs ``opensearch-py`` (``pip install opensearch-py``).
"""

ARABIC_FILTERS = ["lowercase", "decimal_digit", "arabic_stop", "arabic_normalization", "arabic_stem"]

INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "arabic_stop": {"type": "stop", "stopwords": "_arabic_"},
            },
            "analyzer": {
                "default": {"type": "custom", "tokenizer": "standard", "filter": ARABIC_FILTERS},
                "default_search": {"type": "custom", "tokenizer": "standard", "filter": ARABIC_FILTERS},
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "decimal_digit", "arabic_normalization", "edgengram"],
                },
                "ngram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "decimal_digit", "arabic_normalization", "ngram"],
                },
            },
        }
    }
}


def opensearch_backend(url, index_prefix="miftah_"):
    """The WAGTAILSEARCH_BACKENDS entry for an OpenSearch 2 server at ``url``."""
    return {
        "BACKEND": "modelsearch.backends.opensearch2",
        "URLS": [url],
        "INDEX": "miftah",
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": 10,
        "INDEX_SETTINGS": INDEX_SETTINGS,
    }
