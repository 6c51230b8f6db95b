"""The OpenAPI schema's additions to drf-spectacular's: every operation documents the error
responses it can give (one shape, ErrorSerializer), and every POST the Idempotency-Key header."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from hrsocsec.api.idempotency import HEADER, KEY_PATTERN


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable code, e.g. invalid, not_found, conflict.")
    message = serializers.CharField(help_text="What went wrong, in the caller's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text=(
            "Per field (or non_field_errors), why its value was refused: messages, or for an "
            'item of a list its own fields\' messages, e.g. {"3": ["..."]}; empty otherwise.'
        ),
    )


ERRORS = {
    "400": "Invalid input: `fields` says which field and why. Nothing was changed.",
    "401": "Not authenticated.",
    "403": "Your role at this employer does not allow this.",
    "404": "No such object among your employers' (another employer's is not found either), "
    "or a page past the last.",
    "409": "The object's state does not allow this now (e.g. a filing already decided).",
    "413": "The request body is too large.",
    "422": "This Idempotency-Key was used with a different request.",
    "429": "Too many requests: invalid tokens from this address, or this user's exports or "
    "batches past their rate; the Retry-After header says when to try again.",
}


class AutoSchema(SpectacularAutoSchema):
    def _error_codes(self) -> list[str]:
        method = self.method.upper()
        # On a list, 400 is also a bad filter or page, 404 a page past the last.
        codes = ["400", "401", "403", "404", "429"]
        if method in ("POST", "PATCH", "PUT", "DELETE"):
            codes += ["409", "413"]
        if method == "POST":
            codes.append("422")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code)
                response["description"] = ERRORS[code]
                responses[code] = response
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method.upper() == "POST":
            parameters.append(
                OpenApiParameter(
                    HEADER,
                    {"type": "string", "pattern": KEY_PATTERN, "minLength": 1, "maxLength": 255},
                    OpenApiParameter.HEADER,
                    required=False,
                    description=(
                        "A key of yours (1 to 255 printable characters, e.g. a UUID) to make a "
                        "retry safe: a replay within 24 hours returns the first response and "
                        "changes nothing; the same key with another body is a 422."
                    ),
                )
            )
        return parameters
