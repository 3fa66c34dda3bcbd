#!/usr/bin/env python3
"""Every open-data file of a built portal through frictionless.

    python3 tests/opendata/validate.py SITE_DIR

For each set under SITE_DIR/opendata/ (a folder with meta.csv), the data
files of every version the passport lists are validated against a Table
Schema made from the set's own structure file (field names in order, and
their formats: string, integer, decimal as number, date); the registry
list.csv, each passport meta.csv and each structure file are validated as
plain CSV (encoding, header, rows as long as the header, no blank rows).
Prints one line per file, then "N passed, N failed"; exits 1 on any error.
"""
import csv
import sys
from pathlib import Path

from frictionless import Resource, Schema, fields

TYPES = {
    "string": fields.StringField,
    "integer": fields.IntegerField,
    "decimal": fields.NumberField,
    "date": fields.DateField,
}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def schema_of(structure):
    """A Table Schema from a structure file: `field name,…,format` rows."""
    rows = read_csv(structure)[1:]
    schema = Schema()
    for name, _en, _ru, fmt in rows:
        make = TYPES.get(fmt)
        if make is None:
            raise ValueError(f"{structure}: unknown format {fmt!r} of {name}")
        schema.add_field(make(name=name))
    return schema


def validate(path, schema=None):
    # frictionless refuses absolute paths as unsafe: name the file in its folder
    options = {"path": path.name, "basepath": str(path.parent)}
    if schema:
        options["schema"] = schema
    report = Resource(**options).validate()
    errors = [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors]
    return errors


def main():
    if len(sys.argv) != 2:
        print("usage: validate.py SITE_DIR", file=sys.stderr)
        return 2
    opendata = Path(sys.argv[1]) / "opendata"
    passed = failed = 0

    def report(path, errors):
        nonlocal passed, failed
        rel = path.relative_to(opendata.parent)
        if errors:
            failed += 1
            print(f"FAIL {rel}")
            for e in errors[:10]:
                print(f"    {e}")
        else:
            passed += 1
            print(f"ok   {rel}")

    report(opendata / "list.csv", validate(opendata / "list.csv"))
    sets = sorted(p.parent for p in opendata.glob("*/meta.csv"))
    if not sets:
        print(f"no open-data sets in {opendata}", file=sys.stderr)
        return 1
    for folder in sets:
        meta = folder / "meta.csv"
        report(meta, validate(meta))
        values = dict(read_csv(meta)[1:])
        structures = [k for k in values if k.startswith("structure-")]
        for s in structures:
            structure = folder / f"{s}.csv"
            report(structure, validate(structure))
        data = [k for k in values if k.startswith("data-")]
        if not data:
            report(meta, ["the passport lists no data file"])
        for d in data:
            structure = folder / f"structure-{d.rsplit('-structure-', 1)[1]}.csv"
            report(folder / f"{d}.csv", validate(folder / f"{d}.csv", schema_of(structure)))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
