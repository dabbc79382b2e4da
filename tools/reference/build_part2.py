# ruff: noqa: E501, F403, F405 -- data tables (long literal lines); the parts chain with star imports; CLI prints
"""Part 2: facility/policy sources and estimate sources."""
from build_part1 import *

FIG = "Secondary reports as compiled in shared/reference/figures.md section E"
sec("lynas-seadrift", "Lynas US Rare Earths Processing Facility, Seadrift, Texas", "Magnetics Magazine; Northern Miner; The West; Metalnomist", 2025,
    "https://lynasrareearths.com/", "Planned 2,500-3,000 t/yr heavy-REE products and 5,000 t/yr light REE; DoD contribution about US$258m (some reports US$288m); wastewater-permit issue; chair said at the Nov 2025 AGM it is unlikely to proceed.", FIG)
sec("lynas-kalgoorlie", "Lynas Kalgoorlie Rare Earths Processing Facility", "Argus; Kallanish; Australian Resources & Investment (17 Jan 2025)", 2025,
    "https://lynasrareearths.com/", "Processing plant producing mixed rare earth carbonate (MREC) for Lynas Malaysia; first production June 2024; officially opened November 2024.", FIG)
sec("iluka-eneabba", "Iluka Eneabba rare earths refinery", "Mining Magazine; NS Energy; Kallanish (Dec 2024)", 2024,
    "https://iluka.com/", "Up to 23,000 t/yr REO of separated light and heavy oxides (Nd, Pr, Dy, Tb); commissioning 2027; A$1.65bn non-recourse government loan (A$1.25bn 2022 + A$400m 2024) via the Critical Minerals Facility/EFA; capex A$1.7-1.8bn.", FIG)
sec("arafura-nolans", "Arafura Rare Earths Nolans project", "resourcesrisingstars; NS Energy; particle.news; rawmaterials.net", 2025,
    "https://www.arultd.com/", "Phase 1 4,440 t/yr NdPr oxide; pre-FID; debt from EFA+NAIF (US$533m), EDC (US$300m), KEXIM (up to US$150m), Euler Hermes (up to US$115m); Australian government US$100m equity (Oct 2025); offtakes Hyundai/Kia and Siemens Gamesa; production targeted for 2027 in earlier plans.", FIG)
sec("neo-narva", "Neo Performance Materials Narva magnet plant", "Automotive World; Argus; Metalnomist", 2025,
    "https://www.neomaterials.com/", "Sintered NdFeB plant opened 19 Sep 2025: 2,000 t/yr phase 1 (expandable to 5,000 t/yr); about EUR 75m; EU Just Transition Fund EUR 18.75m; feed from Neo Silmet (Sillamae) separation, 3,000 t/yr LREE; Bosch contract.", FIG)
sec("solvay-la-rochelle", "Solvay La Rochelle rare-earth separation", "REEx; Automotive World; 24brussels; Specchem", 2025,
    "https://www.solvay.com/", "Largest rare-earth separation plant outside China; new magnet-REE line inaugurated 8 Apr 2025; aims at about 4,500 t/yr magnet-REE oxides (about 30% of European demand) by 2030.", FIG)
sec("energy-fuels-white-mesa", "Energy Fuels White Mesa Mill rare earths", "Engineering News; Metalnomist", 2025,
    "https://www.energyfuels.com/", "Phase 1 operating since June 2024: 850-1,000 t/yr NdPr (oxide); Phase 2 (BFS): over 6,000 t/yr NdPr plus about 240 t Dy and 66 t Tb, capex $410m, commissioning targeted Q1 2029.", FIG)
sec("usar-stillwater", "USA Rare Earth Stillwater magnet plant", "minelistings.com", 2025,
    "https://www.usare.com/", "Sintered NdFeB: 1,200 t/yr initial, 4,800 t/yr nameplate; commissioning; Round Top (Texas) heavy-REE deposit.", FIG)
sec("evac-sumter", "e-VAC (VAC Group) Sumter magnet plant", "REEx (Dec 2025); Fastmarkets; Industrial Info", 2025,
    "https://vacuumschmelze.com/", "Sintered NdFeB, first commercial shipments Dec 2025, about 2,000 t/yr targeted by 2026; GM long-term supply agreement; DoD $94.1m; South Carolina $13m infrastructure grant.", FIG)
sec("noveon", "Noveon Magnetics San Marcos plant", "Austin Business Journal (Feb 2023); noveon.co", 2023,
    "https://noveon.co/", "Sintered NdFeB from new and recycled feed; built for 2,000 t/yr; goal 10,000 t/yr in 5-7 years; >$35m DoD; Nidec offtake 1,000 t over 5 years.", FIG)
sec("jogmec-lynas", "Sojitz and JOGMEC investments in Lynas (JARE)", "Sojitz/JOGMEC release (20 Sep 2022); Green Car Congress; IRuniverse", 2023,
    "https://www.sojitz.com/en/", "2011 US$250m loan and equity; Sep 2022 +US$9m equity; Mar 2023 A$200m for light and heavy REE growth; up to 65% of Lynas Dy/Tb to Japan (about 30% of Japan's heavy-REE demand).", FIG)
sec("caremag", "Caremag heavy rare earths plant, Lacq (France)", "Research repository citing METI press release (17 Mar 2025)", 2025,
    "https://www.meti.go.jp/", "Dy/Tb from recycled magnets and concentrate; about EUR 100m Japanese support and long-term supply of part of Japan's Dy/Tb. METI release itself not read.", FIG)
sec("minamitorishima", "Minamitorishima deep-sea rare-earth mud test", "Jiji (2 Feb 2026); News On Japan (16 Feb 2026)", 2026,
    "https://www.jamstec.go.jp/", "Chikyu recovered REE mud from about 5,600-6,000 m depth on 1 Feb 2026; full-scale mining test planned Feb 2027 (Cabinet Office SIP).", FIG)
sec("shin-etsu-capacity", "Shin-Etsu magnet capacity (end-2022)", "couragemagnet.com (weak secondary)", 2023,
    "https://www.shinetsu.co.jp/", "Shin-Etsu rare-earth magnet capacity: Vietnam 2,200 t/yr, China 3,000 t/yr (end-2022). Weak source.", FIG)
sec("us-australia-framework-2025", "United States-Australia Framework for Securing of Supply in the Mining and Processing of Critical Minerals and Rare Earths (20 Oct 2025)", "White House / Prime Minister of Australia, as reported by Manufacturers' Monthly, Minerals Council of Australia, Creamer Media, rawmaterials.net", 2025,
    "https://www.pm.gov.au/", "Each government at least US$1bn within six months toward an US$8.5bn pipeline; response group; price-support tools incl. potential price floors; first projects Alcoa-Sojitz gallium at Wagerup (AU up to US$200m concessional equity, US equity stake, Japan funding 50%, up to 10% of world Ga) and Arafura Nolans.",
    "Secondary reports, per figures.md [S19]")
sec("us-japan-framework-2025", "United States-Japan Framework for Securing the Supply of Critical Minerals and Rare Earths through Mining and Processing (28 Oct 2025)", "The White House (preamble republished verbatim); dpa-AFX, The National and other reports", 2025,
    "https://www.whitehouse.gov/", "Signed in Tokyo on 28 Oct 2025; financial support, trade measures, stockpiling cooperation, project selection and financing within six months, investment ministerial within 180 days, rapid response group. No investment amount or price mechanism in the text seen.",
    "Secondary reports, per figures.md [S18]")
sec("wh-factsheet-2025-11-01", "Fact sheet on the US-China trade and economic deal (1 Nov 2025)", "The White House, as reported by Japan Times, rawmaterials.net", 2025,
    "https://www.whitehouse.gov/", "China to suspend the 9 Oct 2025 controls and issue general licences for rare earths, Ga, Ge, Sb and graphite for US end users.", "Per figures.md [S23]")
sec("g7-action-plan-2025", "G7 Critical Minerals Action Plan (Kananaskis, 17 Jun 2025)", "Government of Canada, as reported by Mirage News, IOM3, Argus", 2025,
    "https://g7.canada.ca/", "Roadmap for standards-based markets; tools may include procurement, tax, incentives, investment policy, trade measures and price floors; coordinate responses to market disruption.", "Per figures.md section F.2")
sec("msp-members", "Under Secretary Fernandez welcomes the addition of Estonia to the Minerals Security Partnership (media note, Mar 2024)", "U.S. Department of State (republished by djayanews.com); ERR News", 2024,
    "https://www.state.gov/minerals-security-partnership/", "With Estonia the MSP counts 14 countries and the EU: Australia, Canada, Estonia, Finland, France, Germany, India, Italy, Japan, Republic of Korea, Norway, Sweden, United Kingdom, United States (+ European Commission).",
    "Republished media note and ERR article read 2026-11")
src("group-membership", "Membership of the G7, the EU27 and the Quad", "Group of Seven; European Union (european-union.europa.eu); Quad leaders' joint statements", 2025,
    "https://european-union.europa.eu/principles-countries-history/eu-countries_en",
    "G7: Canada, France, Germany, Italy, Japan, United Kingdom, United States. EU27: the 27 member states listed on europa.eu. Quad: Australia, India, Japan, United States.",
    "primary", "Membership lists of public record; not re-read online for this release")

# MOFCOM announcements
MOF = [
    ("mofcom-2023-23", "MOFCOM/GAC Announcement 2023 No. 23 on export control of gallium- and germanium-related items", 2023, "Licences required from 1 Aug 2023 for Ga and Ge metals, compounds and semiconductor-material forms.", "primary"),
    ("mofcom-2023-39", "MOFCOM/GAC Announcement 2023 No. 39 on graphite export controls", 2023, "From 1 Dec 2023: licences for high-purity/high-strength/high-density artificial graphite and natural flake graphite and products incl. spheroidized and expanded graphite.", "primary"),
    ("mofcom-2023-tech", "Revision of China's Catalogue of Technologies Prohibited or Restricted from Export (Dec 2023)", 2023, "Ban on export of rare-earth extraction/separation and magnet-production technologies (statement of 21 Dec 2023 as reported by Fastmarkets; the catalogue was issued as MOFCOM/MOST Announcement 2023 No. 57).", "secondary"),
    ("mofcom-2024-33", "MOFCOM/GAC Announcement 2024 No. 33 on antimony export controls", 2024, "From 15 Sep 2024: licences for antimony ores, metal, oxides >=99.99%, and related technology.", "primary"),
    ("mofcom-2024-46", "MOFCOM Announcement 2024 No. 46 on dual-use exports to the United States", 2024, "3 Dec 2024: no dual-use items to US military users; Ga, Ge, Sb and superhard materials to the US in principle not permitted; stricter review for graphite. Clause 2 suspended 9 Nov 2025 - 27 Nov 2026 by Announcement 2025 No. 72.", "primary"),
    ("mofcom-2025-10", "MOFCOM/GAC Announcement 2025 No. 10 on tungsten, tellurium, bismuth, molybdenum and indium items", 2025, "From 4 Feb 2025: licences for APT, tungsten oxides, certain tungsten carbide and alloys, and Te, Bi, Mo, In items.", "primary"),
    ("mofcom-2025-18", "MOFCOM/GAC Announcement 2025 No. 18 on medium and heavy rare earths", 2025, "From 4 Apr 2025: licences for Sm, Gd, Tb, Dy, Lu, Sc, Y metals, alloys, oxides, compounds, incl. SmCo magnet materials and Tb/Dy-containing NdFeB materials. Not suspended by Announcement 2025 No. 70.", "primary"),
    ("mofcom-2025-55", "MOFCOM/GAC Announcement 2025 No. 55 on superhard materials", 2025, "Issued 9 Oct 2025, effective 8 Nov 2025 as planned; suspended 7 Nov 2025 - 10 Nov 2026 (No. 70).", "secondary"),
    ("mofcom-2025-56", "MOFCOM/GAC Announcement 2025 No. 56 on rare-earth production equipment and auxiliary materials", 2025, "Issued 9 Oct 2025; suspended (No. 70).", "secondary"),
    ("mofcom-2025-57", "MOFCOM/GAC Announcement 2025 No. 57 on holmium, erbium, thulium, europium and ytterbium", 2025, "Issued 9 Oct 2025, effective 8 Nov 2025 as planned; suspended 7 Nov 2025 - 10 Nov 2026 (No. 70).", "secondary"),
    ("mofcom-2025-58", "MOFCOM/GAC Announcement 2025 No. 58 on lithium-battery and artificial-graphite anode items", 2025, "Issued 9 Oct 2025; suspended (No. 70).", "secondary"),
    ("mofcom-2025-61", "MOFCOM Announcement 2025 No. 61 on extraterritorial rare-earth controls", 2025, "Licences for foreign-made items containing >=0.1% China-origin rare-earth value or made with China-origin rare-earth technology; extraterritorial clauses planned from 1 Dec 2025; suspended (No. 70).", "primary"),
    ("mofcom-2025-62", "MOFCOM Announcement 2025 No. 62 on rare-earth technologies", 2025, "Licences for rare-earth mining, separation, metal, magnet and recycling technologies; suspended (No. 70).", "primary"),
    ("mofcom-2025-70", "MOFCOM/GAC Announcement 2025 No. 70 suspending Announcements 55-58, 61 and 62", 2025, "Suspension from 7 Nov 2025 to 10 Nov 2026. Status after 10 Nov 2026 not covered by any source consulted.", "primary"),
    ("mofcom-2025-72", "MOFCOM Announcement 2025 No. 72 suspending clause 2 of Announcement 2024 No. 46", 2025, "Suspension from 9 Nov 2025 to 27 Nov 2026. Status afterwards not covered by any source consulted.", "secondary"),
    ("mofcom-2026-1", "MOFCOM Announcement 2026 No. 1 on dual-use exports to Japanese military end users", 2026, "6 Jan 2026: all dual-use items prohibited for Japanese military end users/uses (reported by geopolitechs.org, Baird Maritime).", "secondary"),
]
# Addresses of the announcements as cited by public repositories (MOFCOM republishes each text under
# several paths; one is given). No address of No. 56 was found: its row keeps the homepage and says so.
MOF_URL = {
    "mofcom-2023-23": "https://aqygzj.mofcom.gov.cn/qdml/art/2023/art_c2ae3d2061e14e97ba608de1ed565f78.html",
    "mofcom-2023-39": "https://www.mofcom.gov.cn/zcfb/blgg/art/2023/art_f6b1bc49e2c8482f8eb749012bc66dec.html",
    "mofcom-2023-tech": "http://images.mofcom.gov.cn/fms/202312/20231221153855374.pdf",
    "mofcom-2024-33": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2024/art_a4711acb06364199a3c5a06d7f2be6d8.html",
    "mofcom-2024-46": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2024/art_3d5e990b43424e60828030f58a547b60.html",
    "mofcom-2025-10": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_e623090907fc4e1092f0a4db72f57b95.html",
    "mofcom-2025-18": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_9c2108ccaf754f22a34abab2fedaa944.html",
    "mofcom-2025-55": "http://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_949f47563b834dad95b0010f375a892c.html",
    "mofcom-2025-57": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_59ec4f6bec0b459aa4a30c4bbd0a41c1.html",
    "mofcom-2025-58": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_79646f0161564975a938fe00fee158d5.html",
    "mofcom-2025-61": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_7fc9bff0fb4546ecb02f66ee77d0e5f6.html",
    "mofcom-2025-62": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_6cb42957741440c6984de696b70df9ae.html",
    "mofcom-2025-70": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_b1ec77dd3f0d4762952904df7cdaadec.html",
    "mofcom-2025-72": "https://www.mofcom.gov.cn/zcfb/blgg/gg/2025/art/2025/art_bc4513421bb24faaa84e44c2e4f36dc5.html",
    "mofcom-2026-1": "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_8990fedae8fa462eb02cc9bae5034e91.html",
}
# Announcements not issued jointly with the General Administration of Customs
MOF_PUBLISHER = {
    "mofcom-2023-tech": "Ministry of Commerce (MOFCOM) and Ministry of Science and Technology of the PRC (Announcement 2023 No. 57)",
    "mofcom-2024-46": "Ministry of Commerce of the PRC (MOFCOM)",
    "mofcom-2025-61": "Ministry of Commerce of the PRC (MOFCOM)",
    "mofcom-2025-62": "Ministry of Commerce of the PRC (MOFCOM)",
    "mofcom-2025-72": "Ministry of Commerce of the PRC (MOFCOM)",
    "mofcom-2026-1": "Ministry of Commerce of the PRC (MOFCOM)",
}
MOF_SEEN = "The MOFCOM address is as cited by public repositories; the page itself was not opened"
CHEMRADAR_70 = "the chemradar.com report of Announcement No. 70 (https://www.chemradar.com/en/news/detail/f3s7t2oy9qf4)"
MOF_READ = {  # how each text was read (2026-12, via the search index)
    "mofcom-2023-23": "Chinese text read 2026-12 via the search index in full republications (http://hmao2.com/topic/topic_view?key=175589; http://www.kskysp.com/s309837.html); issued 3 Jul 2023, in force from 1 Aug 2023 per Xinhua (copy at http://www.tkcnc.net/2023-07-06/a78ed57f-e312-eb60-307f-f689bf5be658.html). " + MOF_SEEN,
    "mofcom-2023-39": "Text read 2026-12 via the search index in an English translation (http://qingfengmao.com/en/trade-regulations/3634.html) and the Xinhua report of 20 Oct 2023 (https://english.news.cn/20231020/b218269f9f9e4c708aae37c0ad3d4fe1/c.html: in force from 1 Dec 2023). " + MOF_SEEN,
    "mofcom-2023-tech": "Read 2026-12 via the search index in the Fastmarkets report of the MOFCOM statement of Thursday 21 Dec 2023 (https://www.fastmarkets.com/insights/china-adds-technology-machinery-for-rare-earth-magnet-production-to-prohibited-export-list/: rare-earth extraction and separation, metal and alloy, NdFeB, SmCo and cerium magnet technologies). The revised catalogue at this address, issued as MOFCOM/MOST Announcement 2023 No. 57, is as cited by public repositories and was not opened",
    "mofcom-2024-33": "English translation read 2026-12 via the search index (https://um-material.com/news/announcement-no-33-of-2024-of-the-ministry-of-commerce-and-the-general-administration-of-customs-of-china-on-the-implementation-of-export-control-on-antimony-and-other-items: issued 15 Aug 2024; antimony ores, metal, oxides >=99.99%, gold-antimony smelting and separation technology); in force from 15 Sep 2024 per Reuters (Creamer Media copy). " + MOF_SEEN,
    "mofcom-2024-46": "Clauses read 2026-12 via the search index as quoted by Caixin (4 Dec 2024, https://m.caixin.com/m/2024-12-04/102264311.html) and by AFP (swissinfo.ch) and cnyes.com reports of the suspension of clause 2 on 9 Nov 2025 until 27 Nov 2026; issued by MOFCOM alone. " + MOF_SEEN,
    "mofcom-2025-10": "Text read 2026-12 via the search index in a translation republished by um-material.com (ammonium paratungstate, tungsten oxides, tungsten carbide not under 1C226, tungsten alloys of 97% W or more) and the Xinhua report of 4 Feb 2025 (https://bignewsnetwork.com/news/275019500/1st-ld-writethru-china-announces-export-controls-on-items-related-to-tungsten-tellurium-bismuth-molybdenum-indium: in force on issue). " + MOF_SEEN,
    "mofcom-2025-18": "Text read 2026-12 via the search index in a bilingual mirror of the MOFCOM page at this address (https://websnapshot.pages.dev/html/readit.site_a_dOFbv_art_9c2108ccaf754f22a34abab2fedaa944.html, dated 4 Apr 2025) and a full Chinese copy (https://gtic.007swz.com/xinxi/cmerpta.html: items for Sm, Gd, Tb, Dy, Lu, Sc, Y incl. SmCo permanent-magnet materials and Tb- or Dy-containing NdFeB); not among the announcements suspended by No. 70 (" + CHEMRADAR_70 + ")",
    "mofcom-2025-55": "Read 2026-12 via the search index in " + CHEMRADAR_70 + ", which summarises No. 55 and prints this address; planned entry into force on 8 Nov 2025 per the MOFCOM spokesperson (en.ckhq.net copy)",
    "mofcom-2025-56": "Read 2026-12 via the search index in " + CHEMRADAR_70 + " (items: rare-earth production equipment and raw and auxiliary materials; issued 9 Oct 2025; suspended); the stored copy ends before the address of No. 56 and no other public copy gave it",
    "mofcom-2025-57": "Read 2026-12 via the search index: Chinese text in an eastmoney.com copy (https://gubaposthk.eastmoney.com/news,cjpl,1608530642.html: 1C909 Ho, 1C910 Er, 1C911 Tm, 1C912 Eu and Yb items) and " + CHEMRADAR_70 + "; planned entry into force on 8 Nov 2025 per the MOFCOM spokesperson (en.ckhq.net copy). " + MOF_SEEN,
    "mofcom-2025-58": "Read 2026-12 via the search index: item list (battery cells and equipment, cathode precursors, artificial-graphite anode equipment and technology) as reported by Wallstreetcn (https://longbridge.cn/news/260418920) and " + CHEMRADAR_70 + ". " + MOF_SEEN,
    "mofcom-2025-61": "Text read 2026-12 via the search index in a Chinese copy credited to the MOFCOM website (https://politics.neamco.com/2025-10/09/content_38329670.htm) and the chemradar.com summary (https://www.chemradar.com/en/news/detail/f1la2toi5p1c: 0.1% value rule and technology rule from 1 Dec 2025); suspended by No. 70 (" + CHEMRADAR_70 + "); issued by MOFCOM alone. " + MOF_SEEN,
    "mofcom-2025-62": "English translation read 2026-12 via the search index (http://www.sscollege.cn/en/news/44809.html: control codes 1E902.a and 1E902.b, issued 9 Oct 2025 by MOFCOM alone); suspended by No. 70 (" + CHEMRADAR_70 + "). " + MOF_SEEN,
    "mofcom-2025-70": "Read 2026-12 via the search index in " + CHEMRADAR_70 + ": joint announcement of 7 Nov 2025 suspending Nos. 55, 56, 57, 58, 61 and 62 until 10 Nov 2026; also World Journal (10 Nov 2025). " + MOF_SEEN,
    "mofcom-2025-72": "Read 2026-12 via the search index in the Xinhua report carried by Pakistan Today (https://www.pakistantoday.com.pk/2025/11/09/china-suspends-part-of-control-measures-on-dual-use-items-export-to-us/) and the AFP report on swissinfo.ch quoting the notice (clause 2 of Announcement 2024 No. 46 suspended from 9 Nov 2025 to 27 Nov 2026); issued by MOFCOM alone. " + MOF_SEEN,
    "mofcom-2026-1": "Text read 2026-12 via the search index as quoted by United Daily News (https://udn.com/news/story/7331/9248262) and HK01 (6 Jan 2026): all dual-use items prohibited for Japanese military users and uses and any end use enhancing Japan's military capability, in force on issue; issued by MOFCOM alone. " + MOF_SEEN,
}
for sid, title, yr, note, kind in MOF:
    src(sid, title, MOF_PUBLISHER.get(sid, "Ministry of Commerce of the PRC (MOFCOM) / General Administration of Customs"), yr,
        MOF_URL.get(sid, "http://www.mofcom.gov.cn/"),
        note if sid in MOF_URL else note + " Publisher has no deeper public address found; homepage given.", kind,
        MOF_READ[sid])

# ---------------------------------------------------------------- estimates
def est(sid, title, note, anchor):
    """An estimate source; anchor is the GitHub slug of the heading of docs/reference-dataset.md that derives it."""
    src(sid, title, "critmin (derived)", 2026, f"docs/reference-dataset.md#{anchor}", note, "estimate",
        "Derived for this release; see docs/reference-dataset.md")

est("est-oxide-factors", "Element mass fraction of the usual oxide of each rare earth",
    "element_per_oxide = n*A(el) / (n*A(el) + m*A(O)) for the oxide El_nO_m listed in materials.csv (e.g. Nd2O3: 2*144.242/(2*144.242+3*15.999) = 0.8574), with atomic weights from ciaaw-atomic-weights.", anchor="oxide-to-element-factors")
est("est-ndpr-factor", "Element mass fraction of mixed NdPr oxide",
    f"Midpoint of Nd2O3 (0.8574) and Pr6O11 (0.8277) factors from est-oxide-factors: {NDPR_EPO}. Whatever the Nd:Pr ratio, the true factor lies between the two, so the error is below +/-1.8%.", anchor="ndpr-oxide-factor")
est("est-ndfeb-recipe", "Inputs per tonne of sintered NdFeB magnet",
    f"Midpoints of the ranges in couragemagnet-ndfeb: NdPr metal (0.29+0.325)/2 = {NDFEB_NDPR} t/t; Dy metal (0.006+0.012)/2 = {NDFEB_DY} t/t. Tb is not included (no public average content found); Fe (about 0.66 t/t) and B (about 0.0115 t/t) are not modelled as inputs because the dataset has no Fe or B supply rows. Grade-specific magnets (e.g. wind or EV grades with more Dy/Tb) differ.", anchor="ndfeb-recipe-inputs-per-tonne-of-magnet")
est("est-smco-recipe", "Inputs per tonne of Sm2Co17 magnet",
    f"Stoichiometry of Sm2Co17 with ciaaw-atomic-weights: Sm = 2*150.36/(2*150.36+17*58.933) = {SMCO_SM}; Co = {SMCO_CO}. SmCo5 would need 0.338 Sm and 0.662 Co.", anchor="smco-recipe")
est("est-metal-from-oxide", "Metal from separated oxide, per tonne of contained element",
    "Separation and metal stages are both counted in tonnes of contained element (oxide tonnes converted with est-oxide-factors), so a tonne of metal needs 1 t of separated element; reduction losses (not public) are ignored.", anchor="metal-from-separated-oxide")
est("est-sep-ndpr-input", "Mined REO per tonne of NdPr separated (world average, 2024)",
    f"input = world mine production 2024 (390,000 t REO, usgs-mcs2025-ree) / world NdPr separation 2024 (est-ndfeb-world-2024: {WORLD_NDPR_NEED} t) = {SEP_NDPR_REO_INPUT} t REO per t NdPr. All mined REO is attributed to NdPr (co-products La, Ce, Sm, heavy REE carry no share), so a shock to REO supply passes proportionally to NdPr. No ore compositions could be sourced for this release (see docs, gaps).", anchor="mined-reo-per-tonne-of-ndpr-separated")
est("est-mp-ndpr-2024", "US NdPr separation 2024 (t contained element)",
    f"MP Materials 2024 NdPr oxide 1,294 t (mp-q4-2024) x {NDPR_EPO} (est-ndpr-factor) = {USA_NDPR_SEP_2024} t NdPr.", anchor="us-ndpr-separation-2024")
est("est-lynas-ndpr-2024", "Malaysian NdPr separation 2024 (Lynas Malaysia)",
    f"Lynas NdPr oxide output in the three 2024 quarters read (1,724 + 1,504 + 1,677 t, lynas-quarterlies) / 3 x 4 = {LYNAS_NDPR_OXIDE_2024} t oxide x {NDPR_EPO} = {MYS_NDPR_SEP_2024} t NdPr. Capacity 2024: 7,200 t/yr oxide (lynas-reserves-2024) x {NDPR_EPO} = {MYS_NDPR_CAP_2024} t; 2025: 10,500 t/yr oxide (lynas-2025-hre) x {NDPR_EPO} = {MYS_NDPR_CAP_2025} t. Lynas' Malaysian output includes feed from Mt Weld (Australia).", anchor="malaysian-ndpr-separation-lynas-2024")
est("est-ndfeb-world-2024", "World sintered NdFeB production 2024 and the NdPr and Dy it contains",
    f"world NdFeB = magnet-REE demand 2023 (93,000 t, iea-gcmo-2024) / REE content of NdFeB ({NDFEB_REE} = {NDFEB_NDPR} NdPr + {NDFEB_DY} Dy, est-ndfeb-recipe) = {WORLD_NDFEB_2024:.0f} t (rounded to 100 t). NdPr in it = {WORLD_NDPR_NEED} t; Dy = {WORLD_DY_NEED} t. Assumes all magnet-REE demand goes into sintered NdFeB and that 2024 output equalled 2023 demand (no 2024 figure is public); an upper-bound style estimate.", anchor="world-sintered-ndfeb-production-2024")
est("est-magnet-country-2024", "Sintered NdFeB production by country, 2024",
    f"China = 94% (iea-ree-2025) x {WORLD_NDFEB_2024:.0f} t; Japan = 6% (politico-2022-conversion, Japan's share of metal/alloy/magnet conversion around 2022) x the same world total. The two shares sum to 100%, so small producers elsewhere (USA, Vietnam, Germany, Korea) are folded into Japan's figure, which is therefore an upper bound for Japan.", anchor="ndfeb-production-by-country-2024")
est("est-metal-country-2024", "NdPr and Dy metal/alloy production by country, 2024",
    f"World metal need = NdPr and Dy in world magnets (est-ndfeb-world-2024: {WORLD_NDPR_NEED} t NdPr, {WORLD_DY_NEED} t Dy), split China 92%, Japan 6%, other 2% (politico-2022-conversion).", anchor="ndpr-and-dy-metal-production-by-country-2024")
est("est-sep-china-2024", "Chinese NdPr and Dy separation, 2024",
    f"NdPr: world need {WORLD_NDPR_NEED} t (est-ndfeb-world-2024) - USA {USA_NDPR_SEP_2024} t (est-mp-ndpr-2024) - Malaysia {MYS_NDPR_SEP_2024} t (est-lynas-ndpr-2024) = {CHN_NDPR_SEP_2024} t, i.e. {CHN_NDPR_SEP_2024 / WORLD_NDPR_NEED:.1%} of world NdPr separation (cross-check: IEA gives China 91% of magnet-REE separation in 2024, iea-ree-2025). Dy: world need {WORLD_DY_NEED} t, all in China because the first commercial separated Dy outside China came in May 2025 (lynas-2025-hre). Sm and Tb separation in China are recorded with blank quantities (not public).", anchor="chinese-ndpr-and-dy-separation-2024")
est("est-us-imports-by-source", "US imports by source country (applied shares)",
    "quantity = USGS import share of the source country for 2020-23 x US imports of the year (both from the USGS chapter cited in the row's note: usgs-mcs2025-ree (compounds + rare-earth metals, t REO), -lithium, -cobalt, -nickel (primary), -graphite, -copper (refined, kt x 1000), -gallium (metal, kg / 1000), -germanium (metal + dioxide Ge content, kg / 1000), -antimony (oxide + unwrought metal), -tungsten (ores, concentrates and other forms)). 'Other' goes to XOT. The four-year average share is applied to each year 2020-2023, and to 2024 for Ni (primary imports 100,000 t) and Sb (oxide 20,000 t + unwrought metal 4,100 t), the two materials whose 2024 US consumption the 2023 flows do not cover; year-to-year shifts between suppliers are not captured.", anchor="us-imports-by-source-country")
est("est-cn-exports-2024", "China's 2024 exports of graphite and germanium by destination (annualised)",
    "quantity = China's Jan-Aug 2024 exports (usgs-mcs2025-graphite: flake 38,200 t, spherical 25,500 t; usgs-mcs2025-germanium: Ge metal 16,700 kg) x 12/8 x the destination share given by USGS (flake: KOR 21%, JPN 20%, DEU 17%, USA 6%; spherical: KOR 49%, JPN 29%, USA 19%; Ge metal: BEL 33%, DEU 32%, RUS 25%, JPN 6%). Remaining shares are not assigned.", anchor="chinese-exports-by-destination-2024")
est("est-ev-demand-2024", "NdFeB demand for EV traction motors, 2024",
    f"demand = electric car sales 2024 (iea-gevo-2025: China 11.0 m, USA 1.6 m; Japan 59,736 battery-electric cars, japan-bev-2024; Germany 381,000 and United Kingdom 382,000 battery-electric cars, pwc-ev-2024; rest of world 17.0 - 11.0 - 1.6 - 0.0597 - 0.381 - 0.382 = 3.5773 m, assigned to XOT and still including the plug-in hybrids of Japan, Germany and the United Kingdom) x {EV_KG_NDFEB} kg NdFeB per car (one motor of 2 kg, implied by MP's 1,000 t for 500,000 motors, mp-independence-press). IEA's '1-2 kg magnet REE per motor' (iea-gcmo-2024) would imply 3.2-6.3 kg NdFeB and 1.6-3.2x these figures; dual-motor cars and PHEV/BEV mix are not modelled.", anchor="ev-traction-motor-demand-2024")
sec("japan-bev-2024", "Japan's EV sales dominated by foreign brands in 2024 (16 Jan 2025)", "Autospies, reporting Japanese new-car sales data", 2025,
    "https://www.autospies.com/news/Japan-s-EV-Sales-Were-Dominated-By-Foreign-Brands-In-2024-124141/",
    "59,736 new battery-electric cars sold in Japan in 2024 (-33%), under 2% of new-car sales; plug-in hybrids not included.",
    "Article text read 2026-11 via the search index; the underlying association release was not read")
est("est-defense-demand", "US defense NdFeB demand",
    "175 t/yr NdFeB in US weapon systems from the 2012 DoD assessment (dod-ndfeb-2012); the 2024 row carries the 2012 figure forward unchanged because no later public figure was found.", anchor="us-defense-demand")
est("est-demand-outlook", "World NdFeB-equivalent demand outlook (2030, 2035, 2050)",
    f"NdFeB-equivalent = magnet-REE demand / {NDFEB_REE} (est-ndfeb-recipe): IEA APS 131 kt (2030) and 181 kt (2050) (iea-gcmo-2024); 176 kt in 2035 from McKinsey as reported by stocknews24 (mckinsey-2025). Recorded for the aggregate code XWL (world), never to be added to country rows.", anchor="world-demand-outlook-2030-2035-2050")
est("est-price-conversions", "Unit conversions of USGS prices to USD per kg",
    "USD/lb x 2.20462 = USD/kg; US cents/lb x 2.20462 / 100 = USD/kg; USD/t / 1000 = USD/kg; tungsten concentrate USD per mtu WO3 / 7.93 kg W per mtu = USD per kg W contained (usgs-mcs2025-tungsten footnote 6).", anchor="price-unit-conversions")
src("wgi-2023", "Worldwide Governance Indicators (edition with estimates to 2023)", "World Bank (D. Kaufmann and A. Kraay)", 2024,
    "https://www.worldbank.org/en/publication/worldwide-governance-indicators",
    "2023 estimates (about -2.5 to +2.5, higher = better) of the six indicators: control of corruption, government effectiveness, political stability and absence of violence, rule of law, regulatory quality, voice and accountability.",
    "primary", "Read 2026-11 in a copy of the full dataset (wgidataset.csv) in github.com/lmorgans/WGIdata (commit 05f52f816a6c09473096edbf657aa310d5c30507); World Bank codes ZAR and ROM mapped to COD and ROU; New Caledonia not covered")
est("est-wgi-scaled", "Governance score 0-10 (higher = weaker) from the WGI 2023 estimates",
    "wgi_scaled = 5 - 2 x mean(six WGI 2023 estimates), i.e. a linear map of the mean from [-2.5, +2.5] to [10, 0], clipped to 0-10 (wgi-2023). Example: China mean (-0.01+0.68-0.51-0.04-0.36-1.50)/6 = -0.29 -> 5.58. This linear rescaling is critmin's reading of the EU CRM practice of scaling WGI to 0-10 and was not checked against the EU guidelines; the mean is kept in the extra column wgi_mean_2023.", anchor="governance-scores")
sec("mckinsey-2025", "McKinsey report on rare-earth magnet supply (Jul 2025)", "McKinsey & Company, as reported by stocknews24", 2025,
    "https://www.mckinsey.com/", "Magnet-REE demand 59 kt (2022) rising to 176 kt (2035); potential shortfall about 60 kt (about 30% of 2035 demand).", "Per figures.md section D.3")
