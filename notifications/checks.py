"""`manage.py check --deploy`: the links in HR's mails must lead to where HR opens the admin."""

import os

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_is_set(app_configs, **kwargs):
    if settings.DEBUG or os.environ.get("SITE_URL"):
        return []
    return [
        Warning(
            f"SITE_URL is not set: the links in mails go to {settings.SITE_URL}, the first "
            "allowed host.",
            hint="Set SITE_URL to the address HR opens the admin at (https://hr.example.com).",
            id="notifications.W001",
        )
    ]
