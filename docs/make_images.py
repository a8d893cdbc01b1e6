"""Render the README's chart pictures from the two named runs (``make docs-images``)."""

from pathlib import Path

import vl_convert

from deficit_report.rendering import charts, dollars_covered, outcome_charts, tariff_charts, time_charts
from deficit_report.rendering.figure import uncut_labels, vl_version
from deficit_report.running.runs import open_run

OUT = Path(__file__).parent / "images"

framework = open_run("us-japan-framework-1994")
recent = open_run("us-japan-2024")
china = open_run("us-china-2019")
figures = {
    "chart-coverage-path-1994.png": time_charts.coverage_path_chart(framework.coverage_path()),
    "chart-status-timeline-1994.png": time_charts.timeline_chart(framework.status_bands(), framework.params.as_of),
    "chart-contributions-1992-1994.png": charts.contribution_chart(framework.contributions()),
    "chart-deal-outcomes-1994.png": outcome_charts.outcome_chart(framework.outcome_path(), framework.shares_met()),
    "chart-deal-outcomes-phase-one.png": outcome_charts.outcome_chart(china.outcome_path(), china.shares_met()),
    "chart-imports-2024.png": charts.composition_chart(recent.composition(), recent.status(), recent.params.measure),
    "chart-china-tariffs-2015-2020.png": tariff_charts.tariff_chart(
        china.tariff_series(), china.tariff_action_dates(), china.tariff_changes()
    ),
    "chart-china-coverage-per-flow-2019.png": tariff_charts.flow_coverage_chart(china.coverage_by_flow()),
    "chart-china-dollars-covered-2019.png": dollars_covered.dollars_chart(china.dollars_covered()),
}
for name, figure in figures.items():
    png = vl_convert.vegalite_to_png(uncut_labels(figure.chart.to_dict()), vl_version=vl_version(), scale=1.5)
    (OUT / name).write_bytes(png)
    print(OUT / name)
