"""Per-user limits on the heavy requests (exports with full ID numbers, batches of many
filings), for the API and the admin alike; rates in DEFAULT_THROTTLE_RATES."""

from django.utils.translation import gettext as _
from rest_framework import throttling
from rest_framework.settings import api_settings


class RateThrottle(throttling.SimpleRateThrottle):
    """DRF's throttle with the rate read as set now (DRF binds the rates at import)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class UserThrottle(RateThrottle):
    """``UserThrottle("exports")``: at most the scope's rate per user, in every process that
    shares the cache."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class ThrottledActionsMixin:
    """For viewsets: ``throttled_actions = {"export": "exports"}`` limits those actions."""

    throttled_actions: dict[str, str] = {}

    def get_throttles(self):
        scope = self.throttled_actions.get(getattr(self, "action", None))
        return [*super().get_throttles(), *([UserThrottle(scope)] if scope else [])]


def throttled_message() -> str:
    return _("You have made this request too often; wait a while and try again.")
