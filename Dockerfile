# Kyoso's one image: gunicorn (web), Celery worker and celery beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=alliance.settings.production

WORKDIR /app

# Every locked package ships a wheel for this platform: no compiler in the image.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
# Translations compile without GNU gettext (polib); static files are collected
# with a throw-away key, since production settings refuse to start without one.
RUN python scripts/compile_messages.py \
    && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
       ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --noinput

RUN useradd --system --create-home --uid 10001 kyoso \
    && mkdir -p /app/var \
    && chown kyoso /app/var
USER kyoso

EXPOSE 8000
# Workers: $WEB_CONCURRENCY (gunicorn reads it), 1 if unset.
CMD ["gunicorn", "alliance.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
