"""Bot API method signatures (from botapi_methods.json) and spec-typed parameter decoding;
object types (from botapi_types.json) for checking objects inside parameters in depth.

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

__all__ = [
    "MethodSpec", "ObjectError", "ParamError", "TypeSpec", "check_object", "compact_types",
    "concrete_type", "decode_params", "load_methods", "load_types", "render_types",
]  # fmt: skip

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


# --- object types (botapi_types.json) ------------------------------------------------------

_TYPES_PATH = Path(__file__).with_name("botapi_types.json")
# The object types a method's parameters are checked into, and everything they refer to.
TYPE_ROOTS = ("InlineQueryResult", "InlineQueryResultsButton")
_TAG_RE = re.compile(r'(?:must be|always) "?([a-z0-9_]+)')


@dataclass(frozen=True)
class TypeSpec:
    name: str
    fields: dict[str, FieldSpec]
    subtypes: tuple[str, ...]  # an abstract type (InlineQueryResult) lists its kinds
    tag: str | None  # the value of the "type" field that names this kind, if it has one


def compact_types(api: dict[str, Any], roots: tuple[str, ...] = TYPE_ROOTS) -> dict[str, Any]:
    """The types reachable from ``roots`` in a scraped ``api.json``, as botapi_types.json
    stores them: fields (name, types, required), subtypes, and the "type" tag of each kind."""
    source = api["types"]
    wanted: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in wanted or name not in source:
            continue  # scalars (String, Integer, ...) are not in the types table
        wanted.add(name)
        body = source[name]
        todo.extend(body.get("subtypes", []))
        for field in body.get("fields", []):
            todo.extend(t.replace("Array of ", "") for t in field["types"])
    types: dict[str, Any] = {}
    for name in sorted(wanted):
        body = source[name]
        entry: dict[str, Any] = {
            "fields": [
                {"name": f["name"], "types": list(f["types"]), "required": bool(f["required"])}
                for f in body.get("fields", [])
            ]
        }
        if body.get("subtypes"):
            entry["subtypes"] = list(body["subtypes"])
        tag_field = [f for f in body.get("fields", []) if f["name"] == "type"]
        tag = _TAG_RE.findall(tag_field[0]["description"]) if tag_field else []
        if body.get("subtype_of") and len(tag) == 1:
            entry["tag"] = tag[0]
        types[name] = entry
    return {"version": api.get("version", ""), "roots": list(roots), "types": types}


def render_types(data: dict[str, Any]) -> str:
    """botapi_types.json's text: one type a line, so a spec bump reads as a small diff."""
    lines = [
        f"{json.dumps(name)}:{json.dumps(body, separators=(',', ':'))}"
        for name, body in data["types"].items()
    ]
    head = json.dumps({"version": data["version"], "roots": data["roots"]}, separators=(",", ":"))
    head = head[:-1]  # left open for "types"
    return head + ',"types":{\n' + ",\n".join(lines) + "\n}}\n"


@cache
def load_types() -> dict[str, TypeSpec]:
    raw = json.loads(_TYPES_PATH.read_text(encoding="utf-8"))
    return {
        name: TypeSpec(
            name,
            {
                f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]))
                for f in body["fields"]
            },
            tuple(body.get("subtypes", ())),
            body.get("tag"),
        )
        for name, body in raw["types"].items()
    }


class ObjectError(ValueError):
    """A field of a JSON object (inside a parameter) breaks the spec; ``message`` has no
    "Bad Request: " prefix, and says "stand-in:" because Telegram's wording is not known."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def concrete_type(type_name: str, value: dict[str, Any]) -> str | None:
    """The kind of an abstract type that ``value`` is, or None if none fits.

    Tagged kinds (InlineQueryResult*) go by the "type" field, case-insensitively as botapi
    lowers it; kinds sharing a tag (photo, cached photo) and untagged kinds
    (InputMessageContent) by which kind's required fields are all there, the fullest first
    (a venue is a location with a title and an address). A concrete type is itself.
    """
    types = load_types()
    kinds = [types[k] for k in types[type_name].subtypes]
    if not kinds:
        return type_name
    if any(k.tag for k in kinds):
        tag = value.get("type")
        kinds = [k for k in kinds if isinstance(tag, str) and k.tag == tag.lower()]

    def missing(kind: TypeSpec) -> int:
        return sum(1 for f, s in kind.fields.items() if s.required and f not in value)

    complete = [k for k in kinds if missing(k) == 0]
    if complete:
        return max(complete, key=lambda k: sum(s.required for s in k.fields.values())).name
    if not kinds or kinds[0].tag is None:
        return None
    # Tagged but incomplete: the kind it is closest to, so the error names what is missing
    # (a photo with photo_url but no thumbnail_url is a photo, not a cached photo).
    return min(kinds, key=lambda k: (missing(k), len(set(value) - set(k.fields)))).name


def check_object(type_name: str, value: Any, where: str) -> None:
    """Check ``value`` against the spec's ``type_name`` in depth: known fields only, every
    required field, each value of its type. Raises ObjectError naming the place ``where``."""
    types = load_types()
    if not isinstance(value, dict):
        raise ObjectError(f"stand-in: {where} must be a JSON object ({type_name})")
    kind = concrete_type(type_name, value)
    if kind is None:
        names = ", ".join(types[type_name].subtypes)
        raise ObjectError(f"stand-in: {where} is none of the kinds of {type_name} ({names})")
    spec = types[kind]
    unknown = sorted(set(value) - set(spec.fields))
    if unknown:
        raise ObjectError(
            f'stand-in: unknown field "{unknown[0]}" in {where} ({kind}; not in the Bot API spec)'
        )
    for name, field in spec.fields.items():
        if name not in value:
            if field.required:
                raise ObjectError(f'stand-in: {where} ({kind}) needs field "{name}"')
            continue
        inner = f"{where}.{name}"
        wrong_inside: list[ObjectError] = []
        for type_ in field.types:
            try:
                if _value_ok(type_, value[name], inner):
                    break
            except ObjectError as exc:  # an object of that type, but not a valid one
                wrong_inside.append(exc)
        else:
            if wrong_inside:
                raise wrong_inside[0]
            shown = repr(value[name]) if len(repr(value[name])) <= 80 else "..."
            raise ObjectError(f"stand-in: {inner} must be {' or '.join(field.types)}, got {shown}")


def _value_ok(type_name: str, value: Any, where: str) -> bool:
    """Whether ``value`` is of ``type_name``; an object of the wrong shape raises instead, so
    the error names the field deep inside that is wrong."""
    if type_name.startswith("Array of "):
        inner = type_name[len("Array of ") :]
        if not isinstance(value, list):
            return False
        return all(_value_ok(inner, v, f"{where}[{i}]") for i, v in enumerate(value))
    if type_name in _SCALARS or type_name == "InputFile":
        return _element_ok(type_name, value)
    if not isinstance(value, dict):
        return False
    check_object(type_name, value, where)
    return True
