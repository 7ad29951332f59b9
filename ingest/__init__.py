"""TrakSense ingest: MQTT → validação/normalização → TimescaleDB (em lote, at-least-once, sem duplicatas).

Serviço asyncio separado; não importa nada do Django. Roda com `python -m ingest`.
"""
