#!/usr/bin/env bash
# Cria/atualiza o virtualenv do projeto (.venv) a partir do lock com hashes. Idempotente e rápido
# quando nada mudou (carimbo com o hash do lock).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
LOCK="$REPO/requirements/lock.txt"
UV_VERSION="0.13.9"

PY="${TS_PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
  || { echo "bootstrap: é preciso Python 3.11 ($PY)" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: criando $VENV"
  "$PY" -m venv "$VENV"
fi
if [ ! -x "$VENV/bin/uv" ] || ! "$VENV/bin/uv" --version 2>/dev/null | grep -q "$UV_VERSION"; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
stamp="$VENV/.lock-sha256"
want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "bootstrap: sincronizando dependências do lock"
  VIRTUAL_ENV="$VENV" "$VENV/bin/uv" pip sync --quiet --require-hashes "$LOCK"
  # uv pip sync remove o próprio uv do venv: reinstala para a próxima execução.
  "$VENV/bin/python" -m ensurepip --upgrade >/dev/null 2>&1 || true
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  echo "$want" > "$stamp"
fi
