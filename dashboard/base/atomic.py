"""Write a file atomically: readers see the old file or the whole new one, never half of it.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_output(target) as handle:
    ...     _ = handle.write("hello")
    >>> target.read_text(), [p.name for p in target.parent.iterdir()]
    ('hello', ['out.txt'])

The text goes to a temporary file in the target's folder (a rename is atomic only within one
file system) and is renamed over the target when complete.  The temporary file is removed
when writing fails and when the process is stopped by SIGTERM, SIGINT or SIGHUP (only SIGKILL
can leave it behind).  An existing target keeps its permission bits; a new one gets the usual
ones (0666 less the umask), as if written directly.  Every failure is an `OutputError` whose
message names the path and the fix, for the command line to print without a traceback.
"""
from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
import stat
import threading
from contextlib import contextmanager
from pathlib import Path

from dashboard.base.errors import NewsMapError

_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


class OutputError(NewsMapError):
    """The output file cannot be written; str() is `what is wrong — how to fix it`."""


@contextmanager
def atomic_output(path: str | Path):
    """A text handle (UTF-8, newlines as written) whose content replaces `path` on success."""
    path = check_target(path)
    folder = path.parent
    keep_mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # 0o666 and O_EXCL: the umask applies as for any new file, and an existing file is never reused
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise OutputError(_cannot_write(path, error)) from None
    try:
        with removed_on_signals(tmp):
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())  # the rename must not overtake the data on a crash
            if keep_mode is not None:
                os.chmod(tmp, keep_mode)
            os.replace(tmp, path)
    except OSError as error:
        raise OutputError(_cannot_write(path, error)) from None
    finally:
        tmp.unlink(missing_ok=True)  # gone already after a successful rename


def check_target(path: str | Path) -> Path:
    """`path` when a file can be written there, else an OutputError saying why (before any work is done)."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OutputError(f"{path} is a folder — give a file name, e.g. --output {path / 'export.geojson'}")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist — "
                          f"create it first (mkdir -p {folder}) or choose another --output")
    return path


def _cannot_write(path: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    fixes = {
        "ENOSPC": "free some space on that disk or choose another --output",
        "EDQUOT": "free some space within your quota or choose another --output",
        "EACCES": "choose a folder you may write to, or change its permissions",
        "EPERM": "choose a folder you may write to, or change its permissions",
        "EROFS": "the disk is read-only: choose another --output",
    }
    fix = fixes.get(errno.errorcode.get(error.errno, ""), "choose another --output")
    return f"cannot write {path} ({reason}) — {fix}"


class _Stopped(BaseException):
    """Raised by the signal handler so that `finally` blocks run and the temporary file goes."""


@contextmanager
def removed_on_signals(tmp: Path):
    """While writing, a stop signal removes `tmp` and ends the process as that signal would."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (the app writes in its own threads, without them)
        return
    received = []

    def stop(signum, _frame):
        received.append(signum)
        raise _Stopped(signum)

    # a signal the process ignores (nohup) stays ignored
    previous = {sig: signal.signal(sig, stop) for sig in _STOP_SIGNALS if signal.getsignal(sig) != signal.SIG_IGN}
    try:
        yield
    except _Stopped:
        tmp.unlink(missing_ok=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
    if received:  # the file is gone: now stop as the signal asked, through the handler it had before
        signal.raise_signal(received[0])  # SIGTERM kills, SIGINT raises KeyboardInterrupt
        raise SystemExit(128 + received[0])  # that handler returned: the write is abandoned all the same


def private_sibling(target: Path) -> Path:
    """A name beside `target` that no other process or thread uses: two servers started on
    one checkout copy the page's assets at once, and a shared ``.tmp`` name let one delete
    the other's half-made copy."""
    return target.with_name(f"{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def swap_in(made: Path, target: Path) -> None:
    """Put the folder `made` at `target`, replacing what is there; when another process put
    its own complete copy there meanwhile, keep that one and drop ours."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        made.rename(target)
    except OSError:  # the other copy landed between the two calls: it is as good as ours
        shutil.rmtree(made, ignore_errors=True)
