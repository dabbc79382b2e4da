# ruff: noqa: E501 -- data tables (long literal lines)
"""Reserves (reserves.csv) and the stockpile and inventory rows of 2026-12 (stockpiles.csv).

build.py calls :func:`add_stocks` just before it writes the tables. It

* adds the sources these rows cite (``src`` of build_part1) and says in the USGS chapter
  sources that their reserves column is used, and how it was read;
* adds the countries the reserves need (GRL, ZAF) and the aggregate code XEU (Europe) to
  ``countries`` and the material ``basket`` to ``materials``, each only if absent;
* dates and types the stockpile rows of build_part4 and appends the new ones;
* returns the rows of ``reserves.csv``.

Every figure is as the source prints it; nothing here is an estimate.
"""
import build_part1 as p1
import build_part3 as p3
import build_part4 as p4
from wgi import WGI_2023, scaled

# ---------------------------------------------------------------- reserves (USGS MCS 2025)
NA, IN_WORLD, LOWER = "not-available", "in-world-total", "lower-bound"
REV = "reserves revised in MCS 2025 based on company and government reports"
# material -> (source key, unit factor, [(country, reserves as printed, qualifier, JORC, note)])
# XOT = the chapter's "Other countries" (rare earths: "Other") row; XWL = "World total (rounded)".
RESERVES = {
    "REO": ("ree", 1, [
        ("USA", 1_900_000, "", None, REV),
        ("AUS", 5_700_000, "", 3_300_000, "footnote 13: JORC-compliant or equivalent reserves 3.3 million t"),
        ("BRA", 21_000_000, "", None, ""),
        ("MMR", None, NA, None, 'row "Burma", printed NA'),
        ("CAN", 830_000, "", None, ""),
        ("CHN", 44_000_000, "", None, ""),
        ("GRL", 1_500_000, "", None, ""),
        ("IND", 6_900_000, "", None, ""),
        ("MDG", None, NA, None, "printed NA"),
        ("MYS", None, NA, None, "printed NA"),
        ("NGA", None, NA, None, "printed NA"),
        ("RUS", 3_800_000, "", None, REV),
        ("ZAF", 860_000, "", None, REV),
        ("TZA", 890_000, "", None, ""),
        ("THA", 4_500, "", None, ""),
        ("VNM", 3_500_000, "", None, REV + " (22,000,000 t in MCS 2024)"),
        ("XOT", None, NA, None, 'row "Other", printed NA'),
        ("XWL", 90_000_000, LOWER, None, 'printed ">90,000,000"'),
    ]),
    "Li": ("lithium", 1, [
        ("USA", 1_800_000, "", None, REV + "; US mine production withheld (W)"),
        ("ARG", 4_000_000, "", None, REV),
        ("AUS", 7_000_000, "", 4_800_000, REV + "; footnote 5: JORC-compliant or equivalent reserves 4.8 million t"),
        ("BRA", 390_000, "", None, ""),
        ("CAN", 1_200_000, "", None, REV),
        ("CHL", 9_300_000, "", None, ""),
        ("CHN", 3_000_000, "", None, ""),
        ("NAM", 14_000, "", None, ""),
        ("PRT", 60_000, "", None, ""),
        ("ZWE", 480_000, "", None, REV),
        ("XOT", 2_800_000, "", None, "footnote 6: other countries with reported reserves include Austria, Congo (Kinshasa), Czechia, Finland, Germany, Ghana, Mali, Mexico, Serbia and Spain"),
        ("XWL", 30_000_000, "", None, "printed 30,000,000"),
    ]),
    "Co": ("cobalt", 1, [
        ("USA", 70_000, "", None, REV),
        ("AUS", 1_700_000, "", 610_000, "footnote 10: JORC-compliant or equivalent reserves 610,000 t"),
        ("CAN", 220_000, "", None, REV),
        ("COD", 6_000_000, "", None, ""),
        ("CUB", 500_000, "", None, ""),
        ("IDN", 640_000, "", None, REV),
        ("MDG", 100_000, "", None, ""),
        ("NCL", None, NA, None, "printed NA; overseas territory of France"),
        ("PNG", 62_000, "", None, REV),
        ("PHL", 260_000, "", None, ""),
        ("RUS", 250_000, "", None, ""),
        ("TUR", 91_000, "", None, ""),
        ("XOT", 800_000, "", None, REV),
        ("XWL", 11_000_000, "", None, "printed 11,000,000"),
    ]),
    "Ni": ("nickel", 1, [
        ("USA", 310_000, "", None, REV + "; footnote 8: includes reserve data for three projects"),
        ("AUS", 24_000_000, "", 8_600_000, "footnote 9: JORC-compliant or equivalent reserves 8.6 million t"),
        ("BRA", 16_000_000, "", None, ""),
        ("CAN", 2_200_000, "", None, ""),
        ("CHN", 4_400_000, "", None, REV),
        ("IDN", 55_000_000, "", None, ""),
        ("NCL", 7_100_000, "", None, "overseas territory of France"),
        ("PHL", 4_800_000, "", None, ""),
        ("RUS", 8_300_000, "", None, ""),
        ("XOT", 9_100_000, LOWER, None, 'printed ">9,100,000"'),
        ("XWL", 130_000_000, LOWER, None, 'printed ">130,000,000"'),
    ]),
    "graphite": ("graphite", 1, [
        ("USA", None, IN_WORLD, None, 'printed "(5)": footnote 5, Included in "World total"'),
        ("AUT", None, IN_WORLD, None, 'printed "(5)": footnote 5, Included in "World total"'),
        ("BRA", 74_000_000, "", None, ""),
        ("CAN", 5_900_000, "", None, REV),
        ("CHN", 81_000_000, "", None, REV),
        ("DEU", None, IN_WORLD, None, 'printed "(5)": footnote 5, Included in "World total"'),
        ("IND", 8_600_000, "", None, ""),
        ("PRK", 2_000_000, "", None, 'row "Korea, North"'),
        ("KOR", 1_800_000, "", None, 'row "Korea, Republic of"'),
        ("MDG", 27_000_000, "", None, REV),
        ("MEX", 3_100_000, "", None, ""),
        ("MOZ", 25_000_000, "", None, ""),
        ("NOR", 600_000, "", None, ""),
        ("RUS", 14_000_000, "", None, ""),
        ("LKA", 1_500_000, "", None, ""),
        ("TZA", 18_000_000, "", None, ""),
        ("TUR", 6_900_000, "", None, ""),
        ("UKR", None, IN_WORLD, None, 'printed "(5)": footnote 5, Included in "World total"'),
        ("VNM", 9_700_000, "", None, REV),
        ("XWL", 290_000_000, "", None, 'printed 290,000,000; the table has no "Other countries" row, and the reserves of USA, AUT, DEU and UKR are in this total only'),
    ]),
    "Cu": ("copper", 1_000, [  # chapter unit: thousand t copper content
        ("USA", 47_000, "", None, REV),
        ("AUS", 100_000, "", 27_000, "footnote 7: JORC-compliant or equivalent reserves 27 million t"),
        ("CAN", 8_300, "", None, REV),
        ("CHL", 190_000, "", None, ""),
        ("CHN", 41_000, "", None, ""),
        ("COD", 80_000, "", None, ""),
        ("DEU", 0, "", None, 'printed "—" (zero); refinery production only'),
        ("IND", 2_200, "", None, ""),
        ("IDN", 21_000, "", None, REV),
        ("JPN", 0, "", None, 'printed "—" (zero); refinery production only'),
        ("KAZ", 20_000, "", None, ""),
        ("KOR", 0, "", None, 'printed "—" (zero); refinery production only'),
        ("MEX", 53_000, "", None, ""),
        ("PER", 100_000, "", None, REV),
        ("POL", 34_000, "", None, ""),
        ("RUS", 80_000, "", None, ""),
        ("ZMB", 21_000, "", None, ""),
        ("XOT", 180_000, "", None, ""),
        ("XWL", 980_000, "", None, "printed 980,000 (thousand t)"),
    ]),
    "Sb": ("antimony", 1, [
        ("USA", 60_000, "", None, "footnote 8: company-reported probable reserves for the Stibnite Gold Project in Idaho"),
        ("AUS", 140_000, "", 20_000, "footnote 9: JORC-compliant or equivalent reserves 20,000 t"),
        ("BOL", 310_000, "", None, ""),
        ("MMR", 140_000, "", None, 'row "Burma"'),
        ("CAN", 78_000, "", None, ""),
        ("CHN", 670_000, "", None, REV),
        ("GTM", None, NA, None, "printed NA"),
        ("IRN", None, NA, None, "printed NA"),
        ("KAZ", None, NA, None, "printed NA"),
        ("KGZ", 260_000, "", None, ""),
        ("LAO", None, NA, None, "printed NA"),
        ("MEX", 18_000, "", None, ""),
        ("PAK", 26_000, "", None, ""),
        ("RUS", 350_000, "", None, ""),
        ("TJK", 50_000, "", None, ""),
        ("TUR", 99_000, "", None, ""),
        ("VNM", 54_000, "", None, REV),
        ("XWL", 2_000_000, LOWER, None, 'printed ">2,000,000"; the table has no "Other countries" row'),
    ]),
    "W": ("tungsten", 1, [
        ("USA", None, NA, None, "printed NA"),
        ("AUS", 570_000, "", 220_000, "footnote 11: JORC-compliant or equivalent reserves 220,000 t"),
        ("AUT", 10_000, "", None, ""),
        ("BOL", None, NA, None, "printed NA"),
        ("CHN", 2_400_000, "", None, REV),
        ("PRK", 29_000, "", None, 'row "Korea, North"'),
        ("PRT", 3_400, "", None, REV),
        ("RUS", 400_000, "", None, ""),
        ("RWA", None, NA, None, "printed NA"),
        ("ESP", 66_000, "", None, ""),
        ("VNM", 140_000, "", None, REV),
        ("XOT", 950_000, "", None, ""),
        ("XWL", 4_600_000, LOWER, None, 'printed ">4,600,000"'),
    ]),
}
RESERVES_NOTE = (" Reserves (as of 2024) by country and the world total, from the table 'World Mine Production and Reserves' "
                 "(MCS 2025 Appendix C defines reserves), are in reserves.csv.")
RESERVES_READ = (" Reserves column: in this extraction footnote markers stand on their own line next to the value; in other "
                 "extractions they are glued to it (Australia's rare-earth reserves read '135,700,000' = footnote 13 + "
                 "5,700,000 in NSSAC/dpi.RAG). Each value was separated from its marker with the chapter's footnote list; the "
                 "Rare Earths table agrees with three further extractions in github.com/NSSAC/dpi.RAG (data/PyPDF2, data/marker, "
                 "data/docling). Printed '>' is qualifier lower-bound, 'NA' not-available, '(5)' (Included in World total) "
                 "in-world-total, '—' 0.")


def reserves_rows():
    rows = []
    for material, (key, factor, table) in RESERVES.items():
        for country, value, qualifier, jorc, note in table:
            unit = " thousand t converted to t." if factor != 1 else ""
            label = 'USGS "World total (rounded)": the denominator of shares; never add it to the country rows. ' if country == "XWL" else ""
            rows.append(dict(country=country, material=material, year=2024,
                             reserves_t=None if value is None else value * factor, qualifier=qualifier,
                             reserves_jorc_t=None if jorc is None else jorc * factor,
                             source_id=f"usgs-mcs2025-{key}", note=(label + note + unit).strip()))
    return rows


# ---------------------------------------------------------------- sources of the stockpile rows
READ = "Read 2026-12 via the search index (critmin research notes, stocks_reserves.md / japan_korea.md)"
SOURCES = [
    ("iea-policy-17940", "The National Program for Metal (Nonferrous and Rare) Stockpiling (IEA Policies and Measures Database #17940)", "International Energy Agency", 2024,
     "https://www.iea.org/policies/17940-the-national-program-for-metal-nonferrous-and-rare-stockpiling",
     "Korea (MOTIE plan of 30 Dec 2022; page last updated 31 Jan 2024): \"Expanding stockpiling of non-ferrous metals to 60 days from the previous 50 days supply and rare metals to 100 days from the previous 54 days supply\"; rare-metal release time cut from 60 to 30 days; emergency release to companies within eight days. Non-ferrous metals are held by the Public Procurement Service (PPS), rare metals by KOMIR.",
     "primary", "Page text read 2026-12 via the search index, at the prod.iea.org copy of this address"),
    ("e2news-komir-2023", "핵심광물 비축 ... 내년 정부출자금 2331억원으로 증가, 비축량 42일분에서 60일분으로 (critical-mineral stockpile: 2024 government capital up to 233.1 bn won, stock from 42 to 60 days)", "E2News (이투뉴스)", 2023,
     "https://www.e2news.com/news/articleView.html?idxno=300593",
     "Based on the 2024 budget proposal (Aug-Sep 2023): KOMIR holds 13 critical minerals at its Gunsan base, 42 days on average (one day = the whole domestic industry's daily use); the 2024 capital of 233.1 bn KRW (37.2 bn in 2023) is to raise the average to 60 days, adding 24 days of lithium, one year of rare earths and 60 days of gallium; the government's final target is 100 days by 2030.",
     "secondary", READ),
    ("weeklymetal-gunsan-2024", "한국광해광업공단 군산 비축기지 (KOMIR Gunsan stockpile base)", "Weekly Metal (blog summary of an Asia Business Daily report of 3 May 2024)", 2024,
     "https://weeklymetal.com/2024/05/blog-post_12.html",
     "\"현재 광해광업공단이 비축하고 있는 희소 광물은 평균 52일 치\" (the rare metals KOMIR stockpiles cover 52 days on average); 19 types and 28 items stockpiled, to become 20 types and 35 items.",
     "secondary", READ),
    ("asiae-gunsan-2024", "[Report] \"Stockpiling 180 Days' Worth of Rare Earths for Electric Vehicles... Responding to Mineral Supply Chain Crisis\"", "Asia Business Daily (asiae)", 2024,
     "https://cm.asiae.co.kr/en/article/2024050311315651468",
     "Site visit to KOMIR's Gunsan stockpile base on 2 May 2024: \"The amount of neodymium stored here is enough for domestic automobile manufacturers to use for about 180 days\"; 19 types and 28 items of rare metals stockpiled; plan to raise the lithium stock to 30 days within the year.",
     "secondary", "Article text read 2026-12 via the search index"),
    ("etoday-stockpile-2026", "Etoday report on Korea's critical-mineral stockpile against its targets (KOMIR data submitted to Rep. Park Ji-hye)", "Etoday (이투데이)", 2026,
     "https://m.etoday.co.kr/news/view/2543611",
     "\"지난해 6월 기준 평균 국가 핵심 광물의 비축 일수는 68.5일로 집계\" (average national critical-mineral stockpile 68.5 days as of June 2025); \"영구자석 희토류의 정부 비축 목표치는 180일\" (government stockpile target for permanent-magnet rare earths: 180 days). Article date (early January 2026) inferred from its content.",
     "secondary", READ),
    ("chosunbiz-stockpile-2025", "MOTIE supply-chain inspection meeting on China's rare-earth export controls (7 Apr 2025)", "Chosun Biz (English edition)", 2025,
     "https://biz.chosun.com/en/en-policy/2025/04/07/TGSUGPCFQZEPPE7CO2R6SSGAWQ/",
     "Ministry of Trade, Industry and Energy, 7 Apr 2025: the industry secures response capacity \"through public stockpiles, private inventories, and alternatives\"; \"public stockpiles of dysprosium, primarily used as an additive in permanent magnets for electric vehicles, and yttrium, used for phosphors and alloy additives, exceed six months\".",
     "secondary", "Article text read 2026-12 via the search index at prod.biz.chosun.com (same path)"),
    ("asiae-lithium-2022", "Delay in Centralizing Rare Metal Stockpiles for Years (13 Oct 2022)", "Asia Business Daily (asiae), citing Yonhap", 2022,
     "https://cm.asiae.co.kr/en/article/2022101309061677957",
     "Data of the Public Procurement Service and KOMIR submitted to Rep. Gu Ja-geun: \"the government's lithium stockpile was recorded at 12.3 days as of last month. This is only 22.4% of the government's target lithium stockpile days (up to 55 days)\"; 19.1 days in 2017, 17.2 in 2018, 12.3 in 2019; stockpile days = stock / target stock x target days.",
     "secondary", "Article text read 2026-12 via the search index"),
    ("koreaherald-ree-2011", "Korea ups rare earth reserve target (7 Mar 2011)", "The Korea Herald", 2011,
     "https://www.koreaherald.com/view.php?ud=20110307000782",
     "Ministry of Knowledge Economy: rare-earth reserves to be raised to around 1,500 t by 2014, 100 days of local industrial demand; \"The country's current stockpile for rare earths stands at 62 tons, good for only four days of local industrial demand\" (held by the state-run Korea Resources Corp., KORES, a predecessor of KOMIR).",
     "secondary", "Article text read 2026-12 via the search index at m.koreaherald.com (same ud parameter)"),
    ("clepa-reuters-2025-06", "European auto supplier plants shut down due to rare earth shortages, CLEPA says (4 Jun 2025)", "Reuters (syndicated copy on todayheadline.co)", 2025,
     "https://todayheadline.co/european-auto-supplier-plants-shut-081958659-html/",
     "CLEPA (European Association of Automotive Suppliers), Berlin, 4 June 2025: several supplier plants had shut down; \"more plants would likely be affected in the next three to four weeks as inventories depleted\"; of the hundreds of export-licence requests made by auto suppliers since early April only a quarter had been granted.",
     "secondary", READ + "; the reuters.com original was not in the stored corpus"),
    ("ft-tradium-2025-04", "China threatens huge car shortages and shutdowns in Trump trade war (April 2025)", "Daily Express, relaying a Financial Times report (copy on NewsPoint)", 2025,
     "https://10055.read.newszop.com/english-news/publisher-reachdailyexpress_english/news/china-threatens-huge-car-shortages-and-shutdowns-in-trump-trade-war/articleshow/14504820557124b12bdc423b917eb81d739b52df",
     "\"Government officials, market traders, and automotive leaders have voiced concerns that current stockpiles will run out in three to six months\"; Jan Giese (Tradium, Frankfurt metals trader): \"many car manufacturers and their vendors only have two to three months' worth of magnet supplies\"; he told the Financial Times: \"If we don't see magnet deliveries to the EU or Japan in that time or at least close to that, then I think we will see genuine problems in the automotive supply chain.\"",
     "secondary", "Article text read 2026-12 via the search index (also at hamidiz.com); it quotes the Financial Times, which was not read (the research notes attributed the report to Reuters)"),
    ("upstox-ev-magnets-2025-06", "Indian EV makers face uncertain future as China tightens grip on rare earth metal exports (2 Jun 2025)", "Upstox (citing a Business Standard report)", 2025,
     "https://upstox.com/news/market-news/latest-updates/indian-ev-makers-face-uncertain-future-as-china-tightens-grip-on-rare-earth-metal-exports/article-171237",
     "\"According to a Business Standard report, Indian EV original equipment manufacturers (OEMs) currently have REM magnet stockpiles that may last only six to eight weeks.\"",
     "secondary", READ + "; the Business Standard original was not in the stored corpus"),
    ("ackodrive-ola-2025-07", "Bajaj, TVS, Ather to cut short production owing to rare earth magnet crisis (July 2025)", "ACKO Drive (relaying The Economic Times)", 2025,
     "https://ackodrive.com/news/bajaj-tvs-ather-to-cut-short-production-owing-to-rare-earth-magnet-crisis",
     "\"Only Ola Electric remains unaffected, having stockpiled magnets in advance ... with inventory lasting five to six months\". Ola's own shareholder letter says only that it has a \"reasonable inventory\" (no number).",
     "secondary", READ),
    ("toi-bajaj-2025-07", "Govt should give stakeholders greater clarity on rare earth magnets: Rajiv Bajaj (July 2025)", "The Times of India (interview by Shally Seth Mohile), copy on daily8.com", 2025,
     "https://www.daily8.com/en/article/92be31a62b77e22d68aecdb13fd58b44",
     "Asked \"How many days of inventory do you have to ensure continued production of Chetak and electric three wheelers?\", Bajaj Auto MD Rajiv Bajaj: \"Our component inventory saw us through until June, but we are down by half in terms of production in the current month, and I am afraid that we are looking at a zero month in August as of now\" (heavy rare-earth magnets).",
     "secondary", "Interview text read 2026-12 via the search index in the daily8.com copy; the timesofindia.com address was not in the stored corpus"),
]

# ---------------------------------------------------------------- stockpile rows
# Existing rows of build_part4 (country, holder, material) -> the new columns. NDS figures are the
# FY2024-FY2025 Annual Materials Plans as printed in MCS 2025; DOE's nickel is "held" per MCS 2025.
EXISTING = {("JPN", "JOGMEC", "REO"): dict(holder_type="state", as_of="2020-03", target_days_max=180)}
US_DEFAULT = dict(holder_type="state", as_of="2024")

S, P = "state", "private"
NEW_STOCKPILES = [
    # Korea: state stockpiles (KOMIR rare metals, PPS non-ferrous metals). "basket" = the average over the
    # holder's stockpiled minerals; the note says which.
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="separation", material="REO", as_of="2011-03",
         cover_low=4, cover_high=4, cover_unit="days", target_days=100, source_id="koreaherald-ree-2011",
         note="\"The country's current stockpile for rare earths stands at 62 tons, good for only four days of local industrial demand\"; target around 1,500 t by 2014 = 100 days of demand (holder then KORES, now KOMIR). The 62 t is quoted here, not in quantity_t, because the simulation reads quantity_t as a current opening stock."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="refining", material="basket", as_of="2022-12",
         cover_low=54, cover_high=54, cover_unit="days", target_days=100, source_id="iea-policy-17940",
         note="Rare metals held by KOMIR, average over the stockpiled items: \"Expanding stockpiling of ... rare metals to 100 days from the previous 54 days supply\" (MOTIE plan of 30 Dec 2022); release time cut from 60 to 30 days, emergency release within eight days."),
    dict(country="KOR", holder="PPS", holder_type=S, stage="refining", material="basket", as_of="2022-12",
         cover_low=50, cover_high=50, cover_unit="days", target_days=60, source_id="iea-policy-17940",
         note="Non-ferrous metals held by the Public Procurement Service, average: \"Expanding stockpiling of non-ferrous metals to 60 days from the previous 50 days supply\" (MOTIE plan of 30 Dec 2022); the metals are not listed in the source."),
    dict(country="KOR", holder="PPS", holder_type=S, stage="refining", material="Li", as_of="2022-09",
         cover_low=12.3, cover_high=12.3, cover_unit="days", target_days=55, source_id="asiae-lithium-2022",
         note="\"the government's lithium stockpile was recorded at 12.3 days as of last month. This is only 22.4% of the government's target lithium stockpile days (up to 55 days)\" (PPS and KOMIR data, Oct 2022); lithium was then held by PPS and moved to KOMIR from 2023. Form (carbonate or hydroxide) not stated."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="refining", material="basket", as_of="2023",
         cover_low=42, cover_high=42, cover_unit="days", target_days=100, source_id="e2news-komir-2023",
         note="\"현재 공단은 군산비축기지에 핵심광물(13종) 평균 42일분을 비축\" (13 critical minerals at the Gunsan base, 42 days on average; a day = the whole domestic industry's daily use); \"정부의 최종 비축목표는 2030년 기준 100일치다\" (final target 100 days by 2030). The 2024 budget was to raise the average to 60 days, adding one year of rare earths and 60 days of gallium."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="refining", material="basket", as_of="2024-05",
         cover_low=52, cover_high=52, cover_unit="days", source_id="weeklymetal-gunsan-2024",
         note="\"현재 광해광업공단이 비축하고 있는 희소 광물은 평균 52일 치\" (rare metals stockpiled by KOMIR: 52 days on average); 19 types and 28 items."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="refining", material="basket", as_of="2025-06",
         cover_low=68.5, cover_high=68.5, cover_unit="days", source_id="etoday-stockpile-2026",
         note="\"지난해 6월 기준 평균 국가 핵심 광물의 비축 일수는 68.5일로 집계\" (national critical-mineral stockpile: 68.5 days on average as of June 2025; KOMIR data to Rep. Park Ji-hye)."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="separation", material="REO", as_of="2026-01",
         target_days=180, source_id="etoday-stockpile-2026",
         note="\"영구자석 희토류의 정부 비축 목표치는 180일\" (government stockpile target for permanent-magnet rare earths: 180 days); holdings not stated. Date of the article (early January 2026) inferred from its content."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="separation", material="Nd", as_of="2024-05-02",
         cover_low=180, cover_high=180, cover_unit="days", source_id="asiae-gunsan-2024",
         note="\"The amount of neodymium stored here is enough for domestic automobile manufacturers to use for about 180 days\" (Gunsan base, site visit 2 May 2024). Cover of carmakers' use only, not of all domestic use; form (oxide or metal) not stated."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="separation", material="Dy", as_of="2025-04-07",
         cover_low=6, cover_unit="months", source_id="chosunbiz-stockpile-2025",
         note="\"public stockpiles of dysprosium, primarily used as an additive in permanent magnets for electric vehicles, ... exceed six months\" (MOTIE, 7 Apr 2025). The source says 'public stockpiles' (KOMIR holds Korea's rare-metal stockpile); form not stated."),
    dict(country="KOR", holder="KOMIR", holder_type=S, stage="separation", material="Y", as_of="2025-04-07",
         cover_low=6, cover_unit="months", source_id="chosunbiz-stockpile-2025",
         note="\"public stockpiles of ... yttrium, used for phosphors and alloy additives, exceed six months\" (MOTIE, 7 Apr 2025). The source says 'public stockpiles' (KOMIR holds Korea's rare-metal stockpile); form not stated."),
    # Private inventories of rare-earth magnets (and parts containing them), 2025
    dict(country="XEU", holder="automotive suppliers (CLEPA members)", holder_type=P, stage="magnet", material="NdFeB", as_of="2025-06-04",
         cover_low=3, cover_high=4, cover_unit="weeks", source_id="clepa-reuters-2025-06",
         note="CLEPA: \"more plants would likely be affected in the next three to four weeks as inventories depleted\"; several supplier plants had already shut. Stocks of rare-earth magnets and parts containing them. XEU = Europe (a European association; not a country)."),
    dict(country="XWL", holder="carmakers and their suppliers (trader's estimate)", holder_type=P, stage="magnet", material="NdFeB", as_of="2025-04",
         cover_low=2, cover_high=3, cover_unit="months", source_id="ft-tradium-2025-04",
         note="Jan Giese (Tradium, Frankfurt metals trader): \"many car manufacturers and their vendors only have two to three months' worth of magnet supplies\"; he names deliveries to the EU or Japan, so the figure is not one country's (XWL)."),
    dict(country="XWL", holder="industry (officials, traders and auto executives)", holder_type=P, stage="magnet", material="NdFeB", as_of="2025-04",
         cover_low=3, cover_high=6, cover_unit="months", source_id="ft-tradium-2025-04",
         note="\"Government officials, market traders, and automotive leaders have voiced concerns that current stockpiles will run out in three to six months\" (magnet stocks of industry in general, April 2025)."),
    dict(country="IND", holder="EV makers (OEMs)", holder_type=P, stage="magnet", material="NdFeB", as_of="2025-06",
         cover_low=6, cover_high=8, cover_unit="weeks", source_id="upstox-ev-magnets-2025-06",
         note="\"According to a Business Standard report, Indian EV original equipment manufacturers (OEMs) currently have REM magnet stockpiles that may last only six to eight weeks.\""),
    dict(country="IND", holder="Ola Electric", holder_type=P, stage="magnet", material="NdFeB", as_of="2025-07",
         cover_low=5, cover_high=6, cover_unit="months", source_id="ackodrive-ola-2025-07",
         note="\"Only Ola Electric remains unaffected, having stockpiled magnets in advance ... with inventory lasting five to six months\" (The Economic Times via ACKO Drive); Ola itself says only \"reasonable inventory\"."),
    dict(country="IND", holder="Bajaj Auto", holder_type=P, stage="magnet", material="NdFeB", as_of="2025-07",
         cover_until="2025-06", source_id="toi-bajaj-2025-07",
         note="Rajiv Bajaj: \"Our component inventory saw us through until June, but we are down by half in terms of production in the current month, and I am afraid that we are looking at a zero month in August\" (heavy rare-earth magnets for the Chetak scooter and electric three-wheelers)."),
]

NEW_COUNTRIES = {  # code -> name; GRL and ZAF are scored from their WGI 2023 estimates in wgi.py
    "GRL": "Greenland", "ZAF": "South Africa",
    "XEU": "Europe (region-wide figure of a European body; not a country, never add to country rows)",
}
BASKET = dict(material="basket", name="Basket of the minerals a stockpile holds (average cover only; the row's note names them)",
              group="aggregate", basis="aggregate", element_per_oxide="", oxide="", source_id="")


def _add_sources():
    known = {s["source_id"] for s in p1.sources}
    for sid, title, publisher, year, url, note, kind, accessed in SOURCES:
        if sid not in known:
            p1.src(sid, title, publisher, year, url, note, kind, accessed)
    cited = {key for key, _, _ in RESERVES.values()}
    for s in p1.sources:
        if s["source_id"] in {f"usgs-mcs2025-{k}" for k in cited} and RESERVES_NOTE not in s["note"]:
            s["note"] = s["note"].rstrip(" .") + "." + RESERVES_NOTE
            s["accessed"] = s["accessed"].rstrip(" .") + "." + RESERVES_READ


def _add_countries():
    have = {c["country"] for c in p3.countries}
    for code, name in NEW_COUNTRIES.items():
        if code in have:
            continue
        row = dict(country=code, name=name, wgi_scaled="", groups="", source_id="", groups_source_id="")
        if code in WGI_2023:  # as build_part3 scores its countries (est-wgi-scaled)
            row.update(wgi_scaled=scaled(code), source_id="est-wgi-scaled",
                       wgi_mean_2023=round(sum(WGI_2023[code]) / 6, 4))
        p3.countries.append(row)
    # real countries first, then the aggregates (X..), each sorted
    p3.countries.sort(key=lambda c: (c["country"].startswith("X"), c["country"]))
    if not any(m["material"] == "basket" for m in p3.materials):
        p3.materials.append(dict(BASKET))


def _date_stockpiles():
    for row in p4.stockpiles:
        extra = EXISTING.get((row["country"], row["holder"], row["material"]))
        if extra is None and row["country"] == "USA":
            extra = US_DEFAULT
        if extra is None:
            raise ValueError(f"stockpile row without holder type and date: {row}")
        for k, v in extra.items():
            row.setdefault(k, v)
    p4.stockpiles.extend(dict(r) for r in NEW_STOCKPILES)


def add_stocks():
    """Extend sources, countries, materials and stockpiles in place; return the reserves rows."""
    _add_sources()
    _add_countries()
    _date_stockpiles()
    return reserves_rows()
