# shellcheck shell=bash
# TrakSense — o root Debian trixie (cache) e a execução dentro dele.
#
# Construção única do root com mmdebstrap, execução de comandos no chroot como um usuário do root,
# pids/portas/logs dos serviços e o layout de diretórios da instância.
#
# Só define funções e constantes; carregado por scripts/stack.sh (que define ROOT, INST, portas etc.
# em init_config). Não altera opções do shell.

# ---------------------------------------------------------------------------
# Receita do root (mudar aqui exige reconstruir o root: ver ensure_root)
# ---------------------------------------------------------------------------
readonly ROOT_SUITE="trixie"
readonly ROOT_VARIANT="essential"
readonly ROOT_PACKAGES="postgresql-17,postgresql-17-timescaledb,mosquitto,redis-server"
readonly ROOT_MIRROR="http://deb.debian.org/debian"
readonly ROOT_RECIPE="suite=$ROOT_SUITE variant=$ROOT_VARIANT include=$ROOT_PACKAGES"
readonly ROOT_STAMP="/etc/traksense-root-recipe"

# PATH usado dentro do root (o ambiente do host nunca vaza para os serviços).
readonly ROOT_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Descritores de lock abertos por este processo; fechados antes de iniciar daemons,
# senão o daemon herdaria o fd e manteria o flock preso enquanto vivesse.
LOCK_FDS=()

require_root_user() {
    [[ "$(id -u)" -eq 0 ]] || die "scripts/stack.sh $1 precisa rodar como root (usa chroot/mmdebstrap)"
}

# Serializa up/down/reset da MESMA instância (lock fora do diretório da instância,
# pois o reset apaga esse diretório).
lock_instance() {
    local fd
    mkdir -p "$CACHE_DIR"
    exec {fd}>"$CACHE_DIR/instance-$INSTANCE.lock"
    LOCK_FDS+=("$fd")
    if ! flock -n "$fd"; then
        log "outra execução do stack.sh está operando a instância '$INSTANCE'; aguardando..."
        flock -w 600 "$fd" || die "timeout aguardando o lock da instância '$INSTANCE'"
    fi
}

# ---------------------------------------------------------------------------
# Root trixie (cache)
# ---------------------------------------------------------------------------

# Lista (uma por linha) os arquivos obrigatórios que faltam no root informado.
_root_missing() {
    local r="$1" f
    for f in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/postgres" "$PG_BIN/psql" "$PG_BIN/pg_isready" \
        /usr/lib/postgresql/17/lib/timescaledb.so \
        /usr/sbin/mosquitto /usr/bin/mosquitto_ctrl /usr/bin/redis-server /usr/bin/redis-cli; do
        [[ -e "$r$f" ]] || printf '%s\n' "$f"
    done
    compgen -G "$r/usr/lib/*/mosquitto_dynamic_security.so" >/dev/null ||
        printf '%s\n' "/usr/lib/<multiarch>/mosquitto_dynamic_security.so"
}

_install_mmdebstrap() {
    command -v mmdebstrap >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null 2>&1 || die "mmdebstrap não está instalado e não há apt-get para instalá-lo"
    log "instalando mmdebstrap (apt-get)..."
    # Só roda `apt-get update` se a instalação direta falhar (lista ausente/antiga).
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap >&2; then
        log "apt-get install falhou; rodando apt-get update e tentando de novo"
        apt-get update -q >&2 || die "apt-get update falhou"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap >&2 ||
            die "não foi possível instalar mmdebstrap"
    fi
}

# Constrói o root uma única vez (flock evita dois builds simultâneos; o `mv` final é
# atômico, então um $ROOT existente está sempre completo).
ensure_root() {
    local missing fd build_log
    if [[ -d "$ROOT" ]]; then
        missing="$(_root_missing "$ROOT")"
        [[ -z "$missing" ]] || die "root $ROOT está incompleto (faltam: $(tr '\n' ' ' <<<"$missing")). Reconstrua com: rm -rf '$ROOT' (isso apaga também os dados de TODAS as instâncias)"
        _check_root_recipe
        return 0
    fi

    mkdir -p "$CACHE_DIR"
    exec {fd}>"$CACHE_DIR/trixie-root.lock"
    LOCK_FDS+=("$fd")
    if ! flock -n "$fd"; then
        log "outro processo está construindo o root; aguardando..."
        flock -w 1800 "$fd" || die "timeout aguardando o build do root ($CACHE_DIR/trixie-root.lock)"
    fi
    if [[ -d "$ROOT" ]]; then # construído por outro processo enquanto esperávamos
        _release_lock "$fd"
        ensure_root
        return 0
    fi

    _install_mmdebstrap
    build_log="$CACHE_DIR/trixie-root.build.log"
    rm -rf "$ROOT.tmp"
    log "construindo root $ROOT_SUITE em $ROOT (uma vez; ~1 min). Log: $build_log"
    if ! mmdebstrap --variant="$ROOT_VARIANT" --include="$ROOT_PACKAGES" \
        "$ROOT_SUITE" "$ROOT.tmp" "$ROOT_MIRROR" >"$build_log" 2>&1; then
        tail -n 30 "$build_log" >&2 || true
        rm -rf "$ROOT.tmp"
        die "mmdebstrap falhou (log completo em $build_log)"
    fi
    missing="$(_root_missing "$ROOT.tmp")"
    if [[ -n "$missing" ]]; then
        rm -rf "$ROOT.tmp"
        die "root construído sem arquivos esperados: $(tr '\n' ' ' <<<"$missing")"
    fi
    printf '%s\n' "$ROOT_RECIPE" >"$ROOT.tmp$ROOT_STAMP"
    mv -T "$ROOT.tmp" "$ROOT"
    _release_lock "$fd"
    log "root pronto: $ROOT"
}

_release_lock() {
    local fd="$1" i
    exec {fd}>&-
    for i in "${!LOCK_FDS[@]}"; do
        [[ "${LOCK_FDS[$i]}" == "$fd" ]] && unset 'LOCK_FDS[i]'
    done
    return 0
}

# Avisa (sem reconstruir: os dados das instâncias moram dentro do root) se o root foi
# construído com outra receita.
_check_root_recipe() {
    local stamp="$ROOT$ROOT_STAMP"
    if [[ -f "$stamp" && "$(<"$stamp")" != "$ROOT_RECIPE" ]]; then
        warn "o root $ROOT foi construído com outra receita ($(<"$stamp")); a atual é ($ROOT_RECIPE)." \
            "Para reconstruir: scripts/stack.sh reset && rm -rf '$ROOT' && scripts/stack.sh up"
    fi
}

# ---------------------------------------------------------------------------
# Execução dentro do root
# ---------------------------------------------------------------------------

# uid:gid de um usuário segundo o /etc/passwd DO ROOT (os uids diferem dos do host).
root_ids() {
    local ids
    ids="$(awk -F: -v u="$1" '$1 == u { print $3 ":" $4 }' "$ROOT/etc/passwd")"
    [[ -n "$ids" ]] || die "usuário '$1' não existe em $ROOT/etc/passwd"
    printf '%s\n' "$ids"
}

# in_root USUÁRIO [VAR=valor ...] comando [args...]
# Executa no chroot com ambiente limpo (env -i), como o usuário do root informado.
in_root() {
    local user="$1" fd
    shift
    local -a envs=(PATH="$ROOT_PATH" LANG=C.UTF-8 TZ=UTC HOME=/)
    while (($#)) && [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do
        envs+=("$1")
        shift
    done
    local -a spec=()
    if [[ "$user" != root ]]; then
        spec=(--userspec="$(root_ids "$user")")
    fi
    (
        for fd in "${LOCK_FDS[@]}"; do
            exec {fd}>&-
        done
        exec env -i "${envs[@]}" chroot "${spec[@]}" "$ROOT" "$@"
    )
}

# Verdadeiro se o PID existe e roda dentro DESTE root (protege contra PID reaproveitado
# e contra confundir com os serviços do host).
pid_in_root() {
    local pid="$1" proot want
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    proot="$(readlink "/proc/$pid/root" 2>/dev/null)" || return 1
    want="$(readlink -f "$ROOT")"
    [[ "$proot" == "$want" ]]
}

# PID lido de um arquivo (caminho do host), se o processo estiver vivo no root.
_pid_from_file() {
    local file="$1" pid
    [[ -f "$file" ]] || return 1
    pid="$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')"
    pid_in_root "$pid" || return 1
    printf '%s\n' "$pid"
}

# Verdadeiro se algo aceita conexão TCP em 127.0.0.1:porta (ou host:porta).
tcp_open() {
    local host="$1" port="$2"
    # shellcheck disable=SC2016 # $1/$2 são expandidos pelo bash filho, de propósito
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# Espera um PID sumir por até N segundos.
_wait_pid_gone() {
    local pid="$1" secs="$2" i
    for ((i = 0; i < secs * 10; i++)); do
        [[ -d "/proc/$pid" ]] || return 0
        sleep 0.1
    done
    return 1
}

# Mostra as últimas linhas de um log (caminho dentro do root) em stderr.
_tail_log() {
    local f="$ROOT$1"
    if [[ -f "$f" ]]; then
        printf -- '--- últimas linhas de %s ---\n' "$f" >&2
        tail -n "${2:-20}" "$f" >&2 || true
    fi
}

# Avisa se a URL aponta para porta diferente da que o serviço local usa.
_check_url_port() {
    local var="$1" port="$2" url
    url="${!var:-}"
    [[ -n "$url" ]] || return 0
    if [[ "$url" =~ ^[a-z0-9+]+://([^@/]*@)?[^:/?]+:([0-9]+) && "${BASH_REMATCH[2]}" != "$port" ]]; then
        warn "$var usa a porta ${BASH_REMATCH[2]}, mas o serviço local escuta em $port"
    fi
    return 0
}

# Diretórios da instância com donos corretos (uids do root). Idempotente.
prepare_instance_dirs() {
    local pg_ids mq_ids rd_ids
    pg_ids="$(root_ids postgres)"
    mq_ids="$(root_ids mosquitto)"
    rd_ids="$(root_ids redis)"

    install -d -m 755 -o root -g root "$ROOT/srv/traksense" "$HINST" "$HINST/log"
    install -d -m 700 -o "${mq_ids%:*}" -g "${mq_ids#*:}" "$HINST/mosquitto" "$HINST/mosquitto/data"
    install -d -m 750 -o "${rd_ids%:*}" -g "${rd_ids#*:}" "$HINST/redis"
    # Logs pré-criados com o dono de cada serviço (todos gravam já sem privilégios).
    _ensure_owned_file "$ROOT$PG_LOG" "$pg_ids"
    _ensure_owned_file "$ROOT$MQ_LOG" "$mq_ids"
    _ensure_owned_file "$ROOT$REDIS_LOG" "$rd_ids"
}

_ensure_owned_file() {
    local f="$1" ids="$2"
    [[ -e "$f" ]] || : >"$f"
    chown "$ids" "$f"
    chmod 640 "$f"
}

# Escreve um arquivo só se o conteúdo mudou. Retorna 0 se mudou, 1 se igual.
# Uso: _write_if_changed <caminho host> <uid:gid> <modo> <<<"conteúdo"
_write_if_changed() {
    local dest="$1" ids="$2" mode="$3" tmp
    tmp="$(mktemp "$dest.XXXXXX")"
    cat >"$tmp"
    chown "$ids" "$tmp"
    chmod "$mode" "$tmp"
    if [[ -f "$dest" ]] && cmp -s "$tmp" "$dest"; then
        rm -f "$tmp"
        return 1
    fi
    mv -f "$tmp" "$dest"
    return 0
}
