"""Contas de serviço no Mosquitto local (o que `scripts/stack.sh` garante a cada `up`), contra o broker de teste.

Usa uma conta descartável com o papel da API: criar, repetir sem mudar nada (um `up` repetido não pode
derrubar o ingest com `setClientPassword`) e voltar à senha do ambiente quando o broker diverge.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from apps.broker.backends.dynsec import DynsecSession, ServiceAccount, credentials_accepted, ensure_service_accounts
from testsupport.mqtt import dynsec, internal_endpoint


@pytest.fixture
def admin() -> Iterator[DynsecSession]:
    endpoint = internal_endpoint()
    with DynsecSession(
        host=endpoint.host,
        port=endpoint.port,
        username=os.environ["TS_MQTT_ADMIN_USER"],
        password=os.environ["TS_MQTT_ADMIN_PASSWORD"],
    ) as session:
        yield session


def test_service_accounts_are_created_once_and_follow_the_environment(admin: DynsecSession) -> None:
    endpoint = internal_endpoint()
    account = ServiceAccount(f"svc-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex, "traksense-api")
    try:
        changes = ensure_service_accounts(admin, endpoint, [account])
        assert f"cliente {account.username} criado" in changes
        assert credentials_accepted(endpoint, account.username, account.password)

        # Papéis, ACLs e a conta já estão certos: nada muda (nem a senha é regravada).
        assert ensure_service_accounts(admin, endpoint, [account]) == []

        # O broker passou a ter outra senha: volta à do ambiente.
        admin.run([{"command": "setClientPassword", "username": account.username, "password": "outra"}])
        assert not credentials_accepted(endpoint, account.username, account.password)
        changes = ensure_service_accounts(admin, endpoint, [account])
        assert changes == [f"senha de {account.username} atualizada conforme o ambiente"]
        assert credentials_accepted(endpoint, account.username, account.password)

        (client,) = admin.run([{"command": "getClient", "username": account.username}])
        assert [r["rolename"] for r in client["data"]["client"]["roles"]] == ["traksense-api"]
    finally:
        dynsec([{"command": "deleteClient", "username": account.username}])
