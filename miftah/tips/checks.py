"""`miftah check`: a tip-line public key in the settings that cannot be read is an error, not a silent outage."""

from django.conf import settings
from django.core.checks import Error, register

from . import crypto


@register()
def check_public_key(app_configs, **kwargs):
    if not settings.MIFTAH_TIPS_PUBLIC_KEY:
        return []
    try:
        crypto.decode_public_key(settings.MIFTAH_TIPS_PUBLIC_KEY)
    except crypto.BadKey as error:
        return [Error(f"MIFTAH_TIPS_PUBLIC_KEY: {error}", hint="Use the public key `miftah tips keygen` printed.",
                      id="tips.E001")]
    return []
