"""gunicorn for Newsroom: `gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001 newsroom.wsgi`.

Each instance serves on its own port behind nginx (deploy/nginx/). Sizes come from the environment file.
"""

import os

workers = int(os.environ.get("GUNICORN_WORKERS", "2"))  # one per core: pages are CPU-bound (README "Capacity")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request longer than this is a bug or an attack; nginx answers 504 first (proxy_read_timeout 30s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# A worker is replaced now and then, so a slow leak never grows on election night.
max_requests = 5000
max_requests_jitter = 500
# Loaded once before forking: workers share the frozen module memory (newsroom.wsgi freezes it).
preload_app = True
# nginx logs each request (with $request_id); the application logs JSON lines on stderr.
accesslog = None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def child_exit(server, worker):
    # Prometheus's multiprocess mode (PROMETHEUS_MULTIPROC_DIR): forget the gauges of a worker that is gone.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
