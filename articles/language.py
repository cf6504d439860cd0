"""Which language an article (or a question) is written in, so the right stemmer is used."""

from __future__ import annotations

import threading
from functools import cache
from typing import Protocol

# Below this, py3langid's normalised probability is a guess (e.g. "treaty 1961" → 'gug', 0.09).
MIN_CONFIDENCE = 0.9
# A few hundred words decide the language; classifying a whole long article only costs time.
SAMPLE_CHARS = 3000
_lock = threading.Lock()


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@cache
def _identifier() -> _Identifier:
    # Loading the model takes about 2 s: only on first use, never at import time.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model: _Identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return model


def detect_language(text: str, min_confidence: float = MIN_CONFIDENCE) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when it is too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 12:
        return None
    with _lock:
        identifier = _identifier()
    language, confidence = identifier.classify(sample)
    return language if confidence >= min_confidence else None
