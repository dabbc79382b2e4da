# ruff: noqa: E501 -- data tables (long literal lines); the parts chain with star imports; CLI prints
"""Build the critmin bundled reference dataset (CSV files). Part 1: constants and sources."""
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Output folder: the bundled dataset, unless CRITMIN_REFERENCE_OUT is set (used to check a rebuild).
OUT = os.environ.get("CRITMIN_REFERENCE_OUT") or str(REPO_ROOT / "src" / "critmin" / "data" / "reference")
REPO = "github.com/Vanakka/metals-encyclopedia, src/data/usgs/text/ (commit ad87eb5e164ba6cd808f7d3a81be43ea5cf21184)"
USGS_ACC = ("Read 2026-11 in a verbatim text extraction of the USGS PDF in " + REPO +
            "; numbers not re-checked against pubs.usgs.gov or the data release doi:10.5066/P13XCP3R")

# IUPAC standard atomic weights (CIAAW abridged values)
AW = {"La": 138.905, "Ce": 140.116, "Pr": 140.908, "Nd": 144.242, "Sm": 150.36, "Eu": 151.964,
      "Gd": 157.25, "Tb": 158.925, "Dy": 162.500, "Ho": 164.930, "Er": 167.259, "Tm": 168.934,
      "Yb": 173.045, "Lu": 174.967, "Y": 88.906, "Sc": 44.956, "O": 15.999, "Co": 58.933,
      "Fe": 55.845, "B": 10.81}
# usual traded oxide: (n metal atoms, m oxygen atoms)
OXIDE = {"La": (2, 3), "Ce": (1, 2), "Pr": (6, 11), "Nd": (2, 3), "Sm": (2, 3), "Eu": (2, 3),
         "Gd": (2, 3), "Tb": (4, 7), "Dy": (2, 3), "Ho": (2, 3), "Er": (2, 3), "Tm": (2, 3),
         "Yb": (2, 3), "Lu": (2, 3), "Y": (2, 3), "Sc": (2, 3)}
OXNAME = {"La": "La2O3", "Ce": "CeO2", "Pr": "Pr6O11", "Nd": "Nd2O3", "Sm": "Sm2O3",
          "Eu": "Eu2O3", "Gd": "Gd2O3", "Tb": "Tb4O7", "Dy": "Dy2O3", "Ho": "Ho2O3",
          "Er": "Er2O3", "Tm": "Tm2O3", "Yb": "Yb2O3", "Lu": "Lu2O3", "Y": "Y2O3", "Sc": "Sc2O3"}


def epo(el):
    n, m = OXIDE[el]
    return round(n * AW[el] / (n * AW[el] + m * AW["O"]), 4)


NDPR_EPO = round((epo("Nd") + epo("Pr")) / 2, 4)  # midpoint 0.8426

# NdFeB recipe: midpoints of the manufacturer ranges (couragemagnet FAQ); the heavy rare
# earth added (Dy "or partly Tb", nikkei-techon-2011) split in the Dy:Tb ratio of IEA's 2024
# EV traction-motor demand (0.674 kt Dy, 0.134 kt Tb; iea-cmde-2025)
NDFEB_NDPR = round((0.29 + 0.325) / 2, 4)     # 0.3075
NDFEB_HRE = round((0.006 + 0.012) / 2, 4)     # 0.009 Dy + Tb
IEA_EV_DY_2024, IEA_EV_TB_2024 = 0.67431, 0.134139  # kt contained element, 2024
NDFEB_TB = round(NDFEB_HRE * IEA_EV_TB_2024 / (IEA_EV_DY_2024 + IEA_EV_TB_2024), 4)  # 0.0015
NDFEB_DY = round(NDFEB_HRE - NDFEB_TB, 4)     # 0.0075
NDFEB_REE = round(NDFEB_NDPR + NDFEB_DY + NDFEB_TB, 4)   # 0.3165
SMCO_SM = round(2 * AW["Sm"] / (2 * AW["Sm"] + 17 * AW["Co"]), 4)  # Sm2Co17
SMCO_CO = round(1 - SMCO_SM, 4)

MAGNET_REE_DEMAND_2023 = 93_000.0  # t, IEA GCMO 2024
WORLD_NDFEB_2024 = round(MAGNET_REE_DEMAND_2023 / NDFEB_REE, -2)  # 293,800
WORLD_NDPR_NEED = round(WORLD_NDFEB_2024 * NDFEB_NDPR)
WORLD_DY_NEED = round(WORLD_NDFEB_2024 * NDFEB_DY)
WORLD_TB_NEED = round(WORLD_NDFEB_2024 * NDFEB_TB)

MP_NDPR_OXIDE_2024 = 1_294.0
USA_NDPR_SEP_2024 = round(MP_NDPR_OXIDE_2024 * NDPR_EPO)
LYNAS_Q = {"2024Q1": 1_724.0, "2024Q2": 1_504.0, "2024Q3": 1_677.0, "2024Q4": 1_292.0}
LYNAS_NDPR_OXIDE_2024 = round(sum(LYNAS_Q.values()))  # calendar 2024, four quarterly reports
LYNAS_NDPR_OXIDE_FY2025 = 6_558.0  # July 2024 - June 2025 (lynas-fy25-results)
MYS_NDPR_SEP_2024 = round(LYNAS_NDPR_OXIDE_2024 * NDPR_EPO)
MYS_NDPR_SEP_2025 = round(LYNAS_NDPR_OXIDE_FY2025 * NDPR_EPO)
MYS_NDPR_CAP_2024 = round(7_200 * NDPR_EPO)
MYS_NDPR_CAP_2025 = round(10_500 * NDPR_EPO)
CHN_NDPR_SEP_2024 = WORLD_NDPR_NEED - USA_NDPR_SEP_2024 - MYS_NDPR_SEP_2024
# co-production (feeds.csv): the US and Malaysia separate their own ores, so their NdPr takes the REO their ore
# yields (Mountain Pass 12% Nd2O3 + 4% Pr6O11; Australian monazite, proxy for Mt Weld, 17.4% + 5.0%, gupta-krishnamurthy-2005);
# the recipe is the REO per t NdPr of the other (Chinese) separators, so that 2023 mining supplies the magnet chain
USA_NDPR_YIELD = 0.12 * epo("Nd") + 0.04 * epo("Pr")
MYS_NDPR_YIELD = 0.174 * epo("Nd") + 0.050 * epo("Pr")
COPRODUCER_REO_2023 = round(USA_NDPR_SEP_2024 / USA_NDPR_YIELD + MYS_NDPR_SEP_2024 / MYS_NDPR_YIELD)
SEP_NDPR_REO_INPUT = round((376_000 - COPRODUCER_REO_2023) / CHN_NDPR_SEP_2024, 3)  # 2023 mining, the anchor's year

EV_KG_NDFEB = 2.0  # kg NdFeB per traction motor implied by MP (1,000 t ~ 500,000 motors)

sources = []


def src(sid, title, publisher, year, url, note, kind, accessed=""):
    sources.append(dict(source_id=sid, title=title, publisher=publisher, year=year, url=url,
                        note=note, kind=kind, accessed=accessed))


# ---------------------------------------------------------------- USGS MCS 2025 (primary)
USGS = [
    ("ree", "Rare Earths", "rare-earths", "pp. 144-145. World mine production 2023-2024 by country (t REO equivalent; China = production quota, Burma/Australia/Madagascar/Malaysia/Nigeria/Thailand/Vietnam estimated from China's reported imports); US salient statistics 2020-2024 (mineral concentrates, compounds and metals incl. footnote 3 totals 1,920 t (2023) and 7,600 t (2024), imports, exports, apparent consumption); Argus oxide prices 2020-2024; US import sources 2020-23 (China 70%, Malaysia 13%, Japan 6%, Estonia 5%, other 6%); NDS potential acquisitions FY2024-25."),
    ("lithium", "Lithium", "lithium", "pp. 110-111. Mine production 2023-2024 (t Li content; US withheld, world total excludes US); US imports/exports 2020-2024; battery-grade Li2CO3 contract price; import sources 2020-23 (Chile 50%, Argentina 47%)."),
    ("cobalt", "Cobalt", "cobalt", "pp. 62-63. Mine production 2023-2024 (t Co content); US mine production 2020-2024, imports, apparent consumption, prices; import sources 2020-23 (Norway 27%, Finland 17%, Japan 14%, Canada 13%); NDS potential acquisitions of SmCo alloy."),
    ("nickel", "Nickel", "nickel", "pp. 124-125. Mine production 2023-2024 (t Ni content); US salient statistics 2020-2024; LME price; import sources 2020-23 of primary nickel (Canada 46%, Norway 11%, Australia 8%, Brazil 6%); DOE stock of 9,700 t contaminated nickel."),
    ("graphite", "Graphite (Natural)", "graphite", "pp. 84-85. Mine production 2023-2024 (t graphite); US imports and apparent consumption 2020-2024; flake unit value; import sources 2020-23 (China 43%, Canada 13%, Mexico 13%, Mozambique 13%); China's exports Jan-Aug 2024 of flake (38,200 t) and spherical (25,500 t) graphite and their recipients; new capacities (Vidalia LA 11,300 t/yr spherical; Santa Cruz 12,000 t/yr; Lindi Jumbo 40,000 t/yr)."),
    ("copper", "Copper", "copper", "pp. 64-65. Mine and refinery production 2023-2024 (thousand t Cu content, converted here to t); US salient statistics 2020-2024; prices; refined-copper import sources 2020-23 (Chile 65%, Canada 17%, Mexico 9%, Peru 6%)."),
    ("gallium", "Gallium", "gallium", "pp. 74-75. World primary low-purity gallium production 2023-2024 and capacity 2024 (kg, converted here to t); US imports of metal 2020-2024, reported consumption, unit values; import sources 2020-23 (Japan 24%, China 19%, Germany 19%, Canada 17%); China's August 2023 controls and December 2024 ban on exports to the US."),
    ("germanium", "Germanium", "germanium", "pp. 80-81. No country production data (China the leading producer); US imports of metal and dioxide (Ge content) 2020-2024; Argus prices; import sources 2020-23 (combined: Belgium 42%, Canada 23%, China 23%, Germany 7%); China's Ge-metal exports Jan-Aug 2024 (16,700 kg; Belgium 33%, Germany 32%, Russia 25%, Japan 6%); NDS potential disposals 5,000 kg/yr."),
    ("antimony", "Antimony", "antimony", "pp. 34-35. Mine production 2023-2024 (t Sb content); US imports 2020-2024, apparent consumption, price; import sources 2020-23 (total metal and oxide: China 63%, Belgium 8%, India 6%, Bolivia 5%); NDS potential acquisitions; China's Aug 2024 licensing and Dec 2024 ban on exports to the US."),
    ("tungsten", "Tungsten", "tungsten", "pp. 190-191. Mine production 2023-2024 (t W content); US imports 2020-2024; concentrate price per mtu WO3 (7.93 kg W per mtu); import sources 2020-23 (China 27%, Germany 14%, Bolivia 8%, Vietnam 8%); NDS potential acquisitions and disposals."),
]
for key, name, slug, note in USGS:
    src(f"usgs-mcs2025-{key}", f"Mineral Commodity Summaries 2025: {name}", "U.S. Geological Survey",
        2025, f"https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-{slug}.pdf", note, "primary", USGS_ACC)

# ---------------------------------------------------------------- other primary documents
src("ciaaw-atomic-weights", "Standard atomic weights of the elements", "IUPAC Commission on Isotopic Abundances and Atomic Weights (CIAAW)", 2021,
    "https://www.ciaaw.org/atomic-weights.htm", "Abridged standard atomic weights used for oxide-to-element factors and alloy stoichiometry (La 138.905, Ce 140.116, Pr 140.908, Nd 144.242, Sm 150.36, Eu 151.964, Gd 157.25, Tb 158.925, Dy 162.500, Ho 164.930, Er 167.259, Tm 168.934, Yb 173.045, Lu 174.967, Y 88.906, Sc 44.956, O 15.999, Co 58.933).",
    "primary", "Values entered from the standard table; not re-checked online for this release")
src("argus-cn-re-2025-01-02", "China rare earths: Prices flat after holiday", "Argus Media", 2025,
    "https://www.argusmedia.com/metals-platform/newsandanalysis/article/2643235-China-rare-earths--Prices-flat-after-holiday",
    "Export prices, FOB China, 31 Dec 2024 - 2 Jan 2025: NdPr metal 99% $67.50-68/kg, NdPr oxide $54.70-55/kg; domestic NdPr oxide CNY 397-399/kg incl. VAT; the article converts CNY 200,000/t to $27,400/t (CNY 7.30 per USD), the rate used for SMM's CNY prices of the same week.",
    "primary", "Read 2026-12 via the search index")
src("smm-re-2024-12-26", "Rare Earth Prices Remain Stable Amid Intense Back-and-Forth Negotiations Between Upstream and Downstream [SMM Daily Review]", "Shanghai Metals Market (SMM)", 2024,
    "https://news.metal.com/newscontent/103108347/",
    "26 Dec 2024, China domestic prices incl. 13% VAT: Tb metal CNY 6.95-7.00 million/t, Tb oxide 5.55-5.59 million/t, Dy oxide 1.59-1.60 million/t, DyFe 1.56-1.57 million/t, NdPr oxide 399,000-401,000/t, NdPr metal 490,000-494,000/t; converted at CNY 7.30 per USD (argus-cn-re-2025-01-02).",
    "primary", "Read 2026-12 via the search index")
src("mp-q4-2024", "MP Materials Reports Fourth Quarter and Full Year 2024 Results", "MP Materials Corp.", 2025,
    "https://mpmaterials.com/articles/mp-materials-reports-fourth-quarter-and-full-year-2024-results",
    "2024 record 45,455 t REO in concentrate and 1,294 t NdPr oxide; NdPr metal and trial magnet production at Independence (Fort Worth) from Q4 2024.", "primary", "Release text read 2026-12 via the search index in the copy stored under this address (dated 02/20/2025): 45,455 t REO in concentrate, 1,294 t NdPr oxide, commercial NdPr metal and trial automotive-grade magnets at Independence in Q4 2024, all confirmed")
src("osc-vulcan-2025", "Office of Strategic Capital Agrees to Joint $700M Conditional Loan Commitment with Vulcan Elements and ReElement Technologies", "U.S. Department of War (Office of Strategic Capital)", 2025,
    "https://www.war.gov/News/Releases/Release/Article/4339788/", "Vulcan Elements 10,000 t/yr NdFeB magnet facility; OSC conditional loans $620m (Vulcan) and $80m (ReElement); Commerce $50m incentives and $50m equity; $550m private.", "primary", "Release text read 2026-12 via the search index in the copy stored under https://www.war.gov/News/Releases/Release/Article/4339788/office-of-strategic-capital-agrees-to-joint-700m-conditional-loan-commitment-wi ($620m Vulcan, $80m ReElement, up to 10,000 t of NdFeB magnet material confirmed); the Commerce $50m incentives and $50m equity and the $550m private capital confirmed in reports of the Vulcan release of 3 Nov 2025 (tipranks.com, zeitenwendegroup.com, carolinajournal.com); the PR Newswire release itself not read")
src("crs-r41744", "Rare Earth Elements in National Defense: Background, Oversight Issues, and Options for Congress (R41744)", "Congressional Research Service (V. B. Grasso)", 2013,
    "https://crsreports.congress.gov/product/pdf/R/R41744", "p. 9, quoting H.Rept. 112-329: about 920 lb of rare-earth materials per F-35, 9,200 lb per SSN-774 Virginia-class submarine, 5,200 lb per DDG-51 destroyer. The F-35 figure is disputed (see adamas-f35-2026).", "primary", "Page 9 of the 23 Dec 2013 version read 2026-12 via the search index in a public copy of the PDF (https://www.hitpages.com/doc/4512783609626624/9/): the three figures confirmed, in House report language quoting the DoD report required by H.Rept. 112-329; crsreports.congress.gov not opened")
src("iea-policy-16639", "International Resource Strategy - National stockpiling system (IEA Policies and Measures Database #16639)", "International Energy Agency", 2023,
    "https://www.iea.org/policies/16639", "Japan: national rare-metal stockpile target of 60 days of domestic consumption; 2020 strategy allows up to 180 days for minerals with high geopolitical risk; 34 rare metals eligible; holdings secret.", "primary", "Page text (last updated 26 Oct 2023) read 2026-12 via the search index in the copy stored under https://origin.iea.org/policies/16639-international-resource-strategy-national-stockpiling-system: 60-day general target, 'such as 180 days' for minerals with high geopolitical risk, 34 rare metals, stockpiled types and quantities undisclosed, all confirmed")
src("usgs-mcs2026-ree", "Mineral Commodity Summaries 2026: Rare Earths", "U.S. Geological Survey", 2026,
    "https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-rare-earths.pdf",
    "World mine production 2024, revised (t REO): United States 45,500; Australia 29,000 (13,000 in MCS 2025, which estimated it from "
    "China's imports: Lynas' own Mt Weld feed was missing); Brazil 560; Burma 27,000; China 270,000; India 2,900; Madagascar 1,400; "
    "Malaysia 140; Nigeria 1,500 (13,000 in MCS 2025); Russia 2,600; Thailand 2,100 (13,000 in MCS 2025); Vietnam 300; other 1,000; "
    "World total (rounded) 380,000. Footnote 12 (estimated from China's reported import data, Trade Data Monitor): Burma, "
    "Madagascar, Malaysia, Thailand, Vietnam.",
    "primary", "Read 2026-12 in the audit table of github.com/pranava0x0/usgs-mineral-commodity-summaries, "
    "data/audit/rare-earths/audit.md (commit 2514d2b), generated from the official PDF (SHA-256 a733c264...); "
    "not re-checked against pubs.usgs.gov")
src("usgs-nds-note", "Government Stockpile sections of Mineral Commodity Summaries 2025 (rare earths, antimony, tungsten, germanium, cobalt, nickel)", "U.S. Geological Survey", 2025,
    "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025.pdf", "FY2024/FY2025 potential acquisitions and disposals of the National Defense Stockpile (Appendix B definitions): La 1,300/1,100 t; Ce 550/0 t; Sb 1,100/700 t; W 266/2,041 t (disposals of ores 907/499 t); Ge disposals 5,000 kg per year; SmCo alloy 200/60 t gross weight; plus unquantified NdPr oxide, NdFeB magnet block and SmCo alloy. Holdings are not published.", "primary", USGS_ACC)

# ---------------------------------------------------------------- secondary sources
def sec(sid, title, publisher, year, url, note, accessed):
    src(sid, title, publisher, year, url, note, "secondary", accessed)

sec("iea-gcmo-2024", "Global Critical Minerals Outlook 2024 (rare-earth chapter, p. 179)", "International Energy Agency", 2024,
    "https://www.iea.org/reports/global-critical-minerals-outlook-2024",
    "Magnet rare-earth (Nd, Pr, Dy, Tb) demand 93 kt in 2023 (78 kt in 2021); 131 kt in 2030 and 181 kt in 2050 in the Announced Pledges Scenario; EV traction motors use 1-2 kg of magnet REE each; clean-energy technologies were about 18% of magnet-REE demand in 2023 (8% in 2015), EV traction motors 7% (about 30% in 2050, APS). Basis (oxide or element) not stated in the passages read.",
    "Verbatim IEA passages quoted by SEAISI (3 Jun 2024), wayenind.com and a forum post; iea.org not read")
sec("iea-ree-2025", "With new export controls on critical minerals, supply concentration risks become reality (commentary, 23 Oct 2025) and Rare Earth Elements report", "International Energy Agency", 2025,
    "https://www.iea.org/commentaries/with-new-export-controls-on-critical-minerals-supply-concentration-risks-become-reality",
    "China's 2024 shares of magnet rare earths: about 60% of mining, 91% of separation/refining, 94% of sintered permanent-magnet production.",
    "As quoted by Rare Earth Exchanges and SCI (24 Oct 2025); IEA pages not read")
sec("iea-gevo-2025", "Global EV Outlook 2025", "International Energy Agency", 2025,
    "https://www.iea.org/reports/global-ev-outlook-2025",
    "Electric car sales (BEV+PHEV) exceeded 17 million in 2024; China more than 11 million; United States about 1.6 million (+10%). Sales in 2025 expected to exceed 20 million (more than a quarter of cars sold); the electric share of car sales set to exceed 40% in 2030 under today's policy settings.",
    "IEA press release text via Mirage News and electricalindustry.ca; US figure via newpolis.media and evfy.in summaries of the report")
sec("couragemagnet-ndfeb", "What are the ingredients of Nd-Fe-B permanent magnets? What is the proportion?", "Courage Magnet (magnet manufacturer FAQ)", 2020,
    "http://www.couragemagnet.com/faq/324.html",
    "Typical sintered NdFeB raw-material proportions: Nd (incl. Pr) 29-32.5 wt%, Fe 63.95-68.65 wt%, B 1.1-1.2 wt%, Dy 0.6-1.2 wt%, Nb and Al 0.3-0.5 wt%, Cu 0.05-0.15 wt%. A manufacturer's statement, not a peer-reviewed source; year of the page not stated (2020 assumed for the record).",
    "Page text read 2026-11 via the search index")
sec("heim-vanderwal-2023", "NdFeB permanent magnet uses, projected growth rates and Nd plus Dy demands across end-use sectors through 2050 (Minerals 13(10):1274)", "Heim, J. W. and Vander Wal, R. L. (MDPI Minerals)", 2023,
    "https://doi.org/10.3390/min13101274",
    "Direct-drive permanent-magnet wind generators: 0.625-0.85 t NdFeB per MW (Moss et al. 2013, four OEMs); analysis average 0.5 t/MW.",
    "Figures read 2026-12 via the search index in the authors' encyclopedia entry drawn from the review (https://encyclopedia.pub/entry/50309): Moss et al. (2013) 0.625-0.85 t/MW for low-speed permanent-magnet generators (four manufacturers) and the analysis average of 0.5 t/MW, confirmed; the MDPI page (https://www2.mdpi.com/2075-163X/13/10/1274) was seen with its abstract only")
sec("adamas-f35-2026", "Adamas Intelligence note on rare earths in the F-35 (22 Apr 2026)", "Adamas Intelligence (via pulse.bot)", 2026,
    "https://www.pulse.bot/defense/news/how-much-rare-earths-does-an-f-35-really-contain-de58adad-63fb-4f8f-b887-377674870f67/", "F-35: 40-70 kg of rare-earth-bearing material, 11-20 kg of elemental REE; says the 920-lb figure traces to an unreleased 2012 DoD study.",
    "pulse.bot summary of the Adamas Intelligence note (dated 22 Apr 2026) read 2026-12 via the search index at this address: 40-70 kg of REE-bearing material, 11-20 kg of elemental REE and the unreleased 2012 DoD recycling study, all confirmed; the note itself was not found on adamasintel.com")
sec("dod-ndfeb-2012", "DoD assessment of NdFeB magnet use in US weapon systems (2012), as reported by Bloomberg", "Bloomberg (via raremetalblog)", 2012,
    "https://www.raremetalblog.com/pentagon-says-f-35s-use-chinese-rare-earths-us-supply-to-rise/", "US weapon systems use about 175 t/yr of NdFeB magnets (2012 DoD assessment).", "Bloomberg News article as republished by raremetalblog.com, read 2026-12 via the search index at this address: 'about 175 metric tons of neodymium iron-boron magnets annually' per the DoD Assessment and Plan for Critical Rare Earth Material in Defense Applications, confirmed; no address of the Bloomberg original was found")
sec("mp-dod-2025", "MP Materials and Department of Defense public-private partnership (10 Jul 2025)", "MP Materials press release and 8-K, as reported by Metal Tech News, FAS, Adamas Intelligence, Project Blue", 2025,
    "https://mpmaterials.com/news/mp-materials-announces-transformational-public-private-partnership-with-the-department-of-defense-to-accelerate-u-s-rare-earth-magnet-independence/", "DoD $400m convertible preferred (+warrants, ~15% stake); NdPr price floor $110/kg for 10 years from Q4 2025 on NdPr sold or stockpiled; 10X magnet facility bringing MP's US magnet capacity to ~10,000 t/yr, commissioning 2028, 100% DoD offtake for 10 years; $150m DoD loan for heavy-REE separation at Mountain Pass; $1.0bn JPMorgan/Goldman financing.",
    "Terms read 2026-12 via the search index in a verbatim repost of the release (forum.rareearthexchanges.com, thread 922) and in reports by Metal Tech News, Adamas Intelligence, defence-industry.eu and FAS (15 Jul 2025): $400m preferred at $30.03, $110/kg floor for 10 years on NdPr stockpiled or sold, 10X bringing US capacity to about 10,000 t/yr from 2028 with 100% offtake for 10 years, $150m DoD loan, $1.0bn JPMorgan/Goldman commitment, all confirmed; the ~15% stake per Adamas and rjema.com; floor support from Q4 2025 per MP's Q3 2025 10-Q as summarised by stocktitan.net. The release address is as cited by many public repositories; the page itself and the 8-K were not opened")
sec("mp-independence-press", "MP Materials Independence facility (Fort Worth) magnet capacity", "Industrial Heating; MP Materials 10-K summaries", 2025,
    "https://www.industrialheating.com/articles/97054-rare-earth-facilities-coming-to-texas", "About 1,000 t/yr of finished NdFeB magnets, enough for about 500,000 EV traction motors; supplies GM; $58.5m 48C tax credit; $100m customer prepayments.",
    "Read 2026-12 via the search index: the Industrial Heating item at this address (about 1,000 t/yr of NdFeB magnets, about 500,000 EV traction motors); GM as customer and the $58.5m 48C credit in Fort Worth Inc. (https://fortworthinc.com/news/mp-materials-awarded-58-5-million-for-fort-worth-facility); the $100m customer prepayments and the 48C credit in MP's FY2024 results release (mp-q4-2024)")
sec("mp-realized-price", "MP Materials 2024 Form 10-K realized NdPr price", "assetroom.net summary of MP Materials 10-K", 2025,
    "https://www.sec.gov/Archives/edgar/data/1801368/000180136825000009/mp-20241231.htm", "Realized NdPr oxide price $70/kg (2023) and $51/kg (2024).", "Prices read 2026-12 via the search index in the assetroom.net summary of the 10-K (https://www.assetroom.net/s/mp-materials-de/q3fGrj/mp-materials-reports-20-revenue-decline-and-65-4-million-net-loss-for-fiscal-year-2024: realized NdPr price from $70/kg in 2023 to $51/kg in 2024); the 10-K itself (FY2024, accession 0001801368-25-000009, the address cited by several public repositories) was not opened")
sec("lynas-quarterlies", "Lynas Rare Earths quarterly activities reports (Mar, Jun and Sep 2024 quarters)", "Lynas Rare Earths (ASX: LYC), as summarised by stocksavvy.ai and Australian Mining (30 Oct 2024)", 2024,
    "https://www.australianmining.com.au/rare-earths-on-the-up-for-lynas/", "NdPr production: 1,724 t (Jan-Mar 2024), 1,504 t (Apr-Jun 2024), 1,677 t (Jul-Sep 2024); total REO 3,545 / 2,188 / 2,722 t; FY25 target of 10.5 kt/yr NdPr capacity; 1,500 t/yr SEGH heavy-REE circuit at Lynas Malaysia targeting first Dy and Tb in CY2025. The Oct-Dec 2024 quarter was not read.",
    "Filing summaries read 2026-11 via the search index; re-read 2026-12: stocksavvy.ai summaries of the Sep-2024 quarter report (https://stocksavvy.ai/filings/lynas-rare-earths-limited-asx/quarterly-activities-report: 2,722 t REO, 1,677 t NdPr, 10.5 kt target) and of the earlier quarters at the same address with suffixes -2 and -4, stockpiper.ai (Mar quarter 1,724 t NdPr), vipfinancenews.com (Jun quarter 2,188 t REO, 1,504 t NdPr) and Australian Mining (30 Oct 2024, this address); Lynas' own report PDFs were not found")
sec("lynas-reserves-2024", "Lynas 2024 Mineral Resources and Ore Reserves statement (Mt Weld)", "Lynas Rare Earths, as reported by Australian Mining and nrinvesting.com (Aug 2024)", 2024,
    "https://nrinvesting.com/lynas-mount-weld-gets-a-resource-boost", "Ore reserves 32.0 Mt at 6.44% TREO support 35+ years at 7,200 t/yr NdPr oxide and 20+ years at 12,000 t/yr.",
    "Press summaries read 2026-11; re-read 2026-12 via the search index at this nrinvesting.com address and in the stocksavvy.ai summary of the statement (https://stocksavvy.ai/filings/lynas-rare-earths-limited-asx/2024-mineral-resource-and-reserve-update-1): 32.0 Mt at 6.44% TREO, 35+ years at 7,200 t/yr and 20+ years at 12,000 t/yr confirmed; the Lynas statement PDF itself was not found")
sec("lynas-2025-hre", "Lynas Malaysia heavy rare earths and capacity (2025)", "Australian Mining (16 May 2025); Argus; Fastmarkets (27 Jun 2024)", 2025,
    "https://www.australianmining.com.au/lynas-produces-worlds-first-dysprosium-outside-of-china/", "Lynas Malaysia NdPr capacity 10,500 t/yr (from 7,200); first separated Dy oxide May 2025 and Tb oxide June 2025 (first commercial separated HREE outside China); Q1 2025 production 1,911 t REO incl. 1,509 t NdPr.",
    "Read 2026-12 via the search index: Australian Mining (16 May 2025, this address: first separated Dy oxide, Q1 2025 1,911 t REO and 1,509 t NdPr); Fastmarkets (27 Jun 2024, https://www.fastmarkets.com/insights/lynas-to-produce-dysprosium-terbium-oxide-in-malaysia/: NdPr capacity raised to 10,500 from 7,200 t/yr); Argus (https://www.argusmedia.com/en/news-and-insights/latest-market-news/2700216-australia-s-lynas-produces-terbium-oxide-in-malaysia: first terbium oxide produced; the stored copy shows no date, and the June 2025 timing rests on the May 2025 reports that Tb was expected the following month)")
