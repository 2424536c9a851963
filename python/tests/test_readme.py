"""The READMEs' Python examples run as written and print what they show (doctests)."""

import doctest
import shutil

import pytest

from goldcheck import ROOT


def python_block(readme, section=None):
    """The first ```python block of `readme` (after the heading `section`, if given), and its
    first line number."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    after = lines.index(section) if section else 0
    start = lines.index("```python", after) + 1
    end = lines.index("```", start)
    return "\n".join(lines[start:end]) + "\n", start


def run_doctest(readme, block, line):
    test = doctest.DocTestParser().get_doctest(block, {}, readme.name, str(readme), line)
    result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test)
    assert result.failed == 0, f"{readme}: the example differs from what it prints (see above)"
    return len(test.examples)


def test_the_readme_example_runs_and_prints_what_it_shows(tmp_path, monkeypatch):
    pytest.importorskip("pandas")  # the example shows Engine.frame
    # the example builds "cum.db" from "articles/": here, a copy of the built-in articles
    shutil.copytree(ROOT / "data" / "articles", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    readme = ROOT / "README.md"
    assert run_doctest(readme, *python_block(readme, "## From Python")) >= 8
    assert (tmp_path / "cum.db").is_file()


def test_the_package_readme_example_runs_and_prints_what_it_shows():
    readme = ROOT / "python" / "README.md"
    assert run_doctest(readme, *python_block(readme)) == 3
