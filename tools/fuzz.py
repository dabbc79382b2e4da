"""Generated bad input against every command and endpoint that reads a user's input.

Every input this makes is invalid by construction (a class of issue 16's findings: a
file in the wrong encoding, a number that is not one, a date that does not exist, a YAML
bomb, a path where a name belongs, a horizon over the limits, a foreign Host ...). Each
is sent to the command line (in process) or the service (its ASGI app), and the outcome
is counted:

* ``refused``: exit status 2 or a 4xx answer (or ``valid: false`` from the validator),
  without a traceback;
* ``traceback``: any other exit status, an uncaught exception or a 5xx answer;
* ``accepted``: exit 0 or a 2xx answer for an input known to be invalid;
* ``timeout``: no answer within ``--timeout`` seconds.

``python tools/fuzz.py --count 10000`` (``make fuzz``) uses a fresh seed and prints the
counts; ``tests/test_fuzz_corpus.py`` runs a fixed-seed corpus of 500 in ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

OUTCOMES = ("refused", "traceback", "accepted", "timeout")
BAD_NUMBERS = ["nan", "NaN", "inf", "-inf", "Infinity", "١٢٣", "１２３", "1_000", "1e400",
               "9" * 400, "0x10", "1,5", "--1", "1e", ".", "+", "1.2.3", "½", "²", "abc",
               "1 000", "∞", "1e5000", "0b11", "TRUE", "1j"]
BAD_YAML_NUMBERS = [".nan", ".inf", "-.inf", "[1, 2]", "{a: 1}", "abc", "1_000x", "null",
                    "'١٢٣'", "''", "[]"]
BAD_DATES = ["2025-02-31", "2025-13", "2025-00", "999", "10000", "25-01", "2025/01",
             "[2025]", "{y: 2025}", "2025-04-31", "''", "yesterday"]
SCENARIO = {"name": "fuzz", "horizon": {"start": "2025-01", "end": "2025-06", "step": "month"},
            "coalition": ["USA", "JPN"],
            "priorities": {"defense": 10, "ev": 3},
            "shocks": [{"type": "export_control", "country": "CHN", "materials": ["Dy"],
                        "stages": ["separation"], "severity": 0.5, "start": "2025-03",
                        "end": "2025-05"}]}
PLAN = {"name": "fuzz-plan", "coalition": ["USA", "JPN"], "horizon": {"start": 2025, "end": 2027},
        "budget": {"coalition_musd": 100},
        "scenarios": [{"scenario": "baseline", "probability": 1.0}]}
ALIAS_BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"]
                       + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
                          for i in range(9)]) + "\n"


@dataclass(frozen=True)
class Case:
    """One bad input: its class, where it goes, and how to send it."""

    kind: str
    target: str  # "cli" or "api"
    send: Callable[[Env], str]  # returns an outcome


class Env:
    """The temporary folder, the CLI runner, the app's client and a sample dataset copy."""

    def __init__(self, root: Path) -> None:
        from fastapi.testclient import TestClient
        from typer.testing import CliRunner

        from critmin.api import Settings, create_app
        from critmin.data import bundled_path

        self.root = root
        self.runner = CliRunner()
        self.sample = root / "sample"
        shutil.copytree(bundled_path("sample"), self.sample)
        self.pristine = {p.name: p.read_bytes() for p in self.sample.iterdir()}
        self._client_cm = TestClient(create_app(Settings(data_dir=root / "service")))
        self.client = self._client_cm.__enter__()
        self.n = 0

    def close(self) -> None:
        self._client_cm.__exit__(None, None, None)

    def file(self, name: str, data: bytes | str) -> Path:
        self.n += 1
        folder = self.root / f"case{self.n}"
        folder.mkdir()
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def restore(self) -> None:
        for name, data in self.pristine.items():
            (self.sample / name).write_bytes(data)

    def cli(self, args: list[str]) -> str:
        from critmin.cli import app

        res = self.runner.invoke(app, args)
        if res.exit_code == 2 and "Traceback" not in res.output:
            return "refused"
        if res.exit_code == 0:
            return "accepted"
        return "traceback"

    def api(self, method: str, url: str, **kw: Any) -> str:
        if "json" in kw:  # NaN and Infinity go out as JavaScript writes them
            kw["content"] = json.dumps(kw.pop("json")).encode()
            kw["headers"] = {"content-type": "application/json", **kw.get("headers", {})}
        res = self.client.request(method, url, **kw)
        if res.status_code >= 500:
            return "traceback"
        if 400 <= res.status_code < 500:
            return "refused"
        body = res.json() if "json" in res.headers.get("content-type", "") else {}
        return "refused" if isinstance(body, dict) and body.get("valid") is False else "accepted"


# --- generators: each returns a Case made from the random generator ----------------------
def _set(data: Any, path: list[Any], value: Any) -> Any:
    out = json.loads(json.dumps(data))
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def _scenario_yaml(rng: random.Random) -> tuple[str, str]:
    """A scenario YAML text with one known-invalid change, and the change's class."""
    text = yaml.safe_dump(SCENARIO, sort_keys=False)
    choice = rng.randrange(9)
    if choice == 0:
        field = rng.choice([["shocks", 0, "severity"], ["priorities", "ev"],
                            ["priorities", "defense"]])
        value = rng.choice(BAD_YAML_NUMBERS)
        body = yaml.safe_dump(_set(SCENARIO, field, "@@"), sort_keys=False)
        return body.replace("'@@'", value), "scenario-number"
    if choice == 1:
        field = rng.choice([["horizon", "start"], ["horizon", "end"], ["shocks", 0, "start"],
                            ["shocks", 0, "end"]])
        body = yaml.safe_dump(_set(SCENARIO, field, "@@"), sort_keys=False)
        return body.replace("'@@'", rng.choice(BAD_DATES)), "scenario-date"
    if choice == 2:
        return text + f"{rng.choice(['nmae', 'horizn', 'shock', 'x'])}: 1\n", "unknown-key"
    if choice == 3:
        return text + "name: again\n", "duplicate-key"
    if choice == 4:
        depth = rng.randint(60, 3000)
        return text + "extra: " + "[" * depth + "]" * depth + "\n", "deep-yaml"
    if choice == 5:
        return ALIAS_BOMB + text, "alias-bomb"
    if choice == 6:
        end = rng.choice(["2045-12", "2858-04", "9999-12"])
        return text.replace("end: 2025-06", f"end: {end}", 1), "horizon-limit"
    if choice == 7:
        return text.replace("end: 2025-05", "end: 2025-01"), "interval-order"
    return rng.choice(["[1, 2, 3]\n", "42\n", "'text'\n", "{a: [}\n", "\t- x\n", "---\n---\n"]), \
        "not-a-scenario"


def gen_scenario_file(rng: random.Random) -> Case:
    text, kind = _scenario_yaml(rng)
    encoding = rng.choice(["utf-8", "utf-8", "latin-1", "utf-16", "bytes"])
    if encoding == "latin-1":
        data, kind = ("name: café\n" + text).encode("latin-1", "replace"), "latin-1"
    elif encoding == "utf-16":
        data, kind = text.encode("utf-16"), "utf-16"
    elif encoding == "bytes":
        data, kind = bytes(rng.randrange(256) for _ in range(rng.randint(8, 400))) + b"\x00", \
            "binary"
    else:
        data = text.encode("utf-8")
    command = rng.choice([["simulate"], ["report"], ["ensemble"], ["backtest"]])
    suffix = rng.choice([".yaml", ".yml"])

    def send(env: Env) -> str:
        path = env.file("scenario" + suffix, data)
        if command == ["report"]:
            return env.cli(["report", str(path), "--out", str(path.parent / "out")])
        extra = ["--runs", "4"] if command == ["ensemble"] else []
        return env.cli([*command, str(path), "--dataset", str(env.sample), *extra])

    return Case(kind, "cli", send)


def gen_scenario_api(rng: random.Random) -> Case:
    text, kind = _scenario_yaml(rng)

    def send(env: Env) -> str:
        if rng.random() < 0.5:
            return env.api("POST", "/api/scenarios/validate", json={"yaml": text,
                                                                   "dataset": "sample"})
        try:
            from critmin.core.yamlio import load_yaml_text

            body = load_yaml_text(text)
        except Exception:
            return env.api("POST", "/api/scenarios/validate", json={"yaml": text})
        return env.api("POST", "/api/runs", json={"dataset": "sample", "scenario": body})

    return Case(kind, "api", send)


def gen_dataset_cell(rng: random.Random) -> Case:
    from critmin.data.schema import table_schemas

    tables = [s for s in table_schemas().values() if s.file in {
        "capacity.csv", "trade.csv", "demand.csv", "stages.csv", "countries.csv",
        "stockpiles.csv", "prices.csv"}]
    schema = rng.choice(tables)
    cols = [c for c in schema.columns if c.is_numeric]
    col = rng.choice(cols)
    value = rng.choice([*BAD_NUMBERS, "-5"] if col.minimum == 0 else BAD_NUMBERS)
    if schema.file == "stages.csv" and col.name == "order" and rng.random() < 0.3:
        value = "100000000000000000000"

    def send(env: Env) -> str:
        path = env.sample / schema.file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        if col.name not in rows[0] or len(rows) < 2:
            rows[0].append(col.name)
            rows[1:] = [[*r, ""] for r in rows[1:]]
        j = rows[0].index(col.name)
        i = rng.randrange(1, len(rows))
        rows[i][j] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
        try:
            return env.cli(["data", "validate", str(env.sample)])
        finally:
            env.restore()

    return Case("dataset-number", "cli", send)


def gen_dataset_file(rng: random.Random) -> Case:
    name = rng.choice(["countries.csv", "capacity.csv", "dataset.yaml", "stages.csv"])
    how = rng.choice(["latin-1", "utf-16", "binary", "bomb", "deep", "not-csv"])
    if name == "dataset.yaml" and how == "not-csv":
        how = "deep"
    if name != "dataset.yaml" and how in ("bomb", "deep"):
        how = "latin-1"

    def send(env: Env) -> str:
        path = env.sample / name
        text = path.read_text(encoding="utf-8")
        data = {"latin-1": (text + "ZZZ,Côte,1,\n").encode("latin-1"),
                "utf-16": text.encode("utf-16"),
                "binary": b"\x00\x01\x02" + bytes(rng.randrange(256) for _ in range(64)),
                "bomb": (text + ALIAS_BOMB).encode(),
                "deep": (text + "x: " + "[" * 4000 + "\n").encode(),
                "not-csv": b'"unclosed,quote\n' + b"a" * 100}[how]
        path.write_bytes(data)
        try:
            return env.cli(["data", "validate", str(env.sample)])
        finally:
            env.restore()

    return Case(f"dataset-{how}", "cli", send)


def gen_plan(rng: random.Random) -> Case:
    choice = rng.randrange(5)
    if choice == 0:
        plan, kind = _set(PLAN, ["horizon", rng.choice(["start", "end"])],
                          rng.choice([999, 10000, -1, 0, 1_000_000, 3000])), "plan-years"
    elif choice == 1:
        plan, kind = _set(PLAN, ["scenarios", 0, "probability"],
                          rng.choice([1.5, -0.1, "x", [1], None])), "plan-probability"
    elif choice == 2:
        plan, kind = _set(PLAN, ["budget", "coalition_musd"],
                          rng.choice([-5, "lots", [1], {"a": 1}])), "plan-budget"
    elif choice == 3:
        plan, kind = dict(PLAN, **{rng.choice(["budgett", "extra", "scenario"]): 1}), \
            "unknown-key"
    else:
        plan, kind = _set(PLAN, ["scenarios", 0, "scenario"],
                          rng.choice(["../x", "/etc/passwd", "nope", "baseline/../../x"])), \
            "plan-scenario-name"

    def send(env: Env) -> str:
        if rng.random() < 0.5:
            return env.api("POST", "/api/runs", json={"kind": "optimize", "plan_spec": plan})
        path = env.file("plan.yaml", yaml.safe_dump(plan))
        return env.cli(["optimize", str(path)])

    return Case(kind, rng.choice(["cli", "api"]), send)


def gen_flags(rng: random.Random) -> Case:
    options = [
        (["optimize", "us-japan-framework", "--budget-musd"], ["nan", "inf", "-1", "x"]),
        (["optimize", "us-japan-framework", "--frontier"],
         ["nan", "1,inf", ",".join(["1"] * 60), "a,b", "-1", ""]),
        (["ensemble", "heavy-ree-ban-24m", "--runs"], ["0", "-1", "100000000", "x", "1e3"]),
        (["simulate", "china-2025-04-controls", "--out"], ["/etc/passwd", "/", "/dev/null"]),
        (["metrics", "risk", "--inputs"], ["/etc/passwd", "/dev/null", "/", "/nonexistent"]),
        (["serve", "--data-dir"], ["/dev/null", "/etc/passwd"]),
        (["scenarios", "show"], ["../x", "/etc/passwd", "baseline/..", "nope"]),
        (["ensemble", "heavy-ree-ban-24m", "--runs", "4", "--seed"], ["-1", "x", "nan"]),
        (["economics", "lynas-malaysia-hree", "--price-floor"], ["nan", "-inf", "x"]),
    ]
    args, values = rng.choice(options)
    value = rng.choice(values)
    return Case("flag", "cli", lambda env: env.cli([*args, value]))


def gen_price_path(rng: random.Random) -> Case:
    col = rng.choice(["year", "price_usd_per_kg", "probability"])
    value = rng.choice([*BAD_NUMBERS, "-1"])
    text = f"path,year,price_usd_per_kg,probability\na,2025,50,1\na,2026,{'@'},1\n"
    text = text.replace("@", value) if col == "price_usd_per_kg" else text.replace("@", "50")
    if col != "price_usd_per_kg":
        text = text.replace("a,2025,50,1", "a,2025,50,1".replace(
            "2025" if col == "year" else ",1", value if col == "year" else f",{value}"), 1)
    encoding = rng.choice(["utf-8", "utf-8", "utf-16"])

    def send(env: Env) -> str:
        path = env.file("paths.csv", text.encode(encoding))
        return env.cli(["economics", "lynas-malaysia-hree", "--price-path", str(path)])

    return Case("price-path" if encoding == "utf-8" else "utf-16", "cli", send)


def gen_http(rng: random.Random) -> Case:
    choice = rng.randrange(6)
    if choice == 0:
        host = rng.choice(["evil.example.com", "127.0.0.1.nip.io", "localhost.evil", "x:1"])
        return Case("foreign-host", "api",
                    lambda env: env.api("GET", rng.choice(["/api/health", "/", "/api/runs"]),
                                        headers={"host": host}))
    if choice == 1:
        name = rng.choice(["../x", "/etc/passwd", "..%2f..%2fetc", "a/../../b", "~root/x"])
        return Case("name-as-path", "api",
                    lambda env: env.api("POST", "/api/runs", json={"library": name}))
    if choice == 2:
        size = rng.randint(2_000_000, 4_000_000)
        return Case("body-limit", "api",
                    lambda env: env.api("POST", "/api/scenarios/validate",
                                        json={"yaml": "#" * size}))
    if choice == 3:
        q = rng.choice(["limit=0", "limit=100000", "offset=-1", "limit=x", "offset=1e99"])
        return Case("pagination", "api",
                    lambda env: env.api("GET", rng.choice(["/api/runs", "/api/scenarios",
                                                           "/api/library"]) + "?" + q))
    if choice == 4:
        body = rng.choice([b"{", b"[1,2", b"\xff\xfe{}", b"null", b'{"kind": 1}',
                           b"[" * 5000 + b"]" * 5000])
        return Case("bad-json", "api",
                    lambda env: env.api("POST", "/api/runs", content=body,
                                        headers={"content-type": "application/json"}))
    depth = rng.randint(1000, 5000)
    return Case("deep-json", "api",
                lambda env: env.api("POST", "/api/scenarios/validate",
                                    content=b'{"yaml": ' + b"[" * depth + b"]" * depth + b"}",
                                    headers={"content-type": "application/json"}))


GENERATORS = [(gen_scenario_file, 4), (gen_scenario_api, 3), (gen_dataset_cell, 3),
              (gen_dataset_file, 1), (gen_plan, 2), (gen_flags, 2), (gen_price_path, 1),
              (gen_http, 2)]


def corpus(count: int, seed: int) -> Iterator[Case]:
    """``count`` bad inputs from ``seed`` (the same seed gives the same inputs)."""
    rng = random.Random(seed)
    gens = [g for g, w in GENERATORS for _ in range(w)]
    for _ in range(count):
        yield rng.choice(gens)(rng)


class _Timeout(BaseException):
    pass


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: Any) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_case(env: Env, case: Case, timeout: float) -> str:
    """The outcome of one case (see the module's docstring)."""
    try:
        with _alarm(timeout):
            return case.send(env)
    except _Timeout:
        return "timeout"
    except Exception:
        if os.environ.get("CRITMIN_FUZZ_DEBUG"):
            traceback.print_exc()
        return "traceback"


def run(count: int, seed: int, timeout: float = 60.0,
        report: Callable[[str], None] | None = None) -> tuple[Counter, Counter]:
    """Counts by outcome, and by (class, outcome) for every outcome but ``refused``."""
    totals: Counter = Counter({o: 0 for o in OUTCOMES})
    bad: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="critmin-fuzz-") as tmp:
        env = Env(Path(tmp))
        try:
            for i, case in enumerate(corpus(count, seed)):
                outcome = run_case(env, case, timeout)
                totals[outcome] += 1
                if outcome != "refused":
                    bad[(case.kind, case.target, outcome)] += 1
                if report and (i + 1) % 1000 == 0:
                    report(f"{i + 1} inputs: {dict(totals)}")
        finally:
            env.close()
    return totals, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None, help="default: a fresh seed")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per input")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    t0 = time.perf_counter()
    totals, bad = run(args.count, seed, args.timeout, report=lambda m: print(m, flush=True))
    print(f"seed {seed}: {args.count} inputs in {time.perf_counter() - t0:.0f} s")
    for outcome in OUTCOMES:
        print(f"{outcome:<10} {totals[outcome]}")
    for (kind, target, outcome), n in sorted(bad.items()):
        print(f"  {outcome}: {kind} ({target}) x{n}")
    return 0 if totals["refused"] == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
