"""Contratos da TrakSense: a fonte única de tópicos, payloads MQTT, DashboardConfig e DTOs da API de dados.

Pydantic v2 puro — sem Django, sem I/O — para que o ingest, a API, o simulador, os benchmarks e o gerador de
artefatos (`shared/schemas` em JSON Schema, `shared/types` em TypeScript; `scripts/dev.sh contracts`) leiam
o mesmo modelo. Nomes e campos seguem a especificação do produto (seed 000 §5 e §10).

Cada módulo é um grupo de contratos e vira um par de arquivos gerados (`<módulo>.json`, `<módulo>.ts`):
o gerador exporta todo `BaseModel` público definido em qualquer módulo do pacote.
"""
