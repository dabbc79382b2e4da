# ruff: noqa: E501 -- data tables (long literal lines)
"""Observations of 2025 (observations.csv): what China's April 2025 controls did, month by
month, as reported from Chinese customs data and by carmakers, for `critmin backtest`.

Called by build.py with the shared `sources` list and `sec` helper. Calibration: at most
the April-May 2025 aggregate of China's magnet exports (issue #14); everything else is
validation.
"""

ACC = "Read 2026-12 via the search index (stored copy of the page)"
SCENARIO = "china-2025-04-controls"


def once(sources, add, **defaults):
    """``add`` (a source-row helper of build_part1) for source ids not yet in ``sources``,
    with ``defaults`` for its keyword arguments: a source cited by several parts is one row."""
    known = {s["source_id"] for s in sources}

    def source(sid, *args, **kw):
        if sid not in known:
            add(sid, *args, **{**defaults, **kw})
            known.add(sid)

    return source


def add_observations(sources, sec):
    source = once(sources, sec, accessed=ACC)

    source("econotimes-cn-magnets-2025-05", "China's rare earth magnet exports plunge amid tighter export controls", "EconoTimes", 2025,
           "https://econotimes.com/Chinas-Rare-Earth-Magnet-Exports-Plunge-Amid-Tighter-Export-Controls-1713812",
           "China's rare-earth magnet exports: 1,238 t in May 2025, -74% year on year and -52.9% on April; January-May 19,132 t (-14.5%).")
    source("ytn-cn-magnets-2025-08", "China's rare-earth magnet exports at a six-month high (20 Aug 2025)", "YTN", 2025,
           "https://www.ytn.co.kr/_ln/0104_202508201627179318",
           "China's rare-earth magnet exports: 5,324 t in March 2025, 2,626 t in April 2025.")
    source("reuters-cn-magnets-2025-06", "China's exports of rare earth magnets to the US skyrocket in June", "Reuters (via TimesLIVE)", 2025,
           "https://www.timeslive.co.za/news/world/2025-07-20-chinas-exports-of-rare-earth-magnets-to-the-us-skyrocket-in-june/",
           "China exported 3,188 t of rare-earth permanent magnets in June 2025 (up from 1,238 t in May; -38.1% year on year); 353 t to the US.")
    source("anue-cn-magnets-2025-07", "China's rare-earth exports rebound in July to a six-month high (citing Reuters)", "Anue (cnyes.com)", 2025,
           "https://news.cnyes.com/news/id/6118535",
           "China's rare-earth magnet exports: 5,577 t in July 2025 (5,278 t in July 2024); to Germany 1,116 t, to the US 619 t.")
    source("telegraph-cn-magnets-2025-09", "China's rare earth magnet exports dip 6.1% in September (Reuters)", "The Telegraph India", 2025,
           "https://www.telegraphindia.com/business/chinas-rare-earth-magnet-exports-dip-6-1-in-september-amid-tighter-export-scrutiny-and-curbs/cid/2128671",
           "China's rare-earth magnet exports: 6,146 t in August 2025 and 5,774 t in September 2025.")
    source("reuters-cn-magnets-2025-10", "China October rare earth magnet exports fall 5.2%, US shipments surge (Reuters)", "Reuters (mirror on squidsite02.com)", 2025,
           "https://www.squidsite02.com/2025/11/20/china-october-rare-earth",
           "China's rare-earth magnet exports: 5,473 t in October 2025; to the US 656 t.")
    source("dw-cn-magnets-2025-11", "China's rare-earth exports in November the second highest ever (citing Reuters)", "Deutsche Welle Chinese (via Yahoo Taiwan)", 2025,
           "https://tw.news.yahoo.com/%E4%B8%AD%E5%9C%8B11%E6%9C%88%E7%A8%80%E5%9C%9F%E5%87%BA%E5%8F%A3%E9%87%8F%E5%89%B5%E6%AD%B7%E5%8F%B2%E7%AC%AC%E4%BA%8C%E9%AB%98-%E5%B0%8D%E6%97%A5%E6%9C%AC%E5%87%BA%E5%8F%A3%E9%87%8F%E5%A4%A7%E5%A2%9E-101000611.html",
           "China's rare-earth magnet exports: a record 6,357 t in January 2025; 6,150 t in November 2025, of which 582 t to the US and 305 t to Japan.")
    source("sbs-cn-magnets-us-2025", "China's rare-earth magnet exports to the US up 667% (citing Reuters)", "SBS Biz", 2025,
           "https://biz.sbs.co.kr/amp/article/20000247977",
           "China's rare-earth magnet exports to the US in 2025: 877 t (January), 405 t (February), 584 t (March), 246 t (April), 46 t (May), 353 t (June).")
    source("udn-cn-magnets-2025-08", "China's rare-earth magnet exports in August at a 2025 high; shipments to the US down", "United Daily News", 2025,
           "https://udn.com/news/story/7333/9020185",
           "China's rare-earth magnet exports to the US: 590 t in August 2025 (-11.8% year on year).")
    source("rohstoff-cn-magnets-2025", "China's rare-earth magnet exports stayed stable in 2025 despite market volatility", "Rohstoff.net", 2026,
           "https://rohstoff.net/chinas-exporte-von-seltenerdmagneten-blieben-2025-trotz-marktvolatilitaet-stabil",
           "December 2025: Germany 1,106 t, Korea 815 t, the US 564 t, Vietnam 509 t, Japan 280 t.")
    source("kyodo-cn-magnets-2025-06", "Rare-earth magnet exports in June (Kyodo)", "Kyodo News (via Gifu Shimbun)", 2025,
           "https://www.gifu-np.co.jp/articles/-/572730",
           "China's rare-earth magnet exports to Japan: 131 t in June 2025, about 5.1 times May's.")
    source("wiobs-cn-magnets-2025-06", "U.S. rare earth magnet imports from China skyrocket in June", "WIOBS", 2025,
           "https://wiobs.com/u-s-rare-earth-magnet-imports-from-china-skyrocket-in-june/amp",
           "Germany remained the top destination of China's rare-earth magnets in June 2025 with 764 t.")
    source("rawmaterials-dytb-2025-05", "Rare earths: Chinese exports of terbium and dysprosium plummet to zero in May", "Rawmaterials.net", 2025,
           "https://rawmaterials.net/rare-earths-chinese-exports-of-terbium-and-dysprosium-plummet-to-zero-in-may/",
           "China's exports of dysprosium and terbium fell to zero in May 2025 (Chinese customs data).")
    source("doobloo-dytb-2025-07", "Much more dysprosium and terbium coming out of China again (July 2025)", "doobloo.com (Rohstoff.net network)", 2025,
           "https://doobloo.com/?p=11917",
           "June 2025: 1 kg of dysprosium and 1,200 kg of terbium exported; July 2025: 1,400 kg of dysprosium (all to Korea) and 7,000 kg of terbium.")
    source("rohstoff-dy-2025-08", "China's dysprosium exports rose markedly in August", "Rohstoff.net", 2025,
           "https://rohstoff.net/?p=13587",
           "August 2025: 16,686 kg of dysprosium exported, almost all to Korea; terbium 5,500 kg.")
    source("tradium-dytb-2025-09", "Exports in September: mixed development for rare earths", "TRADIUM GmbH", 2025,
           "https://tradium.com/market-insight/exports-in-september-mixed-development-for-rare-earths/",
           "September 2025: 18,043 kg of dysprosium (over 17,000 kg to Korea) and 4,450 kg of terbium exported.")
    source("rawmaterials-dytb-2025-10", "Chinese dysprosium exports plummet in October while terbium rebounds", "Rawmaterials.net", 2025,
           "https://rawmaterials.net/chinese-dysprosium-exports-plummet-in-october-while-terbium-rebounds",
           "October 2025: 3,501 kg of dysprosium and 12,200 kg of terbium exported.")
    source("rohstoff-dytb-2025-11", "China's exports of dysprosium and terbium sharply down (November 2025)", "Rohstoff.net", 2025,
           "https://rohstoff.net/chinas-exporte-von-dysprosium-und-terbium-stark-ruecklaeufig",
           "November 2025: 995 kg of dysprosium and 4,045 kg of terbium exported.")
    source("rawmaterials-dytb-2025-12", "Exports of dysprosium and terbium decline sharply in 2025 as destination markets shift", "Rawmaterials.net", 2026,
           "https://rawmaterials.net/exports-of-dysprosium-and-terbium-decline-sharply-in-2025-as-destination-markets-shift",
           "December 2025: 4,120 kg of dysprosium and 2,123 kg of terbium exported; 2025 down 35% (Dy) and 38% (Tb) on 2024.")
    source("cbtnews-ford-2025", "Ford faces production setbacks amid rare earth magnet shortage", "CBT News", 2025,
           "https://www.cbtnews.com/ford-faces-production-setbacks-amid-rare-earth-magnet-shortage/",
           "Ford idled its Chicago factory (Explorer) for one week in May 2025 for want of rare-earth magnets (Jim Farley to Bloomberg).")
    source("reuters-suzuki-2025-06", "Suzuki Motor halted Swift production due to China's rare earth curbs, sources say", "Reuters (via The Japan News)", 2025,
           "https://japannews.yomiuri.co.jp/business/companies/20250606-259938/",
           "Suzuki halted Swift production from 26 May 2025 citing a shortage of components, tied to China's rare-earth curbs; partial restart 13 June.")

    rows = []

    def obs(oid, quantity, period, value, unit, role, source_id, note, exporter="", importer="", country="",
            stage="magnet", material="NdFeB"):
        rows.append(dict(observation_id=oid, scenario=SCENARIO, quantity=quantity, exporter=exporter,
                         importer=importer, country=country, stage=stage, material=material, period=period,
                         value=value, unit=unit, role=role, source_id=source_id, note=note))

    obs("cn-magnets-2025-04-05", "exports_t", "2025-04..2025-05", 2_626 + 1_238, "t", "calibration", "ytn-cn-magnets-2025-08",
        "April 2,626 t (ytn-cn-magnets-2025-08) + May 1,238 t (econotimes-cn-magnets-2025-05): the scenario's severity 0.75 is set on May",
        exporter="CHN", importer="all")
    world = {"2025-01": (6_357, "dw-cn-magnets-2025-11"), "2025-02": (3_587, "econotimes-cn-magnets-2025-05"),
             "2025-03": (5_324, "ytn-cn-magnets-2025-08"), "2025-06": (3_188, "reuters-cn-magnets-2025-06"),
             "2025-07": (5_577, "anue-cn-magnets-2025-07"), "2025-08": (6_146, "telegraph-cn-magnets-2025-09"),
             "2025-09": (5_774, "telegraph-cn-magnets-2025-09"), "2025-10": (5_473, "reuters-cn-magnets-2025-10"),
             "2025-11": (6_150, "dw-cn-magnets-2025-11"), "2025-12": (5_952, "reuters-cn-magnets-2025-12")}
    for period, (t, sid) in world.items():
        obs(f"cn-magnets-{period}", "exports_t", period, t, "t", "validation", sid,
            "February derived: January-May 19,132 t less the four other months" if period == "2025-02" else "",
            exporter="CHN", importer="all")
    obs("cn-magnets-2025", "exports_t", "2025", 57_392, "t", "validation", "reuters-cn-magnets-2025-12",
        "the year, calibration months included", exporter="CHN", importer="all")
    usa = {"2025-01": 877, "2025-02": 405, "2025-03": 584, "2025-04": 246, "2025-05": 46, "2025-06": 353}
    for period, t in usa.items():
        obs(f"cn-magnets-usa-{period}", "exports_t", period, t, "t", "validation", "sbs-cn-magnets-us-2025", "",
            exporter="CHN", importer="USA")
    for period, t, sid in (("2025-07", 619, "anue-cn-magnets-2025-07"), ("2025-08", 590, "udn-cn-magnets-2025-08"),
                           ("2025-09", 420, "asiacity-cn-magnets-2025-09"), ("2025-10", 656, "reuters-cn-magnets-2025-10"),
                           ("2025-11", 582, "dw-cn-magnets-2025-11"), ("2025-12", 564, "reuters-cn-magnets-2025-12")):
        obs(f"cn-magnets-usa-{period}", "exports_t", period, t, "t", "validation", sid, "", exporter="CHN", importer="USA")
    for dest, months in (
            ("DEU", (("2025-06", 764, "wiobs-cn-magnets-2025-06"), ("2025-07", 1_116, "anue-cn-magnets-2025-07"),
                     ("2025-09", 1_288, "asiacity-cn-magnets-2025-09"), ("2025-10", 1_118, "chinatimes-cn-magnets-2025-10"),
                     ("2025-12", 1_106, "rohstoff-cn-magnets-2025"))),
            ("KOR", (("2025-09", 854, "asiacity-cn-magnets-2025-09"), ("2025-10", 569, "chinatimes-cn-magnets-2025-10"),
                     ("2025-12", 815, "rohstoff-cn-magnets-2025"))),
            ("JPN", (("2025-06", 131, "kyodo-cn-magnets-2025-06"), ("2025-09", 228, "asiacity-cn-magnets-2025-09"),
                     ("2025-10", 226, "chinatimes-cn-magnets-2025-10"), ("2025-11", 305, "dw-cn-magnets-2025-11"),
                     ("2025-12", 280, "reuters-cn-magnets-2025-12"))),
            ("VNM", (("2025-09", 456, "asiacity-cn-magnets-2025-09"), ("2025-12", 509, "rohstoff-cn-magnets-2025")))):
        for period, t, sid in months:
            obs(f"cn-magnets-{dest.lower()}-{period}", "exports_t", period, t, "t", "validation", sid, "magnets only (HS 85051110)",
                exporter="CHN", importer=dest)
    for element, months in (
            ("Dy", (("2025-05", 0.0, "rawmaterials-dytb-2025-05"), ("2025-06", 0.001, "doobloo-dytb-2025-07"),
                    ("2025-07", 1.4, "doobloo-dytb-2025-07"), ("2025-08", 16.686, "rohstoff-dy-2025-08"),
                    ("2025-09", 18.043, "tradium-dytb-2025-09"), ("2025-10", 3.501, "rawmaterials-dytb-2025-10"),
                    ("2025-11", 0.995, "rohstoff-dytb-2025-11"), ("2025-12", 4.12, "rawmaterials-dytb-2025-12"))),
            ("Tb", (("2025-05", 0.0, "rawmaterials-dytb-2025-05"), ("2025-06", 1.2, "doobloo-dytb-2025-07"),
                    ("2025-07", 7.0, "doobloo-dytb-2025-07"), ("2025-08", 5.5, "rohstoff-dy-2025-08"),
                    ("2025-09", 4.45, "tradium-dytb-2025-09"), ("2025-10", 12.2, "rawmaterials-dytb-2025-10"),
                    ("2025-11", 4.045, "rohstoff-dytb-2025-11"), ("2025-12", 2.123, "rawmaterials-dytb-2025-12")))):
        for period, t, sid in months:
            obs(f"cn-{element.lower()}-{period}", "exports_t", period, t, "t", "validation", sid,
                "as reported (kg converted to t); the product scope (oxide, metal, alloy) is not stated by the source",
                exporter="CHN", importer="all", stage="separation;metal", material=element)
    obs("short-usa-magnets", "first_shortfall", "2025-05", "", "month", "validation", "cbtnews-ford-2025",
        "Ford idled its Chicago plant for a week in May 2025", country="USA")
    obs("short-jpn-magnets", "first_shortfall", "2025-05", "", "month", "validation", "reuters-suzuki-2025-06",
        "Suzuki halted the Swift from 26 May 2025", country="JPN")
    return rows
