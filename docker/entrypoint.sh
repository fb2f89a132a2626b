#!/bin/sh
# Container entry point.
#   web (default)   apply migrations (unless TAWAZI_MIGRATE=0), then serve with gunicorn
#   migrate         apply migrations and exit (run once per release when scaling out)
#   manage ARGS...  any manage.py command, e.g. `manage dump_corpus /backup/corpus.jsonl.gz`
set -eu

case "${1:-web}" in
  web)
    if [ "${TAWAZI_MIGRATE:-1}" = "1" ]; then
      python manage.py migrate --noinput
      # Re-checks every link only when a release changed the QA checks.
      python manage.py refresh_findings --stale
      # Only does something with TAWAZI_CACHE=database (the shared page cache's table).
      python manage.py createcachetable
    fi
    exec gunicorn config.wsgi:application \
      --bind "0.0.0.0:${PORT:-8000}" \
      --workers "${WEB_CONCURRENCY:-3}" \
      --timeout "${GUNICORN_TIMEOUT:-60}" \
      --max-requests 2000 --max-requests-jitter 200 \
      --no-control-socket \
      --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
      --access-logfile - --error-logfile -
    ;;
  migrate)
    python manage.py migrate --noinput
    python manage.py refresh_findings --stale
    exec python manage.py createcachetable
    ;;
  manage)
    shift
    exec python manage.py "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
