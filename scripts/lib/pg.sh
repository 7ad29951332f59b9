# shellcheck shell=bash
# TrakSense — PostgreSQL 17 + TimescaleDB da instância local.
#
# initdb, configuração (traksense.conf, pg_hba.conf), start/stop e o bootstrap de papéis/banco
# (manage.py db_bootstrap).
#
# Só define funções e constantes; carregado por scripts/stack.sh (que define ROOT, INST, portas etc.
# em init_config). Não altera opções do shell.

readonly PG_BIN="/usr/lib/postgresql/17/bin"

# ---------------------------------------------------------------------------
# PostgreSQL 17 + TimescaleDB
# ---------------------------------------------------------------------------

pg_pid() { _pid_from_file "$ROOT$PG_DATA/postmaster.pid"; }
pg_running() { pg_pid >/dev/null; }

pg_init() {
    [[ -f "$ROOT$PG_DATA/PG_VERSION" ]] && return 0
    if [[ -e "$ROOT$PG_DATA" ]]; then
        die "$ROOT$PG_DATA existe mas não é um cluster válido; rode: scripts/stack.sh reset"
    fi
    local ids tmpdata="$PG_DATA.init" pwfile="$INST/.initdb-pwfile"
    ids="$(root_ids postgres)"
    log "postgresql: initdb em $ROOT$PG_DATA"
    rm -rf "$ROOT$tmpdata"
    install -d -m 700 -o "${ids%:*}" -g "${ids#*:}" "$ROOT$tmpdata"
    (umask 077 && printf '%s\n' "$TS_PG_SUPERPASSWORD" >"$ROOT$pwfile")
    chown "$ids" "$ROOT$pwfile"
    # initdb em diretório temporário + mv: um initdb interrompido nunca deixa um
    # PGDATA pela metade no lugar definitivo.
    if ! in_root postgres "$PG_BIN/initdb" -D "$tmpdata" -U postgres \
        --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pwfile" \
        -E UTF8 --locale=C.UTF-8 --data-checksums --no-instructions \
        >"$ROOT$INST/log/initdb.log" 2>&1; then
        rm -f "$ROOT$pwfile"
        _tail_log "$INST/log/initdb.log" 30
        die "initdb falhou (log em $ROOT$INST/log/initdb.log)"
    fi
    rm -f "$ROOT$pwfile"
    mv -T "$ROOT$tmpdata" "$ROOT$PG_DATA"
}

# Gera traksense.conf e pg_hba.conf (reescritos a cada `up`; mudanças no .env valem no
# próximo start). Retorna 0 se algo mudou.
pg_configure() {
    local ids changed=1 conf="$ROOT$PG_DATA/postgresql.conf"
    ids="$(root_ids postgres)"
    if ! grep -q "^include_if_exists = 'traksense.conf'" "$conf"; then
        printf "\n# Configuração do TrakSense (gerada por scripts/stack.sh)\ninclude_if_exists = 'traksense.conf'\n" >>"$conf"
    fi
    if _write_if_changed "$ROOT$PG_DATA/traksense.conf" "$ids" 600 <<EOF
# Gerado por scripts/stack.sh — NÃO editar: reescrito a cada \`up\`.
# Ajustes locais: crie outro arquivo e inclua-o no postgresql.conf.

# Conexões: só loopback, na porta do projeto; socket unix em /tmp do root
# (/var/run do root é symlink e não queremos depender de /run).
listen_addresses = '127.0.0.1'
port = $TS_PG_PORT
unix_socket_directories = '/tmp'
max_connections = 300
password_encryption = scram-sha-256

# Memória (máquina de dev com folga de RAM)
shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 256MB
effective_cache_size = 4GB
# Sem /dev/shm gravável e sem /proc no chroot: memória dinâmica via SysV e sem
# huge pages (evita depender de /proc/meminfo).
dynamic_shared_memory_type = sysv
huge_pages = off

# TimescaleDB
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
timescaledb.max_background_workers = 8
max_worker_processes = 16

# WAL/checkpoints: menos checkpoints em cargas de ingestão; fsync continua ligado
# (durabilidade igual à de produção, só que com checkpoints mais espaçados).
fsync = on
synchronous_commit = on
wal_level = replica
wal_compression = on
max_wal_size = 2GB
min_wal_size = 256MB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9

# Planejador (disco local SSD/NVMe)
random_page_cost = 1.1

# Logs (stderr vai para $PG_LOG via pg_ctl -l)
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = 1000
log_checkpoints = on
log_lock_waits = on
timezone = 'UTC'
log_timezone = 'UTC'
EOF
    then changed=0; fi

    if _write_if_changed "$ROOT$PG_DATA/pg_hba.conf" "$ids" 600 <<'EOF'
# Gerado por scripts/stack.sh — NÃO editar: reescrito a cada `up`.
# TYPE  DATABASE  USER  ADDRESS        METHOD
# Socket unix (só acessível de dentro do root): confiança, usado pelo `stack.sh psql`.
local   all       all                  trust
# TCP só em loopback, com senha SCRAM.
host    all       all   127.0.0.1/32   scram-sha-256
EOF
    then changed=0; fi
    return "$changed"
}

pg_up() {
    if ((PG_EXTERNAL)); then
        log "postgresql: externo (DATABASE_URL do ambiente); não será iniciado localmente"
        return 0
    fi
    _check_url_port DATABASE_URL "$TS_PG_PORT"
    pg_init
    local changed=1
    if pg_configure; then changed=0; fi
    if pg_running; then
        if ((changed == 0)); then
            warn "postgresql: configuração mudou; reinicie para aplicar (scripts/stack.sh down && scripts/stack.sh up)"
        fi
        log "postgresql: já está rodando (pid $(pg_pid), porta $TS_PG_PORT)"
    else
        if tcp_open 127.0.0.1 "$TS_PG_PORT"; then
            die "postgresql: a porta 127.0.0.1:$TS_PG_PORT já está em uso por outro processo; mude TS_PG_PORT no .env"
        fi
        log "postgresql: iniciando na porta $TS_PG_PORT"
        if ! in_root postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null; then
            _tail_log "$PG_LOG" 30
            die "postgresql: pg_ctl start falhou (log em $ROOT$PG_LOG)"
        fi
    fi
    local i
    for ((i = 0; i < 60; i++)); do
        if in_root postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$TS_PG_PORT"; then
            return 0
        fi
        sleep 0.5
    done
    _tail_log "$PG_LOG" 30
    die "postgresql: não ficou pronto em 30 s (pg_isready falhou na porta $TS_PG_PORT)"
}

pg_down() {
    if ! pg_running; then
        log "postgresql: já está parado"
        return 0
    fi
    log "postgresql: parando (pg_ctl stop -m fast)"
    if ! in_root postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast -w -t 60 >/dev/null; then
        warn "postgresql: stop -m fast não terminou em 60 s; usando -m immediate (haverá recovery no próximo start)"
        in_root postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m immediate -w -t 30 >/dev/null ||
            die "postgresql: não foi possível parar (pid $(pg_pid 2>/dev/null || echo '?'))"
    fi
}

# Cria roles/banco/extensão do projeto pelo backend (`manage.py db_bootstrap`, idempotente).
run_db_bootstrap() {
    local py="$REPO/.venv/bin/python"
    [[ -x "$py" ]] || die "db_bootstrap: $py não existe (rode scripts/bootstrap.sh)"
    log "db_bootstrap: manage.py db_bootstrap"
    (cd "$REPO/backend" && DJANGO_SETTINGS_MODULE=config.settings "$py" manage.py db_bootstrap) ||
        die "db_bootstrap falhou (veja a saída acima)"
}
