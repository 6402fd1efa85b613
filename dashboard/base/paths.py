"""Where the package's own files are: the bundled data folder and the page's static folder.

In a checkout the data folder is `data/` beside `dashboard/`; installed with `pip install .`
it is copied into the package as `dashboard/data/` (pyproject.toml), so both are looked for.

    >>> (DATA_DIR / "places.yaml").is_file(), STATIC_DIR.name
    (True, 'static')
"""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data" if (PACKAGE_DIR / "data" / "places.yaml").is_file() else PACKAGE_DIR.parent / "data"
STATIC_DIR = PACKAGE_DIR / "static"  # served by Streamlit at /app/static/
