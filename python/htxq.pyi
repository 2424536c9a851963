"""Ask questions of Vietnam's cooperative-alliance emulation-cluster reports."""

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

__version__: str

#: A value in a row: whole numbers, decimals, text, None for NULL, a list of names for a list
#: field (`provinces`, `conflicts`).
Cell = Union[int, float, str, None, List[str]]
#: A value bound to a `$name`.
ParamValue = Union[int, float, str]
_Path = Union[str, "os.PathLike[str]"]

class Error(Exception):
    """An htxq error that is not a query's: a database that cannot be opened or used, a build
    that read no article, SQLite failing."""

class QueryError(Error):
    """A query that cannot be run. `str(e)` is the message."""

    message: str
    #: (start, end) character offsets into the query text, or None.
    span: Optional[Tuple[int, int]]
    #: How to fix it, e.g. "did you mean `clusters`?".
    hints: List[str]
    #: syntax, unknown_name, type, grouping or limit.
    kind: str

class Engine:
    """A database of cluster reports, ready for queries."""

    @staticmethod
    def builtin() -> "Engine":
        """The built-in corpus, compiled in and loaded in memory."""
    @staticmethod
    def open(path: _Path) -> "Engine":
        """A database built by `htxq.build`, opened read-only."""
    def query(self, text: str, /, **params: ParamValue) -> List[Dict[str, Cell]]:
        """Runs one query; each row a dict from column name to value, in column order."""
    def frame(self, text: str, /, **params: ParamValue) -> Any:
        """Runs one query; the rows as a pandas.DataFrame (ImportError without pandas)."""
    def compile(self, text: str, /, **params: ParamValue) -> Dict[str, Any]:
        """The SQL a query compiles to: {"sql": str, "params": list, "columns": list of str}."""

def compile(text: str, /, **params: ParamValue) -> Dict[str, Any]:
    """The SQL a query compiles to, without a database."""

def build(db: _Path, paths: Union[_Path, Sequence[_Path]]) -> Dict[str, Any]:
    """Builds or updates the database at `db` from article files and folders: {"added",
    "updated", "unchanged", "articles", "clusters", "skipped": [{"file", "reason"}]}."""
