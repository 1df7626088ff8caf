"""A newsletter list's change shows in the sign-up box on every home and article page: retire them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from miftah.core.cache import retire
from miftah.core.cache_tags import SITE_TAG

from .models import NewsletterList


@receiver(post_save, sender=NewsletterList, dispatch_uid="miftah.newsletters.list_saved")
@receiver(post_delete, sender=NewsletterList, dispatch_uid="miftah.newsletters.list_deleted")
def retire_pages_showing_the_box(sender, **kwargs):
    retire({SITE_TAG})
