# ruff: noqa: E501, F403, F405 -- data tables (long literal lines); the parts chain with star imports; CLI prints
"""Part 5 (second pass): ore compositions, element-level mining of heavy rare earths and
the mining -> separation recipes that trace them to their deposits; wind and more EV
demand; the published USGS world totals (world_totals.csv).

Changes made by the second pass elsewhere (kept next to the rows they change):
build_part4 restates US nickel demand as apparent *primary* consumption and adds the 2024
US imports of Ni and Sb, so that the no-shock baseline has no shortfall
(docs/reference-dataset.md, "Baseline consistency").
"""
from build_part4 import *

# ---------------------------------------------------------------- sources
sec("gupta-krishnamurthy-2005", "Extractive Metallurgy of Rare Earths, chapter 1 (rare-earth distribution of the principal ores)",
    "CRC Press (C. K. Gupta and N. Krishnamurthy)", 2005, "https://doi.org/10.1201/9780203413029",
    "Per cent of the rare-earth oxide in principal ores, the analyses also given by Castor and Hedrick (2006), 'Rare earth elements', "
    "Industrial Minerals and Rocks, 7th ed., SME: high-yttrium ion-adsorption clay of Longnan (Jiangxi): Sm 2.8, Eu 0.1, Gd 6.9, "
    "Tb 1.3, Dy 6.7, Ho 1.6, Er 4.9, Tm 0.7, Yb 2.5, Lu 0.4, Y 64.9 (La to Nd a few per cent, not transcribed); Australian east-coast "
    "monazite: La 23.9, Ce 46.0, Pr 5.0, Nd 17.4, Sm 2.53, Eu 0.05, Gd 1.49, Tb 0.04, Dy 0.69, Ho 0.05, Er 0.21, Tm 0.01, Yb 0.12, "
    "Lu 0.04, Y 2.41; Mountain Pass bastnaesite: La 33, Ce 49, Pr 4, Nd 12, Sm and heavier about 1 in total; Malaysian xenotime: "
    "Y 61, Dy 8, Er 6, Yb 7, Gd 4.",
    "Values read 2026-11 in a transcription in the public repository github.com/brodheadw/fundamentals, file "
    "tools/build_separation_data.py (commit 0611066b3044f3af11adc31aa17e6c6d767a711e), which cites this chapter and Castor and "
    "Hedrick (2006); neither book was read. Re-check against the books before publication (gap G12). The DOI is the one two public bibliographies give for this book (CRC Press, 2004/2005); it was not opened")
sec("fastmarkets-quota-2024", "China issues first batch of rare earths quotas for 2024 (6 Feb 2024)", "Fastmarkets", 2024,
    "https://www.fastmarkets.com/insights/china-issues-first-batch-of-rare-earths-quotas-for-2024",
    "First 2024 batch of China's quotas (MIIT and Ministry of Natural Resources): mining 135,000 t REO, of which China Northern Rare "
    "Earth 94,580 t light REE and China Rare Earth Group 40,420 t (30,280 t light REE and 10,140 t ion-adsorbed, i.e. medium and "
    "heavy, REE); smelting and separation 127,000 t. The second batch (Aug 2024) brought the year to 270,000 t mining and 254,000 t "
    "separation; its split by ore type was not found.",
    "Article text read 2026-11 via the search index; the ion-adsorption figure (10.14 kt REO, -7.3% year on year) is confirmed by "
    "Project Blue (8 Feb 2024); the MIIT notice itself was not read")

est("est-china-ionic-quota-2024", "China's 2024 mine production by ore type (ion-adsorption clay vs light-REE ores)",
    "ion-adsorption clay 2024 = 2 x 10,140 t REO = 20,280 t (first-batch ion-adsorbed quota, fastmarkets-quota-2024, with the second "
    "batch of 135,000 t = 270,000 - 135,000 (usgs-mcs2025-ree) assumed split like the first); light-REE ores (Bayan Obo, Sichuan, "
    "Shandong) = 270,000 - 20,280 = 249,720 t. USGS counts China's quota as its production.", anchor="chinese-mining-by-ore-type-2024")
est("est-mining-element-2024", "Mine production of Dy and Tb by country, 2024 (t of Dy2O3 and Tb4O7)",
    "t oxide = country mine production 2024 (t REO, usgs-mcs2026-ree) x share of the element's oxide in the REO of the country's "
    "deposit mix (compositions.csv, gupta-krishnamurthy-2005). Mix: CHN = ion-adsorption clay only, 20,280 t "
    "(est-china-ionic-quota-2024) x the high-yttrium Longnan clay (Dy 6.7%, Tb 1.3%); the 249,720 t of light-REE ore are left out "
    "because no distribution of Bayan Obo could be verified (their Dy and Tb are a fraction of a per cent, so CHN is a lower bound "
    "for the light ores and an upper bound for the clays, which are not all of the high-yttrium type). MMR = 27,000 t x Longnan "
    "(Myanmar's Kachin deposits are heavy-REE ion-adsorption clays; Longnan is the nearest published distribution). AUS = 29,000 t "
    "x Australian monazite (Dy 0.69%, Tb 0.04%; a proxy for Mt Weld, whose own distribution was not verified). USA: Mountain Pass "
    "gives Sm and heavier only together (about 1%), so no row. THA, NGA, MDG, IND, RUS, VNM, BRA, MYS and XOT: deposit type not "
    "documented in the sources read, no row. Results: Dy2O3 CHN 1,358.8 t, MMR 1,809 t, AUS 200.1 t (Myanmar 54% of the total, "
    "in line with the ~60% of heavy-REE feed attributed to Myanmar in public reporting); Tb4O7 CHN 263.6 t, MMR 351 t, AUS 11.6 t. Because USGS estimates Burma's 2024 output from China's reported imports (usgs-mcs2026-ree, footnote 12), and Lynas sold the heavy-REE concentrate of its Australian ore to China until May 2025 (lynas-2025-hre), their Dy and Tb rows are also entered in trade.csv as exports to China.", anchor="dy-and-tb-mine-production-by-country-2024")
est("est-sep-element-input", "Mined oxide per tonne of separated element (Dy, Tb)",
    "input = 1 / element_per_oxide of the element's oxide (est-oxide-factors): Dy2O3 1/0.8713 = 1.1477 t per t Dy; Tb4O7 "
    "1/0.8502 = 1.1762 t per t Tb. Mining counts t of the element's oxide, separation t of contained element; separation losses "
    "(not public) are ignored. With these recipes the 2,204 t of Dy separated in China in 2024 (est-sep-china-2024) need 2,530 t "
    "Dy2O3, and its 441 t of Tb 519 t of Tb4O7, which the element-level mine rows (est-mining-element-2024: 3,368 t and 626 t) cover.", anchor="mined-oxide-per-tonne-of-separated-dy-and-tb")

# ---------------------------------------------------------------- compositions
REO_2024 = dict((c, v24) for c, _, v24 in REE_ROWS)
COMPOSITIONS = {
    # origin: (country, ore_type, {element: % of REO}, note)
    "ionic-clay-longnan": ("CHN", "ionic-clay", {"Sm": 2.8, "Eu": 0.1, "Gd": 6.9, "Tb": 1.3, "Dy": 6.7, "Ho": 1.6, "Er": 4.9,
                                                 "Tm": 0.7, "Yb": 2.5, "Lu": 0.4, "Y": 64.9},
                           "high-yttrium ion-adsorption clay, Longnan (Jiangxi); La to Nd (a few per cent) not transcribed"),
    "monazite-australia-east-coast": ("AUS", "monazite", {"La": 23.9, "Ce": 46.0, "Pr": 5.0, "Nd": 17.4, "Sm": 2.53, "Eu": 0.05,
                                                          "Gd": 1.49, "Tb": 0.04, "Dy": 0.69, "Ho": 0.05, "Er": 0.21, "Tm": 0.01,
                                                          "Yb": 0.12, "Lu": 0.04, "Y": 2.41},
                                      "heavy-mineral-sand monazite, east coast of Australia"),
    "mountain-pass": ("USA", "bastnaesite", {"La": 33, "Ce": 49, "Pr": 4, "Nd": 12},
                      "as transcribed (rounded); Sm and heavier about 1% in total, not itemised"),
    "xenotime-malaysia": ("MYS", "xenotime", {"Y": 61, "Dy": 8, "Er": 6, "Yb": 7, "Gd": 4},
                          "xenotime from tin-mining tailings; as transcribed (rounded), other elements not given"),
}
compositions = []
for origin, (country, ore, shares, note) in COMPOSITIONS.items():
    for el, pct in shares.items():
        compositions.append(dict(origin=origin, country=country, ore_type=ore, material=el,
                                 share_of_reo=round(pct / 100, 6), source_id="gupta-krishnamurthy-2005",
                                 note=f"{pct:g}% of REO; {note}"))

# ---------------------------------------------------------------- separation feeds (co-production)
# which ore each co-producing country's separation plants process; the chain then makes every element of it
est("est-separation-feeds", "Ore separated by the co-producing US and Malaysian plants",
    "USA: share 1 of Mountain Pass bastnaesite, because MP Materials, the only US separator with reported 2024 output (mp-q4-2024), "
    "separates its own Mountain Pass concentrate; Energy Fuels' monazite feed (White Mesa, small and run in campaigns) is left out. "
    "Malaysia: share 1 of Australian east-coast monazite (gupta-krishnamurthy-2005) as a proxy for Lynas's Mt Weld concentrate "
    "(lynas-2025-hre): no published Mt Weld distribution could be read; both are monazite ores, and the dataset uses the same proxy "
    "for Australia's element-level mining. Mountain Pass itemises no heavy rare earths, so US Dy and Tb keep their own recipes.",
    anchor="mined-reo-per-tonne-of-ndpr-separated")
FEEDS = [
    ("USA", "mountain-pass", 1.0, "est-separation-feeds",
     "MP Materials separates its own Mountain Pass bastnaesite concentrate; Energy Fuels' monazite feed (White Mesa) is not represented; "
     "Mountain Pass Sm and heavier (about 1%) are not itemised, so US Dy and Tb keep their own recipes"),
    ("MYS", "monazite-australia-east-coast", 1.0, "est-separation-feeds",
     "Lynas Malaysia separates Mt Weld concentrate (AUS); no Mt Weld distribution could be sourced, so Australian monazite stands in, "
     "as for Australia's element-level mining (proxy, see docs/reference-dataset.md)"),
]
feeds = [dict(country=k, stage="separation", feed_stage="mining", feed_material="REO", origin=o, share_of_feed=w,
              source_id=sid, note=note) for k, o, w, sid, note in FEEDS]

# ---------------------------------------------------------------- element-level mining (t oxide)
CHN_IONIC_2024 = 2 * 10_140
LONGNAN = COMPOSITIONS["ionic-clay-longnan"][2]
MONAZITE_AU = COMPOSITIONS["monazite-australia-east-coast"][2]
ELEMENT_MINING = [  # (country, REO base t, base label, distribution, distribution label)
    ("CHN", CHN_IONIC_2024, "ion-adsorption clay 20,280 t REO (est-china-ionic-quota-2024)", LONGNAN, "Longnan clay"),
    ("MMR", REO_2024["MMR"], f"{REO_2024['MMR']:,} t REO (usgs-mcs2026-ree)", LONGNAN, "Longnan clay (proxy)"),
    ("AUS", REO_2024["AUS"], f"{REO_2024['AUS']:,} t REO (usgs-mcs2026-ree)", MONAZITE_AU, "Australian monazite (proxy for Mt Weld)"),
]
MINED_OXIDE = {}
# Burma's ore goes to China (USGS footnote 12); Australia's heavy rare earths reached China in Lynas' heavy-REE
# concentrate until its Malaysian circuit separated Dy and Tb from May 2025 (lynas-2025-hre)
CHINA_IMPORT_BASED = {"MMR", "AUS"}
for country, base, base_label, dist, dist_label in ELEMENT_MINING:
    for el in ("Dy", "Tb"):
        t = round(base * dist[el] / 100, 1)
        MINED_OXIDE[(country, el)] = t
        cap(country, "mining", el, 2024, production=t, source="est-mining-element-2024",
            note=f"t {OXNAME[el]}: {base_label} x {dist[el]:g}% {el} ({dist_label})")
        if country in CHINA_IMPORT_BASED:
            tr(country, "CHN", "mining", el, 2024, t, "est-mining-element-2024",
               f"= {country} mine production of {el} (capacity.csv): " + (
                   "USGS estimates Burma's 2024 mine output from China's reported imports (usgs-mcs2026-ree, footnote 12)"
                   if country == "MMR" else "Lynas sold its heavy-REE concentrate to China until May 2025 (lynas-2025-hre)"))

# ---------------------------------------------------------------- recipes: separation <- mining, per element
SEP_INPUT = {el: round(1 / epo(el), 4) for el in ("Dy", "Tb")}
for el, a in SEP_INPUT.items():
    recipes.append(dict(stage="separation", material=el, input_stage="mining", input_material=el,
                        input_t_per_t=a, source_id="est-sep-element-input"))

assert sum(v for (c, el), v in MINED_OXIDE.items() if el == "Dy") >= WORLD_DY_NEED * SEP_INPUT["Dy"]

# ---------------------------------------------------------------- sector demand (second pass)
sec("pwc-ev-2024", "Electric Vehicle Sales Review 2024 (battery-electric car sales by market)", "PwC (Strategy&), as reported by dpa", 2025,
    "https://www.strategyand.pwc.com/de/en/industries/automotive/electric-vehicle-sales-review.html",
    "Battery-electric car sales 2024: China 6.7 million, United States 1.2 million, United Kingdom about 382,000 (+21%), Germany "
    "381,000 (-27% after the end of the purchase premium).",
    "dpa report of the review, read 2026-11 via the search index (wiredfocus.com); the review itself was not read. The German and "
    "UK figures agree with the official 2024 registrations (KBA 380,609; SMMT 381,970) as commonly reported")
sec("wwea-2024", "WWEA Annual Report 2024: A Challenging Year for Windpower (preliminary statistics, 23 Apr 2025)",
    "World Wind Energy Association", 2025, "https://wwindea.org/GlobalStatistics",
    "Wind capacity added in 2024: world 121,305 MW (121,465 MW in 2023); China 86.7 GW, Brazil 5.4 GW, United States 4.2 GW, India "
    "3.4 GW, Australia 3.3 GW, Germany 3.2 GW, United Kingdom 2.2 GW; cumulative 1,173,581 MW.",
    "Page text read 2026-11 in a public mirror of wwindea.org/GlobalStatistics via the search index; GWEC's Global Wind Report "
    "2025 gives 117 GW for 2024 (China 79,824 MW) on its own basis")
sec("gwec-gwr-2025", "Global Wind Report 2025", "Global Wind Energy Council (GWEC)", 2025, "https://gwec.net/global-wind-report-2025/",
    "117 GW of wind capacity added in 2024 (109 GW onshore, 8 GW offshore), mirroring 2023; China 79,824 MW; top five China, "
    "United States, Germany, India, Brazil (81% of the total); cumulative 1,136 GW.",
    "Press summaries read 2026-11 (Anadolu Agency, windinsider.com, solarvision.org); the report itself was not read")
est("est-wind-intensity", "Average NdFeB per MW of wind capacity added (all turbine types), 2023",
    "intensity = (18% - 7%) x 93,000 t magnet REE (iea-gcmo-2024: clean-energy technologies about 18% and EV traction motors 7% of "
    "magnet-REE demand in 2023, so wind turbines about 11%) / 0.3165 t REE per t NdFeB (est-ndfeb-recipe) / 117,000 MW added in 2023 "
    "(gwec-gwr-2025: 2024 additions of 117 GW 'mirroring' 2023) = 10,230 t / 0.3165 / 117,000 MW = 0.2763 t NdFeB per MW. This is "
    "a fleet average over geared (mostly magnet-free) and permanent-magnet turbines; the 0.5 t/MW of heim-vanderwal-2023 is for "
    "turbines with permanent-magnet generators. Assumes all clean-energy demand other than EV motors is wind.", anchor="wind-ndfeb-intensity-fleet-average")
est("est-wind-demand-2024", "NdFeB demand for wind turbines by country, 2024",
    "demand = wind capacity added in 2024 (wwea-2024: CHN 86,700, BRA 5,400, USA 4,200, IND 3,400, AUS 3,300, DEU 3,200, GBR 2,200 MW; "
    "XOT = 121,305 - 108,400 = 12,905 MW) x 0.2763 t NdFeB per MW (est-wind-intensity). The same share of permanent-magnet turbines "
    "is assumed in every country, which overstates countries that install mostly geared turbines (e.g. the USA) and understates "
    "China. Japan and Korea are not named by the source and stay in XOT.", anchor="wind-ndfeb-demand-by-country-2024")
WIND_T_PER_MW = round((0.18 - 0.07) * MAGNET_REE_DEMAND_2023 / NDFEB_REE / 117_000, 4)
intensities.append(dict(application="wind-fleet-average", sector="wind", stage="magnet", material="NdFeB", value=WIND_T_PER_MW,
                        unit="t NdFeB/MW added (all turbine types)", source_id="est-wind-intensity", value_low="", value_high="",
                        note="IEA wind share of 2023 magnet-REE demand / REE content of NdFeB / GW added in 2023"))
WIND_MW_2024 = {"CHN": 86_700, "BRA": 5_400, "USA": 4_200, "IND": 3_400, "AUS": 3_300, "DEU": 3_200, "GBR": 2_200}
WIND_MW_2024["XOT"] = 121_305 - sum(WIND_MW_2024.values())
for code, mw in WIND_MW_2024.items():
    dem(code, "wind", "magnet", "NdFeB", 2024, mw * WIND_T_PER_MW, "est-wind-demand-2024",
        note=f"{mw:,} MW added in 2024 x {WIND_T_PER_MW:g} t NdFeB/MW (fleet average)")

# ---------------------------------------------------------------- published world totals (world_totals.csv)
# USGS MCS 2025 "World total (rounded)" lines: shares are computed against them, as USGS does (the country
# rows, which add up to e.g. 393,950 t REO, are kept as printed).
USGS_WORLD_TOTALS = [  # (material, stage, source key, {year: t}, note)
    ("REO", "mining", "ree", {2023: 376_000}, "t REO equivalent; the listed rows sum to 376,090 t"),
    ("Li", "mining", "lithium", {2023: 204_000, 2024: 240_000}, "t Li content; excludes US production (withheld)"),
    ("Co", "mining", "cobalt", {2023: 238_000, 2024: 290_000}, "t Co content"),
    ("Ni", "mining", "nickel", {2023: 3_750_000, 2024: 3_700_000}, "t Ni content"),
    ("graphite", "mining", "graphite", {2023: 1_530_000, 2024: 1_600_000}, "t natural graphite"),
    ("Cu", "mining", "copper", {2023: 22_600_000, 2024: 23_000_000}, "thousand t Cu converted to t"),
    ("Cu", "refining", "copper", {2023: 27_000_000, 2024: 27_000_000}, "refinery production, thousand t Cu converted to t"),
    ("Ga", "refining", "gallium", {2023: 633, 2024: 760}, "primary low-purity gallium, kg converted to t"),
    ("Sb", "mining", "antimony", {2023: 106_000, 2024: 100_000}, "t Sb content; USGS lists no 'other' row"),
    ("W", "mining", "tungsten", {2023: 79_500, 2024: 81_000}, "t W content"),
]
world_totals = [dict(material=m, stage=st, year=yr, production_t=v, source_id=f"usgs-mcs2025-{key}",
                     note=f"World total (rounded), as printed; {note}")
                for m, st, key, vals, note in USGS_WORLD_TOTALS for yr, v in vals.items()]
world_totals.insert(1, dict(material="REO", stage="mining", year=2024, production_t=380_000, source_id="usgs-mcs2026-ree",
                            note="World total (rounded), as printed in MCS 2026 (2024 revised; MCS 2025 printed 390,000 t); "
                                 f"t REO equivalent; the listed rows sum to {sum(v for _, _, v in REE_ROWS):,} t"))
