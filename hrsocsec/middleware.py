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
