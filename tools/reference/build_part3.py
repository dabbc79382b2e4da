# ruff: noqa: E501, F403, F405 -- data tables (long literal lines); the parts chain with star imports; CLI prints
"""Part 3: materials, stages, countries and capacity."""
from build_part2 import *  # noqa
import pycountry
from wgi import WGI_2023, scaled

# ---------------------------------------------------------------- materials
REE_NAMES = {"La": "Lanthanum", "Ce": "Cerium", "Pr": "Praseodymium", "Nd": "Neodymium",
             "Sm": "Samarium", "Eu": "Europium", "Gd": "Gadolinium", "Tb": "Terbium",
             "Dy": "Dysprosium", "Ho": "Holmium", "Er": "Erbium", "Tm": "Thulium",
             "Yb": "Ytterbium", "Lu": "Lutetium", "Y": "Yttrium", "Sc": "Scandium"}
LREE = {"La", "Ce", "Pr", "Nd", "Sm", "Eu"}
materials = []
for el, name in REE_NAMES.items():
    group = "LREE" if el in LREE else ("REE-other" if el == "Sc" else "HREE")
    materials.append(dict(material=el, name=name, group=group, basis="element",
                          element_per_oxide=epo(el), oxide=OXNAME[el], source_id="est-oxide-factors"))
materials += [
    dict(material="NdPr", name="Neodymium-praseodymium (didymium)", group="LREE", basis="element",
         element_per_oxide=NDPR_EPO, oxide="NdPr oxide (Nd2O3+Pr6O11)", source_id="est-ndpr-factor"),
    dict(material="REO", name="Total rare-earth oxide (mixed)", group="REE-mix", basis="oxide",
         element_per_oxide="", oxide="mixed REO equivalent", source_id="usgs-mcs2025-ree"),
    dict(material="NdFeB", name="Sintered neodymium-iron-boron magnet", group="magnet", basis="product",
         element_per_oxide="", oxide="", source_id="couragemagnet-ndfeb"),
    dict(material="SmCo", name="Samarium-cobalt magnet", group="magnet", basis="product",
         element_per_oxide="", oxide="", source_id="est-smco-recipe"),
    dict(material="Fe", name="Iron", group="magnet-input", basis="element", element_per_oxide="", oxide="", source_id="couragemagnet-ndfeb"),
    dict(material="B", name="Boron", group="magnet-input", basis="element", element_per_oxide="", oxide="", source_id="couragemagnet-ndfeb"),
    dict(material="Li", name="Lithium", group="battery", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-lithium"),
    dict(material="Co", name="Cobalt", group="battery", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-cobalt"),
    dict(material="Ni", name="Nickel", group="battery", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-nickel"),
    dict(material="graphite", name="Natural graphite", group="battery", basis="product", element_per_oxide="", oxide="", source_id="usgs-mcs2025-graphite"),
    dict(material="Cu", name="Copper", group="base-metal", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-copper"),
    dict(material="Ga", name="Gallium", group="semiconductor", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-gallium"),
    dict(material="Ge", name="Germanium", group="semiconductor", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-germanium"),
    dict(material="Sb", name="Antimony", group="defense", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-antimony"),
    dict(material="W", name="Tungsten", group="defense", basis="element", element_per_oxide="", oxide="", source_id="usgs-mcs2025-tungsten"),
]

stages = [
    dict(stage="mining", order=1, description="Mine production of ore concentrate. Rare earths: t of rare-earth oxide (REO equivalent, material REO; per-element rows would be t of that element's oxide). Other minerals: t of contained element (Li, Co, Ni, Cu, Sb, W) or t of natural graphite, as in USGS."),
    dict(stage="separation", order=2, description="Separation of rare earths into individual oxides or compounds. Tonnes of contained element (oxide t x element_per_oxide), except material REO, which counts t REO equivalent of mixed compounds (USGS 'compounds and metals' and China's separation quota)."),
    dict(stage="refining", order=2, description="Refining of non-rare-earth minerals to metal, chemical or refined product (refined copper, primary low-purity gallium, cobalt/lithium chemicals, spherical graphite). Tonnes of contained element, or t of product for graphite."),
    dict(stage="metal", order=3, description="Rare-earth metal and alloy (e.g. NdPr metal, DyFe). Tonnes of contained element."),
    dict(stage="magnet", order=4, description="Permanent magnets (sintered NdFeB, SmCo). Tonnes of magnet product."),
]

# ---------------------------------------------------------------- countries
G7 = {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}
EU27 = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
        "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"}
MSP = {"AUS", "CAN", "EST", "FIN", "FRA", "DEU", "IND", "ITA", "JPN", "KOR", "NOR", "SWE", "GBR", "USA"}
QUAD = {"AUS", "IND", "JPN", "USA"}
OTHERS = {"CHN", "MMR", "MYS", "VNM", "THA", "NGA", "RUS", "MDG", "BRA", "ARG", "CHL", "NAM", "ZWE",
          "COD", "CUB", "IDN", "NCL", "PNG", "PHL", "TUR", "PRK", "MEX", "MOZ", "LKA", "TZA", "UKR",
          "KAZ", "PER", "ZMB", "BOL", "GTM", "IRN", "KGZ", "LAO", "PAK", "TJK", "RWA", "BEL"}
NAMES = {"XOT": "Other countries (rest-of-world row of a source)",
         "XWL": "World (aggregate row: projections and published world totals; never add to country rows)"}
countries = []
for code in sorted(G7 | EU27 | MSP | QUAD | OTHERS):
    c = pycountry.countries.get(alpha_3=code)
    name = getattr(c, "common_name", None) or c.name
    gs = [g for g, s in (("G7", G7), ("EU27", EU27), ("MSP", MSP), ("QUAD", QUAD)) if code in s]
    countries.append(dict(country=code, name=name, wgi_scaled=scaled(code), groups=";".join(gs),
                          source_id="est-wgi-scaled" if code in WGI_2023 else "",
                          groups_source_id="group-membership;msp-members" if gs else "",
                          wgi_mean_2023=round(sum(WGI_2023[code]) / 6, 4) if code in WGI_2023 else ""))
for code, name in NAMES.items():
    countries.append(dict(country=code, name=name, wgi_scaled="", groups="", source_id="", groups_source_id=""))

# ---------------------------------------------------------------- capacity
cap_rows = []


def cap(country, stage, material, year, production=None, capacity=None, source="", note="", capacity_source=""):
    cap_rows.append(dict(country=country, stage=stage, material=material, year=year,
                         capacity_t="" if capacity is None else capacity,
                         production_t="" if production is None else production,
                         source_id=source, capacity_source_id=capacity_source, note=note))


def usgs_table(material, stage, source, rows, scale=1.0, note=""):
    for code, v23, v24 in rows:
        for yr, v in ((2023, v23), (2024, v24)):
            if v is None:
                continue
            cap(code, stage, material, yr, production=round(v * scale, 3), source=source, note=note)


# Rare earths, mine production, t REO: 2023 from MCS 2025, 2024 as revised by MCS 2026 (MCS 2025's
# China-import estimates missed Lynas' own feed in Australia and overstated Nigeria and Thailand)
REE_ROWS = [("USA", 41_600, 45_500), ("AUS", 16_000, 29_000), ("BRA", 140, 560), ("MMR", 43_000, 27_000),
            ("CHN", 255_000, 270_000), ("IND", 2_900, 2_900), ("MDG", 2_100, 1_400), ("MYS", 310, 140),
            ("NGA", 7_200, 1_500), ("RUS", 2_500, 2_600), ("THA", 3_600, 2_100), ("VNM", 300, 300),
            ("XOT", 1_440, 1_000)]
REE_MCS2025_2024 = {"USA": 45_000, "AUS": 13_000, "BRA": 20, "MMR": 31_000, "CHN": 270_000, "IND": 2_900,
                    "MDG": 2_000, "MYS": 130, "NGA": 13_000, "RUS": 2_500, "THA": 13_000, "VNM": 300, "XOT": 1_100}
usgs_table("REO", "mining", "usgs-mcs2025-ree", [(c, v23, None) for c, v23, _ in REE_ROWS],
           note="USGS MCS 2025; China = production quota (excludes undocumented output); AUS, MMR, MDG, MYS, NGA, THA, VNM estimated by USGS from China's reported imports")
for code, _, v24 in REE_ROWS:
    cap(code, "mining", "REO", 2024, production=v24, source="usgs-mcs2026-ree",
        note=f"USGS MCS 2026 (2024 revised; MCS 2025 gave {REE_MCS2025_2024[code]:,} t); China = production quota"
        + ("; estimated by USGS from China's reported imports" if code in ("MMR", "MDG", "MYS", "THA", "VNM") else ""))
for yr, v in ((2020, 39_000), (2021, 42_400), (2022, 42_500)):
    cap("USA", "mining", "REO", yr, production=v, source="usgs-mcs2025-ree", note="US salient statistics, mineral concentrates (excludes monazite 2021-24)")
# US separated compounds and metals (t REO)
for yr, v, note in ((2021, 120, "reported compounds and metals"), (2022, 95, "reported compounds and metals"),
                    (2023, 1_920, "total domestic compounds and metals (USGS footnote 3)"),
                    (2024, 7_600, "total domestic compounds and metals (USGS footnote 3)")):
    cap("USA", "separation", "REO", yr, production=v, source="usgs-mcs2025-ree", note=note + "; t REO")

# Rare-earth separation, metal and magnet 2024 (estimates)
cap("USA", "separation", "NdPr", 2024, production=USA_NDPR_SEP_2024, source="est-mp-ndpr-2024", note="MP Materials, Mountain Pass")
cap("MYS", "separation", "NdPr", 2024, production=MYS_NDPR_SEP_2024, capacity=MYS_NDPR_CAP_2024, source="est-lynas-ndpr-2024", note="Lynas Malaysia (feed from Mt Weld, AUS)")
cap("MYS", "separation", "NdPr", 2025, production=MYS_NDPR_SEP_2025, capacity=MYS_NDPR_CAP_2025, source="est-lynas-ndpr-2024",
    note="Lynas Malaysia; production = Lynas financial year July 2024 - June 2025 (the latest full year reported), capacity 10,500 t/yr oxide")
cap("CHN", "separation", "NdPr", 2024, production=CHN_NDPR_SEP_2024, source="est-sep-china-2024", note="residual of the world estimate")
cap("CHN", "separation", "Dy", 2024, production=WORLD_DY_NEED, source="est-sep-china-2024", note="all world Dy separation in 2024")
cap("CHN", "separation", "Tb", 2024, production=WORLD_TB_NEED, source="est-sep-china-2024", note="all world Tb separation in 2024")
cap("CHN", "separation", "Sm", 2024, source="est-sep-china-2024", note="China separates Sm; quantity not public")
cap("CHN", "separation", "REO", 2024, capacity=254_000, source="usgs-mcs2025-ree", capacity_source="china-quota-2024",
    note="2024 smelting and separation quota used as a capacity ceiling; output not public")
# metal and magnet rows by country: build_part6 (the coalition's magnet chain)

# Other minerals, mine production 2023-2024 (USGS MCS 2025)
usgs_table("Li", "mining", "usgs-mcs2025-lithium", [
    ("ARG", 8_630, 18_000), ("AUS", 91_700, 88_000), ("BRA", 5_260, 10_000), ("CAN", 3_240, 4_300),
    ("CHL", 41_400, 49_000), ("CHN", 35_700, 41_000), ("NAM", 2_700, 2_700), ("PRT", 380, 380),
    ("ZWE", 14_900, 22_000)], note="t Li content; world total (204,000 / 240,000) excludes US production, which is withheld")
for yr in (2023, 2024):
    cap("USA", "mining", "Li", yr, source="usgs-mcs2025-lithium", note="withheld (W) by USGS to avoid disclosing company data")
usgs_table("Co", "mining", "usgs-mcs2025-cobalt", [
    ("USA", 500, 300), ("AUS", 5_220, 3_600), ("CAN", 4_220, 4_500), ("COD", 175_000, 220_000),
    ("CUB", 3_300, 3_500), ("IDN", 19_000, 28_000), ("MDG", 4_000, 2_600), ("NCL", 2_570, 1_500),
    ("PNG", 3_070, 2_800), ("PHL", 3_800, 3_800), ("RUS", 8_700, 8_700), ("TUR", 2_500, 2_700),
    ("XOT", 6_080, 6_200)], note="t Co content")
for yr, v in ((2020, 600), (2021, 650), (2022, 500)):
    cap("USA", "mining", "Co", yr, production=v, source="usgs-mcs2025-cobalt", note="US salient statistics")
usgs_table("Ni", "mining", "usgs-mcs2025-nickel", [
    ("USA", 16_400, 8_000), ("AUS", 149_000, 110_000), ("BRA", 82_700, 77_000), ("CAN", 159_000, 190_000),
    ("CHN", 117_000, 120_000), ("IDN", 2_030_000, 2_200_000), ("NCL", 231_000, 110_000),
    ("PHL", 413_000, 330_000), ("RUS", 210_000, 210_000), ("XOT", 340_000, 300_000)], note="t Ni content")
for yr, v in ((2020, 16_700), (2021, 18_400), (2022, 17_500)):
    cap("USA", "mining", "Ni", yr, production=v, source="usgs-mcs2025-nickel", note="US salient statistics")
usgs_table("graphite", "mining", "usgs-mcs2025-graphite", [
    ("AUT", 500, 500), ("BRA", 66_300, 68_000), ("CAN", 5_470, 20_000), ("CHN", 1_210_000, 1_270_000),
    ("DEU", 180, 170), ("IND", 25_600, 27_800), ("PRK", 8_100, 8_100), ("KOR", 9_620, 9_600),
    ("MDG", 63_000, 89_000), ("MEX", 1_300, 900), ("MOZ", 98_000, 75_000), ("NOR", 6_480, 7_000),
    ("RUS", 15_000, 20_000), ("LKA", 3_000, 3_300), ("TZA", 13_200, 25_000), ("TUR", 2_800, 3_100),
    ("UKR", 1_670, 1_200), ("VNM", 2_500, 2_000)], note="t natural graphite")
CU_MINE = [("USA", 1_130, 1_100), ("AUS", 778, 800), ("CAN", 500, 450), ("CHL", 5_250, 5_300),
           ("CHN", 1_820, 1_800), ("COD", 2_930, 3_300), ("IND", 27, 30), ("IDN", 907, 1_100),
           ("KAZ", 740, 740), ("MEX", 699, 700), ("PER", 2_760, 2_600), ("POL", 395, 410),
           ("RUS", 890, 930), ("ZMB", 712, 680), ("XOT", 3_020, 2_700)]
usgs_table("Cu", "mining", "usgs-mcs2025-copper", CU_MINE, scale=1000, note="thousand t Cu converted to t")
CU_REF = [("USA", 882, 890), ("AUS", 442, 460), ("CAN", 315, 320), ("CHL", 2_080, 1_900),
          ("CHN", 12_000, 12_000), ("COD", 2_170, 2_500), ("DEU", 609, 630), ("IND", 509, 510),
          ("IDN", 225, 350), ("JPN", 1_490, 1_600), ("KAZ", 458, 470), ("KOR", 604, 620),
          ("MEX", 509, 350), ("PER", 403, 390), ("POL", 592, 590), ("RUS", 1_000, 960),
          ("ZMB", 222, 170), ("XOT", 2_460, 2_500)]
usgs_table("Cu", "refining", "usgs-mcs2025-copper", CU_REF, scale=1000, note="refinery production, thousand t Cu converted to t")
for yr, m, r in ((2020, 1_200, 915), (2021, 1_230, 971), (2022, 1_230, 970)):
    cap("USA", "mining", "Cu", yr, production=m * 1000, source="usgs-mcs2025-copper", note="US salient statistics, mine recoverable")
    cap("USA", "refining", "Cu", yr, production=r * 1000, source="usgs-mcs2025-copper", note="US refinery primary + secondary (sum of the two salient-statistics lines)")
# Gallium, primary low-purity production and capacity (kg -> t)
for code, v23, v24, c24 in (("CHN", 621_000, 750_000, 1_000_000), ("JPN", 3_000, 3_000, 10_000),
                            ("KOR", 3_000, 3_000, 16_000), ("RUS", 6_000, 6_000, 10_000),
                            ("XOT", 0, 0, None)):
    cap(code, "refining", "Ga", 2023, production=v23 / 1000, source="usgs-mcs2025-gallium", note="primary low-purity Ga, kg converted to t")
    cap(code, "refining", "Ga", 2024, production=v24 / 1000, capacity=None if c24 is None else c24 / 1000, source="usgs-mcs2025-gallium",
        note="primary low-purity Ga, kg converted to t" + ("" if c24 else "; the 88 t/yr of USGS 'capacity' here are idle plants in DEU, HUN, KAZ, UKR: facilities.csv, idle-primary-gallium"))
cap("CHN", "refining", "Ge", 2024, source="usgs-mcs2025-germanium", note="China is the leading producer; USGS publishes no country production data")
usgs_table("Sb", "mining", "usgs-mcs2025-antimony", [
    ("AUS", 1_860, 2_000), ("BOL", 3_700, 3_700), ("MMR", 4_500, 4_500), ("CHN", 62_300, 60_000),
    ("GTM", 49, 50), ("IRN", 500, 500), ("KAZ", 40, 40), ("KGZ", 20, 20), ("LAO", 200, 200),
    ("MEX", 800, 800), ("PAK", 250, 250), ("RUS", 13_000, 13_000), ("TJK", 17_000, 17_000),
    ("TUR", 1_600, 1_600), ("VNM", 300, 300)], note="t Sb content; USGS lists no 'other' row")
usgs_table("W", "mining", "usgs-mcs2025-tungsten", [
    ("AUS", 430, 1_000), ("AUT", 850, 800), ("BOL", 1_500, 1_600), ("CHN", 66_000, 67_000),
    ("PRK", 1_600, 1_700), ("PRT", 450, 500), ("RUS", 2_000, 2_000), ("RWA", 1_200, 1_200),
    ("ESP", 650, 700), ("VNM", 3_500, 3_400), ("XOT", 1_320, 1_500)], note="t W content")
