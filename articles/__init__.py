"""Articles: extraction, passages, storage and the services both front ends call."""

from articles.extract import Extracted, extract

__all__ = ["Extracted", "extract"]
