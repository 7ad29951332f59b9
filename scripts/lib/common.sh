# shellcheck shell=bash
# Funções utilitárias compartilhadas pelos scripts do TrakSense.
#
# Uso (de qualquer script dentro de scripts/):
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Este arquivo só define funções: não altera opções do shell (set -e etc.),
# quem decide isso é o script que o carrega.

# Evita redefinir tudo se for carregado mais de uma vez.
if [[ -n "${_TS_COMMON_SH_LOADED:-}" ]]; then
    return 0
fi
_TS_COMMON_SH_LOADED=1

# Diretório deste arquivo (scripts/lib), resolvido uma única vez no carregamento,
# para que repo_root funcione independentemente do diretório corrente.
_TS_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"

# Imprime o caminho absoluto da raiz do repositório (dois níveis acima de scripts/lib).
repo_root() {
    (cd "$_TS_LIB_DIR/../.." && pwd -P)
}

# Nome curto do script em execução, usado como prefixo das mensagens.
_ts_prog() {
    basename "${0:-traksense}"
}

# Mensagem informativa em stderr (stdout fica livre para saídas úteis, ex.: `stack.sh env`).
log() {
    printf '[%s] %s\n' "$(_ts_prog)" "$*" >&2
}

# Aviso em stderr.
warn() {
    printf '[%s] AVISO: %s\n' "$(_ts_prog)" "$*" >&2
}

# Aborta com mensagem de erro clara em stderr.
# Uso: die "mensagem" [código de saída, padrão 1]
die() {
    printf '[%s] ERRO: %s\n' "$(_ts_prog)" "${1:-erro desconhecido}" >&2
    exit "${2:-1}"
}

# Garante que os comandos informados existem no PATH; aborta listando os que faltam.
require_cmd() {
    local cmd missing=()
    for cmd in "$@"; do
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
    done
    if ((${#missing[@]} > 0)); then
        die "comando(s) necessário(s) não encontrado(s): ${missing[*]}"
    fi
}
