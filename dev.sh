#!/usr/bin/env bash
# The project's two everyday commands:
#   ./dev.sh serve   set up (virtualenv, install, migrate, sample articles, editor login) and run the site
#                    on port 8000, or on $PORT, with its background worker (photo renditions)
#   ./dev.sh test    run the test suite (extra arguments go to pytest)
set -euo pipefail
cd "$(dirname "$0")"

python_for_venv() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "Newsroom needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
}

# Install into .venv only when the requirement files changed since the last install.
ensure_venv() {
  local requirements=$1
  if [ ! -x .venv/bin/python ]; then
    "$(python_for_venv)" -m venv .venv
  fi
  local stamp
  stamp=".venv/.installed-$(cat requirements*.txt | cksum | cut -d' ' -f1)-$(basename "$requirements" .txt)"
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    touch "$stamp"
  fi
  .venv/bin/python manage.py compile_translations --verbosity 0
}

case "${1:-}" in
  serve)
    ensure_venv requirements.txt
    .venv/bin/python manage.py migrate --no-input --verbosity 0
    if .venv/bin/python manage.py help import_articles >/dev/null 2>&1; then
      .venv/bin/python manage.py import_articles samples/ --status published
    fi
    .venv/bin/python manage.py ensure_editor
    port="${PORT:-8000}"
    # Checked before saying it runs: a port another program holds would otherwise fail after the "running" line.
    if ! .venv/bin/python -c 'import socket, sys; socket.create_server(("127.0.0.1", int(sys.argv[1]))).close()' \
      "$port" 2>/dev/null; then
      echo "Port $port is in use (or not a port number): choose another, e.g. PORT=8001 ./dev.sh serve" >&2
      exit 1
    fi
    # The background worker makes photo renditions after each upload; it stops with the server.
    .venv/bin/python manage.py db_worker --interval 1 &
    worker=$!
    trap 'kill "$worker" 2>/dev/null || true' EXIT
    echo "Newsroom is running at http://127.0.0.1:$port/ (admin: http://127.0.0.1:$port/admin/). Stop with Ctrl-C."
    .venv/bin/python manage.py runserver "127.0.0.1:$port"
    ;;
  test)
    shift
    ensure_venv requirements-dev.txt
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
