"""Sign-in protection: password guessing is locked out (django-axes, per user name and per
address), a changed password ends the user's API tokens."""

import math

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from hrsocsec.api.errors import api_error_response


def lockout_message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    # The same words whether or not the user name exists, and whatever the password was.
    return _(
        "Too many failed sign-ins for this user name or from this address. Try again in "
        "%(minutes)s minutes, or ask your administrator to unlock the account."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (429): the one error shape on the API, the
    admin's look on its pages."""
    if request.path_info.startswith("/api/") and not request.path_info.startswith("/api/auth/"):
        return api_error_response("locked_out", lockout_message(), 429)
    context = {"title": _("Sign-in paused"), "message": lockout_message()}
    return render(request, "hrsocsec/locked_out.html", context, status=429)


class RevokeTokensOnPasswordChange:
    """Not a check of the password: Django calls ``password_changed`` of every entry in
    AUTH_PASSWORD_VALIDATORS once a new password is saved (the admin's change form, a reset,
    ``changepassword``), which is where the user's API tokens end."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user_id=user.pk).delete()

    def get_help_text(self):
        return ""
