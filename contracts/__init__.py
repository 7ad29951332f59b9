"""Contratos compartilhados entre serviços e o frontend (modelos Pydantic v2; JSON Schema/TS gerados a partir deles)."""
