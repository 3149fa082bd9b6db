"""The JSON report's reference (docs/schema.md), written from the schema `dataaudit schema` prints
(report/report.schema.json): a table of its fields, then the schema itself.
`python -m dataaudit.report.reference > docs/schema.md`."""

from __future__ import annotations

import json
from importlib.resources import files

INTRO = """# JSON report schema

What `dataaudit scan --json FILE` writes (and `dataaudit report SAVED.json` reads back), as a JSON
Schema (draft 2020-12). `dataaudit schema` prints it, to validate reports in a pipeline:

```bash
dataaudit schema > report.schema.json
```

Fields are only ever added within a `schema_version`: a pipeline reading the report should ignore
fields it does not know. This page is generated: `python -m dataaudit.report.reference > docs/schema.md`.

## Fields

The top-level fields and the fields of their objects (of an array's items: `findings[].code`).
"""


def schema_text() -> str:
    return files("dataaudit.report").joinpath("report.schema.json").read_text(encoding="utf-8")


def _resolve(node: dict, schema: dict) -> dict:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _type(node: dict, schema: dict) -> str:
    node = _resolve(node, schema)
    if "const" in node:
        return f"`{json.dumps(node['const'])}`"
    if "enum" in node:
        return " \\| ".join(f"`{json.dumps(v)}`" for v in node["enum"])
    kinds = node.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if "array" in kinds and isinstance(node.get("items"), dict):
        item = _type(node["items"], schema)
        kinds = [f"array of {item}" if k == "array" else k for k in kinds]
    if not kinds:
        alternatives = node.get("anyOf") or node.get("oneOf") or []
        return " \\| ".join(_type(a, schema) for a in alternatives) or "any"
    return " \\| ".join(kinds)


def _children(node: dict, schema: dict) -> tuple[str, dict]:
    """The object whose fields a field's rows list: the field's own, or its array items'."""
    node = _resolve(node, schema)
    if isinstance(node.get("items"), dict):
        return "[]", _resolve(node["items"], schema)
    return "", node


def _describe(node: dict, schema: dict) -> str:
    text = (node.get("description") or _resolve(node, schema).get("description") or "").replace("|", "\\|")
    return " ".join(text.split())


def _rows(schema: dict) -> list[str]:
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for name, node in schema["properties"].items():
        rows.append(f"| `{name}` | {_type(node, schema)} | {'yes' if name in required else ''} | "
                    f"{_describe(node, schema)} |")
        suffix, inner = _children(node, schema)
        inner_required = set(inner.get("required", []))
        for child, child_node in inner.get("properties", {}).items():
            rows.append(f"| `{name}{suffix}.{child}` | {_type(child_node, schema)} | "
                        f"{'yes' if child in inner_required else ''} | {_describe(child_node, schema)} |")
    return rows


def reference_markdown() -> str:
    text = schema_text()
    parts = [INTRO, *_rows(json.loads(text)), "", "## The schema", "", "```json", text.rstrip("\n"), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference_markdown())
