# shellcheck shell=bash
# TrakSense — Mosquitto 2.0 com dynamic security da instância local.
#
# Configuração, arquivo dynsec inicial (admin), start/stop e as contas de serviço (ingest, API), essas
# pelo cliente dynsec único da aplicação (manage.py mqtt_service_accounts).
#
# Só define funções e constantes; carregado por scripts/stack.sh (que define ROOT, INST, portas etc.
# em init_config). Não altera opções do shell.

# ---------------------------------------------------------------------------
# Mosquitto 2.0 + dynamic security
# ---------------------------------------------------------------------------

mq_pid() { _pid_from_file "$ROOT$MQ_PID"; }
mq_running() { mq_pid >/dev/null; }

# Escreve mosquitto.conf. Retorna 0 se mudou.
mq_configure() {
    local plugin
    plugin="$(compgen -G "$ROOT/usr/lib/*/mosquitto_dynamic_security.so" | head -n1)"
    plugin="${plugin#"$ROOT"}"
    _write_if_changed "$ROOT$MQ_CONF" 0:0 644 <<EOF
# Gerado por scripts/stack.sh — NÃO editar: reescrito a cada \`up\`.
# Sem segredos aqui: usuários/senhas/ACLs ficam no dynamic-security.json.

per_listener_settings false
listener $TS_MQTT_PORT 127.0.0.1
allow_anonymous false

# O broker é iniciado como root dentro do root e, depois de ler esta config, troca
# para o usuário \`mosquitto\` (do root). Por isso o diretório da instância, o
# dynamic-security.json e o log pertencem a esse usuário.
user mosquitto
pid_file $MQ_PID

# Persistência: sessões persistentes (clean session = false / session expiry > 0),
# assinaturas e mensagens QoS1/2 enfileiradas sobrevivem a um restart. O Mosquitto
# SEMPRE grava o banco ao encerrar limpo (SIGTERM, usado pelo \`down\`); o
# autosave_interval só limita a perda em caso de crash/kill -9. Cada autosave
# regrava o banco inteiro, então 1 s seria caro com filas grandes: 30 s é o meio-termo.
# ATENÇÃO (2.0.21, testado): só vai para o disco a sessão cuja ÚLTIMA conexão usou
# clean start = false. MQTT v5 com clean_start=true + Session Expiry > 0 funciona em
# memória, mas se perde num restart do broker. Consumidores duráveis (ingest) devem
# conectar com clean_start=false e Session Expiry > 0 (ou v3.1.1 clean_session=false).
persistence true
persistence_location $MQ_DIR/data
autosave_interval 30
autosave_on_changes false

# Filas por sessão (offline ou lenta), do orçamento do ADR-004: 10 min de ingest fora a
# 2.500 msg/s = 1,5 M mensagens, e no máximo 1 GiB de payload (o que vier primeiro). Acima
# disso o broker descarta (já deu PUBACK ao dispositivo): o ingest vê o contador \$SYS abaixo
# e expõe ingest_broker_dropped_messages_total + log. As variáveis TS_MQTT_* só existem para
# os testes baixarem o limite (ingest/tests/test_broker_restart.py); não vão no .env.
max_queued_messages ${TS_MQTT_MAX_QUEUED_MESSAGES:-1500000}
max_queued_bytes ${TS_MQTT_MAX_QUEUED_BYTES:-1073741824}
queue_qos0_messages false
# \$SYS/broker/publish/messages/dropped é publicado (retido) a cada sys_interval quando muda.
sys_interval ${TS_MQTT_SYS_INTERVAL:-10}
# Mensagens QoS1/2 em voo (sem PUBACK) por cliente. O padrão (20) estrangula o
# consumidor de ingest numa assinatura compartilhada; 1000 mantém o pipeline cheio
# com latência de loopback. Dispositivos recebem poucos comandos, então não pesa
# para eles. Clientes MQTT v5 ainda podem reduzir via Receive Maximum.
max_inflight_messages 1000
set_tcp_nodelay true

log_dest file $MQ_LOG
log_type error
log_type warning
log_type notice
log_type information
connection_messages true
log_timestamp true
log_timestamp_format %Y-%m-%dT%H:%M:%S

plugin $plugin
plugin_opt_config_file $MQ_DYNSEC

# TLS para os dispositivos (CA e certificado de dev gerados no host por scripts/dev_tls.py; a CA pública
# está em $MQ_TLS/ca.crt). Os serviços internos (ingest, API, provisionador) seguem no listener de
# loopback em texto puro acima.
listener $TS_MQTT_TLS_PORT 127.0.0.1
cafile $MQ_TLS/ca.crt
certfile $MQ_TLS/server.crt
keyfile $MQ_TLS/server.key
EOF
}

# CA + certificado do servidor (no host, com o Python do .venv). Retorna 0 se algo foi (re)gerado.
mq_tls() {
    local py="$REPO/.venv/bin/python" ids names out
    [[ -x "$py" ]] || die "mosquitto: $py não existe (rode scripts/bootstrap.sh): o certificado TLS é gerado com ele"
    ids="$(root_ids mosquitto)"
    names="127.0.0.1,localhost"
    if [[ -n "${TS_MQTT_PUBLIC_HOST:-}" && ",$names," != *",$TS_MQTT_PUBLIC_HOST,"* ]]; then
        names+=",$TS_MQTT_PUBLIC_HOST"
    fi
    out="$("$py" "$REPO/scripts/dev_tls.py" --dir "$ROOT$MQ_TLS" --names "$names" --key-owner "$ids")" ||
        die "mosquitto: falha ao gerar o certificado TLS em $ROOT$MQ_TLS"
    [[ "$out" == changed ]]
}

# Cria o dynamic-security.json com o cliente admin (só na primeira vez).
mq_init_dynsec() {
    [[ -f "$ROOT$MQ_DYNSEC" ]] && return 0
    log "mosquitto: criando $ROOT$MQ_DYNSEC (admin: $TS_MQTT_ADMIN_USER)"
    local out
    if ! out="$(in_root mosquitto /usr/bin/mosquitto_ctrl dynsec init "$MQ_DYNSEC" \
        "$TS_MQTT_ADMIN_USER" "$TS_MQTT_ADMIN_PASSWORD" 2>&1)" || [[ ! -f "$ROOT$MQ_DYNSEC" ]]; then
        printf '%s\n' "$out" >&2
        die "mosquitto: mosquitto_ctrl dynsec init falhou"
    fi
    chmod 600 "$ROOT$MQ_DYNSEC"
}

mq_up() {
    if ((MQTT_EXTERNAL)); then
        log "mosquitto: externo (MQTT_HOST do ambiente); não será iniciado localmente"
        return 0
    fi
    if [[ "${MQTT_PORT:-$TS_MQTT_PORT}" != "$TS_MQTT_PORT" ]]; then
        warn "MQTT_PORT=$MQTT_PORT difere de TS_MQTT_PORT=$TS_MQTT_PORT (o broker local escuta em $TS_MQTT_PORT)"
    fi
    local changed=1
    if mq_tls; then changed=0; fi
    if mq_configure; then changed=0; fi
    mq_init_dynsec
    if mq_running && ((changed == 0)); then
        # Certificado ou configuração novos só valem com restart (SIGTERM grava a persistência).
        log "mosquitto: configuração/certificado mudou; reiniciando para aplicar"
        mq_down
    fi
    if mq_running; then
        log "mosquitto: já está rodando (pid $(mq_pid), porta $TS_MQTT_PORT, TLS $TS_MQTT_TLS_PORT)"
    else
        local port
        for port in "$TS_MQTT_PORT" "$TS_MQTT_TLS_PORT"; do
            if tcp_open 127.0.0.1 "$port"; then
                die "mosquitto: a porta 127.0.0.1:$port já está em uso por outro processo; mude TS_MQTT_PORT/TS_MQTT_TLS_PORT no .env"
            fi
        done
        log "mosquitto: iniciando nas portas $TS_MQTT_PORT (loopback, serviços) e $TS_MQTT_TLS_PORT (TLS, dispositivos)"
        rm -f "$ROOT$MQ_PID"
        if ! in_root root /usr/sbin/mosquitto -c "$MQ_CONF" -d; then
            _tail_log "$MQ_LOG"
            die "mosquitto: falha ao iniciar (log em $ROOT$MQ_LOG)"
        fi
        local i ok=0
        for ((i = 0; i < 100; i++)); do
            if mq_running && tcp_open 127.0.0.1 "$TS_MQTT_PORT" && tcp_open 127.0.0.1 "$TS_MQTT_TLS_PORT"; then
                ok=1
                break
            fi
            sleep 0.1
        done
        if ((!ok)); then
            _tail_log "$MQ_LOG"
            die "mosquitto: não abriu a porta $TS_MQTT_PORT em 10 s (log em $ROOT$MQ_LOG)"
        fi
    fi
    mq_provision
}

# Padrões de ACL e contas de serviço (ingest, API): idempotente, a cada `up`, pelo cliente dynsec único
# da aplicação (apps.broker.backends.dynsec), conectando no listener de loopback desta instância.
mq_provision() {
    local py="$REPO/.venv/bin/python"
    [[ -x "$py" ]] || die "mosquitto: $py não existe (rode scripts/bootstrap.sh): as contas de serviço são criadas com ele"
    log "mosquitto: garantindo ACLs/contas de serviço (dynsec)"
    (cd "$REPO/backend" && MQTT_HOST=127.0.0.1 MQTT_PORT="$TS_MQTT_PORT" DJANGO_SETTINGS_MODULE=config.settings \
        "$py" manage.py mqtt_service_accounts >&2) || die "mosquitto: contas de serviço falharam (veja acima)"
}

mq_down() {
    local pid
    if ! pid="$(mq_pid)"; then
        log "mosquitto: já está parado"
        rm -f "$ROOT$MQ_PID"
        return 0
    fi
    # SIGTERM = encerramento limpo: o broker grava o banco de persistência antes de sair.
    log "mosquitto: parando (SIGTERM; grava a persistência)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! _wait_pid_gone "$pid" 30; then
        warn "mosquitto: não parou em 30 s; enviando SIGKILL (mensagens desde o último autosave podem se perder)"
        kill -KILL "$pid" 2>/dev/null || true
        _wait_pid_gone "$pid" 5 || die "mosquitto: não foi possível parar o pid $pid"
    fi
    rm -f "$ROOT$MQ_PID"
}

