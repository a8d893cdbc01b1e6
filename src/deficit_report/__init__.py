"""Trade deficit composition report: where a bilateral deficit comes from, sector by sector.

Layers, each importing only those below it (docs/design.md, "Architecture"):
:mod:`.dataset` reads and checks the canonical tables, :mod:`.sources` turns
public formats into them, :mod:`.analysis` computes every figure a report
shows (:mod:`.analysis.report` is the facade the notebook calls),
:mod:`.rendering` draws and writes them, :mod:`.running` runs a notebook into a
report folder, and :mod:`.cli` is the ``deficit-report`` command. Importing the
package loads none of them.
"""

__version__ = "0.1.0"
