# Production image: gunicorn, static files collected and served by WhiteNoise (compressed, with a
# manifest), non-root, no torch. Build: docker build -t tawazi .
# Run: docker run -e DATABASE_URL=postgres://... -e DJANGO_SECRET_KEY=... -e DJANGO_ALLOWED_HOSTS=... \
#      -p 8000:8000 tawazi        (see README, "Deploying with PostgreSQL")

# The base image: the official Python 3.11 image; any Debian bookworm image with Python 3.11 at
# /usr/local/bin/python and pip will do (e.g. a mirror's copy: --build-arg PYTHON_IMAGE=...).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: resolve the locked dependencies into /venv and collect static files ----
FROM ${PYTHON_IMAGE} AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/venv UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir "uv>=0.5,<1"
WORKDIR /app
COPY pyproject.toml uv.lock ./
# Production dependencies only; torch/transformers/kenlm are overridden away in pyproject.toml.
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# A throwaway key: settings refuse to start in production without a long one.
RUN DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=build \
    DJANGO_SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    /venv/bin/python manage.py collectstatic --noinput \
 && rm -rf tests benchmarks .ci

# ---- runtime: the virtualenv and the app, nothing to compile, no build tools ----
FROM ${PYTHON_IMAGE}
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_DEBUG=0 \
    PORT=8000
RUN groupadd --system --gid 10001 tawazi \
 && useradd --system --uid 10001 --gid tawazi --home-dir /app --shell /usr/sbin/nologin tawazi
COPY --from=build /venv /venv
# Owned by root and read-only for the app user: the running process cannot rewrite its own code.
COPY --from=build /app /app
WORKDIR /app
USER tawazi
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)" || exit 1
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
