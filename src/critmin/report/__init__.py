"""Reports: self-contained HTML (no network needed to open) and the tables behind them."""

from critmin.report.html import Section as Section
from critmin.report.html import render_html as render_html

__all__ = ["Section", "render_html"]
