"""Provisionador do EMQX (produção).

O EMQX lê credenciais e ACL direto do PostgreSQL (infra/emqx): provisionar é gravar no banco, o que as
ações de serviço já fizeram. Aqui só resta derrubar sessões antigas pela API REST
`DELETE /api/v5/clients/{clientid}` (revogação/rotação valem na hora e o cache de ACL é descartado).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from apps.broker.backends.base import BrokerError, BrokerUnavailable, CheckResult, DeviceIdentity


class EmqxProvisioner:
    """EMQX lê credenciais e ACL do PostgreSQL: aplicar = nada a fazer além de derrubar sessões antigas."""

    def __init__(self, *, api_url: str | None = None, api_key: str | None = None, api_secret: str | None = None):
        self.api_url = (api_url or settings.EMQX_API_URL).rstrip("/")
        self.api_key = api_key or settings.EMQX_API_KEY
        self.api_secret = api_secret or settings.EMQX_API_SECRET
        if not self.api_url or not self.api_key or not self.api_secret:
            raise BrokerError("EMQX_API_URL/EMQX_API_KEY/EMQX_API_SECRET são obrigatórios com TS_MQTT_BACKEND=emqx")

    def kick(self, client_id: str) -> bool:
        """`DELETE /api/v5/clients/{clientid}`; True se havia sessão, False se já estava desconectado."""
        url = f"{self.api_url}/api/v5/clients/{urllib.parse.quote(client_id, safe='')}"
        token = base64.b64encode(f"{self.api_key}:{self.api_secret}".encode()).decode()
        request = urllib.request.Request(url, method="DELETE", headers={"Authorization": f"Basic {token}"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — URL da configuração
                return bool(response.status == 204)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return False
            if exc.code in (401, 403):
                raise BrokerError(f"EMQX recusou a chave de API ({exc.code})") from exc
            raise BrokerUnavailable(f"EMQX respondeu {exc.code}") from exc
        except OSError as exc:
            raise BrokerUnavailable(f"EMQX inalcançável: {exc}") from exc

    def apply(self, device: DeviceIdentity, password: str) -> None:
        # A senha nova já vale (hash no banco); derruba a sessão antiga para a rotação valer já e o cache
        # de ACL do EMQX ser descartado.
        self.kick(device.client_id)

    def apply_many(self, items: list[tuple[DeviceIdentity, str]]) -> None:
        # O EMQX lê credencial e ACL do banco: só as sessões antigas (se houver) precisam cair.
        for device, password in items:
            self.apply(device, password)

    def revoke(self, username: str) -> None:
        self.kick(username)

    def check(self, device: DeviceIdentity) -> CheckResult:
        return CheckResult(device.username, True, "EMQX lê o banco diretamente")
