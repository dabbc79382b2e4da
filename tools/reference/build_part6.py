# ruff: noqa: E501, F403, F405 -- data tables (long literal lines); the parts chain with star imports; CLI prints
"""Part 6 (data v2): the coalition's magnet chain and the semiconductor and battery
minerals of Japan and Korea.

* NdFeB production and capacity by country (China, Japan, Vietnam, Korea, USA, rest of
  world) with a stated basis for each, so that spare capacity is what it is;
* the metal and alloy the magnet makers use (Japan's imports from China and Vietnam, the
  Lynas NdPr of Japan's market, Vietnam's Chinese oxide feed, Korea's imports);
* China's 2024 magnet exports by destination (USA, Germany, Korea, Vietnam, Japan, the
  rest in XOT) summing to the customs total;
* NdFeB demand by country and application on a first-use basis (where magnets are built
  into motors and parts), summing to the world output;
* gallium, germanium and natural graphite demand and imports of Japan and Korea; idle
  gallium plants as a facility, not as spare capacity.

Every estimate's method is in its source note and in the section of
docs/reference-dataset.md its url points to.
"""
from build_part5 import *

ACC = "Read 2026-12 via the search index (stored copy of the page)"

# ---------------------------------------------------------------- sources
sec("iea-cmde-2025", "Critical Minerals Data Explorer (2025 edition, base year 2024)", "International Energy Agency", 2025,
    "https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer",
    "Magnet rare-earth elements (Nd, Pr, Dy, Tb), 2024: total demand 90.92 kt, of which electric vehicles 8.359 kt (Nd 6.566, Pr 0.985, "
    "Dy 0.674, Tb 0.134 kt, base case) and wind 10.496 kt; other uses 72.07 kt. Licence CC BY 4.0.",
    "Values read 2026-12 in a JSON conversion of the IEA workbook in github.com/barrytho/uk-critical-minerals-dashboard "
    "(data/iea.json, commit 6229124); not re-checked against the original xlsx")
sec("iea-gevo-data-2025", "Global EV Data Explorer (2025 edition)", "International Energy Agency", 2025,
    "https://www.iea.org/data-and-statistics/data-tools/global-ev-data-explorer",
    "Electric car sales 2024, Korea: 120,000 battery-electric and 7,900 plug-in hybrid cars (IEA rounds to two significant figures).",
    "Read 2026-12 in the IEA CSV committed in github.com/mei-glow/data-visualization-shiny (data/raw_data/EVDataExplorer2025.csv)")
sec("nikkei-techon-2011", "Tech-On! feature on dysprosium in Nd-Fe-B sintered magnets (17 Jun 2011)", "Nikkei BP (Nikkei Monozukuri / Tech-On!)", 2011,
    "http://techon.nikkeibp.co.jp/article/FEATURE/20110617/192667/",
    "Dy (or partly Tb substituted for it) is added at 7-10 wt% of the sintered magnet in HEV/EV traction motors and 4-5 wt% in "
    "air-conditioner compressor motors (based on NIMS material).", ACC)
sec("adamas-cn-magnet-exports-2024", "Record rare earth magnet exports from China in 2024", "Adamas Intelligence", 2025,
    "https://www.adamasintel.com/record-rare-earth-magnet-exports-from-china-in-2024/",
    "China exported a record 58,152 t of rare-earth permanent magnets and permanent-magnet alloys in 2024 (nearly all NdFeB, minor SmCo), "
    "10% more than in 2023 (China General Administration of Customs data); the top 10 importing countries took 73%. The country table "
    "is behind a subscription.", ACC)
sec("reuters-cn-magnets-2025-12", "China rare-earth exports to US, Japan fell in December (20 Jan 2026)", "Reuters (relayed by Goldsea Asian American Daily)", 2026,
    "http://www.goldsea.com/public/index.php/article_details/china-rare-earth-exports-to-us-japan-fell-in-december",
    "Chinese customs data: rare-earth magnet exports 57,392 t in 2025; to the United States 5,933 t in 2025, an annual fall of 20.3%; "
    "to Japan 280 t in December 2025, 31.4% more than in December 2024.", ACC + "; the Reuters original was not in the index")
sec("metalnomist-cn-magnets-2024-10", "China's rare earth magnet exports see growth (January-October 2024)", "Metalnomist", 2025,
    "https://metalnomist.com/2025/01/chinas-rare-earth-magnet-exports-see.html",
    "China's exports of rare-earth permanent magnets (HS 85051110) were 47,778 t in January-October 2024; Germany, the United States and "
    "Korea took 41% of the volume (the article's text labels the year 2023, but its monthly figures are those of 2024).", ACC)
sec("kotra-cn-magnets-2023", "China's rare-earth exports and imports both rose last year (The Guru, from KOTRA Beijing)", "The Guru (republished by Newsbell)", 2024,
    "https://newsbell.co.kr/economy/article/671578",
    "China's rare-earth permanent-magnet exports were 52,576 t in 2023 (-1.0%); Germany took 16.7% and Korea 11.3% (GAC data, "
    "from KOTRA Beijing's report of 19 Apr 2024).", ACC)
sec("asiacity-cn-magnets-2025-09", "China's rare earth magnet exports to US fall in September", "AsiaCity News (relaying Nikkei)", 2025,
    "https://asiacity.news/?p=138890",
    "September 2025 exports of rare-earth magnets and year-on-year change: Germany 1,288 t (+27.9%), Korea 854 t (+84.5%), Vietnam "
    "456 t (+18.3%), Japan 228 t (+20.8%), United States 420 t (-29.5%).", ACC)
sec("chinatimes-cn-magnets-2025-10", "China's rare-earth magnet exports to the US hit a nine-month high (October 2025)", "China Times (via Yahoo Taiwan), citing Reuters and Nikkei", 2025,
    "https://tw.news.yahoo.com/%E5%89%B59%E5%80%8B%E6%9C%88%E6%96%B0%E9%AB%98-%E9%99%B8%E7%A8%80%E5%9C%9F%E7%A3%81%E9%90%B5%E5%B0%8D%E7%BE%8E%E5%87%BA%E5%8F%A3%E9%87%8F%E5%A4%A7%E5%B9%85%E5%9B%9E%E5%8D%87-%E5%B0%88%E5%AE%B6-%E9%87%8D%E7%A8%80%E5%9C%9F%E4%BB%8D%E6%9C%89%E9%99%90-073938056.html",
    "October 2025 exports of rare-earth magnets and year-on-year change: Germany 1,118 t (+55.9%), United States 656 t (+4.5%), Korea "
    "569 t (+31.3%), Japan 226 t (+30.2%); Japan including magnet powders and alloys 538 t.", ACC)
sec("jsnm-rare-earth-section", "Rare-earth section: industry conditions (yearly editions)", "Japan Society of Newer Metals (JSNM)", 2023,
    "https://jsnm.or.jp/group/rea-earth.html",
    "Japan's neodymium-magnet production: a little over 13,000 t (2017), a little over 14,000 t (2018), about 12,400 t (2020, -8%). "
    "China's 2023 NdFeB production estimated at 267,000 t, used for automotive traction motors 21.6%, other automotive uses 12.2%, wind "
    "6.7%, air-conditioner motors 7.8%, electronic and mechanical parts 14.2% (the rest not itemised).",
    "Several yearly editions of the page (it is overwritten each year) read 2026-12 as stored copies via the search index; no later "
    "Japanese tonnage than 2020 was found")
sec("csre-ndfeb-2024", "Surging demand for NdFeB magnets driven by EVs and renewables (remarks of the Chinese Society of Rare Earths)", "Metalnomist", 2024,
    "https://metalnomist.com/2024/10/surging-demand-for-ndfeb-magnets-driven.html",
    "Chinese Society of Rare Earths (Zhang Anwen): China produced 270,000 t of rough NdFeB in 2023 (255,200 t sintered); EVs take 30% of "
    "global magnet demand, inverter air conditioners and industrial robots 16% each, wind turbines 12%.", ACC)
sec("shin-etsu-vietnam-2017", "Shin-Etsu Chemical to double its production capacity of rare earth magnets in Vietnam (22 Jun 2017)", "Shin-Etsu Chemical Co., Ltd.", 2017,
    "https://www.shinetsu.co.jp/en/news/news-release/shin-etsu-chemical-to-double-its-production-capacity-of-rare-earth-magnets-in-vietnam/",
    "Shin-Etsu Magnetic Materials Vietnam: rare-earth magnet capacity 1,100 t/yr, doubled to 2,200 t/yr from mid-2018.", ACC)
sec("snm-star-group-2023", "Korea's first rare-earth permanent magnet production starts (Star Group Industrial, Daegu)", "SNM News (Steel & Metal News)", 2023,
    "http://www.snmnews.com/news/articleView.html?idxno=525070",
    "Star Group Industrial's Daegu plant, completed 27 Oct 2023, is to make 1,000 t/yr of NdFeB magnets (MOTIE); Korea imported 4,821 t "
    "of Chinese permanent magnets in January-September 2023, 12% of China's exports; more than 90% of Korea's demand is imported from China.", ACC)
sec("forbes-noveon-2023", "Meet the Texas startup that recycles rare-earth magnets, bypassing China", "Forbes (copy at usaupdate24.com)", 2023,
    "https://usaupdate24.com/meet-the-texas-startup-that-recycles-rare-earth-magnets-bypassing-china/",
    "Noveon Magnetics expected about $10 million of revenue in 2023.", ACC + "; copy of the Forbes article, whose own address was not in the index")
sec("noveon-nidec-2025", "San Marcos-based rare-earth magnet maker Noveon lands major deal with motor company", "San Antonio Express-News (reposted by Noveon)", 2025,
    "https://noveon.co/san-antonio-deal",
    "Noveon expects to make 2,000 t of magnets a year at full output, generating about $250 million in annual revenue; five-year offtake "
    "with Nidec Motor for more than 1,000 t of sintered NdFeB magnets (about 200 t/yr).", ACC)
sec("etoday-re-stockpile-2026", "China weaponises rare earths; Korea's stockpile below target", "Etoday (이투데이)", 2026,
    "https://m.etoday.co.kr/news/view/2543611",
    "Japan depended on China for more than 60% of its rare-earth metal imports in 2024 (KOMIR data submitted to the National Assembly).",
    ACC + "; article date inferred (early January 2026)")
sec("oed-sojitz-2025", "Japan's Sojitz imports heavy rare earths from Australia (30 Oct 2025)", "Energy News (oedigital.com), Reuters-based", 2025,
    "https://energynews.oedigital.com/mineral-resources/2025/10/30/japans-sojitz-imports-heavy-rare-earths-from-australia",
    "Sojitz, Lynas's distributor in Japan, holds over 70% of the Japanese neodymium market.", ACC)
sec("iru-metallisation-2024", "IRuniverse report on rare-earth metal production in Japan (2024)", "IRuniverse", 2024,
    "https://www.iru-miru.com/en/article_detail.php?id=68169",
    "Rare-earth metallisation is reported not to be conducted in Japan (qualitative).", ACC)
sec("pointecon-korea-re-2025", "China's rare-earth controls: Korea more vulnerable than Japan (Point Economy, Dec 2025)", "Point Economy (summary on Newspic)", 2025,
    "https://m.newspic.kr/summary.html?nid=2025121010384498092&pn=353",
    "Korea's dependence on China: 79.8% of rare-earth imports and 89.9% of NdFeB permanent-magnet imports in 2024.",
    ACC + "; only the three-line summary was available")
sec("adamas-defense-2025", "REEs in defense: commercially insignificant, strategically imperative", "Adamas Intelligence", 2025,
    "https://www.adamasintel.com/rees-in-defense-commercially-insignificant-strategically-imperative",
    "US magnet consumption for defense applications uses 'just tens-to-hundreds of tonnes of magnet rare earths per annum'; quotes GAO "
    "(2024): DoD's total rare-earth demand is less than 0.1% of global demand.", ACC + "; the GAO report itself was not read")
sec("lynas-q2-fy25", "Lynas Rare Earths reports Q2 FY25 results (December 2024 quarter)", "The Capital Club (relaying the Lynas quarterly report)", 2025,
    "https://thecapitalclub.com.au/2025/01/17/lynas-rare-earths-ltd-asxlyc-reports-strong-q2-fy25-results",
    "Lynas December 2024 quarter: 2,617 t REO, of which 1,292 t NdPr.", ACC)
sec("lynas-fy25-results", "Lynas posts A$556M revenue, raises A$750M (FY25 results, 27 Aug 2025)", "middle.news (relaying Lynas' FY25 results)", 2025,
    "https://www.middle.news/articles/2025/08/27/lynas-accelerates-rare-earths-growth-with-record-production-and-750m-raise",
    "Record NdPr production of 6,558 t in FY2025 (July 2024 - June 2025), up from 5,655 t; Lynas Malaysia's solvent extraction and "
    "finishing capacity expanded to 10.5 kt/yr.", ACC)
sec("jt-gallium-2025", "JOGMEC to take part in gallium production study in Australia (5 Aug 2025)", "The Japan Times (Kyodo)", 2025,
    "https://www.japantimes.co.jp/news/2025/08/05/japan/japan-gallium-australia-study",
    "According to JOGMEC, Japan consumed 167 t of gallium in 2021, of which about 97 t were imported; 57% of the imports, 55 t, came from China.", ACC)
sec("yomiuri-gallium-2025", "Japan to start producing gallium in Australia, looking to ensure stable supply (Aug 2025)", "The Japan News (Yomiuri), reproduced by daily8.com", 2025,
    "https://www.daily8.com/en/article/264e2708dd6ab4bad7ea964ed0c81180",
    "Since China tightened its gallium export controls in August 2023, its exports to Japan have fallen by 80-90%, to around 10 t a year.",
    ACC + "; the Japan News original address was not found")
sec("hankyoreh-ga-ge-2023", "China to control gallium and germanium exports from August; Korea depends on it for more than half (4 Jul 2023)", "The Hankyoreh", 2023,
    "https://www.hani.co.kr/arti/international/international_general/1098603.html",
    "Korea Customs Service data: gallium imports from China 5.7 t (2019), 13.4 t (2020), 3.5 t (2021), 3.3 t (2022), 2.2 t (Jan-May 2023); "
    "all gallium imports 2019 - May 2023 54.2 t (China 28.2 t, 52%); germanium imports from China 0.5, 7, 1.6, 2 and 0.8 t (same years), "
    "87.5% of 13.6 t.", ACC + " (under a hani.co.kr sub-domain mirror of the same article id)")
sec("chosunbiz-komir-2025", "Korea depends on China for 16 of 31 rare metals (5 Oct 2025)", "Chosun Biz (English edition)", 2025,
    "https://biz.chosun.com/en/en-policy/2025/10/05/5BL4MZW4UNHCBIMMAIRX6KKTJA/",
    "MOTIE/KOMIR data 2020-2024: China's share of Korea's imports in 2024 was 98% for gallium and 97% for graphite.", ACC)
sec("kotra-korea-graphite-2023", "China's graphite export controls (KOTRA figures for Korea's 2022 imports)", "Autopost Korea", 2023,
    "https://autopostk.com/uncategorized/article/59756",
    "Korea imported 48,200 t of synthetic and 53,000 t of natural graphite from China in 2022 (KOTRA).", ACC)
sec("kita-korea-graphite-2023", "Effects of China's graphite export controls expected to ease within three months (KITA, 30 Oct 2023)", "Shinailbo", 2023,
    "http://www.shinailbo.co.kr/news/articleView.html?idxno=1778900",
    "January-September 2023: China supplied 97.7% of Korea's natural graphite imports and 94.3% of its synthetic graphite imports (KITA).", ACC)
sec("yomiuri-graphite-2023", "China puts graphite export controls into effect (1 Dec 2023)", "Yomiuri Shimbun", 2023,
    "https://www.yomiuri.co.jp/economy/20231201-OYT1T50070/",
    "Japan relies on China for about 90% of its graphite imports, used among others in lithium-ion battery materials.",
    "Text read 2026-12 in a quotation of the article (forum post); the article itself was not opened")

# ---------------------------------------------------------------- magnet production and capacity, 2024
JPN_NDFEB_2020, JPN_NDFEB_2018 = 12_400, 14_000      # jsnm-rare-earth-section
VNM_NDFEB_CAP = 2_200                               # shin-etsu-vietnam-2017
KOR_NDFEB_CAP = 1_000                               # snm-star-group-2023
USA_NDFEB_CAP = 2_000                               # noveon
USA_NDFEB_2024 = round(USA_NDFEB_CAP * 10 / 250)    # 80 t: revenue $10m of $250m at full output
USA_NDFEB_2025 = 200                                # Nidec offtake >1,000 t over five years
CHN_NDFEB_2024 = round(WORLD_NDFEB_2024 * 0.94)     # iea-ree-2025
XOT_NDFEB_2024 = round(WORLD_NDFEB_2024 - CHN_NDFEB_2024 - JPN_NDFEB_2020 - VNM_NDFEB_CAP - KOR_NDFEB_CAP - USA_NDFEB_2024)
MAGNET_PRODUCTION = {"CHN": CHN_NDFEB_2024, "JPN": JPN_NDFEB_2020, "VNM": VNM_NDFEB_CAP, "KOR": KOR_NDFEB_CAP,
                     "USA": USA_NDFEB_2024, "XOT": XOT_NDFEB_2024}
est("est-magnet-producers-2024", "Sintered NdFeB production and capacity by country, 2024",
       f"World {WORLD_NDFEB_2024:.0f} t (est-ndfeb-world-2024). China = 94% (iea-ree-2025) = {CHN_NDFEB_2024} t, capacity not public (taken as "
       f"equal to output: no spare). Japan = {JPN_NDFEB_2020:,} t, the latest published output (2020, jsnm-rare-earth-section; 2022 was about "
       f"+6%), capacity {JPN_NDFEB_2018:,} t/yr = the highest published output (2018), i.e. demonstrated capacity. Vietnam = Shin-Etsu's "
       f"{VNM_NDFEB_CAP:,} t/yr plant (shin-etsu-vietnam-2017) and Korea = Star Group's {KOR_NDFEB_CAP:,} t/yr plant (snm-star-group-2023): "
       f"output not public, taken at capacity (no spare, the reading that does not invent supply). USA = Noveon: capacity {USA_NDFEB_CAP:,} t/yr "
       f"(noveon), output {USA_NDFEB_CAP:,} x $10m / $250m = {USA_NDFEB_2024} t (2023 revenue, forbes-noveon-2023, over revenue at full output, "
       f"noveon-nidec-2025); 2025: {USA_NDFEB_2025} t/yr, the average of the Nidec offtake of more than 1,000 t over five years. Rest of world "
       f"(Germany, Slovenia, the Philippines, ...) = the remainder, {XOT_NDFEB_2024:,} t.",
       "ndfeb-production-and-capacity-by-country-2024")
cap("CHN", "magnet", "NdFeB", 2024, production=CHN_NDFEB_2024, source="est-magnet-producers-2024", note="94% of the world estimate; capacity not public")
cap("JPN", "magnet", "NdFeB", 2024, production=JPN_NDFEB_2020, capacity=JPN_NDFEB_2018, source="est-magnet-producers-2024",
    capacity_source="jsnm-rare-earth-section", note="output = latest published (2020); capacity = highest published output (2018)")
cap("VNM", "magnet", "NdFeB", 2024, production=VNM_NDFEB_CAP, capacity=VNM_NDFEB_CAP, source="est-magnet-producers-2024",
    capacity_source="shin-etsu-vietnam-2017", note="Shin-Etsu Magnetic Materials Vietnam; output not public, taken at capacity")
cap("KOR", "magnet", "NdFeB", 2024, production=KOR_NDFEB_CAP, capacity=KOR_NDFEB_CAP, source="est-magnet-producers-2024",
    capacity_source="snm-star-group-2023", note="Star Group Industrial, Daegu (from Oct 2023); output not public, taken at capacity")
cap("USA", "magnet", "NdFeB", 2024, production=USA_NDFEB_2024, capacity=USA_NDFEB_CAP, source="est-magnet-producers-2024",
    capacity_source="noveon", note="Noveon San Marcos; output estimated from its 2023 revenue")
cap("USA", "magnet", "NdFeB", 2025, production=USA_NDFEB_2025, capacity=USA_NDFEB_CAP, source="est-magnet-producers-2024",
    capacity_source="noveon", note="Noveon San Marcos; output = average of the Nidec offtake (about 200 t/yr)")
cap("XOT", "magnet", "NdFeB", 2024, production=XOT_NDFEB_2024, source="est-magnet-producers-2024",
    note="producers outside China, Japan, Vietnam, Korea and the USA (remainder of the world estimate); capacity not public")

# ---------------------------------------------------------------- China's magnet exports by destination, 2024
CN_MAG_EXPORTS_2024 = 58_152.0            # adamas-cn-magnet-exports-2024
USA_FROM_CN_2024 = round(5_933 / (1 - 0.203))           # reuters-cn-magnets-2025-12
JAN_OCT_2024, DEU_USA_KOR_SHARE = 47_778.0, 0.41        # metalnomist-cn-magnets-2024-10
DEU_2023_SHARE, KOR_2023_SHARE = 0.167, 0.113           # kotra-cn-magnets-2023
# the USA's Jan-Oct share of its 2024 total is taken as 10/12; DEU + KOR get the rest of the 41%, annualised by world volumes
DEU_KOR_2024 = (DEU_USA_KOR_SHARE * JAN_OCT_2024 - USA_FROM_CN_2024 * 10 / 12) * CN_MAG_EXPORTS_2024 / JAN_OCT_2024
DEU_FROM_CN_2024 = round(DEU_KOR_2024 * DEU_2023_SHARE / (DEU_2023_SHARE + KOR_2023_SHARE))
KOR_FROM_CN_2024 = round(DEU_KOR_2024 - DEU_FROM_CN_2024)
VNM_SEP_2024 = round(456 / 1.183)                       # asiacity-cn-magnets-2025-09
VNM_FROM_CN_2024 = VNM_SEP_2024 * 12
JPN_MONTHS_2024 = (round(228 / 1.208), round(226 / 1.302), round(280 / 1.314))  # Sep, Oct, Dec 2024
JPN_FROM_CN_2024 = round(sum(JPN_MONTHS_2024) / 3 * 12)
MAGNET_IMPORTS_FROM_CN = {"USA": USA_FROM_CN_2024, "DEU": DEU_FROM_CN_2024, "KOR": KOR_FROM_CN_2024,
                          "VNM": VNM_FROM_CN_2024, "JPN": JPN_FROM_CN_2024}
MAGNET_IMPORTS_FROM_CN["XOT"] = round(CN_MAG_EXPORTS_2024 - sum(MAGNET_IMPORTS_FROM_CN.values()))
est("est-magnet-exports-2024", "China's 2024 NdFeB magnet exports by destination",
       f"Total {CN_MAG_EXPORTS_2024:,.0f} t (adamas-cn-magnet-exports-2024; HS 85051110 alone 58,120 t per SMM). USA = 5,933 t in 2025 / (1 - "
       f"20.3%) = {USA_FROM_CN_2024:,} t (reuters-cn-magnets-2025-12). Germany + Korea = (41% x {JAN_OCT_2024:,.0f} t Jan-Oct 2024, the share of "
       f"Germany + USA + Korea, metalnomist-cn-magnets-2024-10, - the USA's {USA_FROM_CN_2024:,} t x 10/12) x {CN_MAG_EXPORTS_2024:,.0f} / "
       f"{JAN_OCT_2024:,.0f} = {DEU_KOR_2024:,.0f} t, split in their 2023 shares 16.7 : 11.3 (kotra-cn-magnets-2023): Germany "
       f"{DEU_FROM_CN_2024:,} t, Korea {KOR_FROM_CN_2024:,} t (cross-check: their Sep-Oct 2024 months, from the 2025 months and y/y changes of "
       f"asiacity-cn-magnets-2025-09 and chinatimes-cn-magnets-2025-10, annualise to about 10,300 and 5,400 t). Vietnam = September 2024 "
       f"(456 t / 1.183 = {VNM_SEP_2024} t) x 12 = {VNM_FROM_CN_2024:,} t (one month only). Japan = mean of September, October and December 2024 "
       f"({', '.join(str(m) for m in JPN_MONTHS_2024)} t, from the 2025 months / (1 + y/y change)) x 12 = {JPN_FROM_CN_2024:,} t (magnets only; "
       f"with powders and alloys Japan's imports are two to three times larger). Rest of world (XOT) = the remainder, "
       f"{MAGNET_IMPORTS_FROM_CN['XOT']:,} t: the public sources name no other 2024 destination tonnage (top ten destinations 73%).",
       "chinas-magnet-exports-by-destination-2024")
for imp, q in MAGNET_IMPORTS_FROM_CN.items():
    tr("CHN", imp, "magnet", "NdFeB", 2024, q, "est-magnet-exports-2024",
       "remainder of China's exports: destinations not named by the sources" if imp == "XOT" else "China customs data as reported; see source note")

# ---------------------------------------------------------------- metal and alloy for the magnet makers, 2024
RECIPE = {"NdPr": NDFEB_NDPR, "Dy": NDFEB_DY, "Tb": NDFEB_TB}
NEED = {(k, el): q * a for k, q in MAGNET_PRODUCTION.items() for el, a in RECIPE.items()}
JPN_METAL_CN_SHARE = 0.60         # etoday-re-stockpile-2026 (">60%")
JPN_LYNAS_NDPR_SHARE = 0.70       # oed-sojitz-2025 (">70% of Japan's neodymium market")
KOR_CN_SHARE = 0.798              # pointecon-korea-re-2025
metal_prod = {}
for el in RECIPE:
    jp_need = NEED[("JPN", el)]
    jp_own = jp_need * JPN_LYNAS_NDPR_SHARE if el == "NdPr" else 0.0
    jp_imports = jp_need - jp_own
    metal_prod[("JPN", el)] = jp_own
    metal_prod[("VNM", el)] = NEED[("VNM", el)] + jp_imports * (1 - JPN_METAL_CN_SHARE)
    metal_prod[("XOT", el)] = NEED[("XOT", el)]
    world = {"NdPr": WORLD_NDPR_NEED, "Dy": WORLD_DY_NEED, "Tb": WORLD_TB_NEED}[el]
    metal_prod[("CHN", el)] = world - metal_prod[("JPN", el)] - metal_prod[("VNM", el)] - metal_prod[("XOT", el)]
    tr("CHN", "JPN", "metal", el, 2024, jp_imports * JPN_METAL_CN_SHARE, "est-metal-2024", "Japan's metal imports from China (60%)")
    tr("VNM", "JPN", "metal", el, 2024, jp_imports * (1 - JPN_METAL_CN_SHARE), "est-metal-2024", "Japan's metal imports from Vietnam (40%)")
    tr("CHN", "VNM", "separation", el, 2024, metal_prod[("VNM", el)], "est-metal-2024", "oxide feed of Vietnam's metal makers")
    tr("CHN", "KOR", "metal", el, 2024, NEED[("KOR", el)] * KOR_CN_SHARE, "est-metal-2024", "79.8% of Korea's magnet makers' need")
tr("MYS", "JPN", "separation", "NdPr", 2024, metal_prod[("JPN", "NdPr")], "est-metal-2024", "Lynas NdPr for Japan's magnet makers (70%)")
for (k, el), q in metal_prod.items():
    if q > 0:
        cap(k, "metal", el, 2024, production=round(q, 1), source="est-metal-2024",
            note={"CHN": "world need less the other producers", "JPN": "conversion of Lynas NdPr oxide for Japanese magnet makers",
                  "VNM": "Vietnam's own magnets + 40% of Japan's metal imports", "XOT": "the rest of the world's magnet makers' need"}[k])
est("est-metal-2024", "Rare-earth metal and alloy for the magnet makers, by country, 2024",
       f"Each magnet maker needs its output x the recipe (NdPr {NDFEB_NDPR}, Dy {NDFEB_DY}, Tb {NDFEB_TB} t/t, est-ndfeb-recipe). Japan: "
       f"{JPN_LYNAS_NDPR_SHARE:.0%} of its NdPr from Lynas (Sojitz, Lynas's distributor, holds over 70% of Japan's neodymium market, "
       "oed-sojitz-2025): Lynas NdPr oxide from Malaysia, converted for Japan's magnet makers (the model places the conversion in Japan; "
       "iru-metallisation-2024 reports that metallisation is not done in Japan, so it is tolled abroad, a step the model does not show); the "
       f"rest of its NdPr and all its Dy and Tb imported as metal or alloy, {JPN_METAL_CN_SHARE:.0%} from China (etoday-re-stockpile-2026: more "
       "than 60% of Japan's rare-earth metal imports in 2024) and 40% from Vietnam (the next supplier of rare-earth metals to Japan). Vietnam "
       "makes the metal for its own magnets and for Japan from Chinese oxide (Dy and Tb: China separated all of them in 2024; NdPr: origin "
       f"of Vietnam's oxide not public, China assumed). Korea: {KOR_CN_SHARE:.1%} of its magnet maker's need imported from China "
       "(pointecon-korea-re-2025, China's share of Korea's rare-earth imports in 2024); the rest has no recorded origin. Rest of world: its "
       "own need, feed not recorded. China: the world need (est-ndfeb-world-2024) less the others. US metal for Noveon's 80 t is not "
       "recorded (Noveon uses recycled feed).",
       "metal-and-alloy-supply-of-the-magnet-makers-2024")

# ---------------------------------------------------------------- rare-earth concentrate into China
sec("mp-10k-2024-summary", "MP Materials reports 20% revenue decline and $65.4 million net loss for fiscal year 2024 (summary of the 2024 Form 10-K)", "assetroom.net", 2025,
    "https://www.assetroom.net/s/mp-materials-de/q3fGrj/mp-materials-reports-20-revenue-decline-and-65-4-million-net-loss-for-fiscal-year-2024",
    "MP Materials: 45,455 t REO in concentrate produced in 2024; REO sales volume 32,703 t (36,837 t in 2023); a two-year take-or-pay "
    "offtake for rare-earth concentrate signed with Shenghe Resources in January 2024.", ACC + "; the 10-K itself was not opened")
FOOTNOTE_12 = {2023: ("AUS", "MMR", "MDG", "MYS", "NGA", "THA", "VNM"), 2024: ("MMR", "MDG", "MYS", "THA", "VNM")}
REO_BY_COUNTRY = {c: {2023: v23, 2024: v24} for c, v23, v24 in REE_ROWS}
AUS_TO_CHINA_2024 = REE_MCS2025_2024["AUS"]                           # MCS 2025's China-import estimate
AUS_TO_MYS_2024 = REO_BY_COUNTRY["AUS"][2024] - AUS_TO_CHINA_2024    # what MCS 2026 adds: Lynas' own feed
est("est-reo-into-china", "Rare-earth concentrate shipped to China (and Lynas' feed to Malaysia), 2023-2024",
    "USGS estimates the mine production of the countries of its footnote 12 from China's reported imports, so each of those outputs "
    "is entered as that country's export to China: 2023 (usgs-mcs2025-ree) "
    + "; ".join(f"{c} {REO_BY_COUNTRY[c][2023]:,}" for c in FOOTNOTE_12[2023])
    + " t; 2024 (usgs-mcs2026-ree) " + "; ".join(f"{c} {REO_BY_COUNTRY[c][2024]:,}" for c in FOOTNOTE_12[2024])
    + f" t REO. Australia 2024: MCS 2025 estimated {AUS_TO_CHINA_2024:,} t from China's imports (entered as its export to China); "
    f"MCS 2026 revises Australia to {REO_BY_COUNTRY['AUS'][2024]:,} t, and the {AUS_TO_MYS_2024:,} t it adds are Lynas' own Mt Weld "
    "feed, cracked at Kalgoorlie and separated in Malaysia (entered as Australia's export to Malaysia). USA: MP Materials' REO "
    "sales volume, 36,837 t (2023) and 32,703 t (2024), sold as concentrate to Shenghe Resources under the offtake of January 2024 "
    "(mp-10k-2024-summary); USGS's US exports of ores and compounds were 20,700 and 37,500 t (MCS 2026).",
    "rare-earth-concentrate-into-china-2023-2024")
for yr, exporters in FOOTNOTE_12.items():
    for c in exporters:
        if REO_BY_COUNTRY[c][yr]:
            tr(c, "CHN", "mining", "REO", yr, REO_BY_COUNTRY[c][yr], "est-reo-into-china",
               "USGS estimates this output from China's reported imports")
tr("AUS", "CHN", "mining", "REO", 2024, AUS_TO_CHINA_2024, "est-reo-into-china", "MCS 2025's estimate from China's imports")
tr("AUS", "MYS", "mining", "REO", 2024, AUS_TO_MYS_2024, "est-reo-into-china", "Lynas' Mt Weld feed (MCS 2026 less MCS 2025)")
for yr, q in ((2023, 36_837), (2024, 32_703)):
    tr("USA", "CHN", "mining", "REO", yr, q, "est-reo-into-china", "MP Materials concentrate sales (Shenghe offtake)")

# ---------------------------------------------------------------- NdFeB demand by country and application, 2024
EV_SALES_2024 = {"CHN": 11.0e6, "USA": 1.6e6, "JPN": 59_736, "DEU": 381_000, "GBR": 382_000, "KOR": 127_900}
EV_SALES_2024["XOT"] = 17.0e6 - sum(EV_SALES_2024.values())
EV_T = {k: cars * EV_KG_NDFEB / 1000 for k, cars in EV_SALES_2024.items()}
WIND_T = {k: mw * WIND_T_PER_MW for k, mw in WIND_MW_2024.items()}
DEFENSE_USA_2024 = 175.0
# first-use totals: production + imports from China (no other magnet trade is public)
FIRST_USE = {k: MAGNET_PRODUCTION.get(k, 0) + MAGNET_IMPORTS_FROM_CN.get(k, 0) for k in ("USA", "JPN", "KOR", "DEU", "VNM", "XOT")}
FIRST_USE["CHN"] = CHN_NDFEB_2024 - CN_MAG_EXPORTS_2024
OUTSIDE = ("GBR", "BRA", "IND", "AUS")   # named only by their EV and wind rows: carved out of the rest of world
FIRST_USE["XOT"] -= sum(EV_T.get(k, 0) + WIND_T.get(k, 0) for k in OUTSIDE)
# shares of the rest (JSNM's use shares of China's 2023 output, with CSRE's industrial-robot share)
WORLD_EV_SHARE = sum(EV_T.values()) / WORLD_NDFEB_2024 * 100
WEIGHTS = {"auto": 21.6 - WORLD_EV_SHARE + 12.2, "hvac": 7.8, "electronics": 14.2, "industrial": 16.0, "other": 37.5 - 16.0}
for k, total in FIRST_USE.items():
    fixed = {"ev": EV_T.get(k, 0.0), "wind": WIND_T.get(k, 0.0), "defense": DEFENSE_USA_2024 if k == "USA" else 0.0}
    rest = total - sum(fixed.values())
    assert rest > 0, (k, rest)
    for sector, t in fixed.items():
        if t > 0 and sector != "wind":  # wind rows come from build_part5
            if sector == "ev":
                dem(k, "ev", "magnet", "NdFeB", 2024, t, "est-ev-demand-2024",
                    note=f"{EV_SALES_2024[k] / 1e6:.4g} million electric cars x {EV_KG_NDFEB:g} kg NdFeB")
            else:
                dem(k, sector, "magnet", "NdFeB", 2024, t, "est-defense-demand-2024",
                    note="2012 DoD tonnage, within the 2025 published range of tens to hundreds of tonnes of magnet REE")
    for sector, w in WEIGHTS.items():
        dem(k, sector, "magnet", "NdFeB", 2024, rest * w / sum(WEIGHTS.values()), "est-magnet-demand-2024",
            note=f"{w / sum(WEIGHTS.values()):.1%} of {k}'s first-use NdFeB ({total:,.0f} t) after EV, wind and defence rows")
for k in OUTSIDE:
    if k in EV_T:
        dem(k, "ev", "magnet", "NdFeB", 2024, EV_T[k], "est-ev-demand-2024",
            note=f"{EV_SALES_2024[k] / 1e6:.4g} million electric cars x {EV_KG_NDFEB:g} kg NdFeB")
est("est-magnet-demand-2024", "NdFeB demand by country and application, 2024 (first-use basis)",
       "Country totals on a first-use basis (where magnets are built into motors and parts): production + imports from China - exports "
       f"(est-magnet-producers-2024, est-magnet-exports-2024): China {FIRST_USE['CHN']:,.0f}, Japan {FIRST_USE['JPN']:,.0f}, Germany "
       f"{FIRST_USE['DEU']:,.0f}, Korea {FIRST_USE['KOR']:,.0f}, USA {FIRST_USE['USA']:,.0f}, Vietnam {FIRST_USE['VNM']:,.0f} t; the rest of "
       "world (XOT) gets the remainder of the world output less the EV and wind rows of the United Kingdom, Brazil, India and Australia, so "
       "that all rows add up to the world output. Magnet trade other than China's exports is not public, so Japan's and Vietnam's "
       "exports are counted as their own use. Within a country: the ev (est-ev-demand-2024), wind (est-wind-demand-2024) and US defence "
       "(est-defense-demand-2024) rows first; the rest is shared out in the proportions of the Japan Society of Newer Metals' use shares "
       "of China's 2023 output (jsnm-rare-earth-section: traction motors 21.6%, other automotive 12.2%, air conditioners 7.8%, electronic "
       f"and mechanical parts 14.2%, not itemised 37.5%), where auto = traction less the world EV share ({WORLD_EV_SHARE:.1f}%) + other "
       "automotive, i.e. hybrid traction and ancillary motors; industrial = the 16% of industrial robots in global demand (csre-ndfeb-2024) "
       "taken out of the not-itemised part; other = the remaining 21.5%. Weights: "
       + ", ".join(f"{s} {w / sum(WEIGHTS.values()):.1%}" for s, w in WEIGHTS.items())
       + ". The same proportions are used for every country (no country's split is public); hybrids are inside auto because no sourced "
       "hybrid sales by country were found.",
       "ndfeb-demand-by-country-and-application-2024")
est("est-defense-demand-2024", "US defence NdFeB demand, 2024",
       "175 t/yr NdFeB (the 2012 DoD assessment, dod-ndfeb-2012, the only published tonnage), kept for 2024 because it lies within the 2025 "
       "published range: US defence magnets use 'tens to hundreds of tonnes of magnet rare earths per annum' (adamas-defense-2025), i.e. "
       f"about 30-950 t NdFeB at {NDFEB_REE} t REE per t; GAO (2024, via the same source) puts all DoD rare-earth demand below 0.1% of world "
       "demand.",
       "ndfeb-demand-by-country-and-application-2024")

# ---------------------------------------------------------------- gallium, germanium, graphite: Japan and Korea
JPN_GA_2021 = 97 + 3          # imports + domestic primary (jt-gallium-2025; usgs-mcs2025-gallium)
KOR_GA_IMPORTS = 54.2 / (4 + 5 / 12)   # 2019 - May 2023 (hankyoreh-ga-ge-2023)
KOR_GA = KOR_GA_IMPORTS + 3
KOR_GE_2022 = 2.0 / 0.875
KOR_GRAPHITE_2022 = 53_000 / 0.977 + 9_620
JPN_GRAPHITE_CN_2024 = 38_200 * 12 / 8 * 0.20 + 25_500 * 12 / 8 * 0.29
JPN_GRAPHITE_2024 = JPN_GRAPHITE_CN_2024 / 0.90
est("est-ga-ge-graphite-jpn-kor", "Gallium, germanium and natural-graphite demand and imports of Japan and Korea",
       f"Japan gallium (primary, refining stage) 2021 = imports 97 t + domestic primary 3 t = {JPN_GA_2021} t (jt-gallium-2025, "
       "usgs-mcs2025-gallium); the ~67 t of recycled gallium of its 167 t consumption have no supply row and are left out, as for Ni and Sb. "
       "Imports from China: 55 t in 2021 (jt-gallium-2025), about 10 t/yr after the 2023 controls (yomiuri-gallium-2025, entered for 2024). "
       f"Korea gallium = average imports 2019 - May 2023 (54.2 t / 4.42 yr = {KOR_GA_IMPORTS:.1f} t/yr, hankyoreh-ga-ge-2023) + 3 t domestic "
       f"primary (usgs-mcs2025-gallium) = {KOR_GA:.1f} t/yr, entered for 2023; from China {KOR_GA_IMPORTS:.1f} x 98% (chosunbiz-komir-2025) in 2024. "
       f"Korea germanium 2022 = 2.0 t from China / 87.5% = {KOR_GE_2022:.2f} t (hankyoreh-ga-ge-2023), the rest entered as from Russia, the other supplier named (1.3 of 13.6 t in 2019 - May 2023). Korea natural graphite 2022 = 53,000 t "
       f"from China (kotra-korea-graphite-2023) / 97.7% China share (kita-korea-graphite-2023) + 9,620 t own mine output (2023, "
       f"usgs-mcs2025-graphite) = {KOR_GRAPHITE_2022:,.0f} t. Japan natural graphite 2024 = China's flake and spherical exports to Japan "
       f"(38,200 t x 12/8 x 20% + 25,500 t x 12/8 x 29%, usgs-mcs2025-graphite) = {JPN_GRAPHITE_CN_2024:,.0f} t / 90% China share of Japan's "
       f"graphite imports (yomiuri-graphite-2023) = {JPN_GRAPHITE_2024:,.0f} t. All natural graphite is recorded at the mining stage, as for "
       "the USA. No sourced figure was found for Germany (gallium, germanium, graphite) or for Japan's germanium.",
       "gallium-germanium-and-graphite-in-japan-and-korea")
dem("JPN", "electronics", "refining", "Ga", 2021, JPN_GA_2021, "est-ga-ge-graphite-jpn-kor", note="primary gallium: imports 97 t + domestic primary 3 t; recycled gallium left out")
tr("CHN", "JPN", "refining", "Ga", 2021, 55, "jt-gallium-2025", "JOGMEC: 57% of Japan's 97 t of gallium imports")
tr("CHN", "JPN", "refining", "Ga", 2024, 10, "yomiuri-gallium-2025", "around 10 t a year after China's August 2023 controls")
dem("KOR", "electronics", "refining", "Ga", 2023, KOR_GA, "est-ga-ge-graphite-jpn-kor", note="average imports 2019 - May 2023 + 3 t domestic primary")
tr("CHN", "KOR", "refining", "Ga", 2024, KOR_GA_IMPORTS * 0.98, "est-ga-ge-graphite-jpn-kor", "98% of average imports (China's 2024 share)")
dem("KOR", "electronics", "refining", "Ge", 2022, KOR_GE_2022, "est-ga-ge-graphite-jpn-kor", note="imports of germanium metal (Korea Customs Service)")
tr("CHN", "KOR", "refining", "Ge", 2022, 2.0, "hankyoreh-ga-ge-2023", "Korea Customs Service")
tr("RUS", "KOR", "refining", "Ge", 2022, KOR_GE_2022 - 2.0, "est-ga-ge-graphite-jpn-kor",
   "the 12.5% not from China; Russia supplied 1.3 of the 13.6 t imported in 2019 - May 2023")
dem("KOR", "other", "mining", "graphite", 2022, KOR_GRAPHITE_2022, "est-ga-ge-graphite-jpn-kor", note="natural graphite, all forms: imports + own mine output")
tr("CHN", "KOR", "mining", "graphite", 2022, 53_000, "kotra-korea-graphite-2023", "natural graphite, all forms (KOTRA)")
dem("JPN", "other", "mining", "graphite", 2024, JPN_GRAPHITE_2024, "est-ga-ge-graphite-jpn-kor", note="natural graphite, all forms")
tr("CHN", "JPN", "mining", "graphite", 2024, JPN_GRAPHITE_CN_2024, "est-ga-ge-graphite-jpn-kor",
   "flake and spherical from China, Jan-Aug 2024 annualised (all natural graphite from China)")

# ---------------------------------------------------------------- idle gallium plants
fac_rows.append(dict(facility_id="idle-primary-gallium", name="Idle primary gallium plants (Germany, Hungary, Kazakhstan, Ukraine)",
                     owner="several", country="XOT", stage="refining", material="Ga", capacity_t=88, status="idle", start_year="",
                     capex_musd="", unit_cost_usd_per_kg="", partners="", source_id="usgs-mcs2025-gallium",
                     note="USGS counts 88 t/yr of capacity outside the producing countries; the plants are idle, so their capacity is not spare capacity: an invest measure restarts them"))
