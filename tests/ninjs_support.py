"""What the ninjs tests share: the schema check, the desk's commands run as in a terminal, the reference names."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from articles.models import Author, Credit

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "samples" / "000_6749e8411ca97669.txt"
CORPUS = HERE / "corpus" / "good"
SAMPLE_HEADLINE = "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai"
BASE_URL = "https://riau.example.id"
# Timestamps every database sets for itself; everything else must come back as it left.
OWN_TIMESTAMPS = ("versionCreated", "contentCreated")


def ninjs_validator():
    schema = json.loads((HERE / "specs" / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))
    geojson = json.loads((HERE / "specs" / "GeoJSON-schema.json").read_text(encoding="utf-8"))
    # The schema refers to GeoJSON by its web address; serving it from here keeps validation offline.
    registry = Registry().with_resource(geojson["$id"], Resource.from_contents(geojson))
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


VALIDATOR = ninjs_validator()


def assert_valid(document):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert not errors, errors


def run(command, *args, expect_failure=False):
    out, err = io.StringIO(), io.StringIO()
    if expect_failure:
        with pytest.raises(CommandError) as excinfo:
            call_command(command, *map(str, args), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue(), str(excinfo.value)
    call_command(command, *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), ""


def credit(article, name, role, order):
    author = Author.objects.filter(name=name).first() or Author.objects.create(name=name)
    Credit.objects.create(article=article, author=author, role=role, order=order)


def export_documents(*args):
    out, _, _ = run("export_articles", "--base-url", BASE_URL, *args)
    return [json.loads(line) for line in out.splitlines()]
