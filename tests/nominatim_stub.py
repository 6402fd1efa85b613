"""A stand-in Nominatim server on 127.0.0.1 for the tests: canned answers, no network.

    >>> with NominatimStub() as stub:
    ...     import urllib.request, json
    ...     with urllib.request.urlopen(stub.url + "/search?q=Khasan&format=json") as r:
    ...         [item["name"] for item in json.load(r)]
    ['Khasan']

It answers ``GET /search`` like Nominatim's ``format=json`` (with ``addressdetails`` and
``namedetails``) from `ANSWERS`, keyed by the query folded to lower case. An answer is a list
of result items, or a `Reply` for an HTTP error, a slow answer or a body that is not JSON.
Each request is recorded (`requests`): when it arrived (``time.monotonic()``), its query
parameters and its headers, so that a test can check the spacing between requests and the
User-Agent. Start it as a context manager; it listens on a free port.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: object = field(default_factory=list)  # JSON, or bytes sent as they are
    delay: float = 0.0  # seconds to wait before answering
    headers: dict = field(default_factory=dict)


def _item(osm_type, osm_id, name, lat, lon, cls, kind, addresstype, country, code, bbox, namedetails,
          display=None, importance=0.5):
    return {
        "place_id": osm_id % 100000, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
        "osm_type": osm_type, "osm_id": osm_id, "lat": lat, "lon": lon, "class": cls, "type": kind,
        "place_rank": 19, "importance": importance, "addresstype": addresstype, "name": name,
        "display_name": display or f"{name}, {country}", "address": {"country": country, "country_code": code},
        "namedetails": namedetails, "boundingbox": bbox,
    }


KHASAN = _item("node", 1118412392, "Khasan", "42.4296982", "130.6436116", "place", "village", "village",
               "Russia", "ru", ["42.4096982", "42.4496982", "130.6236116", "130.6636116"],
               {"name": "Хасан", "name:en": "Khasan", "name:ru": "Хасан", "name:zh": "哈桑", "name:ko": "하산"},
               display="Khasan, Khasansky District, Primorsky Krai, Far Eastern Federal District, Russia")
VOSTOCHNY = [
    _item("node", 4472512, "Vostochny", "42.8911", "132.7336", "place", "town", "town", "Russia", "ru",
          ["42.8711", "42.9111", "132.7136", "132.7536"], {"name": "Восточный", "name:ru": "Восточный"},
          display="Vostochny, Nakhodka, Primorsky Krai, Russia", importance=0.41),
    _item("way", 270405061, "Vostochny Cosmodrome", "51.8844", "128.3334", "landuse", "military", "military",
          "Russia", "ru", ["51.7", "52.0", "128.0", "128.5"],
          {"name": "космодром Восточный", "name:en": "Vostochny Cosmodrome", "name:zh": "东方航天发射场"},
          display="Vostochny Cosmodrome, Amur Oblast, Russia", importance=0.52),
    _item("relation", 2555133, "Vostochny", "55.8167", "37.8667", "boundary", "administrative", "suburb",
          "Russia", "ru", ["55.80", "55.83", "37.84", "37.90"], {"name": "Восточный"},
          display="Vostochny, Eastern Administrative Okrug, Moscow, Russia", importance=0.30),
]
SEOUL = _item("relation", 2297418, "Seoul", "37.5666791", "126.9782914", "boundary", "administrative", "city",
              "South Korea", "kr", ["37.4285", "37.7014", "126.7644", "127.1839"],
              {"name": "서울", "name:en": "Seoul", "name:ko": "서울", "name:zh": "首尔", "name:ru": "Сеул",
               "name:ja": "ソウル"}, display="Seoul, South Korea", importance=0.8)

ANSWERS = {
    "khasan": [KHASAN],
    "vostochny": VOSTOCHNY,
    "seoul": [SEOUL],
    "nowhere at all": [],
    "slow": Reply(delay=3.0, body=[KHASAN]),
    "busy": Reply(status=429, body={"error": "Too Many Requests"}, headers={"Retry-After": "30"}),
    "broken": Reply(status=500, body={"error": "internal"}),
    "forbidden": Reply(status=403, body={"error": "blocked"}),
    "garbage": Reply(body=b"<html>not nominatim</html>"),
}


class NominatimStub:
    def __init__(self, answers: dict | None = None):
        self.answers = dict(ANSWERS if answers is None else answers)
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 -- the http.server API
                arrived = time.monotonic()
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                stub.requests.append({"time": arrived, "path": parts.path, "params": params,
                                      "headers": dict(self.headers)})
                if parts.path != "/search":
                    return self._send(Reply(status=404, body={"error": "not found"}))
                reply = stub.answers.get(params.get("q", "").casefold(), [])
                self._send(reply if isinstance(reply, Reply) else Reply(body=reply))

            def _send(self, reply: Reply):
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def searches(self) -> list[dict]:
        return [r for r in self.requests if r["path"] == "/search"]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
