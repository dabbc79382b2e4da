# ruff: noqa: E501, F403, F405 -- data tables (long literal lines); the parts chain with star imports; CLI prints
"""Part 4: trade, recipes, demand, stockpiles, facilities, policies, prices, intensities; write."""
from build_part3 import *

sec("china-quota-2024", "China 2024 rare-earth quotas", "Reuters (20 Aug 2024), as carried by energynews.oedigital.com; first read via Mining.com / Mexico Business News", 2024,
    "https://energynews.oedigital.com/mining/2024/08/20/chinas-yeartodate-uncommon-earths-mining-output-quota-rises-59-from-2023-overall", "China 2024 quotas: mining 270,000 t REO; smelting and separation 254,000 t REO. USGS uses the mining quota as China's production.", "Reuters report of 20 Aug 2024 read 2026-12 via the search index at this address: second 2024 batch of 135,000 t bringing the year to 270,000 t of mining and 254,000 t of smelting and separation quota, confirmed (same text at https://starfeu.com/?p=5920). The Mining.com / Mexico Business News item first used was not found again; the MIIT notice itself was not read")

# ---------------------------------------------------------------- trade
trade = []


def tr(exporter, importer, stage, material, year, q, source, note="", basis=""):
    trade.append(dict(exporter=exporter, importer=importer, stage=stage, material=material, year=year,
                      quantity_t=round(q, 3), source_id=source, note=note, basis=basis))


US_IMPORTS = [
    # (material, stage, base source, {year: quantity t}, {exporter: share}, note)
    ("REO", "separation", "usgs-mcs2025-ree",
     {2020: 6_510 + 363, 2021: 7_690 + 580, 2022: 10_700 + 487, 2023: 8_920 + 476},
     {"CHN": 0.70, "MYS": 0.13, "JPN": 0.06, "EST": 0.05, "XOT": 0.06},
     "compounds + rare-earth metals (t REO); CHN includes Hong Kong; MYS/JPN/EST material derived from Australian, Chinese and other concentrates"),
    ("Li", "refining", "usgs-mcs2025-lithium", {2020: 2_460, 2021: 2_640, 2022: 3_260, 2023: 3_390},
     {"CHL": 0.50, "ARG": 0.47, "XOT": 0.03}, "imports for consumption, t Li content"),
    ("Co", "refining", "usgs-mcs2025-cobalt", {2020: 9_740, 2021: 9_790, 2022: 10_500, 2023: 9_500},
     {"NOR": 0.27, "FIN": 0.17, "JPN": 0.14, "CAN": 0.13, "XOT": 0.29}, "imports for consumption, t Co; shares are for metal, oxide and salts"),
    ("Ni", "refining", "usgs-mcs2025-nickel", {2020: 105_000, 2021: 108_000, 2022: 127_000, 2023: 112_000, 2024: 100_000},
     {"CAN": 0.46, "NOR": 0.11, "AUS": 0.08, "BRA": 0.06, "XOT": 0.29}, "primary nickel imports, t Ni"),
    ("graphite", "mining", "usgs-mcs2025-graphite", {2020: 36_000, 2021: 53_000, 2022: 89_200, 2023: 73_500, 2024: 60_000},
     {"CHN": 0.43, "CAN": 0.13, "MEX": 0.13, "MOZ": 0.13, "XOT": 0.18}, "natural graphite imports, t; CHN includes Hong Kong"),
    ("Cu", "refining", "usgs-mcs2025-copper", {2020: 676_000, 2021: 919_000, 2022: 732_000, 2023: 771_000},
     {"CHL": 0.65, "CAN": 0.17, "MEX": 0.09, "PER": 0.06, "XOT": 0.03}, "refined copper imports, t Cu"),
    ("Ga", "refining", "usgs-mcs2025-gallium", {2020: 4.43, 2021: 8.89, 2022: 11.35, 2023: 11.4},
     {"JPN": 0.24, "CHN": 0.19, "DEU": 0.19, "CAN": 0.17, "XOT": 0.21}, "gallium metal imports, kg converted to t"),
    ("Ge", "refining", "usgs-mcs2025-germanium", {2020: 26.0, 2021: 30.0, 2022: 29.0, 2023: 36.0},
     {"BEL": 0.42, "CAN": 0.23, "CHN": 0.23, "DEU": 0.07, "XOT": 0.05}, "germanium metal + dioxide imports (Ge content), kg converted to t"),
    ("Sb", "refining", "usgs-mcs2025-antimony", {2020: 20_200, 2021: 26_070, 2022: 23_410, 2023: 20_060, 2024: 20_000 + 4_100},
     {"CHN": 0.63, "BEL": 0.08, "IND": 0.06, "BOL": 0.05, "XOT": 0.18}, "oxide + unwrought metal and powder imports, t Sb; CHN includes Hong Kong"),
    ("W", "refining", "usgs-mcs2025-tungsten", {2020: 10_680, 2021: 12_100, 2022: 14_430, 2023: 11_640},
     {"CHN": 0.27, "DEU": 0.14, "BOL": 0.08, "VNM": 0.08, "XOT": 0.43}, "ores, concentrates and other forms, t W; recorded at refining because other forms are ~85% of the tonnage"),
]
for material, stage, base, qty, shares, note in US_IMPORTS:
    for yr, total in qty.items():
        for exp, share in shares.items():
            tr(exp, "USA", stage, material, yr, total * share, "est-us-imports-by-source",
               f"{share:.0%} (2020-23 share) x {total:g} t US imports {yr} ({base}); {note}")

# Flake is part of all natural graphite (the mining-stage good) and Ge metal part of metal +
# dioxide: those rows are `partial`, kept for reference and out of the model's trade.
for (material, stage, jan_aug, shares, base, basis) in (
        ("graphite", "mining", 38_200, {"KOR": 0.21, "JPN": 0.20, "DEU": 0.17, "USA": 0.06}, "usgs-mcs2025-graphite (flake concentrate only)", "partial"),
        ("graphite", "refining", 25_500, {"KOR": 0.49, "JPN": 0.29, "USA": 0.19}, "usgs-mcs2025-graphite (spherical)", ""),
        ("Ge", "refining", 16.7, {"BEL": 0.33, "DEU": 0.32, "RUS": 0.25, "JPN": 0.06}, "usgs-mcs2025-germanium (Ge metal only, kg converted to t)", "partial")):
    for imp, share in shares.items():
        tr("CHN", imp, stage, material, 2024, jan_aug * 12 / 8 * share, "est-cn-exports-2024",
           f"{jan_aug:g} t Jan-Aug 2024 x 12/8 x {share:.0%}; {base}", basis=basis)

# ---------------------------------------------------------------- recipes
recipes = [
    dict(stage="separation", material="NdPr", input_stage="mining", input_material="REO", input_t_per_t=SEP_NDPR_REO_INPUT, source_id="est-sep-ndpr-input"),
    dict(stage="metal", material="NdPr", input_stage="separation", input_material="NdPr", input_t_per_t=1.0, source_id="est-metal-from-oxide"),
    dict(stage="metal", material="Dy", input_stage="separation", input_material="Dy", input_t_per_t=1.0, source_id="est-metal-from-oxide"),
    dict(stage="metal", material="Tb", input_stage="separation", input_material="Tb", input_t_per_t=1.0, source_id="est-metal-from-oxide"),
    dict(stage="metal", material="Sm", input_stage="separation", input_material="Sm", input_t_per_t=1.0, source_id="est-metal-from-oxide"),
    dict(stage="magnet", material="NdFeB", input_stage="metal", input_material="NdPr", input_t_per_t=NDFEB_NDPR, source_id="est-ndfeb-recipe"),
    dict(stage="magnet", material="NdFeB", input_stage="metal", input_material="Dy", input_t_per_t=NDFEB_DY, source_id="est-ndfeb-recipe"),
    dict(stage="magnet", material="NdFeB", input_stage="metal", input_material="Tb", input_t_per_t=NDFEB_TB, source_id="est-ndfeb-recipe"),
    dict(stage="magnet", material="SmCo", input_stage="metal", input_material="Sm", input_t_per_t=SMCO_SM, source_id="est-smco-recipe"),
    dict(stage="magnet", material="SmCo", input_stage="refining", input_material="Co", input_t_per_t=SMCO_CO, source_id="est-smco-recipe"),
]

# ---------------------------------------------------------------- demand
demand = []


def dem(country, sector, stage, material, year, t, source, outlook="", note=""):
    demand.append(dict(country=country, sector=sector, stage=stage, material=material, year=year,
                       demand_t=round(t, 3), outlook=outlook, source_id=source, note=note))


dem("USA", "defense", "magnet", "NdFeB", 2012, 175, "dod-ndfeb-2012", note="2012 DoD assessment")
# 2024 NdFeB demand by country and application: build_part6
for yr, kt, src_id, outlook in ((2030, 131, "est-demand-outlook", "IEA-APS"), (2050, 181, "est-demand-outlook", "IEA-APS"),
                                (2035, 176, "est-demand-outlook", "McKinsey-2025")):
    dem("XWL", "other", "magnet", "NdFeB", yr, kt * 1000 / NDFEB_REE, src_id, outlook=outlook,
        note=f"{kt} kt magnet REE / {NDFEB_REE} (all sectors)")
# US antimony: apparent consumption (USGS footnote 2) = secondary production from old scrap + imports of oxide and
# unwrought metal - exports. The secondary part has no supply row, so the demand row keeps the rest (second pass).
US_SB_APPARENT = {2020: 22_400, 2021: 27_800, 2022: 23_900, 2023: 20_300, 2024: 24_000}
US_SB_SECONDARY = {2020: 3_520, 2021: 4_050, 2022: 4_100, 2023: 3_490, 2024: 3_500}
est("est-us-sb-primary", "US antimony consumption met from imported (primary) material, 2020-2024",
    "demand = apparent consumption (22,400; 27,800; 23,900; 20,300; 24,000 t Sb) - secondary smelter production from old scrap "
    "(3,520; 4,050; 4,100; 3,490; 3,500 t), both from the salient statistics of usgs-mcs2025-antimony = 18,880; 23,750; 19,800; "
    "16,810; 20,500 t for 2020-2024. USGS defines apparent consumption as secondary production + imports - exports of oxide and "
    "unwrought metal; the secondary part is met from domestic scrap, which has no supply row in this dataset, so it is left out "
    "(as for nickel, whose demand row is the published apparent primary consumption).", anchor="baseline-consistency")
# US apparent consumption (all end uses; USGS gives no sector shares)
US_APPARENT = [
    ("REO", "separation", "usgs-mcs2025-ree", {2020: 6_490, 2021: 7_900, 2022: 10_200, 2023: 10_100, 2024: 6_600}, "apparent consumption of compounds and metals, t REO; leading end use catalysts"),
    ("Co", "refining", "usgs-mcs2025-cobalt", {2020: 8_480, 2021: 6_650, 2022: 7_150, 2023: 6_440, 2024: 8_500}, "apparent consumption incl. secondary, t Co"),
    ("Ni", "refining", "usgs-mcs2025-nickel", {2020: 94_100, 2021: 97_500, 2022: 120_000, 2023: 100_000, 2024: 84_000},
     "apparent primary consumption (USGS footnote 2: primary imports - primary exports +/- stock changes), t Ni. The secondary part "
     "(reported consumption of purchased scrap: 110,000; 100,000; 97,000; 90,000; 92,000 t) is met from domestic scrap, which has no "
     "supply row here, so it is left out; apparent total consumption incl. scrap was 205,000; 198,000; 210,000; 190,000; 180,000 t"),
    ("graphite", "mining", "usgs-mcs2025-graphite", {2020: 30_000, 2021: 44_300, 2022: 79_700, 2023: 65_700, 2024: 52_000}, "apparent consumption of natural graphite, t"),
    ("Cu", "refining", "usgs-mcs2025-copper", {2020: 1_660_000, 2021: 1_960_000, 2022: 1_820_000, 2023: 1_690_000, 2024: 1_800_000}, "apparent consumption of primary refined copper and old scrap, t Cu"),
    ("Ga", "refining", "usgs-mcs2025-gallium", {2020: 15.7, 2021: 17.1, 2022: 19.7, 2023: 19.2, 2024: 19.0}, "reported consumption, kg converted to t"),
    ("Sb", "refining", "est-us-sb-primary", {y: US_SB_APPARENT[y] - US_SB_SECONDARY[y] for y in US_SB_APPARENT},
     "apparent consumption less secondary smelter output from old scrap (est-us-sb-primary), t Sb"),
    ("Ge", "refining", "usgs-mcs2025-germanium", {2020: 30.0, 2021: 30.0}, "estimated consumption, kg converted to t"),
]
for material, stage, src_id, values, note in US_APPARENT:
    for yr, v in values.items():
        dem("USA", "other", stage, material, yr, v, src_id, note=note + "; all end uses (no sector split published)")

# ---------------------------------------------------------------- stockpiles
stockpiles = [
    dict(country="JPN", holder="JOGMEC", stage="separation", material="REO", quantity_t="", max_release_t_per_year="", target_days=60,
         source_id="iea-policy-16639", note="national rare-metal stockpile, 34 rare metals; target 60 days, up to 180 days for high-risk minerals; holdings secret"),
    dict(country="USA", holder="DLA (NDS)", stage="separation", material="La", quantity_t="", max_release_t_per_year="", target_days="",
         source_id="usgs-nds-note", note="potential acquisitions 1,300 t (FY2024), 1,100 t (FY2025); holdings not public", potential_acquisition_fy2024_t=1300, potential_acquisition_fy2025_t=1100),
    dict(country="USA", holder="DLA (NDS)", stage="separation", material="Ce", quantity_t="", max_release_t_per_year="", target_days="",
         source_id="usgs-nds-note", note="potential acquisitions 550 t (FY2024)", potential_acquisition_fy2024_t=550, potential_acquisition_fy2025_t=0),
    dict(country="USA", holder="DLA (NDS)", stage="separation", material="NdPr", quantity_t="", max_release_t_per_year="", target_days="",
         source_id="usgs-nds-note", note="varying, unquantified potential acquisitions of NdPr oxide FY2024-25"),
    dict(country="USA", holder="DLA (NDS)", stage="magnet", material="NdFeB", quantity_t="", max_release_t_per_year="", target_days="",
         source_id="usgs-nds-note", note="varying, unquantified potential acquisitions of NdFeB magnet block FY2024-25"),
    dict(country="USA", holder="DLA (NDS)", stage="magnet", material="SmCo", quantity_t="", max_release_t_per_year="", target_days="",
         source_id="usgs-nds-note", note="SmCo alloy potential acquisitions 200 t (FY2024), 60 t (FY2025), gross weight", potential_acquisition_fy2024_t=200, potential_acquisition_fy2025_t=60),
    dict(country="USA", holder="DLA (NDS)", stage="refining", material="Sb", quantity_t="", max_release_t_per_year="", target_days="",
         source_id="usgs-nds-note", note="potential acquisitions 1,100 t (FY2024), 700 t (FY2025)", potential_acquisition_fy2024_t=1100, potential_acquisition_fy2025_t=700),
    dict(country="USA", holder="DLA (NDS)", stage="refining", material="W", quantity_t="", max_release_t_per_year="", target_days="",
         source_id="usgs-nds-note", note="tungsten potential acquisitions 266 t (FY2024), 2,041 t (FY2025); ores and concentrates potential disposals 907 t and 499 t", potential_acquisition_fy2024_t=266, potential_acquisition_fy2025_t=2041),
    dict(country="USA", holder="DLA (NDS)", stage="refining", material="Ge", quantity_t="", max_release_t_per_year=5.0, target_days="",
         source_id="usgs-nds-note", note="potential disposals 5,000 kg per year FY2024 and FY2025 (gross weight), used as the release limit"),
    dict(country="USA", holder="DOE (Paducah)", stage="refining", material="Ni", quantity_t=9_700, max_release_t_per_year="", target_days="",
         source_id="usgs-mcs2025-nickel", note="radiologically contaminated nickel held at Paducah, KY"),
]

# ---------------------------------------------------------------- facilities
E = NDPR_EPO
facilities = [
    ("mp-mountain-pass", "Mountain Pass mine and mill", "MP Materials", "USA", "mining", "REO", None, "operating", None, None, "DoD (2025 partnership: preferred equity, price floor)", "mp-q4-2024", "2024 output 45,455 t REO in concentrate (record)"),
    ("mp-mountain-pass-sx", "Mountain Pass separation (NdPr)", "MP Materials", "USA", "separation", "NdPr", None, "operating", None, None, "", "mp-q4-2024", "2024 output 1,294 t NdPr oxide"),
    ("mp-mountain-pass-hree", "Mountain Pass heavy-REE separation expansion", "MP Materials", "USA", "separation", "Dy", None, "planned", None, None, "DoD $150m loan", "mp-dod-2025", ""),
    ("mp-independence", "Independence magnet plant (Fort Worth)", "MP Materials", "USA", "magnet", "NdFeB", 1_000, "construction", 2025, None, "General Motors (offtake); 48C tax credit $58.5m", "mp-independence-press", "commissioning from late 2025"),
    ("mp-10x", "10X magnet facility", "MP Materials", "USA", "magnet", "NdFeB", None, "planned", 2028, None, "DoD $400m preferred + 100% offtake for 10 years; JPMorgan; Goldman Sachs ($1.0bn financing)", "mp-dod-2025", "brings MP's US magnet capacity to ~10,000 t/yr; split with Independence not confirmed"),
    ("lynas-mt-weld", "Mt Weld mine and concentrator", "Lynas Rare Earths", "AUS", "mining", "REO", None, "operating", None, None, "JOGMEC; Sojitz (JARE)", "lynas-reserves-2024", "reserves 32.0 Mt at 6.44% TREO"),
    ("lynas-kalgoorlie", "Kalgoorlie Rare Earths Processing Facility", "Lynas Rare Earths", "AUS", "separation", "REO", None, "operating", 2024, None, "", "lynas-kalgoorlie", "produces mixed rare earth carbonate (MREC) for Lynas Malaysia"),
    ("lynas-malaysia", "Lynas Malaysia (Gebeng, Kuantan) NdPr separation", "Lynas Rare Earths", "MYS", "separation", "NdPr", round(10_500 * E), "operating", None, None, "JOGMEC; Sojitz", "lynas-2025-hre", "10,500 t/yr NdPr oxide = element at est-ndpr-factor"),
    ("lynas-malaysia-hree", "Lynas Malaysia heavy-REE circuit", "Lynas Rare Earths", "MYS", "separation", "Dy", None, "operating", 2025, None, "JOGMEC; Sojitz", "lynas-2025-hre", "1,500 t/yr SEGH feed; first Dy oxide May 2025, Tb oxide June 2025"),
    ("lynas-seadrift", "US Rare Earths Processing Facility (Seadrift, Texas)", "Lynas Rare Earths", "USA", "separation", "Dy", None, "planned", None, None, "DoD (~US$258m)", "lynas-seadrift", "2,500-3,000 t/yr HREE products planned; chair said unlikely to proceed (Nov 2025)"),
    ("iluka-eneabba", "Eneabba rare earths refinery", "Iluka Resources", "AUS", "separation", "REO", 23_000, "construction", 2027, None, "Australian Government (A$1.65bn loan via EFA Critical Minerals Facility)", "iluka-eneabba", "capex A$1.7-1.8bn (AUD, not converted)"),
    ("arafura-nolans", "Nolans project", "Arafura Rare Earths", "AUS", "separation", "NdPr", round(4_440 * E), "planned", 2027, None, "EFA; NAIF; EDC; KEXIM; Euler Hermes; Australian Government (US$100m equity); Hyundai/Kia; Siemens Gamesa", "arafura-nolans", "4,440 t/yr NdPr oxide; pre-FID"),
    ("neo-narva", "Narva magnet plant", "Neo Performance Materials", "EST", "magnet", "NdFeB", 2_000, "operating", 2025, None, "EU Just Transition Fund (EUR 18.75m); Bosch (offtake)", "neo-narva", "opened 19 Sep 2025; expandable to 5,000 t/yr; capex ~EUR 75m"),
    ("neo-silmet", "Silmet separation plant (Sillamae)", "Neo Performance Materials", "EST", "separation", "REO", 3_000, "operating", None, None, "", "neo-narva", "3,000 t/yr light REE"),
    ("solvay-la-rochelle", "La Rochelle rare-earth separation", "Solvay", "FRA", "separation", "NdPr", None, "operating", 2025, None, "", "solvay-la-rochelle", "new magnet-REE line 8 Apr 2025; ~4,500 t/yr magnet-REE oxides targeted by 2030"),
    ("energy-fuels-white-mesa", "White Mesa Mill REE circuit (Phase 1)", "Energy Fuels", "USA", "separation", "NdPr", round(1_000 * E), "operating", 2024, None, "Chemours; Toliara; Donald; Bahia (monazite feed)", "energy-fuels-white-mesa", "850-1,000 t/yr NdPr oxide (upper value used)"),
    ("energy-fuels-phase2", "White Mesa Mill REE Phase 2", "Energy Fuels", "USA", "separation", "NdPr", round(6_000 * E), "planned", 2029, 410, "", "energy-fuels-white-mesa", ">6,000 t/yr NdPr oxide + ~240 t Dy + ~66 t Tb"),
    ("usar-stillwater", "Stillwater magnet plant", "USA Rare Earth", "USA", "magnet", "NdFeB", 1_200, "construction", None, None, "", "usar-stillwater", "4,800 t/yr nameplate later"),
    ("vulcan-elements", "Vulcan Elements magnet facility", "Vulcan Elements", "USA", "magnet", "NdFeB", 10_000, "planned", None, None, "Office of Strategic Capital ($620m loan); Department of Commerce ($50m incentives, $50m equity)", "osc-vulcan-2025", "site to be determined"),
    ("reelement", "ReElement Technologies refining", "ReElement Technologies", "USA", "separation", "REO", None, "planned", None, None, "Office of Strategic Capital ($80m loan)", "osc-vulcan-2025", ""),
    ("evac-sumter", "e-VAC Sumter magnet plant", "VAC Group (e-VAC)", "USA", "magnet", "NdFeB", 2_000, "construction", 2025, None, "DoD ($94.1m); South Carolina ($13m); General Motors (offtake)", "evac-sumter", "first commercial shipments Dec 2025; ~2,000 t/yr by 2026"),
    ("noveon-san-marcos", "Noveon San Marcos magnet plant", "Noveon Magnetics", "USA", "magnet", "NdFeB", 2_000, "operating", 2023, None, "DoD (>$35m); Nidec (offtake)", "noveon", "new and recycled feed"),
    ("shin-etsu-vietnam", "Shin-Etsu rare-earth magnet plant, Vietnam", "Shin-Etsu Chemical", "VNM", "magnet", "NdFeB", 2_200, "operating", None, None, "", "shin-etsu-capacity", "weak source; end-2022 capacity"),
    ("shin-etsu-china", "Shin-Etsu rare-earth magnet plant, China", "Shin-Etsu Chemical", "CHN", "magnet", "NdFeB", 3_000, "operating", None, None, "", "shin-etsu-capacity", "weak source; end-2022 capacity"),
    ("caremag-lacq", "Caremag heavy rare earths plant (Lacq)", "Caremag", "FRA", "separation", "Dy", None, "planned", None, None, "Japanese public and private support (~EUR 100m)", "caremag", "Dy/Tb from recycled magnets and concentrate"),
    ("alcoa-sojitz-wagerup-ga", "Wagerup gallium project", "Alcoa; Sojitz", "AUS", "refining", "Ga", None, "planned", None, None, "Australian Government (up to US$200m concessional equity); US Government (equity); Japan (50% of costs)", "us-australia-framework-2025", "up to 10% of world gallium"),
    ("minamitorishima-mud", "Minamitorishima deep-sea REE mud test", "Cabinet Office SIP / JAMSTEC", "JPN", "mining", "REO", None, "planned", 2027, None, "Government of Japan", "minamitorishima", "test recovery Feb 2026; mining test Feb 2027"),
    ("vidalia-spherical-graphite", "Spherical graphite plant, Vidalia, Louisiana", "not named by USGS", "USA", "refining", "graphite", 11_300, "operating", 2024, None, "", "usgs-mcs2025-graphite", "expansion to 45,000 t/yr under study"),
    ("santa-cruz-graphite", "Santa Cruz graphite mine (phase 1)", "not named by USGS", "BRA", "mining", "graphite", 12_000, "operating", 2024, None, "", "usgs-mcs2025-graphite", "up to 50,000 t/yr in later phases"),
    ("lindi-jumbo-graphite", "Lindi Jumbo graphite mine", "not named by USGS", "TZA", "mining", "graphite", 40_000, "operating", 2024, None, "", "usgs-mcs2025-graphite", ""),
    ("stibnite-gold-sb", "Stibnite Gold Project (antimony)", "Idaho mining company (not named by USGS)", "USA", "mining", "Sb", None, "planned", None, None, "DoD ($59.4m total)", "usgs-mcs2025-antimony", "reserves 14.2 Mt at 0.42% Sb"),
]
fac_rows = []
for (fid, name, owner, country, stage, material, capt, status, start, capex, partners, sid, note) in facilities:
    fac_rows.append(dict(facility_id=fid, name=name, owner=owner, country=country, stage=stage, material=material,
                         capacity_t="" if capt is None else capt, status=status,
                         start_year="" if start is None else start, capex_musd="" if capex is None else capex,
                         unit_cost_usd_per_kg="", partners=partners, source_id=sid, note=note))

# ---------------------------------------------------------------- policies
RE7 = "Sm;Gd;Tb;Dy;Lu;Sc;Y"
RE5 = "Ho;Er;Tm;Eu;Yb"
P = [
    ("mofcom-2023-23", "export_control", "CHN", "Ga;Ge", "refining", "all", "2023-08-01", "", "mofcom-2023-23", "licensing; China's exports recovered in 2024 as licences were granted (USGS)"),
    ("mofcom-2023-39", "export_control", "CHN", "graphite", "mining;refining", "all", "2023-12-01", "", "mofcom-2023-39", "licensing; early-2024 export drop attributed to licensing delays (USGS)"),
    ("mofcom-2023-tech", "export_ban", "CHN", "", "separation;metal;magnet", "all", "2023-12", "", "mofcom-2023-tech", "technology export ban (rare-earth extraction, separation, magnet production); exact date not confirmed"),
    ("mofcom-2024-33", "export_control", "CHN", "Sb", "mining;refining", "all", "2024-09-15", "", "mofcom-2024-33", "licensing"),
    ("mofcom-2024-46", "export_ban", "CHN", "Ga;Ge;Sb", "refining", "USA", "2024-12-03", "", "mofcom-2024-46", "clause 2 ban on exports to the US; suspended 2025-11-09 to 2026-11-27 (mofcom-2025-72); military end-use clause remains"),
    ("mofcom-2025-10", "export_control", "CHN", "W", "refining", "all", "2025-02-04", "", "mofcom-2025-10", "also Te, Bi, Mo, In items (not in this dataset)"),
    ("mofcom-2025-18", "export_control", "CHN", RE7 + ";SmCo;NdFeB", "separation;metal;magnet", "all", "2025-04-04", "", "mofcom-2025-18", "NdFeB only when containing Tb or Dy; not suspended by No. 70; White House says general licences for US end users (wh-factsheet-2025-11-01)"),
    ("mofcom-2025-55", "export_control", "CHN", "", "", "all", "2025-11-08", "", "mofcom-2025-55", "superhard materials; suspended before taking effect (No. 70)"),
    ("mofcom-2025-56", "export_control", "CHN", "", "separation;metal;magnet", "all", "2025-11-08", "", "mofcom-2025-56", "rare-earth production equipment; suspended (No. 70)"),
    ("mofcom-2025-57", "export_control", "CHN", RE5, "separation;metal;magnet", "all", "2025-11-08", "", "mofcom-2025-57", "suspended 2025-11-07 to 2026-11-10 (No. 70)"),
    ("mofcom-2025-58", "export_control", "CHN", "Li;graphite", "refining", "all", "2025-11-08", "", "mofcom-2025-58", "lithium-battery, cathode and artificial-graphite anode items; suspended (No. 70)"),
    ("mofcom-2025-61", "export_control", "CHN", RE7 + ";" + RE5 + ";NdFeB;SmCo", "separation;metal;magnet", "all", "2025-12-01", "", "mofcom-2025-61", "extraterritorial: foreign items with >=0.1% China-origin rare-earth value; suspended (No. 70)"),
    ("mofcom-2025-62", "export_control", "CHN", "", "mining;separation;metal;magnet", "all", "2025-10-09", "", "mofcom-2025-62", "rare-earth technologies; suspended (No. 70)"),
    ("mofcom-2025-70", "suspension", "CHN", RE5 + ";Li;graphite", "mining;separation;refining;metal;magnet", "all", "2025-11-07", "2026-11-10", "mofcom-2025-70", "suspends Nos. 55, 56, 57, 58, 61, 62"),
    ("mofcom-2025-72", "suspension", "CHN", "Ga;Ge;Sb", "refining", "USA", "2025-11-09", "2026-11-27", "mofcom-2025-72", "suspends clause 2 of 2024 No. 46"),
    ("mofcom-2026-1", "export_ban", "CHN", "", "", "JPN", "2026-01-06", "", "mofcom-2026-1", "all dual-use items to Japanese military end users/uses"),
    ("us-japan-framework-2025", "framework", "USA", "", "mining;separation;refining;metal;magnet", "JPN", "2025-10-28", "", "us-japan-framework-2025", "US-Japan framework; no amount or price mechanism in the text seen"),
    ("us-australia-framework-2025", "framework", "USA", "REO;Ga", "mining;separation;refining", "AUS", "2025-10-20", "", "us-australia-framework-2025", ">=US$1bn each within six months; US$8.5bn pipeline"),
    ("dod-mp-price-floor", "price_floor", "USA", "NdPr", "separation", "", "2025-10", "2035-09", "mp-dod-2025", "NdPr price floor US$110/kg for 10 years from Q4 2025 (end month approximate)"),
    ("japan-stockpile-rule", "stockpile_rule", "JPN", "", "", "", "2020", "", "iea-policy-16639", "60 days of consumption; up to 180 days for high-risk minerals"),
    ("wh-us-china-general-licences", "other", "CHN", "REO;Ga;Ge;Sb;graphite", "separation;refining;metal;magnet", "USA", "2025-11", "2026-11-10", "wh-factsheet-2025-11-01", "general licences for US end users as described by the White House fact sheet; MOFCOM's own text did not mention general licences; dates approximate"),
    ("jogmec-sojitz-lynas", "investment", "JPN", "Dy;Tb;NdPr", "mining;separation", "", "2023-03", "", "jogmec-lynas", "JOGMEC/Sojitz A$200m (Mar 2023) after US$250m (2011); up to 65% of Lynas Dy/Tb to Japan"),
    ("g7-action-plan-2025", "framework", "CAN", "", "", "G7", "2025-06-17", "", "g7-action-plan-2025", "issued under Canada's G7 presidency"),
]
SCOPE = {"mofcom-2023-tech": "technology", "mofcom-2025-56": "equipment", "mofcom-2025-62": "technology",
         "mofcom-2026-1": "military-end-use", "mofcom-2025-55": "items-not-in-dataset"}
policies = [dict(policy_id=a, type=b, country=c, materials=d, stages=e, destinations=f, start=g, end=h,
                 severity="", source_id=i, note=j, value_usd_per_kg=110 if a == "dod-mp-price-floor" else "",
                 scope=SCOPE.get(a, "items" if b in ("export_control", "export_ban", "suspension", "other") else ""))
            for a, b, c, d, e, f, g, h, i, j in P]

# ---------------------------------------------------------------- prices
prices = []


def pr(material, stage, region, year, usd_per_kg, product, source, converted=False):
    prices.append(dict(material=material, stage=stage, region=region, year=year,
                       price_usd_per_kg=round(usd_per_kg, 2), product=product, source_id=source,
                       conversion_source_id="est-price-conversions" if converted else ""))


YEARS = (2020, 2021, 2022, 2023, 2024)
for mat, prod, vals in (("Nd", "Neodymium oxide, 99.5% min (per kg oxide)", (49, 98, 134, 78, 56)),
                        ("Dy", "Dysprosium oxide, 99.5% min (per kg oxide)", (261, 410, 382, 330, 260)),
                        ("Tb", "Terbium oxide, 99.99% min (per kg oxide)", (670, 1346, 2051, 1298, 810)),
                        ("Eu", "Europium oxide, 99.99% min (per kg oxide)", (31, 31, 30, 27, 27)),
                        ("Ce", "Cerium oxide, 99.5% min (per kg oxide)", (2, 2, 1, 1, 1)),
                        ("La", "Lanthanum oxide, 99.5% min (per kg oxide)", (2, 2, 1, 1, 1))):
    for yr, v in zip(YEARS, vals, strict=True):
        pr(mat, "separation", "world", yr, v, prod + "; Argus Non-Ferrous Markets via USGS", "usgs-mcs2025-ree")
pr("NdPr", "separation", "USA", 2023, 70, "NdPr oxide, MP Materials realized price", "mp-realized-price")
pr("NdPr", "separation", "USA", 2024, 51, "NdPr oxide, MP Materials realized price", "mp-realized-price")
# the chain's own goods in 2024 (the base year of critmin's USD/kg prices): NdPr oxide, NdPr metal, Tb metal, NdFeB magnets
pr("NdPr", "separation", "world", 2024, 55, "NdPr oxide, 99% min (per kg oxide), FOB China, annual average; Argus via USGS", "usgs-mcs2026-ree")
pr("NdPr", "metal", "world", 2024, 67.75, "NdPr metal 99% (Nd75 Pr25), FOB China export price 31 Dec 2024 - 2 Jan 2025 ($67.50-68/kg, midpoint); Argus", "argus-cn-re-2025-01-02")
pr("Tb", "metal", "CHN", 2024, 6_975 / 7.30, "Terbium metal, China domestic incl. 13% VAT, 26 Dec 2024 (CNY 6.95-7.00 million/t, midpoint, at CNY 7.30 per USD); SMM", "smm-re-2024-12-26", converted=True)
pr("NdFeB", "magnet", "world", 2024, 2_860 / 58.152, "Sintered and bonded NdFeB magnets, China's export unit value 2024 (USD 2.86 billion / 58,152 t); Adamas Intelligence from Chinese customs", "adamas-cn-magnet-exports-2024", converted=True)
for yr, v in zip(YEARS, (10_100, 14_200, 71_100, 41_300, 14_000), strict=True):
    pr("Li", "refining", "USA", yr, v / 1000, "Battery-grade lithium carbonate, US contract (per kg Li2CO3)", "usgs-mcs2025-lithium", converted=True)
for yr, v in zip(YEARS, (15.70, 24.21, 30.78, 17.20, 17), strict=True):
    pr("Co", "refining", "USA", yr, v * 2.20462, "Cobalt cathode, US spot (Platts), USD/lb converted", "usgs-mcs2025-cobalt", converted=True)
for yr, v in zip(YEARS, (14.21, 23.17, 28.83, 15.48, 12), strict=True):
    pr("Co", "refining", "LME", yr, v * 2.20462, "Cobalt, LME cash, USD/lb converted", "usgs-mcs2025-cobalt", converted=True)
for yr, v in zip(YEARS, (13_772, 18_476, 25_815, 21_495, 17_000), strict=True):
    pr("Ni", "refining", "LME", yr, v / 1000, "Nickel, LME cash, USD/t converted", "usgs-mcs2025-nickel", converted=True)
for yr, v in zip(YEARS, (279.8, 422.5, 399.8, 384.8, 420), strict=True):
    pr("Cu", "refining", "LME", yr, v * 2.20462 / 100, "Copper grade A, LME cash, US cents/lb converted", "usgs-mcs2025-copper", converted=True)
for yr, v in zip(YEARS, (1_340, 1_330, 1_200, 1_080, 1_070), strict=True):
    pr("graphite", "mining", "USA", yr, v / 1000, "Flake graphite, average unit value of US imports at foreign ports, USD/t converted", "usgs-mcs2025-graphite", converted=True)
for yr, v in zip(YEARS, (596, 625, 560, 450, 500), strict=True):
    pr("Ga", "refining", "USA", yr, v, "High-purity refined gallium, US import unit value", "usgs-mcs2025-gallium")
for yr, v in zip(YEARS, (163, 254, 394, 288, 220), strict=True):
    pr("Ga", "refining", "USA-low-purity", yr, v, "Primary low-purity (99.99%) gallium, US import unit value", "usgs-mcs2025-gallium")
for yr, v in zip(YEARS, (1_046, 1_187, 1_294, 1_392, 2_100), strict=True):
    pr("Ge", "refining", "Europe", yr, v, "Germanium metal, 99.999% min, Europe (Argus)", "usgs-mcs2025-germanium")
for yr, v in zip(YEARS, (2.67, 5.31, 6.18, 5.49, 9.50), strict=True):
    pr("Sb", "refining", "world", yr, v * 2.20462, "Antimony metal, 99.65% min, c.i.f. (Argus), USD/lb converted", "usgs-mcs2025-antimony", converted=True)
for yr, v in zip(YEARS, (172, 225, 275, 258, 250), strict=True):
    pr("W", "mining", "Rotterdam", yr, v / 7.93, "Tungsten concentrate, in-warehouse Rotterdam (Argus), USD per mtu WO3 / 7.93 kg W", "usgs-mcs2025-tungsten", converted=True)

# ---------------------------------------------------------------- intensities
intensities = [
    dict(application="ev-traction-motor", sector="ev", stage="magnet", material="NdFeB", value=EV_KG_NDFEB, unit="kg/motor", source_id="mp-independence-press",
         value_low="", value_high="", note="implied by 1,000 t NdFeB for about 500,000 motors"),
    dict(application="ev-traction-motor-iea", sector="ev", stage="metal", material="NdPr", value=1.5, unit="kg magnet REE/motor", source_id="iea-gcmo-2024",
         value_low=1.0, value_high=2.0, note="IEA: 1-2 kg of magnet rare earths per motor; value is the midpoint"),
    dict(application="direct-drive-wind", sector="wind", stage="magnet", material="NdFeB", value=0.5, unit="t/MW", source_id="heim-vanderwal-2023",
         value_low=0.625, value_high=0.85, note="analysis average 0.5 t/MW; low/high = range for low-speed PM generators of four OEMs (Moss et al. 2013)"),
    dict(application="f-35", sector="defense", stage="separation", material="REO", value=417.3, unit="kg rare-earth materials/aircraft", source_id="crs-r41744",
         value_low="", value_high="", note="920 lb x 0.4536; disputed: Adamas gives 11-20 kg elemental REE (adamas-f35-2026)"),
    dict(application="f-35-adamas", sector="defense", stage="metal", material="REO", value=15.5, unit="kg elemental REE/aircraft", source_id="adamas-f35-2026",
         value_low=11, value_high=20, note="midpoint of 11-20 kg elemental REE; 40-70 kg of RE-bearing material"),
    dict(application="virginia-class-submarine", sector="defense", stage="separation", material="REO", value=4173.1, unit="kg rare-earth materials/boat", source_id="crs-r41744",
         value_low="", value_high="", note="9,200 lb x 0.4536"),
    dict(application="ddg-51-destroyer", sector="defense", stage="separation", material="REO", value=2358.7, unit="kg rare-earth materials/ship", source_id="crs-r41744",
         value_low="", value_high="", note="5,200 lb x 0.4536"),
]
