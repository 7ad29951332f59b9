"""Adapters de payload de telemetria: cada formato vira a mesma lista de amostras normalizadas.

- `v1`: o envelope normalizado da especificação (000 §5), aceito de qualquer dispositivo.
- `parsec_v1`: payload bruto dos inversores Parsec (DI1/DI2), só para dispositivos registrados com
  esse adapter. Definição e semântica em `parsec_v1.py`.
"""

from ingest.adapters.base import Decoded, Sample

__all__ = ["Decoded", "Sample"]
