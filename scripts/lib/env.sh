# shellcheck shell=bash
# Carregamento da configuração do TrakSense a partir de <repo>/.env.
#
# Funções públicas:
#   ensure_env [repo]        cria <repo>/.env a partir de .env.example se não existir,
#                            trocando cada segredo `change-me-*` por hex aleatório.
#   load_env [arquivo]       exporta as variáveis do .env; variável já definida no
#                            ambiente de quem chamou tem precedência sobre o arquivo.
#   env_file_value CHAVE [arquivo]
#                            imprime o valor de CHAVE no arquivo (sem olhar o ambiente);
#                            retorna 1 se a chave não existir no arquivo.
#
# Formato aceito no .env (subconjunto do formato do docker compose):
#   CHAVE=valor | export CHAVE=valor | CHAVE="valor" | CHAVE='valor'
#   linhas em branco e começando com # são ignoradas; em valor sem aspas,
#   " #" inicia um comentário. NÃO há expansão de ${VAR} nem execução de código:
#   o arquivo é lido, nunca executado com `source`.

if [[ -n "${_TS_ENV_SH_LOADED:-}" ]]; then
    return 0
fi
_TS_ENV_SH_LOADED=1

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Gera N bytes aleatórios em hexadecimal (padrão 32 bytes = 64 caracteres).
# Hex puro: seguro dentro de URLs sem precisar de percent-encoding.
_ts_random_hex() {
    local nbytes="${1:-32}" out=""
    if command -v openssl >/dev/null 2>&1; then
        out="$(openssl rand -hex "$nbytes")"
    elif command -v python3 >/dev/null 2>&1; then
        out="$(python3 -c 'import secrets, sys; print(secrets.token_hex(int(sys.argv[1])))' "$nbytes")"
    else
        out="$(od -An -tx1 -N"$nbytes" /dev/urandom | tr -d ' \n')"
    fi
    [[ "$out" =~ ^[0-9a-f]+$ ]] || die "não foi possível gerar segredo aleatório"
    printf '%s' "$out"
}

# Cria <repo>/.env a partir de <repo>/.env.example se ainda não existir.
# Cada marcador distinto `change-me-xxx` vira um segredo aleatório; o MESMO marcador
# recebe o MESMO segredo em todas as ocorrências (ex.: TS_PG_SUPERPASSWORD e a senha
# dentro de DATABASE_SUPERUSER_URL continuam consistentes).
ensure_env() {
    local repo="${1:-$(repo_root)}"
    local env_file="$repo/.env" example="$repo/.env.example"
    local tmp map token

    if [[ -f "$env_file" ]]; then
        _ts_env_add_missing "$env_file" "$example"
        return 0
    fi
    [[ -f "$example" ]] || die "$example não encontrado; não há como gerar $env_file"

    tmp="$(mktemp "$repo/.env.tmp.XXXXXX")"
    map="$(mktemp "$repo/.env.map.XXXXXX")"
    chmod 600 "$tmp" "$map"

    # Um segredo por marcador distinto.
    while IFS= read -r token; do
        [[ -n "$token" ]] || continue
        printf '%s %s\n' "$token" "$(_ts_random_hex 32)" >>"$map"
    done < <(grep -oE 'change-me-[A-Za-z0-9_-]+' "$example" | sort -u || true)

    # Substitui cada ocorrência pelo marcador completo (casamento guloso), de modo que
    # `change-me-api` nunca seja trocado dentro de `change-me-mqtt-api`.
    if ! awk '
        NR == FNR { secret[$1] = $2; next }
        {
            line = $0; out = ""
            while (match(line, /change-me-[A-Za-z0-9_-]+/)) {
                tok = substr(line, RSTART, RLENGTH)
                out = out substr(line, 1, RSTART - 1) ((tok in secret) ? secret[tok] : tok)
                line = substr(line, RSTART + RLENGTH)
            }
            print out line
        }' "$map" "$example" >"$tmp"; then
        rm -f "$tmp" "$map"
        die "falha ao gerar $env_file a partir de $example"
    fi
    rm -f "$map"

    # `ln` é atômico e falha se o destino já existir: se outro processo criou o .env
    # ao mesmo tempo, mantemos o dele (os segredos precisam ser estáveis).
    if ln "$tmp" "$env_file" 2>/dev/null; then
        log "criado $env_file a partir de .env.example (segredos aleatórios, modo 600)"
    fi
    rm -f "$tmp"
    chmod 600 "$env_file" 2>/dev/null || true
    [[ -f "$env_file" ]] || die "não foi possível criar $env_file"
}

# Acrescenta ao .env existente as chaves que surgiram no .env.example depois que ele foi
# criado (ex.: atualização do repositório). Só chaves simples sem referência a outras:
# cada `change-me-*` da linha nova vira um segredo aleatório próprio.
_ts_env_add_missing() {
    local env_file="$1" example="$2" line key secret added=0
    [[ -f "$example" ]] || return 0
    while IFS= read -r line; do
        [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)= ]] || continue
        key="${BASH_REMATCH[1]}"
        grep -qE "^(export[[:space:]]+)?${key}=" "$env_file" && continue
        while [[ "$line" =~ change-me-[A-Za-z0-9_-]+ ]]; do
            secret="$(_ts_random_hex 32)"
            line="${line/${BASH_REMATCH[0]}/$secret}"
        done
        printf '%s\n' "$line" >>"$env_file"
        added=$((added + 1))
    done <"$example"
    if (( added > 0 )); then
        log "acrescentadas $added variáveis novas do .env.example ao .env"
    fi
}

# Lê o .env e imprime pares "CHAVE<TAB>valor" já normalizados (um por linha).
_ts_env_parse() {
    local file="$1" line key value lineno=0
    [[ -r "$file" ]] || die "não foi possível ler $file"
    while IFS= read -r line || [[ -n "$line" ]]; do
        lineno=$((lineno + 1))
        line="${line%$'\r'}"
        # remove espaços à esquerda
        line="${line#"${line%%[![:space:]]*}"}"
        [[ -z "$line" || "$line" == \#* ]] && continue
        if [[ "$line" == export[[:space:]]* ]]; then
            line="${line#export}"
            line="${line#"${line%%[![:space:]]*}"}"
        fi
        if [[ ! "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=(.*)$ ]]; then
            die "$file:$lineno: linha inválida (esperado CHAVE=valor): $line"
        fi
        key="${BASH_REMATCH[1]}"
        value="${BASH_REMATCH[2]}"
        value="${value#"${value%%[![:space:]]*}"}"
        if [[ "$value" =~ ^\"(.*)\"[[:space:]]*(#.*)?$ ]]; then
            value="${BASH_REMATCH[1]}"
        elif [[ "$value" =~ ^\'(.*)\'[[:space:]]*(#.*)?$ ]]; then
            value="${BASH_REMATCH[1]}"
        else
            # valor sem aspas: " #" inicia comentário; remove espaços à direita
            value="${value%%[[:space:]]#*}"
            value="${value%"${value##*[![:space:]]}"}"
        fi
        printf '%s\t%s\n' "$key" "$value"
    done <"$file"
}

# Exporta as variáveis de <repo>/.env (ou do arquivo informado).
# Precedência: o que já estiver definido no ambiente de quem chamou vence o .env
# (permite, ex., `TS_PG_PORT=55432 scripts/stack.sh up` ou apontar DATABASE_URL para
# um stack externo). Variáveis já definidas são apenas exportadas, sem mudar o valor.
load_env() {
    local file="${1:-$(repo_root)/.env}" key value pairs
    local -A preset=()
    pairs="$(_ts_env_parse "$file")" || exit 1
    # 1ª passada: quais chaves o chamador já definiu (antes de exportarmos qualquer uma).
    while IFS=$'\t' read -r key value; do
        if [[ -n "$key" && -n "${!key+x}" ]]; then
            preset[$key]=1
        fi
    done <<<"$pairs"
    # 2ª passada: exporta; chave repetida no arquivo -> vale a última ocorrência.
    while IFS=$'\t' read -r key value; do
        [[ -n "$key" ]] || continue
        if [[ -n "${preset[$key]+x}" ]]; then
            export "${key?}"
        else
            export "$key=$value"
        fi
    done <<<"$pairs"
}

# Imprime o valor de CHAVE como está no arquivo (ignora o ambiente; vale a última
# ocorrência). Retorna 1 se a chave não existir no arquivo.
env_file_value() {
    local want="$1" file="${2:-$(repo_root)/.env}" key value pairs found=1 result=""
    pairs="$(_ts_env_parse "$file")" || exit 1
    while IFS=$'\t' read -r key value; do
        if [[ "$key" == "$want" ]]; then
            result="$value"
            found=0
        fi
    done <<<"$pairs"
    if ((found == 0)); then
        printf '%s\n' "$result"
    fi
    return "$found"
}
