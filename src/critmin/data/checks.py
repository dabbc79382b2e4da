"""Checks of a dataset against its schemas and the rules between tables.

Every check appends :class:`~critmin.exceptions.Problem` rows to a list instead of
raising at the first one, so that a user sees every problem of a dataset at once.
Checks work on the raw text of each CSV (every cell a string), so that a bad cell is
reported with its line and column before any conversion.

Rules: see :data:`RULES` (the ``rule`` names used in problems; documented in docs/data.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd
import pycountry

from critmin.core.numbers import number_rule, parse_number
from critmin.data.schema import REFERENCE_TYPES, ColumnSchema, TableSchema, table_schemas
from critmin.exceptions import Problem

RULES = (
    "missing_dataset", "missing_table", "dataset_yaml", "encoding", "unreadable",
    "missing_column", "required_value", "type", "non_negative", "minimum", "maximum", "enum",
    "iso3",
    "unknown_country", "unknown_material", "unknown_stage", "unknown_source", "unknown_group",
    "period", "duplicate_key", "production_le_capacity", "recipe_stage_order", "recipe_input",
    "estimate_note", "reserves_qualifier", "cover_range", "composition_sum", "feed_origin",
    "feed_shares", "feed_good", "suspends_policy", "lifetime_parameters", "rate_range",
)
HEADER_LINES = 1  # the header is line 1; data row i (0-based) is line i + 2
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_USER_ASSIGNED = re.compile(r"^(AA[A-Z]|Q[M-Z][A-Z]|X[A-Z]{2}|ZZ[A-Z])$")


def line_of(index: int) -> int:
    """Line number in the file of data row ``index`` (0-based)."""
    return index + HEADER_LINES + 1


def is_iso3(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code or a user-assigned alpha-3 code."""
    if _USER_ASSIGNED.match(code):
        return True
    return pycountry.countries.get(alpha_3=code) is not None


def is_assigned_iso3(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-3 code only (``JPN``, not ``XOT``): a partner
    of the service is a real country."""
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def split_list(value: str) -> list[str]:
    """Split a ``;``-separated cell into its stripped, non-empty items."""
    return [v.strip() for v in value.split(";") if v.strip()]


def _parse_number(value: str, integer: bool) -> float | None:
    """The loader's own rule (:func:`critmin.core.numbers.parse_number`)."""
    return parse_number(value, integer)


def check_columns(raw: pd.DataFrame, schema: TableSchema, problems: list[Problem]) -> None:
    """Required columns are present."""
    for name in schema.required_columns:
        if name not in raw.columns:
            problems.append(Problem(schema.file, None, name, "missing_column",
                                    f"required column '{name}' is missing"))


def check_cells(raw: pd.DataFrame, schema: TableSchema, problems: list[Problem]) -> None:
    """Values: required, types, enumerations, bounds, ISO3 codes and periods."""
    for col in schema.columns:
        if col.name not in raw.columns:
            continue
        for i, value in enumerate(raw[col.name]):
            _check_cell(value, col, schema.file, line_of(i), problems)


def _check_cell(value: str, col: ColumnSchema, file: str, line: int,
                problems: list[Problem]) -> None:
    if value == "":
        if not col.nullable:
            problems.append(Problem(file, line, col.name, "required_value",
                                    f"a value is required in '{col.name}'"))
        return
    if col.is_numeric:
        x = _parse_number(value, integer=col.type == "integer")
        if x is None:
            shown = repr(value) if len(value) <= 40 else f"{value[:20]!r}... ({len(value)} chars)"
            problems.append(Problem(file, line, col.name, "type",
                                    f"{shown} is not {number_rule(col.type == 'integer')}"))
            return
        if col.minimum is not None and x < col.minimum:
            rule = "non_negative" if col.minimum == 0 else "minimum"
            problems.append(Problem(file, line, col.name, rule,
                                    f"{value} is below the minimum {col.minimum:g}"))
        if col.maximum is not None and x > col.maximum:
            problems.append(Problem(file, line, col.name, "maximum",
                                    f"{value} is above the maximum {col.maximum:g}"))
    elif col.enum_values and value not in col.enum_values:
        problems.append(Problem(file, line, col.name, "enum",
                                f"{value!r} is not one of {', '.join(col.enum_values)}"))
    elif col.type == "iso3" and not is_iso3(value):
        problems.append(Problem(file, line, col.name, "iso3",
                                f"{value!r} is not an ISO 3166-1 alpha-3 code "
                                "(nor a user-assigned code such as XOT)"))
    elif col.type == "period" and not _PERIOD.match(value):
        problems.append(Problem(file, line, col.name, "period",
                                f"{value!r} is not a period (YYYY, YYYY-MM or YYYY-MM-DD)"))


def check_duplicate_keys(raw: pd.DataFrame, schema: TableSchema,
                         problems: list[Problem]) -> None:
    """No two rows share the same key."""
    key = [c for c in schema.key if c in raw.columns]
    if not key or raw.empty:
        return
    dup = raw.duplicated(subset=key, keep="first")
    first = {}
    for i, row in enumerate(raw[key].itertuples(index=False)):
        k = tuple(row)
        if dup.iloc[i]:
            shown = ", ".join(f"{c}={v}" for c, v in zip(key, k, strict=True))
            problems.append(Problem(schema.file, line_of(i), ",".join(key), "duplicate_key",
                                    f"duplicate key ({shown}); first seen on row {first[k]}"))
        else:
            first[k] = line_of(i)


def check_references(raws: Mapping[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Countries, materials, stages and sources referenced by any table exist."""
    known = {ref: set(raws[table][_key_of(table)]) if table in raws else set()
             for ref, table in REFERENCE_TYPES.items()}
    groups = _groups(raws.get("countries"))
    for name, raw in raws.items():
        schema = table_schemas()[name]
        for col in schema.columns:
            if col.name not in raw.columns:
                continue
            target = col.list_of or col.type
            if target == "destinations":
                _check_destinations(raw[col.name], schema.file, col.name, known["country"],
                                    groups, problems)
            elif target in REFERENCE_TYPES:
                _check_refs(raw[col.name], schema.file, col.name, target, known[target],
                            is_list=col.list_of is not None, problems=problems)


def _key_of(table: str) -> str:
    return table_schemas()[table].key[0]


def _groups(countries: pd.DataFrame | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if countries is None or "groups" not in countries.columns:
        return out
    for code, cell in zip(countries["country"], countries["groups"], strict=True):
        for g in split_list(cell):
            out.setdefault(g, []).append(code)
    return out


def _check_refs(values: Iterable[str], file: str, column: str, target: str,
                known: set[str], *, is_list: bool, problems: list[Problem]) -> None:
    table = REFERENCE_TYPES[target]
    for i, value in enumerate(values):
        items = split_list(value) if is_list else ([value] if value else [])
        for item in items:
            if item not in known:
                problems.append(Problem(file, line_of(i), column, f"unknown_{target}",
                                        f"{target} {item!r} is not in {table}.csv"))


def _check_destinations(values: Iterable[str], file: str, column: str, countries: set[str],
                        groups: Mapping[str, list[str]], problems: list[Problem]) -> None:
    for i, value in enumerate(values):
        if value.strip() == "all":
            continue
        for item in split_list(value):
            if item not in countries and item not in groups:
                problems.append(Problem(file, line_of(i), column, "unknown_group",
                                        f"{item!r} is neither a country in countries.csv "
                                        "nor a group named in its groups column"))


def check_production_le_capacity(raw: pd.DataFrame, problems: list[Problem]) -> None:
    """Production never exceeds capacity in the same row."""
    if not {"capacity_t", "production_t"} <= set(raw.columns):
        return
    for i, (cap, prod) in enumerate(zip(raw["capacity_t"], raw["production_t"], strict=True)):
        c, p = _parse_number(cap, False), _parse_number(prod, False)
        if c is not None and p is not None and p > c * (1 + 1e-9):
            problems.append(Problem("capacity.csv", line_of(i), "production_t",
                                    "production_le_capacity",
                                    f"production_t {prod} exceeds capacity_t {cap}"))


def check_recipes(raws: Mapping[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Recipe inputs come from an earlier stage and are produced somewhere.

    An input ``(input_stage, input_material)`` exists when some country has capacity
    for it, some recipe makes it, or some trade or stockpile row holds it.
    """
    recipes = raws.get("recipes")
    stages = raws.get("stages")
    if recipes is None or stages is None or recipes.empty:
        return
    order = {}
    for s, o in zip(stages["stage"], stages["order"], strict=True):
        x = _parse_number(o, True)
        if x is not None:
            order[s] = x
    produced: set[tuple[str, str]] = set()
    for name in ("capacity", "trade", "stockpiles"):
        t = raws.get(name)
        if t is not None and {"stage", "material"} <= set(t.columns):
            produced.update(zip(t["stage"], t["material"], strict=True))
    if {"stage", "material"} <= set(recipes.columns):
        produced.update(zip(recipes["stage"], recipes["material"], strict=True))
    for i, r in enumerate(recipes.to_dict("records")):
        s, si = r.get("stage", ""), r.get("input_stage", "")
        if s in order and si in order and not order[si] < order[s]:
            problems.append(Problem("recipes.csv", line_of(i), "input_stage",
                                    "recipe_stage_order",
                                    f"input stage {si!r} (order {order[si]:g}) must come "
                                    f"before output stage {s!r} (order {order[s]:g})"))
        inp = (si, r.get("input_material", ""))
        if si in order and inp not in produced:
            problems.append(Problem("recipes.csv", line_of(i), "input_material",
                                    "recipe_input",
                                    f"input {inp[1]!r} at stage {inp[0]!r} is neither produced, "
                                    "traded, stocked nor made by another recipe"))


def check_estimate_notes(raw: pd.DataFrame, problems: list[Problem]) -> None:
    """A source that is an estimate or illustrative says in ``note`` how it was made."""
    if "kind" not in raw.columns:
        return
    for i, (kind, note) in enumerate(zip(raw["kind"], raw["note"], strict=True)):
        if kind in ("estimate", "illustrative") and not note.strip():
            problems.append(Problem("sources.csv", line_of(i), "note", "estimate_note",
                                    f"a source of kind {kind!r} must say in 'note' how its "
                                    "numbers were derived"))


def check_reserves_qualifiers(raw: pd.DataFrame, problems: list[Problem]) -> None:
    """A reserves figure agrees with its qualifier: blank and ``lower-bound`` need a
    figure, ``not-available`` and ``in-world-total`` have none (never a 0 for unknown)."""
    if not {"reserves_t", "qualifier"} <= set(raw.columns):
        return
    for i, (value, q) in enumerate(zip(raw["reserves_t"], raw["qualifier"], strict=True)):
        if q in ("not-available", "in-world-total") and value != "":
            problems.append(Problem("reserves.csv", line_of(i), "reserves_t",
                                    "reserves_qualifier",
                                    f"qualifier {q!r} means the source gives no figure: "
                                    "leave reserves_t blank"))
        elif q in ("", "lower-bound") and value == "":
            problems.append(Problem("reserves.csv", line_of(i), "qualifier",
                                    "reserves_qualifier",
                                    "a blank reserves_t needs qualifier not-available or "
                                    "in-world-total"))


def check_cover(raw: pd.DataFrame, problems: list[Problem]) -> None:
    """Stated cover and targets are ordered ranges: ``cover_low ≤ cover_high``, a
    ``cover_unit`` wherever a cover is given, ``target_days ≤ target_days_max``."""
    for i, r in enumerate(raw.to_dict("records")):
        lo, hi = (_parse_number(r.get(c, ""), False) for c in ("cover_low", "cover_high"))
        if lo is not None and hi is not None and lo > hi:
            problems.append(Problem("stockpiles.csv", line_of(i), "cover_high", "cover_range",
                                    f"cover_high {hi:g} is below cover_low {lo:g}"))
        if (lo is not None or hi is not None) and not r.get("cover_unit", ""):
            problems.append(Problem("stockpiles.csv", line_of(i), "cover_unit", "cover_range",
                                    "a cover needs its unit (days, weeks or months)"))
        t, tmax = (_parse_number(r.get(c, ""), False) for c in ("target_days", "target_days_max"))
        if t is not None and tmax is not None and t > tmax:
            problems.append(Problem("stockpiles.csv", line_of(i), "target_days_max", "cover_range",
                                    f"target_days_max {tmax:g} is below target_days {t:g}"))


def check_feeds(raws: Mapping[str, pd.DataFrame], problems: list[Problem]) -> None:
    """A separation feed names an origin of ``compositions.csv``, the rows of one country
    and stage name one feed good and their shares add up to 1 (within 0.1 %); an
    origin's element shares add up to at most 1."""
    comp = raws.get("compositions")
    shares: dict[str, float] = {}
    if comp is not None and {"origin", "share_of_reo"} <= set(comp.columns):
        for i, (o, v) in enumerate(zip(comp["origin"], comp["share_of_reo"], strict=True)):
            x = _parse_number(v, False)
            shares[o] = shares.get(o, 0.0) + (x or 0.0)
            if shares[o] > 1.0 + 1e-6:
                problems.append(Problem("compositions.csv", line_of(i), "share_of_reo",
                                        "composition_sum",
                                        f"the shares of origin {o!r} add up to "
                                        f"{shares[o]:.4g} > 1"))
                shares[o] = -1e9  # report once
    feeds = raws.get("feeds")
    if feeds is None or feeds.empty or not {"origin", "share_of_feed"} <= set(feeds.columns):
        return
    total: dict[tuple[str, str], tuple[float, int]] = {}
    good: dict[tuple[str, str], tuple[str, str]] = {}
    for i, r in enumerate(feeds.to_dict("records")):
        node = (r.get("country", ""), r.get("stage", ""))
        feed = (r.get("feed_stage", ""), r.get("feed_material", ""))
        if good.setdefault(node, feed) != feed:
            problems.append(Problem("feeds.csv", line_of(i), "feed_material", "feed_good",
                                    f"{node[0]} {node[1]} separates "
                                    f"{good[node][0]}/{good[node][1]} in an earlier row: one "
                                    "node separates one feed good"))
        if r.get("origin", "") not in shares:
            problems.append(Problem("feeds.csv", line_of(i), "origin", "feed_origin",
                                    f"origin {r.get('origin', '')!r} has no rows in "
                                    "compositions.csv"))
        key = (r.get("country", ""), r.get("stage", ""))
        x = _parse_number(r.get("share_of_feed", ""), False) or 0.0
        t, _ = total.get(key, (0.0, i))
        total[key] = (t + x, i)
    for (k, st), (t, i) in total.items():
        if abs(t - 1.0) > 1e-3:
            problems.append(Problem("feeds.csv", line_of(i), "share_of_feed", "feed_shares",
                                    f"the feed shares of {k} {st} add up to {t:.4g}, not 1"))


def check_suspends(raws: Mapping[str, pd.DataFrame], problems: list[Problem]) -> None:
    """A suspension names policies of the same table."""
    pol = raws.get("policies")
    if pol is None or "suspends" not in pol.columns:
        return
    known = set(pol["policy_id"])
    for i, cell in enumerate(pol["suspends"]):
        for pid in split_list(cell):
            if pid not in known:
                problems.append(Problem("policies.csv", line_of(i), "suspends",
                                        "suspends_policy", f"no policy {pid!r} in policies.csv"))


#: Parameters each lifetime distribution needs (``lifetimes.csv``).
LIFETIME_PARAMETERS = {"fixed": ("mean_years",), "normal": ("mean_years", "std_years"),
                       "foldednormal": ("mean_years", "std_years"),
                       "lognormal": ("mean_years", "std_years"),
                       "weibull": ("weibull_shape", "weibull_scale")}


def check_lifetimes(raw: pd.DataFrame, problems: list[Problem]) -> None:
    """A lifetime row gives every parameter its distribution needs, each above zero."""
    for i, row in raw.iterrows():
        for col in LIFETIME_PARAMETERS.get(str(row.get("distribution", "")), ()):
            value = _parse_number(str(row.get(col, "")), integer=False)
            if value is None or value <= 0:
                problems.append(Problem("lifetimes.csv", line_of(int(i)), col,
                                        "lifetime_parameters",
                                        f"a {row['distribution']} lifetime needs {col} above 0"))


def check_rate_ranges(raw: pd.DataFrame, problems: list[Problem]) -> None:
    """An end-of-life rate lies inside its published range: rate_low ≤ rate ≤ rate_high."""
    for i, row in raw.iterrows():
        rate = _parse_number(str(row.get("rate", "")), integer=False)
        low = _parse_number(str(row.get("rate_low", "")), integer=False)
        high = _parse_number(str(row.get("rate_high", "")), integer=False)
        if rate is None:
            continue
        if (low is not None and low > rate) or (high is not None and rate > high):
            problems.append(Problem("eol_rates.csv", line_of(int(i)), "rate", "rate_range",
                                    f"rate {rate:g} lies outside its range "
                                    f"[{row.get('rate_low', '')}, {row.get('rate_high', '')}]"))


def check_dataset(raws: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Run every check on the raw (all-text) tables; return the problems found."""
    problems: list[Problem] = []
    schemas = table_schemas()
    for name, raw in raws.items():
        schema = schemas[name]
        check_columns(raw, schema, problems)
        check_cells(raw, schema, problems)
        check_duplicate_keys(raw, schema, problems)
    check_references(raws, problems)
    if "capacity" in raws:
        check_production_le_capacity(raws["capacity"], problems)
    check_recipes(raws, problems)
    check_feeds(raws, problems)
    check_suspends(raws, problems)
    if "sources" in raws:
        check_estimate_notes(raws["sources"], problems)
    if "reserves" in raws:
        check_reserves_qualifiers(raws["reserves"], problems)
    if "stockpiles" in raws:
        check_cover(raws["stockpiles"], problems)
    if "lifetimes" in raws:
        check_lifetimes(raws["lifetimes"], problems)
    if "eol_rates" in raws:
        check_rate_ranges(raws["eol_rates"], problems)
    return problems
