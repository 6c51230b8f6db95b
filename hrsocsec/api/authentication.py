"""API tokens: an expiry (API_TOKEN_DAYS), and bad tokens from one address throttled.

A token is checked only while its address has failed fewer than the ``bad_token`` rate allows:
past that, every token from that address gets 429 until the window passes, so tokens cannot be
guessed at speed, and a 429 says nothing about whether the token was good."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from hrsocsec.api.throttling import RateThrottle


class BadTokenThrottle(RateThrottle):
    """Counts failed token checks per client address (DEFAULT_THROTTLE_RATES["bad_token"])."""

    scope = "bad_token"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def blocked(self, request) -> bool:
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        self._request = request
        scheme = authentication.get_authorization_header(request).split(b" ", 1)[0].lower()
        if scheme == b"bearer":  # the usual mistake: this API's scheme is Token
            raise exceptions.AuthenticationFailed(
                _('Send the key as "Authorization: Token <key>"; this API does not use Bearer.')
            )
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        throttle = BadTokenThrottle()
        if throttle.blocked(self._request):
            message = gettext(
                "Too many invalid tokens from this address; wait before trying again."
            )
            raise exceptions.Throttled(throttle.wait(), detail=message)
        try:
            user, token = super().authenticate_credentials(key)
        except exceptions.AuthenticationFailed:
            throttle.record_failure()
            raise
        days = settings.API_TOKEN_DAYS
        if days and token.created < timezone.now() - datetime.timedelta(days=days):
            throttle.record_failure()
            raise exceptions.AuthenticationFailed(
                _("This token has expired (tokens last %(days)s days); ask for a new one.")
                % {"days": days}
            )
        return user, token
