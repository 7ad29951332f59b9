"""Contratos (DTOs Pydantic v2) que a plataforma expõe: API, webhooks e exportação para o frontend."""
