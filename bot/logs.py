"""Logging for the `articlebot` command: one format, and no secret in any record."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

REDACTED = "***"


class RedactSecrets(logging.Filter):
    """Replaces the bot token (in every Bot API URL) and the database password with ***
    in a record's message, arguments, traceback and stack, whichever logger it came from."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: tuple[str, ...] = ()
        self.set_secrets(secrets)

    def set_secrets(self, secrets: Iterable[str]) -> None:
        # Longest first: the token goes before its secret half.
        self.secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: the handler reports it (without formatting it)
            return True
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            # Formatter.format uses exc_text when it is set, so the raw traceback is never shown.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(verbose: bool) -> RedactSecrets:
    """Log to stderr (debug with -v) through a filter that `main()` gives the secrets to once
    the settings are read; returns that filter."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    redact = RedactSecrets()
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactSecrets)]:
            handler.removeFilter(old)  # main() called again in one process (tests)
        handler.addFilter(redact)
    # httpx logs every request URL, and the bot token is part of each Bot API URL: the filter
    # would hide it, but one line per request (long polls included) is noise at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return redact
