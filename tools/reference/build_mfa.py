# ruff: noqa: E501 -- data tables (long literal lines)
"""Inputs of the dynamic MFA of NdFeB magnets (issue #18, `critmin stocks`, docs/stocks.md).

Called by build.py with the shared `sources` list and the `src` helper. It

* adds the sources of the rows below (each once) and the estimate sources that derive the
  lifetime parameters, the Nd:Pr split and two end-of-life rates (their notes say how);
* returns the rows of ``lifetimes.csv``, ``eol_rates.csv`` and ``contents.csv``, and the
  published world outputs of sintered NdFeB magnets for ``world_totals.csv`` (the inflow
  history the MFA interpolates between).

Every figure is as the source prints it, or derived from printed figures by the formula in
its estimate's note. Sectors with no sourced lifetime (defense) or rate are left out; the
model reports them as not modelled instead of guessing.
"""

from build_observations import once

ACC = "Read 2026-12 via the search index (stored copy of the page)"
NDFEB_NDPR, NDFEB_DY, NDFEB_TB = 0.3075, 0.0075, 0.0015  # est-ndfeb-recipe (build_part1)
EV_ND_KT, EV_PR_KT = 6.566, 0.985  # iea-cmde-2025: Nd and Pr in 2024 EV traction-motor demand


def _est(source, sid, title, note, anchor):
    source(sid, title, "critmin (derived)", 2026, f"docs/reference-dataset.md#{anchor}", note,
           kind="estimate", accessed="Derived for this release; see docs/reference-dataset.md")


def add_mfa(sources, src):
    source = once(sources, src, kind="secondary", accessed=ACC)

    # ------------------------------------------------------------ the literature anchor
    source("du-graedel-2011-jie", "Global Rare Earth In-Use Stocks in NdFeB Permanent Magnets (Journal of Industrial Ecology)",
           "Du, X. and Graedel, T. E. (Yale University)", 2011, "http://ewasteguide.info/biblio/global-rare",
           "Abstract: from 1983, when NdFeB magnets were first manufactured, to 2007, with historical magnet data of China, Japan, the United States and Europe; global in-use stocks in NdFeB magnets in 2007: 62.6 Gg Nd, 15.7 Gg Pr, 15.7 Gg Dy and 3.1 Gg Tb, almost four times the 2007 extraction of each element. (Not the same paper as Du and Graedel's ES&T 45:4096 estimate of 15 rare earths' in-use stocks.)",
           accessed="Abstract read 2026-12 on the bibliography page (ewasteguide.info); the article was not opened")

    # ------------------------------------------------------------ inflow history: world sintered NdFeB output
    source("micromagnet-sintered-output", "Standing increase of output of sintered Nd-Fe-B magnets", "Micro-Magnet (magnet maker's website)", 2002,
           "http://micro-magnet.com/detail/20",
           "Global output of sintered Nd-Fe-B magnets about 285 t in 1987 and 13,940 t in 2000; Nd metal price peaked at 42 USD/kg in 1989 and fell to 8 USD/kg in mid-2002. A maker's page (year of writing inferred from the prices it quotes), not a statistical office.")
    source("meank-sintered-2005", "The domestic and oversea current development situation for rare earth permanent magnets", "Meank Magnet (magnet maker's website)", 2006,
           "http://www.meank-magnet.com/service-support/article/the-domestic-and-oversea-current-development.html",
           "Global sintered NdFeB output 42,300 t in 2005, of which China 33,000 t (78%); growth about 25% a year since 1990. A maker's page (year of writing inferred), not a statistical office.")
    source("chinaorg-ndfeb-2010", "China's rare-earth permanent magnet industry (12 Aug 2013, Japanese edition)", "China.org.cn", 2013,
           "http://japanese.china.org.cn/business/txt/2013-08/12/content_29694121_2.htm",
           "(Japanese) World output of sintered NdFeB magnets (semi-finished) reached 98,200 t in 2010: China 79.4%, Japan 19.3%, Europe 1.3%; China's permanent-magnet output 89,600 t in 2012.")
    world_ndfeb = [
        dict(material="NdFeB", stage="magnet", year=1987, production_t=285, source_id="micromagnet-sintered-output", note="about 285 t, as printed; sintered magnets only (bonded NdFeB not counted)"),
        dict(material="NdFeB", stage="magnet", year=2000, production_t=13940, source_id="micromagnet-sintered-output", note="as printed; sintered magnets only"),
        dict(material="NdFeB", stage="magnet", year=2005, production_t=42300, source_id="meank-sintered-2005", note="as printed; sintered magnets only; China 33,000 t"),
        dict(material="NdFeB", stage="magnet", year=2010, production_t=98200, source_id="chinaorg-ndfeb-2010", note="as printed (semi-finished sintered magnets); China 79.4%, Japan 19.3%, Europe 1.3%"),
    ]

    # ------------------------------------------------------------ lifetimes
    source("yang-2017-jsm", "REE Recovery from End-of-Life NdFeB Permanent Magnet Scrap: A Critical Review (Journal of Sustainable Metallurgy, doi:10.1007/s40831-016-0090-4)",
           "Yang, Walton, Sheridan, Gueth, Gauss, Gutfleisch, Buchert, Steenari et al. (Springer)", 2017,
           "https://www.springerprofessional.de/link?doi=10.1007/s40831-016-0090-4",
           "NdFeB magnets have different life cycles by application: as short as 2-3 years in consumer electronics, 20-30 years in wind turbines; magnets contain about 31-32 wt% rare earths; no mature, economic technology for recycling end-of-life NdFeB magnets has been identified; most processes are at research stage.",
           kind="primary", accessed="Introduction read 2026-12 on the publisher's page; abstract also on research.chalmers.se")
    source("hao-2011-vehicles", "Vehicle survival patterns in China (Science China Technological Sciences, March 2011)",
           "Hao, H., Wang, H., Ouyang, M. and Cheng, F. (Tsinghua University)", 2011,
           "http://en.cnki.com.cn/Article_en/CJFDTOTAL-JEXG201103015.htm",
           "Weibull survival functions for nine classes of Chinese vehicles; average life spans: private passenger vehicles 14.5 years, government and business vehicles 13.1, non-operating buses 11.5, heavy-duty trucks 12.8, medium 10.1, light 8 years. The Weibull parameters are not in the abstract read.",
           kind="primary", accessed="Abstract read 2026-12 on CNKI; the article was not opened")
    source("held-2021-car-lifespans", "Lifespans of passenger cars in Europe: empirical modelling of fleet turnover dynamics (European Transport Research Review 13, doi:10.1186/s12544-020-00464-0)",
           "Held, M., Rosat, N., Georges, G., Pengg, H. and Boulouchos, K. (Springer Open)", 2021,
           "https://etrr.springeropen.com/articles/10.1186/s12544-020-00464-0",
           "Average lifespans of cars in 31 European countries range from 8.0 to 35.1 years: mean 18.1 years in Western and 28.4 years in Eastern Europe (used-car trade included); a Weibull-Gaussian mix fits survival best.",
           kind="primary", accessed="Abstract read 2026-12 on the publisher's page")
    source("cabinet-office-aircon-life", "Average years of use of household durables: room air conditioners (Cabinet Office consumer confidence survey, as quoted)",
           "Cabinet Office of Japan (ESRI), quoted by sumai-maru.com", 2024, "https://sumai-maru.com/airconcl/4670",
           "(Japanese) Room air conditioners: average years of use 13.6 (Cabinet Office survey); 65.1% replaced because of a breakdown; makers' design standard period of use 10 years. Other pages quote 13.2 years for another survey year.")
    source("aea-eu-more-motors", "EU-MORE: European Motor Renovation initiative", "Austrian Energy Agency", 2024,
           "http://www.energyagency.at/en/eu-more",
           "The average service life of electric motors is usually given as 12 to 20 years; field studies in the USA and Europe found motors up to twice as old still in operation (long lifespan 30-40 years).")
    _est(source, "est-lifetimes-mfa", "Lifetime distributions of NdFeB magnets in use, by sector",
         "Where a source gives a range [a, b] of lifetimes, the distribution has mean (a+b)/2 and standard deviation (b-a)/4 (the range read as mean +/- 2 s.d.): electronics 2-3 years (yang-2017-jsm) -> lognormal 2.5 / 0.25; wind 20-30 years (yang-2017-jsm) -> normal 25 / 2.5; industrial motors 12-20 years (aea-eu-more-motors) -> lognormal 16 / 2; other (the unattributed rest: e-bikes, acoustics, MRI, ...) takes the span of all applications in yang-2017-jsm, 2-30 years -> lognormal 16 / 7. Where a source gives only an average (vehicles: hao-2011-vehicles, with the Western-European mean of held-2021-car-lifespans as the high end; air conditioners: cabinet-office-aircon-life) the lifetime is fixed at it: no sourced dispersion was found. Defense has no sourced lifetime and is left out of the MFA.",
         anchor="lifetimes-of-magnets-in-use")
    lt = "est-lifetimes-mfa"
    lifetimes = [
        dict(sector="ev", distribution="fixed", mean_years=14.5, low_years=14.5, high_years=18.1, source_id="hao-2011-vehicles", note="average life span of Chinese private passenger vehicles (China uses about three quarters of NdFeB); high = Western-European mean (held-2021-car-lifespans); fixed: no sourced dispersion"),
        dict(sector="auto", distribution="fixed", mean_years=14.5, low_years=14.5, high_years=18.1, source_id="hao-2011-vehicles", note="as ev: the magnets live as long as the car"),
        dict(sector="wind", distribution="normal", mean_years=25, std_years=2.5, low_years=20, high_years=30, source_id=lt, note="20-30 years (yang-2017-jsm) read as mean +/- 2 s.d."),
        dict(sector="industrial", distribution="lognormal", mean_years=16, std_years=2, low_years=12, high_years=20, source_id=lt, note="12-20 years (aea-eu-more-motors) read as mean +/- 2 s.d.; field studies find longer lives"),
        dict(sector="hvac", distribution="fixed", mean_years=13.6, low_years=10, high_years=13.6, source_id="cabinet-office-aircon-life", note="average years of use of room air conditioners in Japan; low = makers' design standard period (10 years); fixed: no sourced dispersion"),
        dict(sector="electronics", distribution="lognormal", mean_years=2.5, std_years=0.25, low_years=2, high_years=3, source_id=lt, note="2-3 years in consumer electronics (yang-2017-jsm) read as mean +/- 2 s.d."),
        dict(sector="other", distribution="lognormal", mean_years=16, std_years=7, low_years=2, high_years=30, source_id=lt, note="unattributed uses: the 2-30 year span of all applications (yang-2017-jsm)"),
    ]

    # ------------------------------------------------------------ element contents of NdFeB
    _est(source, "est-ndfeb-contents", "Nd and Pr in a tonne of NdFeB",
         f"NdPr {NDFEB_NDPR} t/t (est-ndfeb-recipe) split in the Nd:Pr ratio of IEA's 2024 magnet demand for EV traction motors, {EV_ND_KT} kt Nd : {EV_PR_KT} kt Pr (iea-cmde-2025): Nd = {NDFEB_NDPR} x {EV_ND_KT}/{EV_ND_KT + EV_PR_KT:.3f} = {NDFEB_NDPR * EV_ND_KT / (EV_ND_KT + EV_PR_KT):.5f} t/t, Pr = {NDFEB_NDPR * EV_PR_KT / (EV_ND_KT + EV_PR_KT):.5f} t/t. One composition for every cohort: the historical fall in Dy content is not modelled; the 2007 stocks of du-graedel-2011-jie imply Dy = 15.7/62.6 = 25% of Nd, against 0.0075/0.267 = 2.8% here (see docs/stocks.md).",
         anchor="nd-and-pr-in-ndfeb")
    contents = [
        dict(product="NdFeB", material="Nd", t_per_t=round(NDFEB_NDPR * EV_ND_KT / (EV_ND_KT + EV_PR_KT), 5), source_id="est-ndfeb-contents", note="NdPr of est-ndfeb-recipe times the Nd share of IEA's EV-motor Nd+Pr"),
        dict(product="NdFeB", material="Pr", t_per_t=round(NDFEB_NDPR * EV_PR_KT / (EV_ND_KT + EV_PR_KT), 5), source_id="est-ndfeb-contents", note="NdPr of est-ndfeb-recipe times the Pr share of IEA's EV-motor Nd+Pr"),
        dict(product="NdFeB", material="Dy", t_per_t=NDFEB_DY, source_id="est-ndfeb-recipe", note="as recipes.csv (a 2024 average; magnets of the 2000s held more Dy)"),
        dict(product="NdFeB", material="Tb", t_per_t=NDFEB_TB, source_id="est-ndfeb-recipe", note="as recipes.csv"),
    ]

    # ------------------------------------------------------------ end-of-life rates
    source("gem-2024", "The Global E-waste Monitor 2024", "ITU and UNITAR", 2024,
           "http://dcp.unitar.org/about/news-stories/press/global-e-waste-monitor-2024-electronic-waste-rising-five-times-faster-documented-e-waste-recycling",
           "62 Mt of e-waste in 2022; 22.3% documented as formally collected and recycled; Europe 42.8% (7.5 of 17.6 kg per capita); Africa below 1%; just 1% of rare-earth demand is met by e-waste recycling.",
           kind="primary", accessed="UNITAR press release and report summaries read 2026-12 via the search index")
    source("ec-elv-missing-vehicles", "Answer given by Mr Sinkevicius on behalf of the European Commission: End-of-life vehicles",
           "European Parliament (relayed by eubuzz.news)", 2022, "https://eubuzz.news/answer-to-written-question-end-of-life-vehicles/",
           "About 6.5 million end-of-life vehicles a year are treated under the ELV Directive; about 35% of de-registered vehicles (about 4 million a year) are 'missing' (unknown whereabouts). The Oeko-Institut assessment for the Commission gives 3-4 million vehicles of unknown whereabouts against 6-7 million treated.")
    source("unep-2011-recycling-rates", "Recycling Rates of Metals: A Status Report", "UNEP International Resource Panel (Graedel, Allwood, Birat, Reck, Sibley, Sonnemann, Buchert, Hagelueken)", 2011,
           "http://www.unep.org/resourcepanel-old/Publications/Recyclingratesofmetals/tabid/56073/Default.aspx",
           "End-of-life recycling rates: below 1% for 34 of 60 metals, among them the rare earths; above 50% for 18.",
           kind="primary", accessed="Report page and press release read 2026-12 via the search index")
    source("eheliyagoda-2023-dy", "Tracing the multiregional evolution of the global dysprosium demand-supply chain (Resources, Conservation & Recycling, article 107245)",
           "Eheliyagoda, Ramanujan, Veluri, Liu, Liu (Elsevier)", 2023,
           "https://pure.au.dk/portal/en/publications/tracing-the-multiregional-evolution-of-the-global-dysprosium-dema",
           "Global Dy cycle 1988-2021: 22,009 t of Dy in intermediate products (mostly NdFeB) entered manufacturing, China about 55%; less than 3% of the Dy mined was recycled.",
           kind="primary", accessed="Abstract read 2026-12 on the university repository")
    source("kitagawa-tsubota-2017", "Rare Earth Extraction from NdFeB Magnets (in Noble and Precious Metals, doi:10.5772/intechopen.70881)",
           "Kitagawa, J. and Tsubota, M. (IntechOpen)", 2017,
           "https://www.intechopen.com/books/noble-and-precious-metals-properties-nanoscale-effects-and-applications/rare-earth-extraction-from-ndfeb-magnets",
           "Laboratory HCl leaching after a corrosion pre-treatment with oxalate precipitation recovers almost all the rare earths of a magnet in one extraction; a closed-loop acid process recovers about 50% per extraction.",
           kind="primary", accessed="Abstract read 2026-12 on the publisher's page")
    _est(source, "est-eol-rates", "Separation and recovery rates of end-of-life NdFeB magnets",
         "Separation (share of the magnets in collected products taken out before shredding and sent to rare-earth recovery): 0.01, from the end-of-life recycling rate of the rare earths, below 1% (unep-2011-recycling-rates), with no commercial end-of-life magnet recycling identified (yang-2017-jsm); range 0-0.03, the top from less than 3% of mined Dy recycled (eheliyagoda-2023-dy). Recovery (share of the rare earths in separated magnets recovered as oxide or metal): the midpoint 0.75 of 0.5 (one pass of a closed-loop acid process) and 1.0 (almost all in one laboratory extraction), both kitagawa-tsubota-2017. Collection rates are as their sources print them; sectors with no sourced collection rate (wind, industrial, other, defense) are left out.",
         anchor="end-of-life-rates-of-magnets")
    eol = "est-eol-rates"
    eol_rates = [
        dict(sector="electronics", step="collection", rate=0.223, rate_low=0.01, rate_high=0.428, source_id="gem-2024", note="world e-waste documented as formally collected and recycled (2022); low = Africa (below 1%), high = Europe"),
        dict(sector="hvac", step="collection", rate=0.223, rate_low=0.01, rate_high=0.428, source_id="gem-2024", note="air conditioners are e-waste (temperature-exchange equipment): as electronics"),
        dict(sector="ev", step="collection", rate=0.65, rate_low=0.6, rate_high=0.7, source_id="ec-elv-missing-vehicles", note="EU: about 35% of de-registered vehicles have unknown whereabouts; range from 3-4 million unknown against 6-7 million treated (Oeko-Institut); no world figure found"),
        dict(sector="auto", step="collection", rate=0.65, rate_low=0.6, rate_high=0.7, source_id="ec-elv-missing-vehicles", note="as ev"),
        dict(sector="", step="separation", rate=0.01, rate_low=0, rate_high=0.03, source_id=eol, note="every sector: magnets taken out before shredding; end-of-life recycling of rare earths is below 1%"),
        dict(sector="", step="recovery", rate=0.75, rate_low=0.5, rate_high=1.0, source_id=eol, note="every sector: rare earths recovered from separated magnets (laboratory figures)"),
    ]

    # ------------------------------------------------------------ cost of a recycling plant (the bundled plan's MFA-fed line)
    source("hypromag-usa-fs-2024", "Mkango shares surge on HyProMag USA feasibility study (25 Nov 2024)", "Sharecast News, on the CoTec and Mkango release",
           2024, "https://sharecast.com/news/news-and-announcements/mkango-shares-surge-on-hypromag-usa-feasibility-study--18172108.html",
           "HyProMag USA (CoTec Holdings and Mkango Resources), magnet recycling by hydrogen processing of magnet scrap (HPMS) in Dallas-Fort Worth, Texas, with two pre-processing sites: independent feasibility study of 25 Nov 2024; initial capacity 750 t/yr of recycled sintered NdFeB magnets; upfront capital cost estimated at USD 125m; revenue targeted for the first quarter of 2027. 125m / 750 t/yr = 166,667 USD per t/yr of magnets (co-products not counted).",
           accessed="Read 2026-12 via the search index; the companies' release of 25 Nov 2024 (Accesswire) was seen only in excerpts giving its NPVs (USD 262m post-tax at current prices)")

    # ------------------------------------------------------------ demand outlooks (src/critmin/stocks/outlooks/*.yaml)
    source("iea-gevo-2024-outlook", "Global EV Outlook 2024: Outlook for electric mobility", "International Energy Agency", 2024,
           "https://www.iea.org/reports/global-ev-outlook-2024/outlook-for-electric-mobility",
           "Stated Policies Scenario (STEPS): EV sales (all modes except two/three-wheelers) reach almost 45 million in 2030 and close to 65 million in 2035, up from around 14 million in 2023; the EV sales share grows from about 15% in 2023 to almost 40% in 2030 and over 50% in 2035. Announced Pledges Scenario: sales shares approaching 45% in 2030 and two-thirds in 2035. EV stock (excluding two/three-wheelers) 250 million in 2030 and 525 million in 2035 in the STEPS.",
           kind="primary", accessed="Chapter text read 2026-12 via the search index (copy at origin.iea.org)")
    return dict(lifetimes=lifetimes, eol_rates=eol_rates, contents=contents, world_ndfeb=world_ndfeb)
