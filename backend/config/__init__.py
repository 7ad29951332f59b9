"""Projeto Django da TrakSense: importa o app Celery para que @shared_task o encontre.

A raiz do repositório entra no sys.path para que o pacote `ingest` (pipeline de validação compartilhado com
o caminho HTTP `POST /ingest`) seja importável em manage.py, WSGI e Celery, qualquer que seja o cwd.
"""

import sys
from pathlib import Path

_REPO_ROOT = str(Path(__file__).resolve().parents[2])
if _REPO_ROOT not in sys.path:
    sys.path.append(_REPO_ROOT)

from config.celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
