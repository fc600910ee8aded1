"""Building blocks for the JSON Schemas (OpenAPI 3.1 dialect) that describe the API.

The same dicts document the API in /api/v1/openapi.json and check every request body
and query (payloads.py), so the description and the behaviour cannot drift apart.
"""
from ..inputs import MAX_ID


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": kinds + ["null"]}


def _bounded(schema, **bounds):
    schema.update({name: value for name, value in bounds.items() if value is not None})
    return schema


def string(max_length=None, min_length=None, **extra):
    return _bounded({"type": "string", **extra}, maxLength=max_length, minLength=min_length)


def enum(values, **extra):
    return {"type": "string", "enum": list(values), **extra}


def integer(minimum=None, maximum=None, **extra):
    return _bounded({"type": "integer", **extra}, minimum=minimum, maximum=maximum)


def identifier(**extra):
    return integer(1, MAX_ID, **extra)


def boolean(**extra):
    return {"type": "boolean", **extra}


def number(**extra):
    return {"type": "number", **extra}


def date(**extra):
    return {"type": "string", "format": "date", **extra}


def datetime(**extra):
    return {"type": "string", "format": "date-time", **extra}


def array(items, max_items=None, **extra):
    return _bounded({"type": "array", "items": items, **extra}, maxItems=max_items)


def obj(properties, required=None, **extra):
    """An object with exactly these properties; all of them unless `required` says."""
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else list(required),
            "additionalProperties": False, **extra}
