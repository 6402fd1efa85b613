"""`streamlit run` on a free loopback port, waited for until it answers `/_stcore/health`: the
one way the browser tests (tests/browser/conftest.py) and the benchmarks (benchmarks/speed.py,
benchmarks/load.py) start the dashboard, or another Streamlit script.

    server = start(app_args=["--offline", "--places", "copy/places.yaml"], log=Path("streamlit.log"))
    try:
        ... server.url ...
    finally:
        server.stop()

`start` raises `ServerError`, with the end of the server's log, when the server exits or does
not answer in time.  Import it as `streamlit_server` in the tests (tests/ is on pytest's path)
and as `tests.streamlit_server` from the benchmarks (which put the repository on the path).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"


class ServerError(RuntimeError):
    """The server exited, or did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path | None = None  # where the server's output goes (None: nowhere)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log_text(self, last: int = 4000) -> str:
        if self.log is None or not self.log.exists():
            return "(no log kept)"
        return self.log.read_text(encoding="utf-8", errors="replace")[-last:]

    def stop(self) -> None:
        """Terminate the server (kill it if it is still there after 10 s)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def start(script: Path | str = APP, app_args=("--offline",), streamlit_args=(), cwd: Path | str = ROOT,
          log: Path | None = None, cpu: int | None = None, timeout: float = 60.0) -> Server:
    """`streamlit run SCRIPT [STREAMLIT_ARGS] -- APP_ARGS` headless on 127.0.0.1 and a free port,
    from `cwd` (where Streamlit reads .streamlit/config.toml), output into `log`, pinned to
    core `cpu` when given; returned once it answers its health check."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               *streamlit_args]
    if app_args:
        command += ["--", *app_args]
    if cpu is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(cpu), *command]  # taskset execs python: the same pid
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
    with open(log if log is not None else os.devnull, "wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    if cpu is not None and not shutil.which("taskset"):
        os.sched_setaffinity(proc.pid, {cpu})
    server = Server(proc, port, log)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise ServerError(f"streamlit exited ({proc.returncode}): {' '.join(command)}\n{server.log_text()}")
        try:
            urllib.request.urlopen(server.url + "_stcore/health", timeout=2)
            return server
        except OSError:
            if time.monotonic() > deadline:
                server.stop()
                raise ServerError(f"streamlit did not answer on {server.url} in {timeout:.0f} s\n{server.log_text()}")
            time.sleep(0.2)
