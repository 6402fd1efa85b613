"""`python -m dashboard add FILE|URL ...` and `check` with an outlet that sources.yaml does not list.

Web addresses are fetched only from a server these tests start on 127.0.0.1, serving pages
written here; an unused port stands for being offline."""
from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard.text.articles import load_articles
from dashboard.cli.main import main

ROOT = Path(__file__).resolve().parent.parent

COMPLETE_MD = ("---\ntitle: Kim reaches Khasan\noutlet: TASS\npublished: 2023-09-12\nlanguage: en\n---\n"
               "TASS reported that the train reached Khasan on Tuesday.\n\nIt then went on to Vladivostok.\n")
NOTES_TXT = "Ferry to Sokcho resumes\nThe ferry from Zarubino to Sokcho sailed again on Monday.\n"
NO_TITLE_MD = "---\noutlet: TASS\npublished: 2023-09-12\nlanguage: en\n---\nA text without a title.\n"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Train reaches Khasan | Harbour Wire</title>
<meta property="og:site_name" content="Harbour Wire">
<meta property="article:published_time" content="2023-09-12T08:00:00+03:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Train reaches Khasan</h1>
<p>The armoured train crossed the Tumen River bridge and stopped at Khasan station early on Tuesday, officials said.</p>
<p>From Khasan the line runs north to Vladivostok, where a welcome ceremony had been prepared at the station.</p>
</article><footer>Harbour Wire, all rights reserved.</footer></body></html>
"""
PAGE_BODY = ("The armoured train crossed the Tumen River bridge and stopped at Khasan station early on Tuesday, "
             "officials said.\n\nFrom Khasan the line runs north to Vladivostok, where a welcome ceremony had been "
             "prepared at the station.\n")

PLAIN = "Pier 33 closed\nThe berth at Pier 33 in Vladivostok was closed to the public.\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    pages = {
        "/train.html": ("text/html; charset=utf-8", PAGE.encode("utf-8")),
        "/pier.txt": ("text/plain; charset=utf-8", PLAIN.encode("utf-8")),
        "/report.pdf": ("application/pdf", b"%PDF-1.4"),
    }

    agents: list = []  # the User-Agent of each request

    def do_GET(self):  # noqa: N802 -- http.server's name
        _Handler.agents.append(self.headers.get("User-Agent"))
        found = self.pages.get(self.path)
        if found is None:
            self.send_error(404, "Not Found")
            return
        content_type, data = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def folder(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    return articles


def run(capsys, *argv):
    code = main(["add", *argv])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_adds_each_file_and_reports_the_bad_one(tmp_path, folder, capsys):
    good = write(tmp_path, "kim.md", COMPLETE_MD)
    notes = write(tmp_path, "notes.txt", NOTES_TXT)
    bad = write(tmp_path, "untitled.md", NO_TITLE_MD)
    code, out, err = run(capsys, good, bad, notes, "--articles-dir", str(folder),
                         "--outlet", "Harbour Wire", "--published", "2023-09-11")
    assert code == 1
    assert err == [f"error: {bad}: the article has no title — fill in its title (command line: --title TEXT)",
                   "2 added, 0 already there, 1 failed"]
    assert out == [
        f"added: {folder / '2023-09-12-tass-kim-reaches-khasan.md'} (Kim reaches Khasan; TASS, 2023-09-12, en, "
        "2 passages)",
        f"added: {folder / '2023-09-11-harbour-wire-ferry-to-sokcho-resumes.md'} (Ferry to Sokcho resumes; "
        "Harbour Wire, 2023-09-11, en, 1 passage)",
        "notice: outlet 'Harbour Wire' is not in the sources registry — its passages are said by 'Harbour Wire'; "
        "register it with `python -m dashboard sources add`",
    ]
    articles, problems = load_articles([folder])
    assert problems == []
    # the file's own outlet and date win over --outlet and --published, which fill the gaps
    assert sorted((a.title, a.outlet, a.published.isoformat()) for a in articles) == [
        ("Ferry to Sokcho resumes", "Harbour Wire", "2023-09-11"), ("Kim reaches Khasan", "TASS", "2023-09-12")]
    assert Path(folder / "2023-09-12-tass-kim-reaches-khasan.md").read_text(encoding="utf-8") == COMPLETE_MD


def test_adding_again_is_already_added_and_exits_0(tmp_path, folder, capsys):
    good = write(tmp_path, "kim.md", COMPLETE_MD)
    assert run(capsys, good, "--articles-dir", str(folder))[0] == 0
    code, out, err = run(capsys, good, "--articles-dir", str(folder))
    assert (code, err) == (0, [])
    assert out == [f"already added: {folder / '2023-09-12-tass-kim-reaches-khasan.md'}",
                   "0 added, 1 already there, 0 failed"]
    assert len(list(folder.iterdir())) == 1


def test_missing_file_folder_and_missing_fields(tmp_path, folder, capsys):
    notes = write(tmp_path, "notes.txt", NOTES_TXT)
    code, out, err = run(capsys, str(tmp_path / "nope.md"), str(tmp_path), notes, "--articles-dir", str(folder))
    assert code == 1 and out == []
    assert err == [
        f"error: {tmp_path / 'nope.md'}: no such file — check the path",
        f"error: {tmp_path}: this is a folder — give the files in it, e.g. {tmp_path / '*.html'}",
        f"error: {notes}: the article has no outlet — fill in who published it, e.g. Reuters "
        "(command line: --outlet NAME)",
        f"error: {notes}: the article has no publication date — fill in the date it was published, YYYY-MM-DD "
        "(command line: --published YYYY-MM-DD)",
        "0 added, 0 already there, 3 failed",
    ]
    assert list(folder.iterdir()) == []


def test_missing_articles_folder(tmp_path, capsys):
    good = write(tmp_path, "kim.md", COMPLETE_MD)
    code, out, err = run(capsys, good, "--articles-dir", str(tmp_path / "none"))
    assert code == 1
    assert err[0] == (f"error: {tmp_path / 'none'}: the articles folder does not exist — "
                      f"create it (mkdir -p {tmp_path / 'none'}) or choose another folder")


def test_adds_a_web_page_from_a_url(server, folder, capsys):
    url = f"{server}/train.html"
    code, out, err = run(capsys, url, "--articles-dir", str(folder))
    assert (code, err) == (0, [])
    path = folder / "2023-09-12-harbour-wire-train-reaches-khasan.md"
    assert out[0] == f"added: {path} (Train reaches Khasan; Harbour Wire, 2023-09-12, en, 2 passages)"
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: Train reaches Khasan\noutlet: Harbour Wire\npublished: 2023-09-12\nlanguage: en\n"
        f"url: {url}\n---\n" + PAGE_BODY)


def test_adds_plain_text_from_a_url_with_the_flags_filling_the_gaps(server, folder, capsys):
    code, out, err = run(capsys, f"{server}/pier.txt", "--articles-dir", str(folder), "--outlet", "TASS",
                         "--published", "2023-09-10")
    assert (code, err) == (0, [])
    [article], problems = load_articles([folder])
    assert problems == []
    assert (article.title, article.outlet, article.url, article.body) == (
        "Pier 33 closed", "TASS", f"{server}/pier.txt", "The berth at Pier 33 in Vladivostok was closed to the public.\n")


def test_url_errors_are_one_line_each_and_the_rest_is_added(server, tmp_path, folder, capsys):
    good = write(tmp_path, "kim.md", COMPLETE_MD)
    offline = f"http://127.0.0.1:{_free_port()}/story.html"
    code, out, err = run(capsys, f"{server}/gone.html", offline, f"{server}/report.pdf", good,
                         "--articles-dir", str(folder))
    assert code == 1
    assert err == [
        f"error: {server}/gone.html: the server answered 404 Not Found — check the address (the page may need a "
        "login or be gone), or save the page from a browser and add the .html file",
        f"error: {offline}: cannot fetch the page (connection refused) — check the address and that this machine "
        "is online, or save the page from a browser and add the .html file",
        f"error: {server}/report.pdf: not a web page (application/pdf) — add a web page, a .md, .txt or .html file",
        "1 added, 0 already there, 3 failed",
    ]
    assert [p.name for p in folder.iterdir()] == ["2023-09-12-tass-kim-reaches-khasan.md"]


def test_a_server_that_never_answers_times_out(folder, capsys):
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/slow.html"
        started = time.monotonic()
        code, out, err = run(capsys, url, "--articles-dir", str(folder), "--timeout", "0.5")
        assert time.monotonic() - started < 5
    assert code == 1
    assert err == [f"error: {url}: no answer within 0.5 s — try again when online, or save the page from a browser "
                   "and add the .html file", "0 added, 0 already there, 1 failed"]


def test_offline_from_the_real_command_line_has_no_traceback(tmp_path, folder):
    url = f"http://127.0.0.1:{_free_port()}/story.html"
    result = subprocess.run([sys.executable, "-m", "dashboard", "add", url, "--articles-dir", str(folder)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"error: {url}: cannot fetch the page (connection refused) — ")


def test_bad_published_flag_is_reported(tmp_path, folder, capsys):
    notes = write(tmp_path, "notes.txt", NOTES_TXT)
    code, out, err = run(capsys, notes, "--articles-dir", str(folder), "--outlet", "TASS", "--published", "12/09/2023")
    assert code == 1
    assert err[0] == (f"error: {notes}: invalid date '12/09/2023' — write the publication date as YYYY-MM-DD, "
                      "e.g. 2023-09-06 (command line: --published)")


# --- check: an outlet missing from sources.yaml is a notice -----------------------------------------------

def test_check_prints_a_notice_for_an_unregistered_outlet_and_exits_0(tmp_path, capsys):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text("---\ntitle: T\noutlet: Harbour Wire\npublished: 2023-09-12\nlanguage: en\n---\n"
                                   "The train reached Khasan.\n", encoding="utf-8")
    code = main(["check", "--articles", str(articles)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == (f"notice: {articles / 'a.md'}:1: outlet 'Harbour Wire' is not in the sources registry — its "
                      "passages are said by 'Harbour Wire' as written; register it with "
                      "`python -m dashboard sources add` to give its names in other languages")
    assert out[1].startswith("ok: ") and " 1 articles, 1 passages" in out[1]


def test_a_fetch_names_the_tool_as_the_geocoder_does(server, folder, capsys, monkeypatch):
    monkeypatch.setenv("NEWS_MAP_USER_AGENT", "Example Newsroom desk@example.org")
    _Handler.agents.clear()
    code, _, _ = run(capsys, f"{server}/pier.txt", "--articles-dir", str(folder), "--outlet", "Harbour Wire",
                     "--published", "2023-09-12")
    assert code == 0 and _Handler.agents == ["Example Newsroom desk@example.org"]
