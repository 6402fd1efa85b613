"""The news-claims map page: the entry file of `streamlit run`.

    streamlit run dashboard/app.py [-- --articles PATH … --places F --sources F --offline]

The page itself is `dashboard/page/main.py`; this file only puts the project folder on the
path (`streamlit run` puts only this folder there) and draws the page on each run.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.page.main import main  # noqa: E402

# Streamlit runs this file as __main__; the analysis's worker processes (started by spawn or
# forkserver) import it again as __mp_main__, and must not draw the page.
if __name__ == "__main__":
    main()
