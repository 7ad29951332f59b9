"""Apoio de testes compartilhado por backend/, ingest/ e benchmarks/ (nada disto roda em produção).

- `testsupport.tenants`: tenant no schema, cliente da API com Bearer real, slugs únicos.
- `testsupport.mqtt`: conexão ao broker de teste (TLS para dispositivos), admin do dynsec, publicador QoS 1.
- `testsupport.ingest`: o ingest como subprocesso e acesso ao banco de teste como dono.
- `testsupport.broker`: dispositivos provisionados de verdade (commit → Celery → dynsec) e cliente MQTT síncrono.
- `testsupport.devplatform`: o broker do `make up` visto pela suíte (prova de que ela não o perturba).
- `testsupport.stack`: parar/subir serviços da instância de TESTE (nunca a de `make up`).
- `testsupport.simulator`: o simulador de `scripts/simulator.py` importado sem mexer no sys.path.
- `testsupport.fixtures`: plugin pytest (registrado no conftest.py da raiz) com o worker Celery real.
"""
