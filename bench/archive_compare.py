"""`python -m bench.archive compare --before DIR`: two versions of the code timed side by side on one archive.

This machine's speed moves by a quarter within minutes, so two `measure` runs one after the other cannot tell
a 10% change from the machine's moment. Here both versions are served at once, each by its own gunicorn (as
`measure` serves one), warmed up alike on every page, and each page chosen is timed in turns: `requests`
sequential requests to one version, then to the other, the order swapped every turn. Each turn prints p50/p95
for both, and a last line per page gives the medians over the turns.

DIR is another checkout of the project (`git worktree add ../before <commit>`), served with this process's Python
and packages; its database is the same one.
"""

import statistics
import tempfile
from pathlib import Path

from django.conf import settings

from .archive_measure import ROOT, archive_pages, serve, staff_client, timed, warm_up

DEFAULT_PAGES = ("article", "home")


def compare(before, *, names=DEFAULT_PAGES, turns=8, requests=50, port=8771):
    settings.DEBUG = False
    count, pages = archive_pages(staff_client())
    chosen = [page for page in pages if page[1] in names]
    if not chosen:
        known = ", ".join(name for _kind, name, _path, _session in pages)
        raise SystemExit(f"No page named {', '.join(names)}; the pages are: {known}")
    versions = {"before": port, "after": port + 1}
    roots = {"before": Path(before).resolve(), "after": ROOT}
    servers = []
    with tempfile.TemporaryDirectory(prefix="newsroom-compare-") as scratch:
        try:
            for version, version_port in versions.items():
                static_root = Path(scratch, version)  # each checkout's own collected static files
                servers.append(serve(version_port, str(static_root), root=roots[version]))
            for version_port in versions.values():
                warm_up(version_port, pages)
            print(f"archive: {count} articles; {turns} turns of {requests} requests per page and version")
            for _kind, name, path, session in chosen:
                time_in_turns(name, path, session, versions, turns, requests)
        finally:
            for server in servers:
                server.terminate()
                server.wait()


def time_in_turns(name, path, session, versions, turns, requests):
    results = {version: [] for version in versions}
    for turn in range(turns):
        order = list(versions) if turn % 2 == 0 else list(reversed(versions))
        for version in order:
            _status, p50, p95, _top = timed(versions[version], path, requests, session)
            results[version].append((p50, p95))
        print(f"{name:12} turn {turn + 1}: " + "  ".join(
            f"{version} {results[version][-1][0]:.1f} / {results[version][-1][1]:.1f} ms" for version in versions
        ), flush=True)  # fmt: skip
    for version, samples in results.items():
        p50 = statistics.median(sample[0] for sample in samples)
        p95 = statistics.median(sample[1] for sample in samples)
        print(f"{name:12} {version}: median p50 {p50:.1f} ms, median p95 {p95:.1f} ms ({path})")
