"""Where does the article page spend its time? In-process, no server, no load generator.

    .venv/bin/python -m bench.profile_article [--requests 300] [--profile [--sort tottime]] [--database-url URL]

Builds the same fresh database as `bench.article_page` (a temporary SQLite file unless --database-url names
another database, which is dropped and created again), then with Django's test client:

- lists the SQL queries of one article request;
- times the article request, the floor (`/__floor__/`, same bytes, same middleware), the view's database work
  alone and the template rendering alone, alternating them so machine noise hits all alike (medians);
- with --profile, prints cProfile's top functions by cumulative time.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path


def median_ms(samples):
    return statistics.median(samples) * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per measurement (default 300)")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds (default 7)")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative (default), tottime...")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="newsroom-profile-"))
    database_url = args.database_url or f"sqlite:///{scratch / 'profile.sqlite3'}"
    if database_url.startswith(("postgres://", "postgresql://")):
        from bench.article_page import fresh_postgres

        fresh_postgres(database_url)
    floor_file = scratch / "floor.html"
    floor_file.write_bytes(b"")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(scratch / "media"),
        STATIC_ROOT=str(scratch / "static"),
        BENCH_FLOOR_FILE=str(floor_file),
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import get_template
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    import bench.urls
    from articles.views import ArticleDetailView
    from bench.fixture import create_reference_article

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    article = create_reference_article(1000)
    path = article.get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(path).content
    bench.urls.FLOOR_BODY = page  # the module read the (then empty) file at import

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries.captured_queries)
    print(f"{query_count} queries for one article request:")
    for query in queries.captured_queries:
        print(f"  {query['sql'][:160]}")

    # The application gunicorn serves (newsroom.wsgi, with its start-up objects frozen out of garbage collection),
    # called as gunicorn calls it: the test client would add its own instrumentation (it copies every template
    # context), which no server pays.
    from newsroom.wsgi import application as handler

    factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def wsgi_get(url):
        status = []
        body = b"".join(handler(factory._base_environ(PATH_INFO=url), lambda s, h: status.append(s)))
        assert status == ["200 OK"], status
        return body

    assert wsgi_get(path) == wsgi_get("/__floor__/") == page

    request = RequestFactory(HTTP_HOST="127.0.0.1").get(path)
    view = ArticleDetailView(request=request, kwargs={"slug": article.slug}, args=())
    template = get_template("articles/article_detail.html")

    def database_work():
        obj = view.get_object()
        # Touch what the template reads, so lazy relations count here and not in the template.
        list(obj.photos.all()), list(obj.tags.all()), list(obj.related_links.all())
        return obj

    obj = database_work()
    view.object = obj
    context = view.get_context_data(object=obj)

    measured = {
        "article request": lambda: wsgi_get(path),
        "floor request": lambda: wsgi_get("/__floor__/"),
        "view database work": database_work,
        "template rendering": lambda: template.render(context, request),
    }
    samples = {name: [] for name in measured}
    for run in measured.values():
        for _ in range(20):
            run()
    for _ in range(args.rounds):
        for name, run in measured.items():
            started = time.perf_counter()
            for _ in range(args.requests):
                run()
            samples[name].append((time.perf_counter() - started) / args.requests)
    print(f"\nMedian time per call ({args.rounds} alternating rounds of {args.requests}):")
    for name, values in samples.items():
        print(f"  {name:<22} {median_ms(values):7.3f} ms")
    share = statistics.median(f / a for f, a in zip(samples["floor request"], samples["article request"], strict=True))
    print(f"  article/floor in process: {share:.0%} (the server benchmark adds the same HTTP cost to both)")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            wsgi_get(path)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(40)
    print(json.dumps({"queries": query_count, "bytes": len(page)}))


if __name__ == "__main__":
    main()
