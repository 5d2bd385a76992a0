"""The JSON contract: every field present, validated by the shipped JSON Schema."""

import jsonschema
import pytest

import zufolge
from zufolge.contract import json_schema, validate


def test_analyze_text_follows_schema():
    result = zufolge.analyze_text(
        "Laut der Zeitung sagte der Minister, die Lage sei ernst.\n\nEr fügte hinzu: „Wir warten.“",
        language="de",
        published="2024-10-17",
    )
    validate(result)
    assert result["schema"] == "zufolge/1"
    assert result["document"]["published"] == "2024-10-17"
    for key in ("attributions", "entities", "places", "times", "quantities"):
        assert isinstance(result[key], list)


def test_schema_rejects_missing_fields():
    result = zufolge.analyze_text("Ein kurzer Satz.", language="de")
    del result["document"]["title"]
    with pytest.raises(jsonschema.ValidationError):
        validate(result)


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(json_schema())
