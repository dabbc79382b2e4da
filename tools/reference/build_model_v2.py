# ruff: noqa: E501 -- data tables (long literal lines)
"""Parameters of the chain model v2 (issue #14): ramp rates by stage (ramps.csv), the sources
of the short-run price elasticity, and the price observations of 2025 (observations.csv rows
of quantity price_ratio) for `critmin backtest`.

Called by build.py with the shared `sources` list, `sec` (a secondary source) and `est`
(an estimate) helpers, after build_observations.
"""

from build_observations import once

ACC = "Read 2026-12 via the search index"
SCENARIO = "china-2025-04-controls"


def add_model_v2(sources, src, est, observations):
    source = once(sources, src, kind="secondary", accessed=ACC)

    # ------------------------------------------------------------ ramp-up evidence
    source("miningweekly-lynas-2016-07", "Lynas revenue rises as sales volumes hit record (18 July 2016)", "Mining Weekly (Creamer Media)", 2016,
           "http://www.miningweekly.com/print-version/lynas-revenue-rises-as-sales-volumes-hit-record-2016-07-18",
           "Lynas Malaysia REO production FY2014 3,965 t, FY2015 8,799 t, FY2016 12,630 t; Jun-2016 quarter 3,727 t; NdPr FY2015 2,258 t, FY2016 3,897 t; NdPr capacity went from two to four trains over two years.")
    source("lynas-ops-update-2014-01", "Lynas Corporation: Operations Update (6 January 2014)", "Lynas Corporation, reproduced by InvestorIntel", 2014,
           "https://investorintel.com/markets/technology-metals/technology-metals-news/lynas-corporation-operations-update-3/",
           "Ready-for-sale production 741 t REO in the Dec-2013 quarter against 253 t in the Sep-2013 quarter (first full quarters of the Malaysian plant).", kind="primary")
    source("usgs-mcs2021-ree", "Mineral Commodity Summaries 2021: Rare Earths", "U.S. Geological Survey (copy on docslib.org)", 2021,
           "https://docslib.org/doc/10507567/rare-earths1",
           "US production of rare-earth concentrates (t REO): 2016-2017 none, 2018 14,000, 2019 28,000, 2020e 38,000 (Mountain Pass restarted by MP Materials).", kind="primary")
    source("mp-q4-2023", "MP Materials Reports Fourth Quarter and Full Year 2023 Results (22 Feb 2024)", "MP Materials Corp.", 2024,
           "https://investors.mpmaterials.com/investor-news/news-details/2024/MP-Materials-Reports-Fourth-Quarter-and-Full-Year-2023-Results/default.aspx",
           "2023: 41,557 t REO in concentrate; 200 t NdPr oxide (Q4 2023 150 t); over 40,000 t REO for the third year running.", kind="primary")
    source("mp-q4-2025", "MP Materials Reports Fourth Quarter and Full Year 2025 Results (26 Feb 2026)", "MP Materials Corp. (copy on investingnews.com)", 2026,
           "https://investingnews.com/mp-materials-reports-fourth-quarter-and-full-year-2025-results/",
           "2025: 2,599 t NdPr oxide (+101%), 50,692 t REO in concentrate; Q4 2025 718 t NdPr; first NdFeB magnets on commercial equipment at Independence (Fort Worth).", kind="primary")
    source("emj-molycorp-q4-2014", "Rare Earth Production Rises at Mountain Pass", "Engineering & Mining Journal (E&MJ)", 2015,
           "https://www.e-mj.com/leading-developments/rare-earth-production-rises-at-mountain-pass/",
           "Molycorp Mountain Pass REO production 2013 3,473 t, 2014 4,785 t against 19,050 t/yr nameplate; repairs of the expanded leach system.")
    source("jlmag-2024-output", "JL Mag profile (Rare Earth Exchanges, copy on earths-book.com)", "Rare Earth Exchanges", 2025,
           "http://www.earths-book.com/index-969.html",
           "JL Mag 2024: 29,300 t magnet blanks (+39%); capacity 40,000 t/yr by end-2025.")
    source("smm-jlmag-2024-q1", "JL Mag (Jinli Permanent Magnet) Q1 2024 performance briefing", "Shanghai Metals Market (copy on laitimes.com)", 2024,
           "https://www.laitimes.com/en/article/6raqg_77n0y.html",
           "Q1 2024: new capacity gradually released, utilisation above 90%; 38,000 t/yr blank line by end-2024.")
    est("est-ramp-rates", "Ramp rates of rare-earth capacity by stage (share of capacity per year)",
        "Largest rise of a plant's output in a year, as a share of its capacity. Separation 0.20: Lynas Malaysia REO (3,965 -> 8,799 -> 12,630 t against 22,000 t: 0.22, 0.17; miningweekly-lynas-2016-07, lynas-ops-update-2014-01) and MP Materials' NdPr circuit (200 -> 1,294 -> 2,599 t against about 6,000 t: 0.18, 0.23; mp-q4-2023, mp-q4-2024, mp-q4-2025); Dy and Tb circuits 0.15, an assumption (no output series outside China; set below light-REE separation). Mining 0.30: Mountain Pass restart 14,000 -> 28,000 -> 38,000 t against a ~42,000 t plateau (0.33, 0.24; usgs-mcs2021-ree, mp-q4-2023); Molycorp's failed ramp reached 0.07 (emj-molycorp-q4-2014). Magnets 0.20: JL Mag added 0.22 of its capacity in 2024 at over 90% utilisation (jlmag-2024-output, smm-jlmag-2024-q1). Metal and alloy 0.25: an assumption (no output series found). Other minerals' stages: none (no ramp limit; the simulation says so).",
        anchor="ramp-rates-by-stage")
    ramps = [
        dict(stage="mining", material="", rate_per_year=0.30, source_id="est-ramp-rates", note="MP Materials' restart of Mountain Pass 2018-2020"),
        dict(stage="separation", material="", rate_per_year=0.20, source_id="est-ramp-rates", note="Lynas Malaysia FY2014-16 and MP Materials' NdPr circuit 2023-25"),
        dict(stage="separation", material="Dy", rate_per_year=0.15, source_id="est-ramp-rates", note="assumption: no output series of a heavy-REE circuit outside China"),
        dict(stage="separation", material="Tb", rate_per_year=0.15, source_id="est-ramp-rates", note="assumption: no output series of a heavy-REE circuit outside China"),
        dict(stage="metal", material="", rate_per_year=0.25, source_id="est-ramp-rates", note="assumption: no output series found"),
        dict(stage="magnet", material="", rate_per_year=0.20, source_id="est-ramp-rates", note="JL Mag 2024 (company level)"),
    ]

    # ------------------------------------------------------------ short-run price elasticity
    source("sprecher-2017", "Novel Indicators for the Quantification of Resilience in Critical Material Supply Chains, with a 2010 Rare Earth Crisis Case Study (Environ. Sci. Technol. 51(7):3860-3870)",
           "Sprecher, Daigo, Spekkink, Vos, Kleijn, Murakami, Kramer (ACS)", 2017, "https://doi.org/10.1021/acs.est.6b05751",
           "Abstract: annual substitution rates reached 10% of total demand; non-Chinese primary production ramped at 4% of market volume per year; recovery from the 2010 disruption took two years.", kind="primary")
    source("nikkei-techon-2012", "Tech-On! feature on Dy-saving and Dy-free magnets (12 Nov 2012)", "Nikkei BP Tech-On!", 2012,
           "http://techon.nikkeibp.co.jp/article/FEATURE/20121112/250573/",
           "(Japanese) NdFeB magnets for HEV/EV motors, aircon compressors and servo motors contain 3-10 mass% Dy; the Dy price rose from about $150/kg to over $3,500/kg in summer 2011.")
    source("japanbusinessflash-2012-06", "No. 27: Imports of rare earths decrease rapidly in the first quarter (15 Jun 2012)", "Japan Business Flash (blog)", 2012,
           "http://japanbusinessflash.blogspot.com/2012/06/no-27-imports-of-rare-earthes-decrease.html",
           "Japan's Q1 2012 rare-earth imports -58% y/y; Shin-Etsu halving Dy in aircon magnets; Hitachi Metals aiming at 4% Dy (from nearly 8%) by 2014; Dy $1,100/kg in June 2012.")
    source("meti-dy-subsidy-2012", "Japan govt encourages under-reliance on rare earths, shells out $65m subsidy", "International Business Times AU (relaying Reuters/Kyodo)", 2012,
           "https://ibtimes.com.au/japan-govt-encourages-under-reliance-rare-earths-shells-out-65m-subsidy-1293414",
           "METI funds 49 projects to cut Japan's Dy use by 200-400 t/yr, 'or by 30 per cent in two years'.")
    source("jsnm-re-demand-2012", "Japan Rare Earth Demand of 2012 Decreases by 31.4% from the Last Year to 14,470 Tons", "Japan Metal Bulletin (reporting the Japan Society of Newer Metals)", 2013,
           "http://www.japanmetalbulletin.com/?p=21708",
           "Japan's 2012 rare-earth demand 14,470 t (-31.4%); magnet-use NdPr demand halved by users' inventory adjustment.")
    est("est-short-run-elasticity", "Short-run price elasticity of demand for rare earths and magnets",
        "No published elasticity was found. Derived: substitution reached 10% of demand a year after the 2011 spike (sprecher-2017) while Dy rose about 23x ($150 -> $3,500/kg, nikkei-techon-2012): ln(0.9)/ln(23.3) = -0.03; Japan's target of -30% Dy in two years (meti-dy-subsidy-2012) against a 7.3x price ($150 -> $1,100, japanbusinessflash-2012-06): -0.18 over two years. Japan's 2012 demand fall (-31%, jsnm-re-demand-2012) was mostly users running down inventories, which critmin models separately. critmin's default -0.1 is the upper end of the within-a-year range (-0.03 to -0.1); ensembles should draw it over -0.03 to -0.35.",
        anchor="short-run-price-elasticity-of-demand")

    # ------------------------------------------------------------ reduced-Dy and Dy-free magnets
    source("honda-daido-2016", "Honda says co-developed hybrid car motor free of heavy rare earth metals (12 Jul 2016)", "Reuters; GlobalSpec Insights", 2016,
           "http://in.reuters.com/article/honda-rareearths-idINT9N18R02G",
           "Honda and Daido Electronics: hot-deformed NdFeB magnet with no Dy or Tb for the i-DCD hybrid motor of the Freed (on sale autumn 2016); Daido began mass production in August 2016 on a new line; magnet cost about -10%; Honda had looked for a Dy-free magnet for ten years, the 2011 price spike prompted the tie-up (about five years from trigger to volume).")

    # ------------------------------------------------------------ prices of Dy and Tb oxide in 2025
    source("argus-eu-dytb-2025-05", "The contradiction between supply and demand has intensified, causing overseas rare earth prices to soar by more than double (relaying Argus, 6 May 2025)", "GMTEight, relaying Argus Media", 2025,
           "https://gmteight.com/latest/detail/282683",
           "Argus monthly assessment 6 May 2025: 99.5% Dy oxide in Europe $250-310/kg a month earlier -> $700-1,000/kg; 99.99% Tb oxide in Europe $930-1,000/kg at the beginning of April -> $2,000-4,000/kg; 'panic quoting, but the actual transactions were not many'.")
    source("benchmark-re-2025-07", "Rare earth prices show regional bifurcation following export restrictions imposed by China", "Benchmark Mineral Intelligence (Benchmark Source mirror)", 2025,
           "https://benchmark-source-core.pages.dev/article/rare-earth-prices-show-regional-bifurcation-following-export-restrictions-imposed-by-china",
           "July 2025: Dy oxide CIF Europe $800/kg, Tb oxide CIF Europe $3,625/kg; 'In China, however, prices held steady in July'; European PrNd 5% below China.", kind="primary")
    source("nikkei-argus-re-2025-09", "Global Rare-Earth Metals Prices Hit Multi-Year Highs As US Hoards Supply, China Tightens Controls", "Swarajya, relaying Nikkei Asia (Argus Media data)", 2025,
           "https://swarajyamag.com/amp/story/news-brief%2Fglobal-rare-earth-metals-prices-hit-multi-year-highs-as-us-hoards-supply-china-tightens-controls",
           "Dy $840/kg in Europe on 18 Sep 2025, 'around three times higher than before Beijing introduced export curbs in April' (Argus); Tb $3,600/kg.")
    source("adamas-eu-prices-2026", "The fallacy of European rare earth prices and the PRAs that promote them", "Adamas Intelligence", 2026,
           "https://www.adamasintel.com/the-fallacy-of-european-rare-earth-prices-and-the-pras-that-promote-them",
           "About 96% of the Dy oxide consumed worldwide in 2025 was priced at an average $224/kg, under 1% at $800/kg or more: the European quotes describe a thin spot market.", kind="primary")
    smm = {"2025-04-10": ("103270747/SMM-Rare-Earth-Morning-Meeting-Summary:-Medium-Heavy-Rare-Earth-Prices-Continue-to-Rise-Pr-Nd-Prices-Significantly-Decline", "PrNd oxide 433,000-437,000; Dy oxide 1.68-1.70 million; Tb oxide 7.05-7.10 million CNY/t"),
           "2025-05-09": ("103315717/smm-rare-earth-morning-meeting-summary-rare-earth-prices-hold-up-well-with-downstream-buyers-mainly-purchasing-at-lows", "PrNd oxide 417,000-419,000; Dy oxide 1.61-1.62 million; Tb oxide 7.00-7.05 million CNY/t"),
           "2025-07-09": ("103417026/[SMM-Rare-Earth-Morning-Meeting-Summary]-Rare-earth-prices-continue-to-rise-with-overall-strong-and-stable-operation", "PrNd oxide 453,000-455,000; Dy oxide 1.65-1.67 million; Tb oxide 7.16-7.20 million CNY/t"),
           "2025-09-11": ("103525986/Rare-Earth-Prices-Continue-to-Decline-Amid-Weak-Downstream-Procurement-Demand-[SMM-Rare-Earth-Weekly-Review]", "PrNd oxide 550,000-554,000; Dy oxide 1.62-1.63 million; Tb oxide 7.15-7.20 million CNY/t")}
    for day, (path, note) in smm.items():
        source(f"smm-re-{day}", f"SMM rare earth review, {day}", "Shanghai Metals Market (SMM)", 2025,
               f"https://news.metal.com/newscontent/{path}",
               f"China domestic spot {day}: {note} (same series as smm-re-2024-12-26, prices incl. 13% VAT).", kind="primary")

    est("est-price-ratios-2025", "Prices of Dy and Tb oxide in 2025 over their prices before the April controls",
        "Ratio = the month's price over the price before 4 April 2025 in the same market, midpoints of ranges. Europe: Argus 6 May (Dy $700-1,000, Tb $2,000-4,000/kg; argus-eu-dytb-2025-05), Benchmark CIF Europe July (Dy $800, Tb $3,625; benchmark-re-2025-07), Argus via Nikkei 18 September (Dy $840, Tb $3,600; nikkei-argus-re-2025-09), each over Argus' early-April assessment (Dy $250-310, Tb $930-1,000; argus-eu-dytb-2025-05). China: SMM domestic spot on 9 May, 9 July and 11 September (smm-re-2025-05-09, smm-re-2025-07-09, smm-re-2025-09-11) over 10 April (smm-re-2025-04-10). Europe's quotes describe a thin spot market: about 96% of the Dy oxide used worldwide in 2025 was priced near $224/kg (adamas-eu-prices-2026).",
        anchor="prices-of-dy-and-tb-oxide-in-2025")

    def obs(oid, country, material, period, value, source_id, note):
        observations.append(dict(observation_id=oid, scenario=SCENARIO, quantity="price_ratio", exporter="",
                                 importer="", country=country, stage="separation", material=material,
                                 period=period, value=value, unit="ratio", role="validation",
                                 source_id=source_id, note=note))

    # Europe (the rest of the world's market): the period's price over early April's (Argus, pre-control)
    dy0, tb0 = (250 + 310) / 2, (930 + 1_000) / 2
    for period, dy, tb, sid, how in (("2025-05", (700 + 1_000) / 2, (2_000 + 4_000) / 2, "argus-eu-dytb-2025-05", "Argus 6 May assessment, midpoints"),
                                     ("2025-07", 800, 3_625, "benchmark-re-2025-07", "Benchmark CIF Europe, July"),
                                     ("2025-09", 840, 3_600, "nikkei-argus-re-2025-09", "Argus via Nikkei, 18 Sep")):
        for el, p, p0, lo_hi in (("Dy", dy, dy0, "$250-310"), ("Tb", tb, tb0, "$930-1,000")):
            obs(f"price-deu-{el.lower()}-{period}", "DEU", el, period, round(p / p0, 3), "est-price-ratios-2025",
                f"oxide in Europe: {how} ${p:,.0f}/kg ({sid}) over early April's {lo_hi} (argus-eu-dytb-2025-05), before the controls")
    # China's domestic market: SMM's spot over 10 April's
    base = {"Dy": (1.68 + 1.70) / 2, "Tb": (7.05 + 7.10) / 2}
    for day, dy, tb in (("2025-05-09", (1.61 + 1.62) / 2, (7.00 + 7.05) / 2), ("2025-07-09", (1.65 + 1.67) / 2, (7.16 + 7.20) / 2),
                        ("2025-09-11", (1.62 + 1.63) / 2, (7.15 + 7.20) / 2)):
        for el, p in (("Dy", dy), ("Tb", tb)):
            obs(f"price-chn-{el.lower()}-{day[:7]}", "CHN", el, day[:7], round(p / base[el], 3), "est-price-ratios-2025",
                f"oxide in China: SMM spot {day} CNY {p:.3f} million/t (smm-re-{day}) over 10 April's {base[el]:.3f} million (smm-re-2025-04-10)")
    return ramps


def link_policies(policies):
    """Which policies a suspension suspends, which controls are extraterritorial and which
    deny end users (structured from the notes the rows already carried), and clause 1 of
    2024 No. 46 as its own row: No. 72 suspended clause 2 (the US ban) only."""
    links = {"mofcom-2025-70": "mofcom-2025-55;mofcom-2025-56;mofcom-2025-57;mofcom-2025-58;mofcom-2025-61;mofcom-2025-62",
             "mofcom-2025-72": "mofcom-2024-46"}
    for p in policies:
        p["suspends"] = links.get(p["policy_id"], "")
        p["extraterritorial"] = "true" if p["policy_id"] == "mofcom-2025-61" else ""
        p["denied_sectors"] = "defense" if p["policy_id"] in ("mofcom-2025-61", "mofcom-2026-1", "mofcom-2024-46-c1") else ""
    at = next(i for i, p in enumerate(policies) if p["policy_id"] == "mofcom-2024-46")
    policies.insert(at + 1, dict(policy_id="mofcom-2024-46-c1", type="export_ban", country="CHN", materials="",
                                 stages="", destinations="USA", start="2024-12-03", end="", severity="",
                                 source_id="mofcom-2024-46", value_usd_per_kg="", scope="military-end-use",
                                 note="clause 1: no dual-use items to US military users; not suspended by No. 72",
                                 suspends="", extraterritorial="", denied_sectors="defense"))
    return policies
