"""`make test` ao lado de um `make up`: a suíte roda na instância de teste e não deixa efeito no broker de dev.

Antes do primeiro teste, o plugin de testsupport provisionou um dispositivo-canário no broker de dev (subindo-o,
se estava parado) e anotou o pid e os dispositivos dele. Este teste roda por último, depois dos testes que
criam, revogam e rotacionam dispositivos, reconstroem o broker (resync) e param/reiniciam serviços.
"""

from __future__ import annotations

import pytest

from testsupport.devplatform import DevPlatform


@pytest.mark.dev_platform
def test_suite_leaves_the_dev_broker_as_it_found_it(dev_platform: DevPlatform) -> None:
    # O mesmo processo: nenhum teste reiniciou o broker de dev (o resync de antes o reiniciava).
    assert dev_platform.pid() == dev_platform.pid_before
    # Nem o PostgreSQL nem o Redis de dev foram parados ou reiniciados (os testes de confiabilidade param os
    # da instância de teste).
    assert dev_platform.other_pids() == dev_platform.other_pids_before
    # Os mesmos dispositivos, com as mesmas senhas (hash/sal), client ids e papéis: o simulador do `make up`
    # continua aceito.
    assert dev_platform.devices() == dev_platform.devices_before
    # E o broker de dev ainda aceita um dispositivo provisionado nele antes da suíte.
    assert dev_platform.canary_accepted()
