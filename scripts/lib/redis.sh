# shellcheck shell=bash
# TrakSense — Redis da instância local (broker/cache do Celery).
#
# Sem senha e sem persistência: só escuta em 127.0.0.1, numa porta do projeto.
#
# Só define funções e constantes; carregado por scripts/stack.sh (que define ROOT, INST, portas etc.
# em init_config). Não altera opções do shell.

# ---------------------------------------------------------------------------
# Redis 8
# ---------------------------------------------------------------------------

redis_pid() { _pid_from_file "$ROOT$REDIS_PID"; }
redis_running() { redis_pid >/dev/null; }

redis_up() {
    if ((REDIS_EXTERNAL)); then
        log "redis: externo (REDIS_URL do ambiente); não será iniciado localmente"
        return 0
    fi
    _check_url_port REDIS_URL "$TS_REDIS_PORT"
    if redis_running; then
        log "redis: já está rodando (pid $(redis_pid), porta $TS_REDIS_PORT)"
        return 0
    fi
    if tcp_open 127.0.0.1 "$TS_REDIS_PORT"; then
        die "redis: a porta 127.0.0.1:$TS_REDIS_PORT já está em uso por outro processo; mude TS_REDIS_PORT no .env"
    fi
    log "redis: iniciando na porta $TS_REDIS_PORT"
    # Sem senha de propósito: só escuta em 127.0.0.1, numa porta do projeto, e a
    # REDIS_URL do .env não tem credencial. Sem persistência (--save "" e sem AOF):
    # é broker/cache do Celery em dev; filas se perdem num `down`.
    rm -f "$ROOT$REDIS_PID"
    if ! in_root redis /usr/bin/redis-server \
        --bind 127.0.0.1 --port "$TS_REDIS_PORT" --protected-mode yes \
        --save "" --appendonly no \
        --dir "$REDIS_DIR" --daemonize yes \
        --logfile "$REDIS_LOG" --pidfile "$REDIS_PID" >/dev/null; then
        _tail_log "$REDIS_LOG"
        die "redis: falha ao iniciar (log em $ROOT$REDIS_LOG)"
    fi
    local i
    for ((i = 0; i < 50; i++)); do
        if [[ "$(in_root redis /usr/bin/redis-cli -h 127.0.0.1 -p "$TS_REDIS_PORT" ping 2>/dev/null)" == PONG ]]; then
            return 0
        fi
        sleep 0.2
    done
    _tail_log "$REDIS_LOG"
    die "redis: não respondeu PING em 10 s (log em $ROOT$REDIS_LOG)"
}

redis_down() {
    local pid
    if ! pid="$(redis_pid)"; then
        log "redis: já está parado"
        rm -f "$ROOT$REDIS_PID"
        return 0
    fi
    log "redis: parando (shutdown nosave)"
    in_root redis /usr/bin/redis-cli -h 127.0.0.1 -p "$TS_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    if ! _wait_pid_gone "$pid" 10; then
        warn "redis: não parou com SHUTDOWN; enviando SIGTERM"
        kill -TERM "$pid" 2>/dev/null || true
        if ! _wait_pid_gone "$pid" 10; then
            warn "redis: enviando SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            _wait_pid_gone "$pid" 5 || die "redis: não foi possível parar o pid $pid"
        fi
    fi
    rm -f "$ROOT$REDIS_PID"
}
