"""The report of a plan: the recommended portfolio, who pays what, the budget frontier,
every assumption of the plan, and the sources."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from critmin.core.jsonio import dumps
from critmin.report import charts, static
from critmin.report.html import Section, render_html, report_folder
from critmin.report.simulation import sources_used

if TYPE_CHECKING:
    from critmin.data import Dataset

#: Budgets of the report's frontier, as shares of the plan's coalition budget.
FRONTIER_SHARES = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5)


def frontier_budgets(budget_musd: float) -> list[float]:
    """Budgets (MUSD) at which a plan report shows the frontier."""
    return [round(budget_musd * f, 6) for f in FRONTIER_SHARES]


def portfolio_sections(result: Any, ds: Dataset) -> list[Section]:
    """Sections of a plan report (``result`` is a :class:`PortfolioResult`)."""
    from critmin.optimize.explain import sentences

    sections = [
        Section("What the portfolio does", note=" ".join(sentences(result))),
        Section("Summary and assumptions", result.summary_frame(),
                note="Rows starting with 'assumption:' are the plan's own labelled assumptions, "
                     "not data."),
        Section("Recommended portfolio", result.selected if not result.selected.empty else None,
                note="" if not result.selected.empty else "No measure is selected at this "
                     "budget."),
    ]
    if result.picks is not None and len(result.picks):
        sections.append(Section(
            "Why each pick", result.picks,
            note="Per pick and good: the expected shortfall it avoids given the rest of the "
                 "portfolio (re-solved without it, every other decision fixed), for the "
                 "world and the coalition, the P95 over the plan's scenarios, coalition "
                 "tonnes per MUSD, and each partner's cost and benefit (its own demand)."))
    sections += [
        Section("Expected shortfall per good", result.by_good,
                note="Probability-weighted over the plan's scenarios, t of each good over the "
                     "horizon; tonnes of different goods are never added."),
        Section("Who pays, who benefits", result.benefit,
                note="Each partner's expected shortfall of its own demand, before and after; "
                     "costs: " + ", ".join(f"{k} {v:,.0f} MUSD"
                                           for k, v in result.cost_by_partner.items()) + "."),
        Section("Expected shortfall by scenario and good", result.by_scenario),
    ]
    fr = result.frontier
    if fr is not None and not fr.empty:
        sections.append(Section(
            "Budget frontier", fr,
            note="At each coalition budget: what is spent, the priority-weighted shortfall "
                 "(the optimiser's measure) and what each MUSD since the previous budget "
                 "bought, which limit binds, and per good the coalition's expected shortfall.",
            figures=[("frontier-chart", charts.lines_figure(
                _frontier_long(fr), "budget_musd", "t", "good",
                "Coalition's expected shortfall per good vs coalition budget",
                "expected shortfall (t of each good over the horizon)",
                "coalition budget (MUSD)"))]))
    if result.excluded is not None and not result.excluded.empty:
        sections.append(Section("Candidates left out", result.excluded))
    sections.append(Section("Sources", sources_used(ds),
                            note="Every source cited by the dataset tables the model read."))
    return sections


def _frontier_long(fr: Any) -> Any:
    """``budget_musd, good, t`` rows of a frontier's per-good columns."""
    import pandas as pd

    cols = [c for c in fr.columns if str(c).startswith("coalition_t[")]
    if not cols:
        return pd.DataFrame(columns=["budget_musd", "good", "t"])
    long = fr.melt(id_vars=["budget_musd"], value_vars=cols, var_name="good", value_name="t")
    return long.assign(good=long["good"].str[12:-1]).dropna(subset=["t"])


def write_portfolio_report(result: Any, ds: Dataset, out_dir: str | Path) -> Path:
    """Write ``report.html`` (self-contained), the frontier PNG, the tables and
    ``summary.json`` atomically to ``out_dir``."""
    page = render_html(f"critmin portfolio — plan {result.plan}",
                       portfolio_sections(result, ds),
                       subtitle=f"coalition {', '.join(result.coalition)}; dataset {ds.name} "
                                f"v{ds.version}; budget {result.budget_musd:,.0f} MUSD")
    with report_folder(out_dir, page) as (tmp, figs):
        fr = result.frontier
        if fr is not None and not fr.empty:
            static.lines_png(_frontier_long(fr), "budget_musd", "t", "good",
                             figs / "frontier.png", "Coalition's expected shortfall per good "
                             "vs coalition budget", "t of each good over the horizon",
                             "coalition budget (MUSD)")
            fr.to_csv(tmp / "frontier.csv", index=False)
        result.table.to_csv(tmp / "portfolio.csv", index=False)
        result.by_scenario.to_csv(tmp / "by_scenario.csv", index=False)
        (tmp / "summary.json").write_text(dumps(result.to_dict())
                                          + "\n", encoding="utf-8")
    return Path(out_dir)


