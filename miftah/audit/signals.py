"""Audit log entries from Django's login signals, django-axes' lockout signal and permission changes.

Permission changes made in Wagtail's admin are attributed to the admin who made them through Wagtail's log context
(``log`` takes the user from it when none is given); those made from a shell or a migration have no user.
"""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from . import events
from .models import AuditSubject
from .sessions import remember_epoch

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="miftah.audit.login")
def on_login(sender, request, user, **kwargs):
    remember_epoch(request, user)
    events.record_account(events.LOGIN, user.get_username(), user=user, request=request)


@receiver(user_logged_out, dispatch_uid="miftah.audit.logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        events.record_account(events.LOGOUT, user.get_username(), user=user, request=request)


@receiver(user_login_failed, dispatch_uid="miftah.audit.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # axes' receiver ran first (its app is listed before this one) and counted this failure. Attempts refused while
    # a lockout lasts are not written: a password-spraying run must not flood the log.
    if getattr(request, "axes_failures_since_start", 0) > settings.AXES_FAILURE_LIMIT:
        return
    username = credentials.get(User.USERNAME_FIELD) or credentials.get("username") or ""
    events.record_account(events.LOGIN_FAILED, username, user=None, request=request)


@receiver(user_locked_out, dispatch_uid="miftah.audit.lockout")
def on_lockout(sender, request, username, ip_address, **kwargs):
    if getattr(request, "axes_failures_since_start", 0) != settings.AXES_FAILURE_LIMIT:
        return  # only the failure that started the lockout
    events.record_account(events.LOCKOUT, username or "", user=None, request=request)


def _user_change(user, change):
    events.record_account(events.PERMISSIONS_CHANGED, user.get_username(), change=change)


def _group_change(group, change):
    events.record(events.PERMISSIONS_CHANGED, AuditSubject.GROUP, group.name, change=change)


FLAG_LABELS = {
    "is_superuser": ("صار مديرًا عامًا (superuser)", "لم يعد مديرًا عامًا (superuser)"),
    "is_staff": ("صار من الطاقم (staff)", "لم يعد من الطاقم (staff)"),
    "is_active": ("فُعّل الحساب", "عُطّل الحساب"),
}


@receiver(pre_save, sender=User, dispatch_uid="miftah.audit.user_flags_before")
def remember_user_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(FLAG_LABELS)):
        instance._audit_flags = None
        return
    instance._audit_flags = User.objects.filter(pk=instance.pk).values("is_superuser", "is_staff", "is_active").first()


@receiver(post_save, sender=User, dispatch_uid="miftah.audit.user_flags_after")
def log_user_flags(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_audit_flags", None)
    if raw:
        return
    if created:
        if instance.is_superuser:
            _user_change(instance, FLAG_LABELS["is_superuser"][0])
        return
    for flag, (on, off) in FLAG_LABELS.items():
        if before is not None and before[flag] != getattr(instance, flag):
            _user_change(instance, on if getattr(instance, flag) else off)


def _names(queryset, pk_set, label):
    return "، ".join(sorted(label(obj) for obj in queryset.filter(pk__in=pk_set or ())))


CHANGES = {"post_add", "post_remove", "post_clear"}


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="miftah.audit.user_groups")
def log_user_groups(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in CHANGES:
        return
    if reverse:  # group.user_set.add(...): instance is the group
        verb = "أُضيف إلى المجموعة" if action == "post_add" else "أُخرج من المجموعة"
        for user in User.objects.filter(pk__in=pk_set or ()):
            _user_change(user, f"{verb} {instance.name}")
        return
    if action == "post_clear":
        _user_change(instance, "أُخرج من كل المجموعات")
        return
    verb = "أُضيف إلى المجموعات" if action == "post_add" else "أُخرج من المجموعات"
    _user_change(instance, f"{verb}: {_names(Group.objects, pk_set, lambda g: g.name)}")


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="miftah.audit.user_permissions")
def log_user_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in CHANGES or reverse:
        return
    if action == "post_clear":
        _user_change(instance, "سُحبت كل صلاحياته المباشرة")
        return
    verb = "أُعطي صلاحيات مباشرة" if action == "post_add" else "سُحبت منه صلاحيات مباشرة"
    _user_change(instance, f"{verb}: {_permission_names(model, pk_set)}")


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="miftah.audit.group_permissions")
def log_group_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in CHANGES or reverse:
        return
    verb = "أُضيفت الصلاحيات" if action == "post_add" else "أُزيلت الصلاحيات"
    _group_change(instance, f"{verb}: {_permission_names(model, pk_set)}" if action != "post_clear"
                  else "أُزيلت كل الصلاحيات")


def _permission_names(model, pk_set):
    return _names(model.objects.select_related("content_type"), pk_set,
                  lambda p: f"{p.content_type.app_label}.{p.codename}")


@receiver(post_save, sender=GroupPagePermission, dispatch_uid="miftah.audit.page_permission_added")
@receiver(post_save, sender=GroupCollectionPermission, dispatch_uid="miftah.audit.collection_permission_added")
def log_object_permission_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _group_change(instance.group, f"أُضيفت صلاحية {instance.permission.codename} على «{_target(instance)}»")


@receiver(post_delete, sender=GroupPagePermission, dispatch_uid="miftah.audit.page_permission_removed")
@receiver(post_delete, sender=GroupCollectionPermission, dispatch_uid="miftah.audit.collection_permission_removed")
def log_object_permission_removed(sender, instance, **kwargs):
    group = Group.objects.filter(pk=instance.group_id).first()
    if group is not None:  # not when the whole group is being deleted
        _group_change(group, f"أُزيلت صلاحية {instance.permission.codename} على «{_target(instance)}»")


def _target(instance):
    try:
        target = instance.page if isinstance(instance, GroupPagePermission) else instance.collection
    except ObjectDoesNotExist:  # the page or collection itself is being deleted
        return ""
    return getattr(target, "title", None) or getattr(target, "name", "")
