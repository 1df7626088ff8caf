"""What the tip line stores: sealed boxes and metadata that is safe to keep (the day, sizes, counts, a status).

No address, user agent, time of day or plaintext is ever stored. The newsroom's public key lives in
MIFTAH_TIPS_PUBLIC_KEY or, installed by `miftah tips keygen --install`, in TipLineKey (public key only).
"""

from django.utils.translation import gettext_lazy
import logging

from django.conf import settings
from django.db import models

from . import crypto


class TipLineKey(models.Model):
    public_key = models.CharField(gettext_lazy("المفتاح العام"), max_length=64)
    installed_on = models.DateField(gettext_lazy("تاريخ التثبيت"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("مفتاح خط المعلومات")
        verbose_name_plural = gettext_lazy("مفاتيح خط المعلومات")


def current_public_key():
    """The key new tips are sealed to: the setting when set, else the newest installed key, else None (also when the
    key cannot be read: the tip line then accepts nothing, and `miftah check` says why)."""
    text = settings.MIFTAH_TIPS_PUBLIC_KEY or (
        TipLineKey.objects.order_by("-pk").values_list("public_key", flat=True).first() or "")
    if not text.strip():
        return None
    try:
        return crypto.decode_public_key(text)
    except crypto.BadKey:
        logging.getLogger(__name__).error("The tip line's public key cannot be read; the tip line accepts nothing.")
        return None


class Tip(models.Model):
    NEW, FOLLOWING, CLOSED = "new", "following", "closed"
    STATUS_CHOICES = [(NEW, gettext_lazy("جديدة")), (FOLLOWING, gettext_lazy("قيد المتابعة")), (CLOSED, gettext_lazy("مغلقة"))]

    received_on = models.DateField(gettext_lazy("تاريخ الوصول"))
    status = models.CharField(gettext_lazy("الحالة"), max_length=16, choices=STATUS_CHOICES, default=NEW)
    key_fingerprint = models.CharField(gettext_lazy("بصمة المفتاح"), max_length=32)
    message = models.BinaryField(gettext_lazy("النص (مشفّر)"))
    size = models.PositiveIntegerField(gettext_lazy("الحجم المشفّر بالبايت"))
    reply_public_key = models.BinaryField(gettext_lazy("مفتاح الردود العام"), max_length=32)
    code_lookup = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = gettext_lazy("معلومة واردة")
        verbose_name_plural = gettext_lazy("المعلومات الواردة")
        ordering = ["-received_on", "-pk"]
        # Tips arrive only from sources: no one is given "add".
        default_permissions = ("view", "change", "delete")


class TipFile(models.Model):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="files")
    meta = models.BinaryField()  # sealed JSON: name, type, whether metadata was stripped
    content = models.BinaryField()  # sealed file bytes

    class Meta:
        ordering = ["pk"]
        default_permissions = ()


class TipReply(models.Model):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="replies")
    sent_on = models.DateField(gettext_lazy("تاريخ الرد"), auto_now_add=True)
    for_source = models.BinaryField()  # sealed to the key derived from the source's code
    for_newsroom = models.BinaryField()  # sealed to the newsroom's key, so editors read the conversation

    class Meta:
        ordering = ["pk"]
        default_permissions = ()
