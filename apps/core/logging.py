"""Structured logs: one JSON object a line, with the event's fields as keys, for a log collector."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

# Attributes every LogRecord has; anything else on a record came from `extra=` and is a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as JSON: time, level, logger, message, extra fields and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        request = entry.pop("request", None)
        if request is not None:
            # django.request attaches the HttpRequest; keep what identifies it, not the object.
            entry["method"] = getattr(request, "method", None)
            entry["path"] = getattr(request, "path", None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_event(logger: logging.Logger, event: str, /, **fields: Any) -> None:
    """Log an event (`resolution.imported`, `link.edited`, ...) with its fields as structured data."""
    detail = " ".join(f"{key}={value}" for key, value in fields.items())
    logger.info("%s %s", event, detail, extra={"event": event, **fields})
