# articlebot: the Telegram bot, as a slim image. Build: docker build -t articlebot .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=123456:ABC... -v articlebot-data:/data articlebot
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY index ./index
COPY articles ./articles
COPY standin ./standin
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ARTICLEBOT_DATA_DIR=/data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 articlebot \
    && mkdir -p /data && chown articlebot:articlebot /data
USER articlebot
WORKDIR /home/articlebot
VOLUME ["/data"]
CMD ["articlebot", "run"]
