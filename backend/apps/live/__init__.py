"""Atualizações ao vivo dos dashboards: ticket de stream (REST, gunicorn) e SSE por tenant (ASGI, uvicorn)."""
