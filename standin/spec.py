"""Bot API method signatures (from botapi_methods.json) and spec-typed parameter decoding.

PTB posts form-urlencoded bodies in which every value is a string and objects/arrays are
JSON-encoded, so a value can only be understood by looking up the parameter's type in the spec
("Integer", "Boolean", "Array of MessageEntity", "InlineKeyboardMarkup", ...). JSON bodies
carry typed values, which are checked against the same types.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["MethodSpec", "ParamError", "decode_params", "load_methods"]

_SPEC_PATH = Path(__file__).with_name("botapi_methods.json")
_INT_RE = re.compile(r"^[+-]?\d+$")
_FLOAT_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_SCALARS = frozenset({"Integer", "Float", "Boolean", "String", "True"})


class ParamError(ValueError):
    """A request parameter problem; ``description`` is the full error description."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]
    returns: tuple[str, ...]


@cache
def load_methods() -> dict[str, MethodSpec]:
    """Methods keyed by lower-cased name: the Bot API matches method names case-insensitively."""
    raw = json.loads(_SPEC_PATH.read_text(encoding="utf-8"))
    methods: dict[str, MethodSpec] = {}
    for name, body in raw["methods"].items():
        fields = {
            f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]))
            for f in body["fields"]
        }
        methods[name.lower()] = MethodSpec(name, fields, tuple(body["returns"]))
    return methods


def _bad(method: str, name: str, field: FieldSpec, value: object) -> ParamError:
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    return ParamError(
        f"Bad Request: stand-in: parameter {name!r} of {method} must be "
        f"{' or '.join(field.types)}, got {shown}"
    )


def _element_ok(type_name: str, value: object) -> bool:
    """Shallow check of an already-decoded JSON value against one spec type."""
    if type_name.startswith("Array of "):
        inner = type_name[len("Array of ") :]
        return isinstance(value, list) and all(_element_ok(inner, v) for v in value)
    if type_name == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name in ("Boolean", "True"):
        return isinstance(value, bool)
    if type_name == "String":
        return isinstance(value, str)
    if type_name == "InputFile":
        return False  # files only arrive as multipart parts, never inside JSON
    return isinstance(value, dict)  # any other name is an object type


def _decode_string(field: FieldSpec, raw: str) -> tuple[bool, Any]:
    """Interpret a form value by the field's types, most specific first."""
    types = field.types
    if "Integer" in types and _INT_RE.match(raw):
        return True, int(raw)
    if "Float" in types and _FLOAT_RE.match(raw):
        return True, float(raw)
    if ("Boolean" in types or "True" in types) and raw.lower() in ("true", "false", "1", "0"):
        return True, raw.lower() in ("true", "1")
    complex_types = [t for t in types if t not in _SCALARS and t != "InputFile"]
    if complex_types and raw[:1] in ("{", "["):
        try:
            decoded = json.loads(raw)
        except ValueError:
            decoded = None
        if decoded is not None and any(_element_ok(t, decoded) for t in complex_types):
            return True, decoded
    if "String" in types or "InputFile" in types:
        # "InputFile or String": a string is a file_id or a URL
        return True, raw
    return False, None


def decode_params(method: MethodSpec, raw: dict[str, Any]) -> dict[str, Any]:
    """Validate names, required fields and types; return the typed parameters."""
    unknown = sorted(set(raw) - set(method.fields))
    if unknown:
        raise ParamError(
            f"Bad Request: stand-in: unknown parameter {unknown[0]!r} for method {method.name} "
            "(not in the Bot API spec)"
        )
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        field = method.fields[name]
        if isinstance(value, str):
            ok, typed = _decode_string(field, value)
        else:
            ok = any(_element_ok(t, value) for t in field.types) or (
                "InputFile" in field.types and hasattr(value, "file")
            )
            typed = value
        if not ok:
            raise _bad(method.name, name, field, value)
        decoded[name] = typed
    for field in method.fields.values():
        if field.required and field.name not in decoded:
            raise ParamError(f"Bad Request: stand-in: parameter {field.name!r} is required")
    return decoded
