"""One import run: inputs read, parsed and stored in batches, in this process or in several.

`import_articles` is the interface (arguments, progress, summary); this module is the loop it
drives. Everything a run reports comes back as `Reported` rows, so worker processes can send
them to the command, which prints them in one place.

Worker processes (`--workers`) each take whole batches of files. Two batches in flight at once
cannot see each other's uncommitted rows, so a "Baca juga" title may miss an article that another
worker was storing at the same moment: `RelatedLink.objects.link_waiting()` runs once at the end of
such a run and links every title whose article has arrived. Races on unique rows (the same story, slug or tag
in two batches) make one batch fail; it is retried one file per transaction like any failed batch.
"""

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from django.db import connections

from ..models import RelatedLink
from . import worker as import_worker
from .incoming import ImportOptions, IncomingArticle
from .parsed import ParseLimits
from .readers import Reported, read_input
from .saver import import_batch_safely
from .statistics import gather_missing_statistics


def import_inputs(
    paths: Iterable[Path | str], *, input_format: str, limits: ParseLimits, options: ImportOptions, batch_size: int
) -> Iterator[Reported]:
    """Read, parse and store `paths`, `batch_size` articles a transaction; report each input."""
    batch: list[IncomingArticle] = []
    for path in paths:
        for item in read_input(path, input_format, limits):
            if isinstance(item, Reported):
                yield item
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                yield from _store(batch, options)
                batch = []
    yield from _store(batch, options)


def _store(batch, options):
    if not batch:
        return
    results = import_batch_safely(batch, options=options)
    gather_missing_statistics()
    for result in results:
        if result.error:
            yield Reported(result.item.origin, error=f"{result.item.origin}: {result.error}")
        else:
            yield Reported(result.item.origin, outcome=str(result.outcome), slug=result.article.slug)


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """`workers` processes ready to store batches (`import_in_workers`), started at once.

    They are forks of this process, which has Django set up: a fresh interpreter spent half a second of CPU per
    worker importing and setting up Django before its first batch (5% of importing 10,000 stories). Started
    before the command lists its files, they do not carry a copy of that list (44 MB for 100,000 files)."""
    if connections["default"].in_atomic_block:
        raise RuntimeError("Workers store their batches in transactions of their own: start them outside one.")
    database_name = connections["default"].settings_dict["NAME"]
    # A fork must not share this process's database connections (two processes talking over one socket read each
    # other's answers), so they are closed first; each worker, and this process afterwards, opens its own.
    connections.close_all()
    # The pool starts its workers from this thread (the command's main thread, as long-lived as the process),
    # which matters: Linux sends a worker its parent-death signal when the thread that started it ends.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork" if "fork" in get_all_start_methods() else "spawn"),
        initializer=import_worker.start,
        initargs=(database_name, os.getpid()),
    ) as pool:
        pool.submit(os.getpid).result()  # a pool of forks starts all its processes with its first task
        try:
            yield pool
        except BaseException:
            # Interrupted, or an error in this process: the batches no worker has taken yet are not started.
            pool.shutdown(cancel_futures=True)
            raise


def import_in_workers(
    pool: ProcessPoolExecutor,
    paths: list[Path],
    *,
    input_format: str,
    limits: ParseLimits,
    options: ImportOptions,
    batch_size: int,
) -> Iterator[list[Reported]]:
    """Like `import_inputs`, spread over the processes of `pool`; yields each batch's reports as it completes."""
    settings = (input_format, limits, options, batch_size)
    stored = [
        pool.submit(import_worker.import_chunk, paths[start : start + batch_size], settings)
        for start in range(0, len(paths), batch_size)
    ]
    # In the order the batches are stored, not the order of the files: when the run is interrupted, the summary
    # then counts every batch committed by then (in file order, a batch stored after a slower one went uncounted).
    unreported = set(stored)
    try:
        for batch in as_completed(stored):
            unreported.discard(batch)
            yield batch.result()
    except KeyboardInterrupt:
        # Ctrl-C: no batch starts any more, and the ones the workers hold (they ignore the interrupt) are finished
        # and reported, so that the summary counts every story stored. (Rolled back instead, a batch that had just
        # committed went uncounted.) Then the interrupt goes on to the command.
        pool.shutdown(wait=True, cancel_futures=True)  # afterwards every batch is either cancelled or done
        yield from (batch.result() for batch in unreported if not batch.cancelled() and batch.exception() is None)
        raise
    # Titles whose article another worker was storing at the same moment.
    RelatedLink.objects.link_waiting()
