"""Registers the guarded permission policies for images and documents (miftah.uploads.permissions)."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "miftah.uploads"
    label = "uploads"
    verbose_name = gettext_lazy("الملفات المرفوعة")

    def ready(self):
        # This app is listed after wagtail.images and wagtail.documents in INSTALLED_APPS, so these registrations
        # replace the ones their ready() made.
        from wagtail.documents.models import Document
        from wagtail.images.models import Image
        from wagtail.models import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        from miftah.core.models import SiteSettings

        from .permissions import GuardedOwnershipPolicy

        # Wagtail's reference index (what "in use" means here) does not follow settings models: the logo would
        # look unused. Existing sites fill it in with `miftah rebuild_references_index`.
        ReferenceIndex.register_model(SiteSettings)

        register_permission_policy(Image, GuardedOwnershipPolicy(Image, auth_model="wagtailimages.Image",
                                                                 owner_field_name="uploaded_by_user"))
        register_permission_policy(Document, GuardedOwnershipPolicy(Document, auth_model="wagtaildocs.Document",
                                                                    owner_field_name="uploaded_by_user"))
