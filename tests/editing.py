"""Editing a copy of a data file in a test, and finding the line an edit landed on."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "articles" / "2023-09-06-globaltimes-kim-visit.md"  # the bundled article


def edit(path, old, new):
    """Replace the one occurrence of `old` in the file (it must occur exactly once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (text.count(old), old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path, needle, n=1):
    """The 1-based line of the `n`th line that contains `needle`."""
    return [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line][n - 1]
