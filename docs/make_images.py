"""Render the README's chart pictures from the two named runs (``make docs-images``)."""

from pathlib import Path

import vl_convert

from deficit_report.rendering import charts, time_charts
from deficit_report.rendering.figure import uncut_labels, vl_version
from deficit_report.running.runs import open_run

OUT = Path(__file__).parent / "images"

framework = open_run("us-japan-framework-1994")
recent = open_run("us-japan-2024")
figures = {
    "chart-coverage-path-1994.png": time_charts.coverage_path_chart(framework.coverage_path()),
    "chart-status-timeline-1994.png": time_charts.timeline_chart(framework.status_bands(), framework.params.as_of),
    "chart-contributions-1992-1994.png": charts.contribution_chart(framework.contributions()),
    "chart-imports-2024.png": charts.composition_chart(recent.composition(), recent.status(), recent.params.measure),
}
for name, figure in figures.items():
    png = vl_convert.vegalite_to_png(uncut_labels(figure.chart.to_dict()), vl_version=vl_version(), scale=1.5)
    (OUT / name).write_bytes(png)
    print(OUT / name)
