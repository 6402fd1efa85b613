"""pyproject.toml installs the whole package: every subpackage, every bundled data file, and a
`news-map` command that is `python -m dashboard`."""
import importlib
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PROJECT["tool"]["setuptools"]


def test_every_subpackage_is_installed():
    found = {"dashboard" + ("." + ".".join(p.parent.relative_to(ROOT / "dashboard").parts) if p.parent != ROOT / "dashboard" else "")
             for p in (ROOT / "dashboard").rglob("__init__.py")}
    missing = found - set(SETUPTOOLS["packages"])
    assert not missing, f"pyproject.toml's packages leave out {sorted(missing)}"


def test_every_bundled_data_file_is_installed():
    globs = SETUPTOOLS["package-data"]["dashboard.data"]
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert tracked, "git ls-files found no data file: the check is broken"
    missing = [f for f in tracked if not any(fnmatch(f.removeprefix("data/"), g) for g in globs)]
    assert not missing, f"pyproject.toml's package-data leaves out {missing}"


def test_the_dependencies_are_the_runtime_input_file():
    assert PROJECT["tool"]["setuptools"]["dynamic"]["dependencies"]["file"] == ["requirements.in"]


def test_news_map_is_the_command_line():
    module, function = PROJECT["project"]["scripts"]["news-map"].split(":")
    entry = getattr(importlib.import_module(module), function)
    done = subprocess.run([sys.executable, "-c", f"import sys; sys.argv = ['news-map', '--help']; "
                           f"from {module} import {function}; {function}()"],
                          cwd=ROOT, capture_output=True, text=True)
    assert callable(entry) and done.returncode == 0
    assert done.stdout.startswith("usage: news-map ") and "check" in done.stdout
