"""Who may change or delete an image or a document.

Wagtail's rule: a collection's "change" permission covers every file in it, and someone who may only "add" there
may still change and delete the files they uploaded. A writer who uploaded a photo that became the site's logo,
or a document filed in a password-protected collection, could therefore replace or delete it. Here ownership
alone no longer reaches a file that is in use (Wagtail's reference index: the site settings, a published article,
someone else's page…) or that sits in a private collection; those need the collection's own change permission.
A writer's file used only in their own drafts stays theirs.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

OWNER_ACTIONS = {"change", "delete"}


class GuardedOwnershipPolicy(CollectionOwnershipPermissionPolicy):
    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        other = actions - OWNER_ACTIONS
        if other and super().user_has_any_permission_for_instance(user, other, instance):
            return True
        wanted = actions & OWNER_ACTIONS
        if not wanted or not super().user_has_any_permission_for_instance(user, wanted, instance):
            return False
        if user.is_superuser or self._check_perm(user, {"change"}, collection=instance.collection):
            return True  # the collection grants it, not ownership
        return not (is_private(instance) or in_use_beyond_own_drafts(instance, user))


def is_private(instance):
    return instance.collection.get_view_restrictions().exists()


def in_use_beyond_own_drafts(instance, user):
    references = ReferenceIndex.get_references_to(instance)
    page_type = ContentType.objects.get_for_model(Page)
    if references.exclude(base_content_type=page_type).exists():
        return True
    page_ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    own_drafts = Page.objects.filter(pk__in=page_ids, owner=user, live=False).count()
    return own_drafts != len(page_ids)
