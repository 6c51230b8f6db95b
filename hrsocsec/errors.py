from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule of the domain refused an action. Nothing was changed."""

    code = "refused"
    http_status = 409

    def __init__(self, message: str, *, fields: dict | None = None):
        super().__init__(message)
        self.fields = fields or {}


class InvalidInput(DomainError):
    code = "invalid"
    http_status = 400


class NotFound(DomainError):
    """Missing, or not the caller's: the two are never told apart."""

    code = "not_found"
    http_status = 404

    def __init__(self, message: str = ""):
        super().__init__(message or _("Not found."))


class RoleRefused(DomainError):
    code = "permission_denied"
    http_status = 403
