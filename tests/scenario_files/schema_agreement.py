#!/usr/bin/env python3
"""Keeps the scenario-file JSON Schema and the parser (shm-harness check-file) in agreement.

Every example must validate against the schema (python3-jsonschema, Draft 2020-12) and pass
check-file; every bad file must be rejected by check-file with exit 2 and a few FILE:LINE:COL
lines, and by the schema too, except the few rules a schema cannot state (listed below, and
checked to be still beyond it); an unknown key added to any table of any example must be
rejected by both; the schema's code symbols and reserved areas must be the parser's.

  schema_agreement.py SHM_HARNESS SOURCE_ROOT WORK_DIR
"""
import json
import pathlib
import re
import subprocess
import sys
import tomllib

try:
    import jsonschema
except ImportError:
    sys.exit("python3-jsonschema is missing: tools/install-deps.sh installs it (apt-get install python3-jsonschema)")

# Rules between values, not of one key: the parser checks them, a JSON Schema cannot.
SCHEMA_CANNOT_JUDGE = {
    "role-not-declared.toml": "a step's role must be declared in [[scenario.role]]",
    "one-platform-symbol.toml": "a bare Windows symbol needs platforms = [\"windows\"]",
    "race-counts.toml": "a race's counts must add up to its racers",
}
LINE = re.compile(r"^[^\n]+?(:\d+:\d+)?: \S")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def check_file(exe, path):
    done = subprocess.run([*exe, "check-file", str(path)], capture_output=True, text=True, timeout=60)
    return done.returncode, done.stderr


def schema_errors(validator, path):
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        return [f"not TOML: {e}"]
    return [e.message for e in validator.iter_errors(data)]


def tables_of(data, trail=()):
    """Every table of a loaded TOML document, with its path."""
    if isinstance(data, dict):
        yield trail, data
        for key, value in data.items():
            yield from tables_of(value, trail + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from tables_of(item, trail + (i,))


def dump_toml(value):
    """A loaded document back to TOML (inline tables and arrays of tables; enough for our files)."""
    lines = []

    def scalar(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return str(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(scalar(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {scalar(x)}" for k, x in v.items()) + " }"
        raise TypeError(v)

    def table(t, name):
        for k, v in t.items():
            if not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v)):
                lines.append(f"{k} = {scalar(v)}")
        for k, v in t.items():
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                for item in v:
                    lines.append(f"\n[[{name + '.' if name else ''}{k}]]")
                    table(item, f"{name + '.' if name else ''}{k}")

    table(value, "")
    return "\n".join(lines) + "\n"


def main():
    exe = [sys.argv[1]] if len(sys.argv[1:]) == 3 else sys.argv[1:-2]
    root = pathlib.Path(sys.argv[-2])
    work = pathlib.Path(sys.argv[-1])
    work.mkdir(parents=True, exist_ok=True)
    schema = json.loads((root / "schemas/shm-harness-scenarios.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    examples = sorted((root / "examples/scenarios").glob("*.toml"))
    if not examples:
        fail("no example in examples/scenarios")
    for path in examples:
        if not path.read_text(encoding="utf-8").startswith("#:schema "):
            fail(f"{path.name}: the first line is not a #:schema directive")
        errors = schema_errors(validator, path)
        if errors:
            fail(f"{path.name}: the schema rejects an example: {errors[:2]}")
        code, err = check_file(exe, path)
        if code != 0:
            fail(f"{path.name}: check-file rejects an example (exit {code}): {err.strip()[:300]}")

    bad = sorted((root / "tests/data/scenario-files/bad").glob("*.toml"))
    huge = work / "huge.toml"
    huge.write_text("# padding\n" * 220000 + (root / "examples/scenarios/open-missing.toml").read_text())
    for path in bad + [huge]:
        code, err = check_file(exe, path)
        lines = err.strip().splitlines()
        if code != 2:
            fail(f"{path.name}: check-file exits {code}, not 2")
        if not lines or len(lines) > 4 or not all(LINE.match(line) for line in lines):
            fail(f"{path.name}: check-file's message is not a few FILE:LINE:COL lines: {lines[:6]}")
        errors = schema_errors(validator, path)
        if path.name in SCHEMA_CANNOT_JUDGE:
            if errors:
                fail(f"{path.name}: the schema now rejects it ({errors[0]}): move it out of SCHEMA_CANNOT_JUDGE")
        elif path != huge and not errors:
            fail(f"{path.name}: check-file rejects it but the schema accepts it")

    # An unknown key in any table of any example: both must reject it, and the parser must name it.
    mutants = 0
    for path in examples:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        count = sum(1 for _ in tables_of(data))
        for index in range(count):
            copy = json.loads(json.dumps(data))
            trail, table = list(tables_of(copy))[index]
            table["bogus_key"] = 1
            mutant = work / f"{path.stem}-mutant-{index}.toml"
            mutant.write_text(dump_toml(copy), encoding="utf-8")
            code, err = check_file(exe, mutant)
            if code != 2 or "bogus_key" not in err:
                fail(f"{mutant.name}: check-file does not reject unknown key at {trail} (exit {code}): {err.strip()[:200]}")
            if not schema_errors(validator, mutant):
                fail(f"{mutant.name}: the schema accepts unknown key at {trail}")
            mutants += 1

    # The schema's code symbols are the parser's tables.
    source = (root / "harness/platform/error_symbols_common.cpp").read_text()
    windows_part, posix_part = source.split("kPosixSymbols{", 1)
    windows = set(re.findall(r'"([A-Z0-9_]+)"', windows_part.split("kWindowsSymbols{", 1)[1]))
    posix = set(re.findall(r'"([A-Z0-9_]+)"', posix_part.split("}};", 1)[0]))
    defs = schema["$defs"]
    if set(defs["windows_code"]["anyOf"][0]["enum"]) - {"success", "any"} != windows:
        fail("the schema's Windows symbols differ from harness/platform/error_symbols_common.cpp")
    if set(defs["posix_code"]["anyOf"][0]["enum"]) - {"success", "any"} != posix:
        fail("the schema's POSIX symbols differ from harness/platform/error_symbols_common.cpp")

    # The reserved areas are the catalogue's.
    listed = subprocess.run([*exe, "list", "--json"], capture_output=True, text=True, timeout=60)
    areas = sorted({s["id"].split("/")[0] for s in json.loads(listed.stdout)})
    pattern = defs["scenario"]["properties"]["id"]["not"]["pattern"]
    in_schema = sorted(pattern[len("^("):-len(")/")].replace("\\.", ".").split("|"))
    if areas != in_schema:
        fail(f"the schema reserves areas {in_schema}, the catalogue has {areas}")

    print(f"{len(examples)} examples, {len(bad) + 1} bad files, {mutants} unknown-key mutants checked against "
          f"schema and parser: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
