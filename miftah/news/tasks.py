"""Background work after publishing (django-tasks; the immediate backend runs it inline in the embedded setup)."""

from django_tasks import task


@task()
def compute_related_task(page_id):
    from .models import ArticlePage
    from .related import compute_related

    article = ArticlePage.objects.filter(pk=page_id).first()
    if article is not None:
        compute_related(article)
