"""Defence in depth: no resident ID number reaches a log line, whoever logs it and however.

Redaction is done on the formatted line, so the message, its arguments and any traceback (a
database error's DETAIL can quote a row) are all covered.
"""

import logging
import re

# 17 digits and a check character, not part of a longer number (an order id, a timestamp).
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")


def redact(text: str) -> str:
    return ID_NUMBER.sub(r"\1********\2", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
