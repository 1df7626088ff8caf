"""Wagtail's reference index ("Usage" in the admin) kept up to date by the worker without failing on rows that are gone.

Wagtail queues `update_reference_index_task` on every save of a tracked object, inline rows included, and the task
fails with DoesNotExist when the row was replaced before the worker ran it — wagtail-localize replaces a translated
page's inline rows (its home's pinned articles) each time it saves the translation, so every new edition, demo load
and "Sync translated pages" left failed tasks in the queue and tracebacks in the log. A row that is gone has nothing to
index: its deletion already removed its references (Wagtail's post_delete handler). `install()` points Wagtail's save
handler at this task instead; the work done is Wagtail's own.
"""

from django.apps import apps
from django_tasks import task
from wagtail.tasks import update_reference_index_task


@task()
def update_reference_index(app_label, model_name, pk):
    model = apps.get_model(app_label, model_name)
    try:
        update_reference_index_task.func(app_label, model_name, pk)
    except model.DoesNotExist:
        return


def install():
    import wagtail.signal_handlers

    wagtail.signal_handlers.update_reference_index_task = update_reference_index
