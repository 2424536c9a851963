"""The README's Python example runs as written and prints what it shows (a doctest)."""

import doctest
import shutil

import pytest

from goldcheck import ROOT


def readme_python_block():
    """The ```python block of README.md's "From Python" section, and its first line number."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    section = lines.index("## From Python")
    start = lines.index("```python", section) + 1
    end = lines.index("```", start)
    return "\n".join(lines[start:end]) + "\n", start


def test_the_readme_example_runs_and_prints_what_it_shows(tmp_path, monkeypatch):
    pytest.importorskip("pandas")  # the example shows Engine.frame
    # the example builds "cum.db" from "articles/": here, a copy of the built-in articles
    shutil.copytree(ROOT / "data" / "articles", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    block, line = readme_python_block()
    test = doctest.DocTestParser().get_doctest(block, {}, "README.md (From Python)", str(ROOT / "README.md"), line)
    assert len(test.examples) >= 8
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.failed == 0, "the README's Python example differs from what it prints (see above)"
    assert (tmp_path / "cum.db").is_file()
