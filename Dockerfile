# Self-hosting image: `docker build -t articlemap . && docker run -p 8501:8501 articlemap`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# requirements.lock: every package pinned with its hash (made from requirements.txt by
# scripts/lock_requirements.sh); pip refuses any file whose hash is not listed.
COPY requirements.lock .
# --no-deps: the lock is complete (see .ci/run); pip check proves it.
RUN pip install --no-deps --require-hashes -r requirements.lock && pip check
COPY . .

# Run as an unprivileged user. The one thing the app writes is the default story store
# (the SQLite file data/stories.sqlite): a folder that user owns, a volume to keep it.
RUN useradd --create-home --uid 10001 articlemap \
    && mkdir -p /app/data && chown articlemap /app/data
VOLUME /app/data
USER articlemap

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
