FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ediary ediary
COPY journal journal
COPY portal portal
COPY notifications notifications
COPY printouts printouts
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build-only-secret-key-not-used-at-run-time-0123456789 ALLOWED_HOSTS=build \
    python manage.py collectstatic --no-input -v 0
ENV EDIARY_VAR_DIR=/app/var
EXPOSE 8000
CMD ["gunicorn", "ediary.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
