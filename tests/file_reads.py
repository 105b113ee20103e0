"""How much of a file the code under test read, whichever way it opened it.

`watch_reads(monkeypatch, path)` wraps the real `open` (the built-in, and `io.open`, which `Path.open`,
`Path.read_bytes` and `Path.read_text` go through): a file opened at `path` still reads from the disk as
usual, and every byte handed back is counted. So a test can say "refused before reading" and mean it, whatever
the production code reads with.
"""

import builtins
import io
import os
from pathlib import Path


class ReadsOf:
    """The opens and the bytes (or characters, in text mode) read of one file."""

    def __init__(self, path):
        self.path = Path(path).resolve()
        self.opened = 0
        self.read = 0


class CountingFile:
    """A file object that counts what is read from it and otherwise behaves as the real one."""

    def __init__(self, file, reads):
        self._file = file
        self._reads = reads

    def _counted(self, data):
        self._reads.read += len(data)
        return data

    def read(self, *args):
        return self._counted(self._file.read(*args))

    def read1(self, *args):
        return self._counted(self._file.read1(*args))

    def readline(self, *args):
        return self._counted(self._file.readline(*args))

    def readlines(self, *args):
        return [self._counted(line) for line in self._file.readlines(*args)]

    def readinto(self, buffer):
        count = self._file.readinto(buffer)
        self._reads.read += count or 0
        return count

    def __iter__(self):
        return (self._counted(line) for line in self._file)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._file.close()

    def __getattr__(self, name):
        return getattr(self._file, name)


def watch_reads(monkeypatch, path):
    """Count the reads of the file at `path` for the rest of the test; returns its `ReadsOf`."""
    reads = ReadsOf(path)
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        opened = real_open(file, *args, **kwargs)
        if isinstance(file, str | bytes | os.PathLike) and Path(os.fsdecode(file)).resolve() == reads.path:
            reads.opened += 1
            return CountingFile(opened, reads)
        return opened

    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    return reads
