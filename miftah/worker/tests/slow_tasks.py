"""A task that takes a while, for tests that kill a worker in the middle of one (imported by the worker process)."""

import time

from django_tasks import task


@task()
def take_a_while(seconds, label):
    time.sleep(seconds)
    return label
