"""The agencies' drop folder: which files are ready, one ingest at a time, and where each file goes when done.

Files are taken from the folder itself (not its subfolders), oldest first, once they are complete: a file
whose name starts with "." or ends in ".part" or ".tmp" is still being written (the usual convention of
upload tools), and any other file must have stood unchanged for `settle` seconds. After its import a file is
moved to `done/`, or to `failed/` with the reason beside it in `NAME.error.txt`.

Nothing is remembered outside the folder and the database: a file still in the folder after a crash is
imported again, and the import recognises copy it has already stored (unchanged), so nothing doubles.
"""

import fcntl
import os
import time
from dataclasses import dataclass
from pathlib import Path

UNFINISHED_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload")
LOCK_NAME = ".ingest.lock"


class AlreadyRunning(Exception):
    pass


@dataclass
class DropFolder:
    root: Path
    pattern: str  # "*.txt", "*.jsonl": the import format's files
    settle: float  # seconds a file must stand unchanged before it counts as completely written

    def __post_init__(self):
        self.done = self.root / "done"
        self.failed = self.root / "failed"
        self._lock = None

    def lock(self) -> None:
        """Hold the folder's lock until this process ends (the kernel releases it even after `kill -9`)."""
        self.done.mkdir(exist_ok=True)
        self.failed.mkdir(exist_ok=True)
        handle = open(self.root / LOCK_NAME, "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise AlreadyRunning(self.root) from None
        self._lock = handle

    def unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None

    def ready_files(self, *, now: float | None = None) -> list[Path]:
        now = time.time() if now is None else now
        ready = []
        for path in self.root.glob(self.pattern):
            if path.name.startswith(".") or path.name.endswith(UNFINISHED_SUFFIXES) or not path.is_file():
                continue
            try:
                modified = path.stat().st_mtime
            except FileNotFoundError:  # taken away meanwhile
                continue
            if now - modified >= self.settle:
                ready.append((modified, path.name, path))
        return [path for _, _, path in sorted(ready)]

    def finish(self, path: Path, *, error: str = "") -> Path:
        """Move the imported file to done/ or failed/ (with its error beside it); the new path."""
        target = _free_name(self.failed if error else self.done, path.name)
        if error:
            target.with_name(f"{target.name}.error.txt").write_text(error + "\n", encoding="utf-8")
        os.replace(path, target)
        return target


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/name-2` ... when an earlier file of that name is there already."""
    target = folder / name
    stem, suffix = os.path.splitext(name)
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    return target
