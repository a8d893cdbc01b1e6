"""What went wrong in a failed run: the error's name, the cell it came from, its message, one line of text.

papermill raises ``PapermillExecutionError`` when a cell raises, with the
error's name (``ename``), message (``evalue``), the cell's position in the
executed notebook (``cell_index``, 0-based, papermill's injected-parameters cell
included) and its execution count. A timeout or a dead kernel comes as another
exception: it gets a name and a message, no cell.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Longest message kept; a traceback-sized message would swamp the index page.
MAX_MESSAGE = 500


@dataclass(frozen=True)
class RunError:
    """Why a run failed.

    Examples
    --------
    >>> RunError("RuntimeError", "no figure for 1994", cell_index=4, execution_count=4).text
    'RuntimeError in cell 4: no figure for 1994'
    >>> RunError("DeadKernelError", "Kernel died").text
    'DeadKernelError: Kernel died'
    """

    name: str
    message: str
    cell_index: int | None = None
    execution_count: int | None = None

    @property
    def text(self) -> str:
        """Return the error on one line: ``"<name> in cell <cell_index>: <message>"``."""
        where = self.name if self.cell_index is None else f"{self.name} in cell {self.cell_index}"
        return f"{where}: {self.message}" if self.message else where

    def as_dict(self) -> dict:
        """Return the error as the manifest records it: its parts and its one-line text.

        Examples
        --------
        >>> RunError("RuntimeError", "boom", 4, 4).as_dict()
        {'name': 'RuntimeError', 'cell_index': 4, 'execution_count': 4, 'message': 'boom', 'text': 'RuntimeError in cell 4: boom'}
        """
        return {
            "name": self.name,
            "cell_index": self.cell_index,
            "execution_count": self.execution_count,
            "message": self.message,
            "text": self.text,
        }


def run_error(exc: BaseException) -> RunError:
    """Return what a failed execution raised, keeping papermill's structure where there is one.

    Examples
    --------
    >>> from papermill.exceptions import PapermillExecutionError
    >>> run_error(PapermillExecutionError(cell_index=4, exec_count=3, source="1/0", ename="ZeroDivisionError",
    ...                                   evalue="division by zero", traceback=[]))
    RunError(name='ZeroDivisionError', message='division by zero', cell_index=4, execution_count=3)
    >>> run_error(TimeoutError("Cell execution timed out"))
    RunError(name='TimeoutError', message='Cell execution timed out', cell_index=None, execution_count=None)
    """
    if hasattr(exc, "ename") and hasattr(exc, "cell_index"):  # papermill's PapermillExecutionError
        return RunError(str(exc.ename), _one_line(exc.evalue), exc.cell_index, getattr(exc, "exec_count", None))
    return RunError(type(exc).__name__, _one_line(exc))


def error_text(recorded) -> str | None:
    """Return a manifest's ``error`` as one line, whether recorded as parts (now) or as text (older manifests).

    Examples
    --------
    >>> error_text({"name": "RuntimeError", "cell_index": 4, "message": "boom", "text": "RuntimeError in cell 4: boom"})
    'RuntimeError in cell 4: boom'
    >>> error_text({"name": "DeadKernelError", "message": "Kernel died"})
    'DeadKernelError: Kernel died'
    >>> error_text("deliberate failure"), error_text(None)
    ('deliberate failure', None)
    """
    if isinstance(recorded, dict):
        return (
            recorded.get("text")
            or RunError(
                str(recorded.get("name") or "error"), str(recorded.get("message") or ""), recorded.get("cell_index")
            ).text
        )
    return None if recorded is None else str(recorded)


def _one_line(value) -> str:
    """Return ``value`` as text on one line, at most :data:`MAX_MESSAGE` characters."""
    return " ".join(str(value or "").split())[:MAX_MESSAGE]
