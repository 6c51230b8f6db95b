"""Defence in depth: no resident ID number reaches a log line, whoever formats the message."""

import logging
import re

# 17 digits and a check character, not part of a longer number (an order id, a timestamp).
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")


def redact(text: str) -> str:
    return ID_NUMBER.sub(r"\1********\2", text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
