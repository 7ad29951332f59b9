"""Publicador de teste com credenciais próprias, criadas e apagadas pelo próprio teste.

As credenciais de sessão do conftest (`publisher_credentials`) são criadas uma vez por sessão; um teste do
backend que reinicia/ressincroniza o broker antes pode deixá-las inválidas ("not authorised") para quem roda
depois. Os testes de `test_mqtt_client.py` e `test_processes.py` não dependem dessa ordem.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from testsupport.mqtt import Credentials, Publisher, dynsec


@contextmanager
def own_publisher() -> Iterator[Publisher]:
    user, password, role = f"test-pub-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex, f"test-pub-role-{uuid.uuid4().hex[:6]}"
    responses = dynsec(
        [
            {"command": "createRole", "rolename": role},
            {
                "command": "addRoleACL",
                "rolename": role,
                "acltype": "publishClientSend",
                "topic": "traksense/#",
                "allow": True,
            },
            {"command": "createClient", "username": user, "password": password},
            {"command": "addClientRole", "username": user, "rolename": role},
        ]
    )
    assert all("error" not in r for r in responses), responses
    pub = Publisher(Credentials(user, password))
    try:
        yield pub
    finally:
        pub.close()
        dynsec([{"command": "deleteClient", "username": user}, {"command": "deleteRole", "rolename": role}])
