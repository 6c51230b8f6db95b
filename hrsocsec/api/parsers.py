"""The request body parsers: DRF's JSON parser, saying what is wrong in the caller's language
(DRF's own message is the decoder's English, "JSON parse error - Expecting value: ..."), and a
body nested too deeply for Python's decoder (a RecursionError, which DRF lets through as a 500)
refused as bad JSON."""

import codecs
import json as stdlib_json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            encoding = parsers.get_encoding(parser_context or {})
        except ParseError:
            raise ParseError(
                _("The charset in the Content-Type header is not supported; send UTF-8.")
            ) from None
        try:
            decoded = codecs.getreader(encoding)(stream)
            parse_constant = json.strict_constant if self.strict else None
            return json.load(decoded, parse_constant=parse_constant)
        except RecursionError:
            raise ParseError(_("JSON parse error: the body is nested too deeply.")) from None
        except stdlib_json.JSONDecodeError as exc:
            raise ParseError(
                _("The body is not valid JSON: line %(line)s, column %(column)s.")
                % {"line": exc.lineno, "column": exc.colno}
            ) from None
        except ValueError:  # not text in the charset, or NaN / Infinity
            raise ParseError(_("The body is not valid JSON (UTF-8, no NaN or Infinity).")) from None
