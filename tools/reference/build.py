# ruff: noqa: E501, F403, F405 -- data tables (long literal lines); the parts chain with star imports; CLI prints
"""Write the bundled reference dataset (src/critmin/data/reference/).

Run from anywhere:  python tools/reference/build.py [--out DIR]

The parts are read in order: build_part1 (constants and sources), build_part2 (more
sources), build_part3 (materials, stages, countries, capacity), build_part4 (trade,
recipes, demand, stockpiles, facilities, policies, prices, intensities), build_part5
(second pass: ore compositions, element-level mining, sector demand, baseline fixes),
build_part6 (data v2: the coalition's magnet chain; Ga, Ge and graphite of Japan and Korea).
Every number is written with its source_id; estimates are derived here with the formula
stated in their source note (see docs/reference-dataset.md).
"""
import csv
import os
import sys

import yaml

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
if "--out" in sys.argv:
    os.environ["CRITMIN_REFERENCE_OUT"] = os.path.abspath(sys.argv[sys.argv.index("--out") + 1])
from build_part6 import *  # noqa: E402

SCHEMA_DIR = str(REPO_ROOT / "src" / "critmin" / "data" / "schema")


def fmt(v):
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        s = f"{v:.6f}".rstrip("0").rstrip(".")
        return s
    return "" if v is None else str(v)


def write(table, rows):
    with open(os.path.join(SCHEMA_DIR, f"{table}.csv"), newline="") as fh:
        cols = [r["column"] for r in csv.DictReader(fh)]
    extra = []
    for r in rows:
        extra += [k for k in r if k not in cols and k not in extra]
    header = cols + extra
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f"{table}.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([fmt(r.get(c, "")) for c in header])


# reserves and the dated stockpile/inventory rows: adds sources, countries, the material
# "basket" and stockpile rows in place, so it runs before any table is written
from build_stocks import add_stocks  # noqa: E402

reserves = add_stocks()

# observations of 2025 for `critmin backtest` (and their sources)
from build_observations import add_observations  # noqa: E402

observations = add_observations(sources, sec)

# model v2: ramp rates, the elasticity's sources, price observations of 2025
from build_model_v2 import add_model_v2, link_policies  # noqa: E402

ramps = add_model_v2(sources, src, est, observations)
policies = link_policies(policies)

# the dynamic MFA of NdFeB (critmin stocks): lifetimes, end-of-life rates, element contents
# and the published world outputs of sintered NdFeB (the inflow history)
from build_mfa import add_mfa  # noqa: E402

mfa = add_mfa(sources, src)
world_totals = world_totals + mfa["world_ndfeb"]

write("sources", sorted(sources, key=lambda r: (r["kind"] != "primary", r["source_id"])))
write("materials", materials)
write("stages", stages)
write("countries", countries)
write("capacity", cap_rows)
write("trade", trade)
write("recipes", recipes)
write("demand", demand)
write("stockpiles", stockpiles)
write("facilities", fac_rows)
write("policies", policies)
write("prices", prices)
write("intensities", intensities)
write("compositions", compositions)
write("feeds", feeds)
write("world_totals", world_totals)
write("reserves", reserves)
write("observations", observations)
write("ramps", ramps)
write("lifetimes", mfa["lifetimes"])
write("eol_rates", mfa["eol_rates"])
write("contents", mfa["contents"])

meta = {
    "name": "critmin-reference",
    "version": "2026.12.1",
    "description": ("Bundled reference dataset of critmin: USGS Mineral Commodity Summaries 2025 country "
                    "production for rare earths, Li, Co, Ni, graphite, Cu, Ga, Sb, W (2023-2024, US 2020-2024); "
                    "a sourced 2024 rare-earth chain for NdPr, Dy, Tb and NdFeB with producers' capacity and output, "
                    "Japan's, Korea's and Vietnam's supply by origin, China's magnet exports by destination and NdFeB "
                    "demand by country and application adding up to world output (estimates documented in sources.csv); "
                    "gallium, germanium and graphite demand of Japan and Korea; "
                    "published ore compositions and element-level Dy/Tb mine production tracing heavy rare earths to "
                    "their deposits; "
                    "US import sources, facilities outside China, Chinese export controls 2023-2026, allied "
                    "frameworks, stockpile rules and prices 2020-2024. See docs/reference-dataset.md for coverage, "
                    "methods and gaps."),
    "base_year": 2024,
}
with open(os.path.join(OUT, "dataset.yaml"), "w", encoding="utf-8") as fh:
    yaml.safe_dump(meta, fh, sort_keys=False, allow_unicode=True, width=100)
print("written", OUT)
print("world NdFeB", WORLD_NDFEB_2024, "NdPr", WORLD_NDPR_NEED, "Dy", WORLD_DY_NEED, "CHN NdPr", CHN_NDPR_SEP_2024,
      "share", CHN_NDPR_SEP_2024 / WORLD_NDPR_NEED, "sep input", SEP_NDPR_REO_INPUT, "USA", USA_NDPR_SEP_2024, "MYS", MYS_NDPR_SEP_2024)
