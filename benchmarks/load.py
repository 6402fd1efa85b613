"""How many readers one dashboard server holds: N concurrent sessions at Streamlit's protocol level.

    .venv/bin/python benchmarks/load.py [--sessions 1,5,10,20,40] [--seconds 60] [--think 1.0]
                                        [--actions 8] [--commit HEAD] [--json results.json]
                                        [--server-arg=--runner.postScriptGC=false ...]

For each N it starts a fresh server (`streamlit run dashboard/app.py -- --offline`) on a free
loopback port, pinned to core 0 (`taskset -c 0`), and pins itself to the other cores
(`os.sched_setaffinity`), so no browser competes with the server for its core.  N readers, each
an asyncio task speaking the browser's protocol over one websocket, then use it for --seconds,
and a table of latency percentiles, server CPU and memory is printed for every N.

What a reader does (one *visit*; when it is over, the reader leaves and comes back as a new one):
  1. load the page: GET /, /_stcore/health and /_stcore/host-config as the page does, open the
     websocket /_stcore/stream and send the first `rerun_script` BackMsg (ClientState with the
     query string, the browser's context, no widget states);
  2. send the map's first report, as streamlit-folium does once the map is drawn (a fragment
     rerun of the map's fragment, `fragment_id` set, with the st_folium widget's JSON value
     {"last_object_clicked": null, "last_object_clicked_count": 0, ...}): the app draws the
     filters, charts and downloads from that second run on (see app.first_run_of_session);
  3. --actions actions, a pause of --think seconds (±50 %, at random) before each:
       click   — a marker click, as streamlit-folium sends it: the fragment rerun with the map
                 widget's value {"last_object_clicked": {"lat", "lng"} (the marker's own
                 position), "last_object_clicked_count": clicks so far, "last_object_clicked_tooltip":
                 the marker's tooltip as text}.  Every other click is on Khasan (42.42833,
                 130.64556); the rest go round the other places that have passages (taken from
                 the markers' data in the map the server sent);
       filter  — the sidebar's `sources` multiselect set to TASS (a full rerun with its widget
                 state, the option's label as the browser sends it), then set back to none.
                 The page remembers its answers per view (filters), so after the first visit
                 these are views it has answered before; with --every-source each filter action
                 picks the next source in the list instead (new views until the list comes round);
                 with --every-quarter YEARS it sets the sidebar's since and until to the next
                 quarter of YEARS instead (date widgets, ISO dates as the browser sends them),
                 then clears them: the rows filter→source and filter→none are then a quarter
                 chosen and the dates cleared.
     The order is click, click, TASS, none, and again (clicks are made with no source filter
     on).  Every rerun also carries the widget values already set (the map's, the sources'), the
     query string the server last gave the page, and the hashes of the messages the browser
     would have cached (Streamlit then sends a reference instead of a big message it already has).

What is measured (wall clock in the client, from the BackMsg sent to the `script_finished` of the
run it asked for; a run that ends in `st.rerun()` is followed to the end of the run after it):
  first page — session start (before the GET of /) until the first run has finished;
  rest page  — the map's first report until the full page (second run) has finished;
  click      — until the fragment run has finished; also `click→panel`, until the first passage
               card has arrived (the panel is written before the map), and `click→map`, until the
               map's element (the st_folium component) has arrived — after a marker click, a
               reference to the map message the browser holds (app.draw_map keeps it as it was);
  filter     — until the full rerun has finished (also apart: filter→source, a source chosen, and
               filter→none, the filter cleared);
  server     — CPU % of core 0 (utime+stime of the server process from /proc, or psutil when
               installed) averaged over the run and the highest over 1 s; RSS at the start of
               the run (after one warm-up visit), highest, and at the end;
  client     — the client process's own CPU %, to show it is not what limits the numbers.
Correctness: each click's response must hold the place's heading, exactly min(count, 40)
passage cards with the place marked (count: the number on its marker), and for Khasan the
passage text '哈桑村'; each filter's response must name TASS in the page's query string
(`source=tass`, which the app keeps in step with the view), and none once cleared.  A Streamlit
exception element, a timeout (--timeout), a closed socket or a reference to a message the client
has not cached is an error.  The table counts errors; the first few are printed.

Found at e65e4f0 (2 cores, --seconds 60, --think 1): one server holds about 10 such readers
with click p90 < 1 s (5: 437 ms, 10: 924 ms, 20: 2.7 s) and tops out at ~4.5 actions/s, core 0
at 100 %; with --think 5, about 20 (click p90 672 ms; 40: 4.9 s).  A click's panel is sent within
~15 ms and the map within ~40 ms, but the run ends ~170 ms after it was asked for: Streamlit's
`runner.postScriptGC` (on by default) ends every run, a fragment's too, with gc.collect(2) over
the whole heap (the world gazetteer and corpus included), 60 % of the server's busy time in a
py-spy profile.  With --server-arg=--runner.postScriptGC=false: click p50 40 ms, ~11.5 actions/s,
20 readers at click p90 918 ms (--think 5: 40 readers at 223 ms), memory about the same.

Caveats:
  * Not a browser: nothing is drawn, so the time a browser takes to lay out the page and draw the
    map (and streamlit-folium's 250 ms debounce before it reports a click) is not included; the
    numbers are the server's side of the latency plus loopback.  The static files a browser loads
    once and caches (Streamlit's JS bundle, the map component's page, Leaflet) are not fetched.
  * The readers keep only the widget values they set; a browser also resends every other
    widget's value, which the server would keep anyway.
  * On a 2-core machine the readers share core 1 with the rest of the machine; watch the client
    CPU column: near 100 % means the client, not the server, sets the pace.
  * The server runs with `--server.fileWatcherType none`: a source file edited during the run
    (another engineer's work tree) would otherwise make Streamlit drop the app's modules under
    running sessions (ImportError in the page).  --commit serves a clean copy of a commit.
  * Readers think --think seconds between actions (closed loop): with more readers than the
    server can serve in that time, queueing shows as latency, not as a lower request rate.
"""
from __future__ import annotations

import argparse
import asyncio
import html
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import parse_qs
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.streamlit_server import APP, ServerError, start as start_streamlit  # noqa: E402

KHASAN = {"name": "Khasan", "lat": 42.42833, "lon": 130.64556}
KHASAN_TEXT = "哈桑村"  # in the Global Times passage on Khasan (data/articles/2023-09-06-...)
SOURCE, SOURCE_ID = "TASS", "tass"  # the outlet the filter action picks in the `sources` multiselect
SOURCE_TURN = itertools.count()  # --every-source, --every-quarter: the readers' filter actions go down the list
QUARTERS: list[tuple[str, str]] = []  # --every-quarter: (since, until) of each quarter
CARDS_PER_PAGE = 40  # app.CARDS_PER_PAGE: at most this many cards are sent at once
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
MAX_CACHED_MESSAGE_AGE = 2  # Streamlit's global.maxCachedMessageAge: runs a cached message is kept


class LoadError(Exception):
    """A response that is wrong or missing: counted, and the visit goes on (or starts anew)."""


# ---- the server --------------------------------------------------------------------------

def start_server(cpu: int, extra: list[str], app: Path = APP, app_args=()):
    """`streamlit run dashboard/app.py -- --offline` on a free loopback port, pinned to `cpu`
    (tests/streamlit_server.py, as the browser tests start it), no file watcher."""
    try:
        return start_streamlit(app, app_args=["--offline", *app_args], cpu=cpu, timeout=600,
                     streamlit_args=["--server.enableStaticServing", "true", "--server.fileWatcherType", "none", *extra])
    except ServerError as error:
        raise SystemExit(str(error)) from None


class ProcessMeter:
    """CPU seconds and RSS of one process: psutil when installed, else /proc/<pid>/{stat,status}."""

    def __init__(self, pid: int):
        self.pid = pid
        try:
            import psutil
            self._ps = psutil.Process(pid)
        except ImportError:
            self._ps = None
        self._tick = os.sysconf("SC_CLK_TCK")

    def cpu_seconds(self) -> float:
        if self._ps:
            t = self._ps.cpu_times()
            return t.user + t.system
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self._tick  # utime, stime (fields 14, 15)

    def rss_mb(self) -> float:
        if self._ps:
            return self._ps.memory_info().rss / 2**20
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")


async def sample(meter: ProcessMeter, into: list, period: float = 1.0) -> None:
    """(time, cpu seconds, rss MB) every `period` seconds until cancelled."""
    while True:
        into.append((time.perf_counter(), meter.cpu_seconds(), meter.rss_mb()))
        await asyncio.sleep(period)


# ---- one browser tab, at the protocol level ----------------------------------------------

@dataclass
class Run:
    """What the server sent for one rerun request, until its script_finished."""
    sent: float
    done: asyncio.Event = field(default_factory=asyncio.Event)
    finished: float = 0.0
    statuses: list = field(default_factory=list)
    texts: list = field(default_factory=list)  # (arrival, element type, body) of text elements
    map_at: float = 0.0
    errors: list = field(default_factory=list)

    def cards(self) -> list[tuple[float, str]]:
        # one entry per card, whether a text element holds one card or several
        return [(t, '<div class="ncm-passage"' + part) for t, kind, body in self.texts if kind == "markdown"
                for part in body.split('<div class="ncm-passage"')[1:]]


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


async def http_get(port: int, path: str) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    status = response.split(b"\r\n", 1)[0]
    if b" 200 " not in status + b" ":
        raise LoadError(f"GET {path}: {status.decode(errors='replace')}")


class Tab:
    """A browser tab's side of Streamlit's websocket: sends BackMsg reruns, reads ForwardMsgs.

    Keeps what the frontend keeps: the query string the server last set, the widget values
    this tab has set, the message cache (by hash, evicted after MAX_CACHED_MESSAGE_AGE runs),
    the map component (widget id, fragment id, arguments) and the `sources` multiselect.
    """

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.query = ""
        self.widgets: dict[str, tuple[str, object]] = {}  # widget id -> (kind, value)
        self.cache: dict[str, list] = {}  # hash -> [message, last run it was used in]
        self.runs = 0
        self.map_id = self.map_fragment = self.map_args = self.places = None
        self.sources_widget = None
        self.date_widgets: dict[str, str] = {}  # "since"/"until" -> the sidebar's date widget's id
        self.run: Run | None = None
        self.ws = None
        self._reader = None

    async def open(self) -> None:
        self.ws = await connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                                origin=f"http://127.0.0.1:{self.port}", max_size=None, open_timeout=self.timeout)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass

    async def rerun(self, fragment_id: str = "") -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = ""
        state.page_name = ""
        state.fragment_id = fragment_id
        context = state.context_info
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
        context.url = f"http://127.0.0.1:{self.port}/" + (f"?{self.query}" if self.query else "")
        context.is_embedded, context.color_scheme = False, "light"
        state.cached_message_hashes.extend(self.cache)
        for wid, (kind, value) in self.widgets.items():
            w = state.widget_states.widgets.add()
            w.id = wid
            if kind == "json":
                w.json_value = value
            else:
                w.string_array_value.data.extend(value)
        run = self.run = Run(sent=time.perf_counter())
        await self.ws.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(run.done.wait(), self.timeout)
        except asyncio.TimeoutError:
            raise LoadError(f"no script_finished in {self.timeout:.0f} s") from None
        if run.errors:
            raise LoadError("; ".join(run.errors)[:300])
        return run

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                self._handle(data, time.perf_counter())
        except Exception as error:  # the socket closed under a run: that run fails
            if self.run and not self.run.done.is_set():
                self.run.errors.append(f"websocket: {error!r}")
                self.run.done.set()
        else:
            if self.run and not self.run.done.is_set():
                self.run.errors.append("websocket closed by the server")
                self.run.done.set()

    def _handle(self, data: bytes, now: float) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        run = self.run
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                if run:
                    run.errors.append(f"reference to a message not cached: {msg.ref_hash}")
                return
            cached[1] = self.runs
            metadata = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached[0])
            msg.metadata.CopyFrom(metadata)
            kind = msg.WhichOneof("type")
        elif msg.metadata.cacheable:
            self.cache[msg.hash] = [msg, self.runs]
        if kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            etype = element.WhichOneof("type")
            if etype == "component_instance" and "st_folium" in element.component_instance.component_name:
                self.map_id = element.component_instance.id
                self.map_fragment = msg.delta.fragment_id
                self.map_args = element.component_instance.json_args
                if run:
                    run.map_at = now
            elif etype == "bidi_component" and element.bidi_component.component_name.endswith(".place_data"):
                # the markers' data (dashboard/page/marker_component.py): UTF-8 bytes, a JSON string before 838d4d4
                self.places = element.bidi_component.bytes or json.loads(element.bidi_component.json or '""').encode()
            elif etype == "multiselect" and element.multiselect.id.endswith("-sources"):
                self.sources_widget = element.multiselect
            elif etype == "date_input" and element.date_input.id.endswith(("-since", "-until")):
                self.date_widgets[element.date_input.id.rsplit("-", 1)[1]] = element.date_input.id
            elif etype in ("markdown", "heading", "alert") and run:
                run.texts.append((now, etype, getattr(element, etype).body))
            elif etype == "exception" and run:
                run.errors.append(f"exception: {element.exception.type}: {element.exception.message}"[:300])
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            if run:
                run.errors.append("script compilation exception")
        elif kind == "script_finished" and run:
            status = msg.script_finished
            run.statuses.append(status)
            if status == ForwardMsg.FINISHED_SUCCESSFULLY:  # the frontend ages its cache here
                self.runs += 1
                for key in [k for k, (_, used) in self.cache.items() if self.runs - used > MAX_CACHED_MESSAGE_AGE]:
                    del self.cache[key]
            if status in FINISHED:
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("script finished with a compile error")
                run.finished = now
                run.done.set()

    # ---- what the map and the sidebar hold -----------------------------------------------

    def markers(self) -> list[dict]:
        """The place markers' data the server last sent (the page element of
        dashboard/page/marker_component.py: its data, the UTF-8 JSON of {"items", "selected", "drawing"})."""
        if not self.places:
            return []
        return json.loads(self.places.decode("utf-8"))["items"]

    def set_map_value(self, value: dict) -> None:
        # JSON.stringify: no spaces, keys in streamlit-folium's order, numbers as JS writes them
        self.widgets[self.map_id] = ("json", json.dumps(value, separators=(",", ":"), ensure_ascii=False))

    def set_sources(self, labels: list[str]) -> None:
        self.widgets[self.sources_widget.id] = ("strings", list(labels))

    def set_dates(self, since: str | None, until: str | None) -> None:
        """The sidebar's since and until (ISO dates, as the date widgets send them; None: no date)."""
        for which, day in (("since", since), ("until", until)):
            self.widgets[self.date_widgets[which]] = ("strings", [day] if day else [])


# ---- a reader ----------------------------------------------------------------------------

@dataclass
class Results:
    samples: dict = field(default_factory=lambda: {k: [] for k in
                                                   ("first page", "rest page", "click", "click→panel", "click→map", "filter",
                                                    "filter→source", "filter→none")})
    errors: list = field(default_factory=list)
    visits: int = 0
    actions: int = 0

    def add(self, name: str, seconds: float) -> None:
        self.samples[name].append(seconds)


def check_click(run: Run, place: dict) -> None:
    headings = [body for _, kind, body in run.texts if kind == "heading"]
    if not any(place["name"] in h for h in headings):
        raise LoadError(f"click on {place['name']}: no heading with its name")
    cards = run.cards()
    want = min(place["passages"], CARDS_PER_PAGE)
    if len(cards) != want:
        raise LoadError(f"click on {place['name']}: {len(cards)} passage cards, its marker says {place['passages']}")
    if any("<mark>" not in body for _, body in cards):
        raise LoadError(f"click on {place['name']}: a passage card without the place marked")
    if place["name"] == KHASAN["name"] and not any(KHASAN_TEXT in strip_tags(body) for _, body in cards):
        raise LoadError(f"click on Khasan: no passage with {KHASAN_TEXT!r}")


def check_sources(tab: Tab, source_id: str | None) -> None:
    """The page's URL (which the app keeps in step with the view) names the source chosen."""
    shown = parse_qs(tab.query).get("source", [])
    if shown != ([source_id] if source_id else []):
        raise LoadError(f"filter: the page's query string is {tab.query!r} after choosing {source_id or 'no source'}")


async def visit(port: int, results: Results, rng: random.Random, args, deadline: float) -> None:
    """One reader's visit: load the page, then --actions clicks and filter changes."""
    tab = Tab(port, args.timeout)
    try:
        start = time.perf_counter()
        for path in ("/", "/_stcore/health", "/_stcore/host-config"):
            await http_get(port, path)
        await tab.open()
        first = await tab.rerun()
        if tab.map_id is None:
            raise LoadError("first page: no map")
        results.add("first page", first.finished - start)
        # streamlit-folium's first report: the map drawn, nothing clicked (count 0, default None)
        report = {"last_object_clicked": None, "last_object_clicked_count": 0, "last_object_clicked_tooltip": None}
        tab.set_map_value(report)
        rest = await tab.rerun(fragment_id=tab.map_fragment)
        if tab.sources_widget is None:
            raise LoadError("rest of page: no sources filter")
        results.add("rest page", rest.finished - rest.sent)
        results.visits += 1
        markers = tab.markers()
        khasan = next((m for m in markers if abs(m["lat"] - KHASAN["lat"]) < 1e-6 and abs(m["lon"] - KHASAN["lon"]) < 1e-6), None)
        if khasan is None:
            raise LoadError("no Khasan marker on the map")
        others = [m for m in markers if m["passages"] > 0 and m is not khasan]
        rng.shuffle(others)
        tass = next((o for o in tab.sources_widget.options if o.startswith(SOURCE + " (") or o == SOURCE), None)
        if tass is None:
            raise LoadError(f"no {SOURCE} among the sources: {list(tab.sources_widget.options)[:5]}")
        clicks = 0
        for step in range(args.actions):
            await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
            if time.perf_counter() > deadline:
                return
            if step % 4 >= 2:  # two clicks, TASS chosen, the filter cleared; and again
                filtered = step % 4 == 2
                if args.every_quarter:  # the next quarter of the list, then no dates
                    since, until = QUARTERS[next(SOURCE_TURN) % len(QUARTERS)] if filtered else (None, None)
                    tab.set_dates(since, until)
                elif filtered and args.every_source:  # the next source in the list: a view not asked for yet
                    choice = tab.sources_widget.options[next(SOURCE_TURN) % len(tab.sources_widget.options)]
                    tab.set_sources([choice])
                else:
                    tab.set_sources([tass] if filtered else [])
                run = await tab.rerun()
                if args.every_quarter:
                    shown = parse_qs(tab.query)
                    if (shown.get("since"), shown.get("until")) != (([since], [until]) if filtered else (None, None)):
                        raise LoadError(f"filter: the page's query string is {tab.query!r} after {since}–{until}")
                elif filtered and args.every_source:
                    if len(parse_qs(tab.query).get("source", [])) != 1:
                        raise LoadError(f"filter: the page's query string is {tab.query!r} after choosing {choice}")
                else:
                    check_sources(tab, SOURCE_ID if filtered else None)
                results.add("filter", run.finished - run.sent)
                results.add("filter→source" if filtered else "filter→none", run.finished - run.sent)
                results.actions += 1
                continue
            clicks += 1
            place = khasan if clicks % 2 == 1 or not others else others[(clicks // 2 - 1) % len(others)]
            tooltip = strip_tags(place["tooltip"].replace("<br>", "")).strip()
            tab.set_map_value({"last_object_clicked": {"lat": place["lat"], "lng": place["lon"]},
                               "last_object_clicked_count": clicks, "last_object_clicked_tooltip": tooltip})
            run = await tab.rerun(fragment_id=tab.map_fragment)
            check_click(run, place)
            results.add("click", run.finished - run.sent)
            cards = run.cards()
            if cards:
                results.add("click→panel", cards[0][0] - run.sent)
            if run.map_at:
                results.add("click→map", run.map_at - run.sent)
            results.actions += 1
    finally:
        await tab.close()


async def reader(i: int, n: int, port: int, results: Results, args, deadline: float) -> None:
    rng = random.Random(args.seed * 1000 + i)
    await asyncio.sleep(args.ramp * i / max(n, 1))  # readers arrive spread over --ramp seconds
    while time.perf_counter() < deadline:
        try:
            await visit(port, results, rng, args, deadline)
        except (LoadError, OSError, asyncio.TimeoutError) as error:
            results.errors.append(f"reader {i}: {error}")
            await asyncio.sleep(1)
        except Exception as error:  # websockets' ConnectionClosed and the like
            results.errors.append(f"reader {i}: {type(error).__name__}: {error}")
            await asyncio.sleep(1)


async def measure(n: int, args) -> dict:
    running = start_server(args.server_cpu, args.server_arg, args.app, args.app_arg)
    port = running.port
    try:
        server, client = ProcessMeter(running.proc.pid), ProcessMeter(os.getpid())
        warm = Results()
        cold = time.perf_counter()
        # one visit to read the corpus and fill Streamlit's caches; not counted
        try:
            await visit(port, warm, random.Random(0), argparse.Namespace(**{**vars(args), "actions": 4, "think": 0.1}),
                        time.perf_counter() + 120)
        except LoadError as error:
            raise SystemExit(f"the warm-up visit failed: {error}") from None
        warmup = time.perf_counter() - cold
        samples: list = []
        sampler = asyncio.create_task(sample(server, samples))
        results = Results()
        start = time.perf_counter()
        deadline = start + args.seconds
        client_cpu0 = client.cpu_seconds()
        await asyncio.gather(*(reader(i, n, port, results, args, deadline) for i in range(n)))
        end = time.perf_counter()
        client_cpu = (client.cpu_seconds() - client_cpu0) / (end - start) * 100
        sampler.cancel()
        samples.append((end, server.cpu_seconds(), server.rss_mb()))
        await asyncio.sleep(3)  # sessions closed: what the server keeps
        rss_after = server.rss_mb()
    finally:
        running.stop()
    t0, c0, r0 = samples[0]
    t1, c1, _ = samples[-1]
    per_second = [(cb - ca) / (tb - ta) * 100 for (ta, ca, _), (tb, cb, _) in zip(samples, samples[1:]) if tb > ta]
    return {
        "sessions": n, "seconds": round(end - start, 1), "warmup_s": round(warmup, 2),
        "visits": results.visits, "actions": results.actions, "actions_per_s": results.actions / (end - start),
        "errors": len(results.errors), "error_examples": results.errors[:5],
        "latency_s": {k: v for k, v in results.samples.items()},
        "server_cpu_avg": (c1 - c0) / (t1 - t0) * 100, "server_cpu_peak": max(per_second, default=float("nan")),
        "rss_start_mb": r0, "rss_peak_mb": max(r for _, _, r in samples), "rss_end_mb": samples[-1][2],
        "rss_after_close_mb": rss_after, "client_cpu": client_cpu,
    }


# ---- report --------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): the smallest value with q % of them at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def print_row(row: dict) -> None:
    print(f"\nN = {row['sessions']}: {row['seconds']} s, {row['visits']} visits, {row['actions']} actions "
          f"({row['actions_per_s']:.1f}/s), {row['errors']} errors; warm-up visit {row['warmup_s']} s")
    print(f"  {'latency (ms)':14} {'n':>5} {'p50':>7} {'p90':>7} {'p99':>7} {'max':>7}")
    for name, values in row["latency_s"].items():
        cells = " ".join(f"{percentile(values, q) * 1000:7.0f}" for q in (50, 90, 99)) + f" {max(values, default=float('nan')) * 1000:7.0f}"
        print(f"  {name:14} {len(values):5d} {cells}")
    print(f"  server CPU {row['server_cpu_avg']:.0f} % avg, {row['server_cpu_peak']:.0f} % peak (1 s);"
          f" RSS {row['rss_start_mb']:.0f} → {row['rss_peak_mb']:.0f} MB peak, {row['rss_end_mb']:.0f} MB at the end,"
          f" {row['rss_after_close_mb']:.0f} MB 3 s after the sessions closed; client CPU {row['client_cpu']:.0f} %")
    for example in row["error_examples"]:
        print(f"  error: {example}")


def print_table(rows: list[dict], bend: float) -> None:
    def p(row, name, q):
        values = row["latency_s"][name]
        return (percentile(values, q) if q != 100 else max(values, default=float("nan"))) * 1000

    print("\nSummary (ms; click and filter p50/p90/p99/max; first page p50/p90; CPU % of one core; RSS MB)")
    print(f"{'N':>3} {'act/s':>6} {'err':>4} {'first p50':>9} {'p90':>6} {'click p50':>9} {'p90':>6} {'p99':>6} {'max':>6}"
          f" {'filter p50':>10} {'p90':>6} {'p99':>6} {'max':>6} {'CPU avg':>7} {'RSS start→peak':>15} {'client':>6}")
    for r in rows:
        print(f"{r['sessions']:3d} {r['actions_per_s']:6.1f} {r['errors']:4d} {p(r, 'first page', 50):9.0f} {p(r, 'first page', 90):6.0f}"
              f" {p(r, 'click', 50):9.0f} {p(r, 'click', 90):6.0f} {p(r, 'click', 99):6.0f} {p(r, 'click', 100):6.0f}"
              f" {p(r, 'filter', 50):10.0f} {p(r, 'filter', 90):6.0f} {p(r, 'filter', 99):6.0f} {p(r, 'filter', 100):6.0f}"
              f" {r['server_cpu_avg']:7.0f} {r['rss_start_mb']:7.0f}→{r['rss_peak_mb']:<7.0f} {r['client_cpu']:5.0f}%")
    held = [r["sessions"] for r in rows if r["errors"] == 0 and p(r, "click", 90) < bend * 1000]
    if held:
        print(f"\nLargest N with click p90 < {bend:g} s and no error: {max(held)}")
    else:
        print(f"\nNo N kept click p90 under {bend:g} s without errors")


def _years(value: str) -> list[tuple[str, str]]:
    """'2019-2024' -> the first and last day of each quarter of those years, as ISO dates."""
    first, _, last = value.partition("-")
    ends = {1: "03-31", 4: "06-30", 7: "09-30", 10: "12-31"}
    return [(f"{year}-{month:02}-01", f"{year}-{ends[month]}")
            for year in range(int(first), int(last or first) + 1) for month in (1, 4, 7, 10)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="1,5,10,20", help="comma-separated numbers of concurrent readers")
    parser.add_argument("--seconds", type=float, default=60, help="how long each N runs")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause before each action, s (±50 %%)")
    parser.add_argument("--actions", type=int, default=8, help="actions in one visit before the reader comes back anew")
    parser.add_argument("--ramp", type=float, default=5.0, help="readers arrive spread over this many seconds")
    parser.add_argument("--timeout", type=float, default=60.0, help="an answer slower than this is an error")
    parser.add_argument("--bend", type=float, default=1.0, help="the click p90 (s) a server must keep to 'hold' N")
    parser.add_argument("--server-cpu", type=int, default=0, help="the core the server is pinned to")
    parser.add_argument("--server-arg", action="append", default=[], help="an extra `streamlit run` option (repeatable)")
    parser.add_argument("--app", type=Path, default=APP, help="the Streamlit script to serve (a variant of the app)")
    parser.add_argument("--app-arg", action="append", default=[],
                        help="an argument for the page, after `--` (repeatable), e.g. --app-arg=--articles --app-arg=DIR")
    parser.add_argument("--commit", help="serve the app as of this commit (git archive into a temporary folder), "
                        "not the work tree, which others may be editing")
    parser.add_argument("--every-source", action="store_true",
                        help="each filter action picks the next source in the list instead of TASS, so a view is "
                             "rarely one the server has answered before (its per-view answers are remembered)")
    parser.add_argument("--every-quarter", metavar="YEARS", type=_years,
                        help="filter actions set the sidebar's dates instead of a source: since and until the "
                             "next quarter of YEARS (e.g. 2019-2024, the generated corpus's), then no dates")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write every sample and figure here")
    args = parser.parse_args(argv)
    QUARTERS[:] = args.every_quarter or []
    ns = [int(n) for n in args.sessions.split(",") if n.strip()]
    if args.commit:
        snapshot = Path(tempfile.mkdtemp(prefix="load-app-"))
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.commit], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(snapshot)], input=archive, check=True)
        args.app = snapshot / args.app.resolve().relative_to(ROOT)
    cores = os.sched_getaffinity(0) - {args.server_cpu}
    if cores:
        os.sched_setaffinity(0, cores)  # the readers never run on the server's core
    print(f"{args.app}{f' as of {args.commit}' if args.commit else ''}: server on core {args.server_cpu}, "
          f"readers on {sorted(cores) or 'the same core'}; "
          f"{args.seconds:g} s per N, think {args.think:g} s, {args.actions} actions a visit", flush=True)
    rows = []
    for n in ns:
        row = asyncio.run(measure(n, args))
        rows.append(row)
        print_row(row)
        sys.stdout.flush()
    if args.commit:
        shutil.rmtree(snapshot, ignore_errors=True)
    print_table(rows, args.bend)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
