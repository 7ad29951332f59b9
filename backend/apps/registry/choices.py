"""Escolhas do registro de roteamento."""

from django.db import models


class PayloadAdapter(models.TextChoices):
    """Formato do payload que o dispositivo publica em `telem` (adapter Pydantic no ingest)."""

    V1 = "v1", "Envelope normalizado v1"
    PARSEC_V1 = "parsec_v1", "Parsec (inversores) v1"


class ValueType(models.TextChoices):
    """Tipo de valor de um ponto; decide a coluna de ts_measure (v_num, v_bool ou v_text)."""

    FLOAT = "float", "Número real"
    INT = "int", "Inteiro"
    BOOL = "bool", "Booleano"
    ENUM = "enum", "Enumeração"
    TEXT = "text", "Texto"
