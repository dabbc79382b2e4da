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
    sections = [
        Section("Summary and assumptions", result.summary_frame(),
                note="Rows starting with 'assumption:' are the plan's own labelled assumptions, "
                     "not data."),
        Section("Recommended portfolio", result.selected if not result.selected.empty else None,
                note="" if not result.selected.empty else "No measure is selected at this "
                     "budget."),
        Section("Expected shortfall by scenario", result.by_scenario),
    ]
    fr = result.frontier
    if fr is not None and not fr.empty:
        ok = fr.dropna(subset=["expected_shortfall_t"])
        sections.append(Section(
            "Budget frontier", fr,
            note="Expected shortfall (t, probability-weighted over the plan's scenarios) at each "
                 "coalition budget, and the measures entering at each level.",
            figures=[("frontier-chart", charts.lines_figure(
                ok.assign(series="expected shortfall"), "budget_musd", "expected_shortfall_t",
                "series", "Expected shortfall vs coalition budget", "t"))]))
    if result.excluded is not None and not result.excluded.empty:
        sections.append(Section("Candidates left out", result.excluded))
    sections.append(Section("Sources", sources_used(ds),
                            note="Every source cited by the dataset tables the model read."))
    return sections


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
            ok = fr.dropna(subset=["expected_shortfall_t"]).assign(series="expected shortfall")
            static.lines_png(ok, "budget_musd", "expected_shortfall_t", "series",
                             figs / "frontier.png", "Expected shortfall vs coalition budget",
                             "t")
            fr.to_csv(tmp / "frontier.csv", index=False)
        result.table.to_csv(tmp / "portfolio.csv", index=False)
        result.by_scenario.to_csv(tmp / "by_scenario.csv", index=False)
        (tmp / "summary.json").write_text(dumps(result.to_dict())
                                          + "\n", encoding="utf-8")
    return Path(out_dir)


