"""Write standin/botapi_methods.json: the Bot API methods from a scraped ``api.json``.

The stand-in validates every request against the methods' parameter lists, but it must work in a
fresh clone without the 900 KB upstream spec, so this keeps only what validation needs: per
method, each field's name, types and whether it is required, plus the return types.

Usage: python tools/compact_botapi_spec.py [path/to/api.json] [output.json]
Source: PaulSonOfLars/telegram-bot-api-spec (MIT); the licence is copied beside the output.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = Path("/work/shared/telegram-bot-api/api.json")
DEFAULT_OUT = ROOT / "standin" / "botapi_methods.json"


def compact(spec: dict[str, Any]) -> dict[str, Any]:
    methods: dict[str, Any] = {}
    for name in sorted(spec["methods"]):
        method = spec["methods"][name]
        methods[name] = {
            "fields": [
                {"name": f["name"], "types": list(f["types"]), "required": bool(f["required"])}
                for f in method.get("fields", [])
            ],
            "returns": list(method.get("returns", [])),
        }
    return {"version": spec.get("version", ""), "methods": methods}


def render(data: dict[str, Any]) -> str:
    # One method per line: small, yet a spec bump shows up as a readable diff.
    lines = [
        f"{json.dumps(name)}:{json.dumps(body, separators=(',', ':'))}"
        for name, body in data["methods"].items()
    ]
    return (
        '{"version":'
        + json.dumps(data["version"])
        + ',"methods":{\n'
        + ",\n".join(lines)
        + "\n}}\n"
    )


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SPEC
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    data = compact(json.loads(src.read_text(encoding="utf-8")))
    out.write_text(render(data), encoding="utf-8")
    licence = src.parent / "LICENSE"
    if licence.exists():
        shutil.copyfile(licence, out.parent / "LICENSE.botapi-spec")
    print(f"wrote {out} ({len(data['methods'])} methods, {data['version']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
