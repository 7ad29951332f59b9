#!/usr/bin/env bash
# TrakSense — os verbos de quem desenvolve. Tudo a partir da raiz do repositório, falhando alto.
#
#   scripts/dev.sh up       venv + serviços + migrações + tenant demo + API, ingest, workers e simulador
#   scripts/dev.sh down     para os processos da plataforma e os serviços locais (dev e de teste)
#   scripts/dev.sh status   serviços e processos
#   scripts/dev.sh reset    down + apaga dados locais, dev e de teste (pede confirmação fora de CI)
#   scripts/dev.sh test     suíte completa (pytest + testes Community no PGlite) na instância de TESTE
#   scripts/dev.sh check    ruff (lint + formato) e mypy (ingest, contracts e backend; pyproject.toml)
#   scripts/dev.sh contracts        regenera shared/ (JSON Schema, OpenAPI, tipos TS) a partir de contracts/
#   scripts/dev.sh contracts check  falha se shared/ estiver desatualizado; tsc --noEmit no exemplo de uso
#   scripts/dev.sh manage   manage.py com o papel da API (ex.: scripts/dev.sh manage timeseries_status)
#   scripts/dev.sh owner    manage.py com o papel dono (migrações, setup_tenant)
#   scripts/dev.sh bench N  benchmarks/N.py na instância de dev (sobe os serviços; PYTHONPATH e .env prontos),
#                           ex.: scripts/dev.sh bench ingest_small --processes 2, bench data_api --reload
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=scripts/lib/env.sh
source "$SCRIPT_DIR/lib/env.sh"
REPO="$(repo_root)"
PY="$REPO/.venv/bin/python"
RUN_DIR="$REPO/var/run"
LOG_DIR="$REPO/var/log"

prepare() {
    "$REPO/scripts/bootstrap.sh"
    ensure_env "$REPO"
    load_env "$REPO/.env"
    # Todos os processos (API, ingest, testes) enxergam a mesma instância de serviços locais e os
    # endereços efetivos (porta TLS, CA de dev, endereço público entregue aos dispositivos).
    eval "$("$REPO/scripts/stack.sh" env)"
    export PYTHONPATH="$REPO:$REPO/backend${PYTHONPATH:+:$PYTHONPATH}"
    export DJANGO_SETTINGS_MODULE=config.settings
    mkdir -p "$RUN_DIR" "$LOG_DIR"
}

manage() { (cd "$REPO/backend" && "$PY" manage.py "$@"); }
manage_owner() { (cd "$REPO/backend" && DATABASE_URL="$DATABASE_OWNER_URL" "$PY" manage.py "$@"); }

# --- processos da plataforma (pid em var/run, log em var/log) ----------------------------------------
proc_pid() {
    local f="$RUN_DIR/$1.pid" pid
    [[ -f "$f" ]] || return 1
    pid="$(cat "$f")"
    kill -0 "$pid" 2>/dev/null || return 1
    printf '%s' "$pid"
}

start_proc() {
    local name="$1"; shift
    if proc_pid "$name" >/dev/null; then
        log "$name já está rodando (pid $(proc_pid "$name"))"
        return 0
    fi
    # exec: o pid gravado é o do próprio serviço; todos os fds redirecionados para não prender o terminal.
    (cd "$REPO/backend" && exec setsid "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1) &
    echo $! >"$RUN_DIR/$name.pid"
    log "$name iniciado (pid $(cat "$RUN_DIR/$name.pid"), log var/log/$name.log)"
}

stop_proc() {
    local name="$1" pid
    pid="$(proc_pid "$name")" || { rm -f "$RUN_DIR/$name.pid"; return 0; }
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$RUN_DIR/$name.pid"
    log "$name parado"
}

# Porta do processo ASGI (SSE); sem TS_STREAM_PORT no .env, a porta seguinte à da API.
stream_port() { printf '%s' "${TS_STREAM_PORT:-$((TS_API_PORT + 1))}"; }

wait_http() {
    local url="$1" what="$2"
    for _ in $(seq 1 60); do
        if "$PY" - "$url" <<'PYEOF' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2).read()
PYEOF
        sleep 0.5
    done
    die "$what não respondeu em $url (veja var/log/)"
}

PROCS=(api stream worker beat ingest evaluator simulator)

seed_demo() {
    manage_owner setup_tenant demo --name "Demo TrakSense" \
        --member "demo-admin:${TS_DEMO_PASSWORD}:customer_admin" \
        --member "demo-viewer:${TS_DEMO_PASSWORD}:viewer"
    manage_owner ensure_ops_user --username ops --password "$TS_DEMO_PASSWORD"
    # Catálogo de templates e o inversor Parsec demo (credenciais em var/run/demo-device.json).
    manage seed_catalog
    manage seed_demo_device
}

cmd_up() {
    prepare
    "$REPO/scripts/stack.sh" up
    manage_owner migrate_all
    seed_demo
    # A mesma configuração do Compose (config/gunicorn.py: 2 workers gthread × 4 threads) e /metrics agregado
    # entre os workers (modo multiprocesso do prometheus_client; o diretório é limpo na partida).
    start_proc api env GUNICORN_BIND="127.0.0.1:${TS_API_PORT}" PROMETHEUS_MULTIPROC_DIR="$RUN_DIR/prometheus-api" \
        "$REPO/.venv/bin/gunicorn" --config python:config.gunicorn config.wsgi:application
    # SSE (/api/stream) num processo ASGI ao lado do gunicorn: um stream aberto não prende um worker gthread.
    start_proc stream "$REPO/.venv/bin/uvicorn" config.asgi:application \
        --host 127.0.0.1 --port "$(stream_port)" --no-access-log --timeout-graceful-shutdown 5
    # Workers e beat falam como traksense_worker (retenção/rollups só ele executa; docs/security.md).
    local worker_url
    worker_url="$(cd "$REPO/backend" && "$PY" -c \
        'from apps.core.bootstrap import worker_url_from_env; print(worker_url_from_env())')" \
        || die "papel do worker sem URL: defina WORKER_DATABASE_URL ou TS_DB_WORKER_PASSWORD no .env"
    start_proc worker env DATABASE_URL="$worker_url" "$REPO/.venv/bin/celery" -A config worker --loglevel INFO \
        --concurrency 2
    start_proc beat env DATABASE_URL="$worker_url" "$REPO/.venv/bin/celery" -A config beat --loglevel INFO \
        --schedule "$REPO/var/run/celerybeat-schedule"
    if [[ -f "$REPO/ingest/__main__.py" ]]; then
        start_proc ingest "$PY" -m ingest
    fi
    # Avaliador de regras (ADR-005): consome os streams que o ingest publica e varre o tempo.
    start_proc evaluator "$PY" manage.py run_evaluator
    if [[ -f "$REPO/scripts/simulator.py" ]] && [[ -f "$REPO/var/run/demo-device.json" ]]; then
        start_proc simulator "$PY" "$REPO/scripts/simulator.py" --credentials "$REPO/var/run/demo-device.json"
    fi
    wait_http "http://127.0.0.1:${TS_API_PORT}/healthz" "API"
    wait_http "http://127.0.0.1:$(stream_port)/healthz" "stream (ASGI)"
    cat <<MSG

TrakSense no ar:
  API        http://127.0.0.1:${TS_API_PORT}/  (tenant demo: cabeçalho X-Tenant: demo ou http://demo.localhost:${TS_API_PORT}/)
  Stream     http://127.0.0.1:$(stream_port)/api/stream  (SSE; ticket em POST /api/stream/ticket, ver README)
  Admin      http://127.0.0.1:${TS_API_PORT}/admin/  (usuário ops; senha TS_DEMO_PASSWORD no .env)
  Token      curl -s -X POST http://127.0.0.1:${TS_API_PORT}/api/auth/token/ -H 'Content-Type: application/json' \\
               -d '{"username":"demo-admin","password":"<TS_DEMO_PASSWORD>"}'
  MQTT       dispositivos: TLS 127.0.0.1:${TS_MQTT_TLS_PORT} (CA ${TS_MQTT_CA_FILE})
             serviços internos: 127.0.0.1:${TS_MQTT_PORT}
  PostgreSQL 127.0.0.1:${TS_PG_PORT}   Redis 127.0.0.1:${TS_REDIS_PORT}
  Logs       var/log/*.log     Estado: scripts/dev.sh status     Parar: scripts/dev.sh down
MSG
}

cmd_down() {
    prepare
    local i
    for (( i=${#PROCS[@]}-1; i>=0; i-- )); do stop_proc "${PROCS[$i]}"; done
    "$REPO/scripts/stack.sh" down
    TS_STACK_PROFILE=test "$REPO/scripts/stack.sh" down  # o que `make test` deixou no ar
}

cmd_status() {
    prepare
    local rc=0 name
    "$REPO/scripts/stack.sh" status || rc=$?
    for name in "${PROCS[@]}"; do
        if proc_pid "$name" >/dev/null; then
            printf '%-10s rodando (pid %s)\n' "$name" "$(proc_pid "$name")"
        else
            printf '%-10s parado\n' "$name"
        fi
    done
    return "$rc"
}

cmd_reset() {
    if [[ -z "${CI:-}" && -t 0 ]]; then
        read -r -p "Apagar TODOS os dados locais desta instância? [s/N] " answer
        [[ "$answer" == "s" || "$answer" == "S" ]] || die "cancelado"
    fi
    cmd_down
    "$REPO/scripts/stack.sh" reset
    TS_STACK_PROFILE=test "$REPO/scripts/stack.sh" reset
    rm -rf "$REPO/var/run"
}

# A suíte roda na instância de TESTE (`TS_STACK_PROFILE=test`: `<instância>-test`, com PostgreSQL, Redis e
# Mosquitto próprios em outras portas): nunca reconstrói o broker, limpa o Redis nem para serviços do
# `make up` que esteja no ar.
cmd_test() {
    export TS_STACK_PROFILE=test
    prepare
    # docker-compose (pacote Debian) valida o Compose de produção sem engine (tests/test_compose.py).
    if ! command -v docker-compose >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
        apt-get install -y -qq docker-compose >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null; }
    fi
    # Chromium do Debian para o teste do admin no navegador (Playwright usa /usr/bin/chromium; não baixa
    # navegador). Sem root ou sem rede, o teste pula dizendo o motivo; o resto da suíte roda igual.
    if [[ ! -x /usr/bin/chromium ]] && [[ "$(id -u)" == 0 ]]; then
        log "instalando chromium (apt) para o teste do admin no navegador"
        apt-get install -y -qq chromium >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
            || log "AVISO: chromium não instalado; o teste do admin no navegador vai pular"
    fi
    "$REPO/scripts/stack.sh" up
    # Artefatos de contrato (shared/) em dia com contracts/ e o OpenAPI, e os tipos TS compilando.
    cmd_contracts check
    if [[ -f "$REPO/tests/community/package.json" ]]; then
        log "testes da edição Community (PGlite + TimescaleDB TSL)"
        (cd "$REPO/tests/community" && npm ci --no-audit --no-fund --loglevel=error && npm test)
    fi
    log "pytest (serviços reais: PostgreSQL/TimescaleDB, Mosquitto, Redis, workers Celery)"
    (cd "$REPO" && "$REPO/.venv/bin/pytest" "$@")
}

# --- contratos: shared/schemas (JSON Schema + OpenAPI) e shared/types (TypeScript) ------------------
contracts_tools() {
    local dir="$REPO/tools/contracts"
    if [[ ! -d "$dir/node_modules" ]] || [[ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

generate_contracts() {
    local out="$1"
    mkdir -p "$out/schemas" "$out/types"
    "$PY" "$REPO/scripts/gen_contracts.py" --out "$out/schemas" >/dev/null
    # OpenAPI da URLconf do tenant; um aviso do drf-spectacular (tipo não resolvido, colisão) quebra o build.
    manage spectacular --format openapi-json --fail-on-warn --validate --file "$out/schemas/openapi.json"
    (cd "$REPO/tools/contracts" && node gen-types.mjs "$out/schemas" "$out/schemas/openapi.json" "$out/types")
}

cmd_contracts() {
    prepare
    contracts_tools
    local mode="${1:-write}" tmp
    case "$mode" in
        write)
            rm -rf "$REPO/shared/schemas" "$REPO/shared/types"
            generate_contracts "$REPO/shared"
            log "shared/schemas e shared/types regenerados"
            ;;
        check)
            tmp="$(mktemp -d)"
            generate_contracts "$tmp"
            if ! { diff -ru "$REPO/shared/schemas" "$tmp/schemas" && diff -ru "$REPO/shared/types" "$tmp/types"; } \
                >"$tmp.diff"; then
                head -60 "$tmp.diff" >&2
                rm -rf "$tmp" "$tmp.diff"
                die "shared/ desatualizado em relação a contracts/ e ao OpenAPI: rode scripts/dev.sh contracts"
            fi
            rm -rf "$tmp" "$tmp.diff"
            log "shared/ em dia com contracts/ e o OpenAPI"
            ;;
        *) die "uso: scripts/dev.sh contracts [check]" ;;
    esac
    # Os tipos gerados e o exemplo de consumidor (dashboard, série, comando) precisam compilar.
    (cd "$REPO/tools/contracts" && node_modules/.bin/tsc --noEmit -p tsconfig.json)
    log "tsc --noEmit ok (shared/types + tools/contracts/example)"
}

cmd_check() {
    prepare
    (cd "$REPO" && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy)
}

cmd_bench() {
    local name="${1:-}"
    if [[ -z "$name" || ! -f "$REPO/benchmarks/$name.py" ]]; then
        die "uso: scripts/dev.sh bench <nome> [args], <nome> = um arquivo de benchmarks/ sem .py"
    fi
    shift
    prepare
    # Publicador C dos benchmarks de ingest (o Python custaria ~300 µs de CPU por mensagem).
    if ! command -v mosquitto_pub >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
        apt-get install -y -qq mosquitto-clients >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get install -y -qq mosquitto-clients >/dev/null; }
    fi
    "$REPO/scripts/stack.sh" up
    manage_owner migrate_all >/dev/null
    (cd "$REPO" && "$PY" "$REPO/benchmarks/$name.py" "$@")
}

main() {
    local verb="${1:-}"; shift || true
    case "$verb" in
        up) cmd_up ;;
        down) cmd_down ;;
        status) cmd_status ;;
        reset) cmd_reset ;;
        test) cmd_test "$@" ;;
        check) cmd_check ;;
        bench) cmd_bench "$@" ;;
        contracts) cmd_contracts "$@" ;;
        manage) prepare; manage "$@" ;;
        owner) prepare; manage_owner "$@" ;;
        *) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 2 ;;
    esac
}

main "$@"
