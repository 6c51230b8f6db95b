"""gunicorn's settings for the README's production command (``gunicorn -c
python:hrsocsec.gunicorn hrsocsec.wsgi``): the access and error logs to stderr, each line through
the redacting formatter, so a resident ID number someone put into a URL never reaches a log."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
accesslog = "-"

_LINE = "%(asctime)s %(levelname)s %(name)s: %(message)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "redacted": {"()": "hrsocsec.logging.RedactingFormatter", "format": _LINE},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "redacted",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}
