"""Building blocks for the JSON Schemas (OpenAPI 3.1 dialect) that describe the API.

The same dicts document the API in /api/v1/openapi.json and check every request body
and query (payloads.py), so the description and the behaviour cannot drift apart.
"""
MAX_ID = 2147483647


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": kinds + ["null"]}


def string(max_length=None, min_length=None, **extra):
    schema = {"type": "string", **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    if min_length is not None:
        schema["minLength"] = min_length
    return schema


def enum(values, **extra):
    return {"type": "string", "enum": list(values), **extra}


def integer(minimum=None, maximum=None, **extra):
    schema = {"type": "integer", **extra}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


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
    schema = {"type": "array", "items": items, **extra}
    if max_items is not None:
        schema["maxItems"] = max_items
    return schema


def obj(properties, required=None, **extra):
    """An object with exactly these properties; all of them unless `required` says."""
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else list(required),
            "additionalProperties": False, **extra}
