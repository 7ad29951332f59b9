"""Provisionamento em massa: muitas linhas (site, slug, nome, modelo, pontos contratados) numa chamada.

Idempotente por (site, slug): linha cujo dispositivo já existe vira `exists` e nada muda, então rodar de novo
depois de uma falha parcial cria só o que falta. Linhas inválidas são recusadas uma a uma na validação (sem
derrubar as outras); as válidas são gravadas juntas, um INSERT em lote por tabela, e o broker recebe UM lote
(`apps.broker.tasks.provision_devices`) após o commit.
`dry_run` faz tudo dentro da transação e desfaz no fim: o resultado por linha é o que aconteceria.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from apps.devices.models import Device
from apps.devices.services import (
    DeviceConflict,
    DeviceError,
    DeviceSpec,
    DeviceWithSecret,
    PlannedDevice,
    TemplateCache,
    create_devices,
    plan_device,
)
from apps.tenancy.models import Tenant

CSV_COLUMNS = ("site", "slug", "name", "template", "contracted_points")
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowResult:
    """Resultado de uma linha: `created` (com a senha, uma vez), `exists` ou `error` com o motivo."""

    row: int
    site: str
    slug: str
    status: str
    reason: str = ""
    device_id: str | None = None
    mqtt_username: str | None = None
    mqtt_password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class BulkResult:
    dry_run: bool
    results: list[RowResult]

    def counts(self) -> dict[str, int]:
        out = {"created": 0, "exists": 0, "error": 0}
        for r in self.results:
            out[r.status] += 1
        return out


def parse_csv(text: str) -> list[dict[str, Any]]:
    """CSV com cabeçalho (`site,slug,name,template,contracted_points`); pontos separados por `;`, vazio = todos."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CSV_COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing:
        raise DeviceError(f"CSV sem as colunas {missing} (esperado: {', '.join(CSV_COLUMNS)})")
    rows: list[dict[str, Any]] = []
    for raw in reader:
        row: dict[str, Any] = {k: (raw.get(k) or "").strip() for k in CSV_COLUMNS}
        points = row.pop("contracted_points")
        row["contracted_points"] = [p.strip() for p in points.split(";") if p.strip()] if points else None
        rows.append(row)
    return rows


def _spec(row: dict[str, Any]) -> DeviceSpec:
    for key in ("site", "slug", "name", "template"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise DeviceError(f"campo obrigatório ausente: {key}")
    points = row.get("contracted_points")
    if points is not None and (not isinstance(points, list) or not all(isinstance(p, str) for p in points)):
        raise DeviceError("contracted_points deve ser lista de nomes")
    return DeviceSpec(
        site_slug=row["site"].strip(),
        site_name=str(row.get("site_name") or ""),
        template_slug=row["template"].strip(),
        slug=row["slug"].strip(),
        name=row["name"].strip()[:200],
        contracted_points=points,
    )


def bulk_provision(*, tenant: Tenant, rows: list[dict[str, Any]], dry_run: bool = False) -> BulkResult:
    """Cria os dispositivos das linhas que ainda não existem; devolve o resultado de cada linha (1-based).

    Cada linha é validada contra o catálogo (lido uma vez por modelo); as válidas são criadas juntas por
    `create_devices` (um INSERT em lote por tabela). Se o lote esbarrar num endereço criado por outra chamada
    concorrente, cai para uma linha por vez (savepoint cada), e a linha em conflito vira `exists`.
    """
    if len(rows) > MAX_ROWS:
        raise DeviceError(f"no máximo {MAX_ROWS} linhas por chamada (vieram {len(rows)})")
    results: dict[int, RowResult] = {}
    batch: list[tuple[str, str, str]] = []
    templates = TemplateCache()
    with transaction.atomic():
        existing = {
            (site, slug): (str(dev_id), username)
            for site, slug, dev_id, username in Device.objects.values_list("site__slug", "slug", "id", "mqtt_username")
        }
        seen: dict[tuple[str, str], int] = {}
        planned: list[tuple[int, PlannedDevice]] = []
        raw: dict[int, tuple[str, str]] = {}
        for number, row in enumerate(rows, start=1):
            site, slug = str(row.get("site") or ""), str(row.get("slug") or "")
            try:
                spec = _spec(row)
            except DeviceError as exc:
                results[number] = RowResult(number, site, slug, "error", str(exc))
                continue
            key = (spec.site_slug, spec.slug)
            if key in seen:
                results[number] = RowResult(number, site, slug, "error", f"duplicada da linha {seen[key]}")
                continue
            seen[key] = number
            if key in existing:
                dev_id, username = existing[key]
                results[number] = RowResult(number, site, slug, "exists", device_id=dev_id, mqtt_username=username)
                continue
            try:
                planned.append((number, plan_device(spec, templates)))
                raw[number] = (site, slug)
            except DeviceError as exc:
                results[number] = RowResult(number, site, slug, "error", str(exc))

        def created(number: int, made: DeviceWithSecret) -> RowResult:
            return RowResult(
                number,
                *raw[number],
                "created",
                device_id=str(made.device.id),
                mqtt_username=made.device.mqtt_username,
                mqtt_password=None if dry_run else made.mqtt_password,
            )

        try:
            with transaction.atomic():
                made_all = create_devices(tenant=tenant, plans=[p for _, p in planned], provision_batch=batch)
        except DeviceConflict:
            batch.clear()
            for number, plan in planned:
                try:
                    with transaction.atomic():
                        (made,) = create_devices(tenant=tenant, plans=[plan], provision_batch=batch)
                except DeviceConflict as exc:
                    results[number] = RowResult(number, *raw[number], "exists", str(exc))
                except DeviceError as exc:
                    results[number] = RowResult(number, *raw[number], "error", str(exc))
                else:
                    results[number] = created(number, made)
        else:
            for (number, _), made in zip(planned, made_all, strict=True):
                results[number] = created(number, made)
        if dry_run:
            transaction.set_rollback(True)
        elif batch:
            _enqueue_batch(batch)
    return BulkResult(dry_run, [results[n] for n in sorted(results)])


def _enqueue_batch(batch: list[tuple[str, str, str]]) -> None:
    def send() -> None:
        from apps.broker.tasks import provision_devices

        provision_devices.delay(batch)

    transaction.on_commit(send, robust=True)


def credentials_csv(result: BulkResult, *, tenant_slug: str) -> str:
    """O arquivo das senhas de uma chamada (só linhas `created`): entregue uma vez, nunca gravado."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "site", "slug", "device_id", "mqtt_username", "mqtt_password", "topic_base"])
    for r in result.results:
        if r.status == "created":
            topic_base = f"traksense/{tenant_slug}/{r.site}/{r.slug}"
            writer.writerow([r.row, r.site, r.slug, r.device_id, r.mqtt_username, r.mqtt_password, topic_base])
    return out.getvalue()
