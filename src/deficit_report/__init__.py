"""Trade deficit composition report: where a bilateral deficit comes from, sector by sector.

The package is small on purpose: :mod:`data` reads and checks the canonical
tables, :mod:`analysis` computes every figure a report shows, :mod:`charts`
draws them, :mod:`report` runs a notebook into a report folder and :mod:`cli`
is the ``deficit-report`` command. Importing the package loads none of them.
"""

__version__ = "0.1.0"
