"""Entry points of `import_articles --workers` processes.

A worker is a fork of the command's process where the system has fork (Linux, macOS), else a fresh interpreter:
this module may be imported before Django is set up, so it imports nothing that touches the app registry until
`start()` has run.

A worker lives no longer than the command that started it. Killed with `kill -9`, the command cannot
stop its pool, and orphaned workers would go on storing the batches already queued for them and then
wait for more forever. So each worker asks the kernel for SIGTERM when its parent dies (Linux), or,
where that is not available, watches its parent from a thread. A worker that dies mid-batch leaves
nothing of that batch: its transaction ends with its connection.
"""

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

from django.db import connections

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL_SECONDS = 0.5


def start(database_name, parent_pid):
    die_with_parent(parent_pid)
    import django

    django.setup()
    # The database this run writes to, which under the test runner is not the one settings name.
    connections["default"].settings_dict["NAME"] = database_name
    # Ctrl-C reaches the command and its workers alike; the command decides what stops (`run.import_in_workers`).
    # A worker that caught it lost its batch as one failure and took the next one, behind the command's back.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def die_with_parent(parent_pid):
    """End this process when `parent_pid`, the command that started it, is gone."""
    if not _parent_death_signal(signal.SIGTERM):
        threading.Thread(target=_watch_parent, args=(parent_pid,), name="watch-parent", daemon=True).start()
    # The parent may have died before the kernel was asked: this process then already has another parent.
    if os.getppid() != parent_pid:
        os._exit(1)


def _parent_death_signal(signum) -> bool:
    """Ask Linux to send `signum` when the parent dies; False where that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid):
    # An orphan is adopted by another process (init or a subreaper), so its parent's id changes.
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def import_chunk(paths, settings):
    from .run import import_inputs

    input_format, limits, options, batch_size = settings
    try:
        return list(
            import_inputs(paths, input_format=input_format, limits=limits, options=options, batch_size=batch_size)
        )
    except BaseException:
        # The worker keeps one connection from chunk to chunk; it closes when the worker ends. (Closed after every
        # chunk, it made PostgreSQL start a server process, with cold caches, for each batch: 4% of an import.)
        # A chunk that failed may have left it unusable: the next one starts with a new one.
        connections.close_all()
        raise
