# Production image: gunicorn, collected static files served by WhiteNoise, non-root, no torch.
# Mirrors the README: dependencies from uv.lock (camel-tools without torch), DATABASE_URL from the environment.
FROM python:3.11-slim-bookworm AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/venv
RUN pip install --no-cache-dir "uv>=0.5,<1"
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build \
    /venv/bin/python manage.py collectstatic --noinput

FROM python:3.11-slim-bookworm
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_DEBUG=0
RUN useradd --system --uid 1000 --home /app tawazi
COPY --from=build /venv /venv
COPY --from=build --chown=tawazi /app /app
WORKDIR /app
USER tawazi
EXPOSE 8000
# Migrations run first (idempotent), then gunicorn.
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
