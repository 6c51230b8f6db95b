from django.http import JsonResponse
from django.utils.translation import gettext as _


class RejectNulBytes:
    """A NUL character in the path or query string is a 400 before any view runs.

    PostgreSQL cannot hold NUL in text, so such a value reaching a query would be a 500. Bodies
    are covered by the form and serializer fields, which refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return JsonResponse(
                {
                    "code": "invalid",
                    "message": _("The request contains a NUL character."),
                    "fields": {},
                },
                status=400,
            )
        return self.get_response(request)


class NoStoreApi:
    """Every API answer may carry a full ID number or a wage: none is kept by a browser or a
    proxy (``Cache-Control: no-store``). The admin's pages say so already (Django's
    ``never_cache``); the schema and its documentation page carry no data and may be cached."""

    CACHEABLE = ("/api/schema/", "/api/docs/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if path.startswith("/api/") and not path.startswith(self.CACHEABLE):
            response["Cache-Control"] = "no-store, private"
        return response
