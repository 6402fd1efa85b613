"""Fetch one web page for `python -m dashboard add URL` (the standard library's urllib).

Only http(s) addresses; a timeout on connecting and on each read; at most `max_bytes` read.
Every failure (offline, unknown host, refused, timed out, an HTTP error, not a web page, too
big) is an `ImportProblem` with one ``address: what — fix`` line, never a traceback.
The only other module that touches the network is `places/geocoding.py` (Nominatim,
through geopy).
"""
from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from dashboard.base import settings
from dashboard.base.errors import DataProblem, ImportProblem, ProblemKind
from dashboard.text.articles import is_web_link

_KINDS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt", "text/markdown": "md",
          "text/x-markdown": "md"}
_SAVE_IT = "or save the page from a browser and add the .html file"


@dataclass(frozen=True)
class Page:
    url: str  # the address after redirects
    data: bytes
    kind: str  # html, txt or md
    charset: str | None

    @property
    def text(self) -> str | bytes:
        """The page decoded with the charset the server named, else its bytes (the extractor guesses)."""
        if self.charset:
            try:
                return self.data.decode(self.charset, errors="replace")
            except LookupError:  # a charset Python does not know
                pass
        return self.data


def fetch(url: str, timeout: float = 20.0, max_bytes: int = 20_000_000) -> Page:
    def fail(what, fix, kind=ProblemKind.FILE):
        return ImportProblem([DataProblem(url, None, what, fix, kind=kind)])

    if not is_web_link(url):
        raise fail("not an http(s) address", "give an address starting with https:// or http://", ProblemKind.UNSAFE)
    # The same User-Agent as the geocoder (NEWS_MAP_USER_AGENT): one name for this tool on the web.
    request = urllib.request.Request(url, headers={"User-Agent": settings.user_agent(), "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 -- http(s) checked above
            headers: Message = response.headers
            content_type = headers.get_content_type()
            kind = _KINDS.get(content_type)
            if kind is None:
                raise fail(f"not a web page ({content_type})", "add a web page, a .md, .txt or .html file",
                           ProblemKind.INVALID)
            data = response.read(max_bytes + 1)
            final_url = response.geturl() or url
    except urllib.error.HTTPError as error:
        raise fail(f"the server answered {error.code} {error.reason}",
                   "check the address (the page may need a login or be gone), " + _SAVE_IT) from None
    except urllib.error.URLError as error:
        raise fail(f"cannot fetch the page ({_reason(error.reason)})",
                   "check the address and that this machine is online, " + _SAVE_IT) from None
    except (TimeoutError, socket.timeout):
        raise fail(f"no answer within {timeout:g} s", "try again when online, " + _SAVE_IT) from None
    except (OSError, ssl.SSLError, ValueError) as error:  # a connection reset, a bad chunk, …
        raise fail(f"cannot fetch the page ({_reason(error)})", "try again, " + _SAVE_IT) from None
    if len(data) > max_bytes:
        raise fail(f"the page is over {max_bytes / 1e6:g} MB", "save the article's text as a .txt file and add that",
                   ProblemKind.SIZE)
    return Page(final_url, data, kind, headers.get_content_charset())


def _reason(reason) -> str:
    if isinstance(reason, socket.gaierror):
        return "the host name could not be resolved: offline, or no such host"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ssl.SSLError):
        return f"secure connection failed: {reason.reason or reason}"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
