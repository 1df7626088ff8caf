"""Arabic text core: normalisation, tokenisation, light stemming and the search analysis pipeline.

Pure Python, no Django. The names below are loaded lazily so that importing one submodule
(e.g. ``miftah.arabic.dates``) does not build the analyser's tables.
"""

from importlib import import_module

# Bound eagerly: the functions normalize/tokenize/stem share their submodule's name, and a lazy
# attribute would be shadowed by the submodule once imported. Only normalize is exported that
# way (it is cheap); use miftah.arabic.tokenize.tokenize and miftah.arabic.stem.stem directly.
from miftah.arabic.normalize import normalize, normalize_with_offsets

_EXPORTS = {
    "Token": "miftah.arabic.tokenize",
    "Stemmer": "miftah.arabic.stem",
    "protect_names": "miftah.arabic.stem",
    "is_stopword": "miftah.arabic.lexicon",
    "expand": "miftah.arabic.synonyms",
    "analyze": "miftah.arabic.analysis",
    "analyze_tokens": "miftah.arabic.analysis",
    "analyze_query": "miftah.arabic.analysis",
    "QueryTerm": "miftah.arabic.analysis",
}

__all__ = sorted([*_EXPORTS, "normalize", "normalize_with_offsets"])


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'miftah.arabic' has no attribute {name!r}")
    return getattr(import_module(module), name)
