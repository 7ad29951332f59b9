"""Hierarquia única de exceções do ingest."""

from __future__ import annotations


class IngestError(Exception):
    """Base de todos os erros do ingest."""


class ConfigError(IngestError):
    """Configuração ausente ou inválida no ambiente (falha na partida, com mensagem clara)."""


class Rejected(IngestError):
    """Mensagem (ou parte dela) recusada: vira dead letter com `reason` e `detail`; nunca para o loop."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class SinkUnavailable(IngestError):
    """Banco indisponível (conexão caiu, servidor reiniciando): o lote é repetido com backoff."""
