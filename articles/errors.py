"""Named errors of the articles core; their messages are safe to show to users."""


class ArticlebotError(Exception):
    """Base of articlebot's errors; ``message`` says what happened, the value and the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ExtractionError(ArticlebotError):
    """No article text could be extracted from a page or file."""


class StorageError(ArticlebotError):
    """The database cannot be opened or used (bad URL, server down)."""


class QueryError(ArticlebotError):
    """A question cannot be searched as it is (empty, only stop words, bad parameters)."""


class FetchError(ArticlebotError):
    """A web page or feed could not be fetched, or was refused (address, size, type).

    `permanent` is False for what may pass (a timeout, a 5xx, a dropped connection): a feed
    entry whose page failed that way is tried again at the next poll."""

    def __init__(self, message: str, *, permanent: bool = True) -> None:
        super().__init__(message)
        self.permanent = permanent
