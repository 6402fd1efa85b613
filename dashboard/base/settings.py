"""Settings read from the environment, each with a default that works out of the box.

    >>> env = {"NEWS_MAP_NOMINATIM": "http://127.0.0.1:8080/nominatim/"}
    >>> nominatim_url(env)
    'http://127.0.0.1:8080/nominatim'
    >>> user_agent({}).startswith("news-claims-map/")
    True
    >>> cache_dir({"NEWS_MAP_CACHE": ""}) is None   # an empty value turns the disk caches off
    True

* ``NEWS_MAP_USER_AGENT`` — the User-Agent sent to Nominatim. Its usage policy asks every
  application to name itself: a newsroom should put its name and an e-mail address there.
  Default: ``news-claims-map/VERSION (…)``.
* ``NEWS_MAP_NOMINATIM`` — the Nominatim server as a base URL (a newsroom's own server, or
  the tests' stand-in on 127.0.0.1). Default: ``https://nominatim.openstreetmap.org``.
* ``NEWS_MAP_CACHE`` — the folder of the disk caches (the world gazetteer, geocoding
  answers); set but empty, no disk cache. Default: ``$XDG_CACHE_HOME/news-claims-map`` or
  ``~/.cache/news-claims-map``.

Each function takes the environment as an argument (``os.environ`` by default), so that a
test can pass its own; nothing is read at import time.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.base.errors import NewsMapError

VERSION = "0.1"
DEFAULT_NOMINATIM = "https://nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = f"news-claims-map/{VERSION} (news-claims map dashboard; set NEWS_MAP_USER_AGENT to name yourself)"


class SettingsError(NewsMapError, ValueError):
    """A setting has a value that cannot be used; str() says which variable and how to fix it."""


def user_agent(env=None) -> str:
    """The User-Agent for Nominatim: ``NEWS_MAP_USER_AGENT``, else one naming this project."""
    env = os.environ if env is None else env
    value = (env.get("NEWS_MAP_USER_AGENT") or "").strip()
    return value or DEFAULT_USER_AGENT


def nominatim_url(env=None) -> str:
    """The Nominatim base URL (scheme, host, optional port and path), without a trailing slash.

    >>> nominatim_url({"NEWS_MAP_NOMINATIM": "nominatim.example.org"})
    Traceback (most recent call last):
    ...
    dashboard.base.settings.SettingsError: NEWS_MAP_NOMINATIM 'nominatim.example.org' is not an http(s) URL — write it in full, e.g. NEWS_MAP_NOMINATIM=https://nominatim.openstreetmap.org
    """
    env = os.environ if env is None else env
    value = (env.get("NEWS_MAP_NOMINATIM") or "").strip() or DEFAULT_NOMINATIM
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"NEWS_MAP_NOMINATIM {value!r} is not an http(s) URL — write it in full, "
                            f"e.g. NEWS_MAP_NOMINATIM={DEFAULT_NOMINATIM}")
    return value.rstrip("/")


def split_url(url: str) -> tuple[str, str]:
    """(scheme, domain) as geopy's geocoders take them; the domain keeps the port and any path.

    >>> split_url("http://127.0.0.1:8080/nominatim")
    ('http', '127.0.0.1:8080/nominatim')
    """
    parts = urlsplit(url)
    return parts.scheme, (parts.netloc + parts.path).rstrip("/")


def cache_dir(env=None) -> Path | None:
    """The folder of the disk caches, or None when ``NEWS_MAP_CACHE`` is set but empty.

    The same rule as the world gazetteer's cache (`dashboard.places.world.cache_dir`).
    """
    env = os.environ if env is None else env
    configured = env.get("NEWS_MAP_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "news-claims-map"
