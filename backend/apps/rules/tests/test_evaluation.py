"""Avaliação ponta a ponta: MQTT → ingest (commit) → stream Redis → avaliador → alerta no banco.

Tudo real: broker, ingest, Redis, avaliador (`manage.py run_evaluator`) e PostgreSQL. "Processado" é
observado pelo `last_ts` do estado persistido da regra, nunca por tempo.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

from django.db import transaction

from apps.rules.evaluator import lock_hits, save_hits
from apps.rules.models import Rule
from apps.rules.services import spec_of, state_of
from apps.rules.tests.conftest import Devices, EvaluatorProcess, now, wait_until
from testsupport import procstat
from testsupport.tenants import in_tenant

Evaluators = Callable[[str], EvaluatorProcess]


def test_threshold_crossing_raises_one_alert_and_hysteresis_prevents_flapping(
    devices: Devices, evaluators: Evaluators
) -> None:
    evaluators("eval-a")
    dev = devices.create()
    rule = dev.set_rule("temp_agua_saida", "threshold", for_s=0)  # faixa [4, 12], histerese 0,5
    t0 = now() - timedelta(seconds=60)
    devices.send_v1(dev, t0, temp_agua_saida=10.0)
    wait_until(lambda: devices.processed(dev, rule, t0), "primeiro valor avaliado")
    assert devices.alerts(rule) == []

    devices.send_v1(dev, t0 + timedelta(seconds=1), temp_agua_saida=13.0)
    wait_until(lambda: devices.alerts(rule), "alerta aberto ao cruzar 12")
    # Oscila dentro da faixa de histerese (11,5 .. 12,x): nenhum fecha-abre.
    for i, v in enumerate([11.8, 12.4, 11.6, 12.9, 11.7], start=2):
        devices.send_v1(dev, t0 + timedelta(seconds=i), temp_agua_saida=v)
    last = t0 + timedelta(seconds=6)
    wait_until(lambda: devices.processed(dev, rule, last), "oscilação avaliada")
    alerts = devices.alerts(rule)
    assert len(alerts) == 1
    state, severity, peak, last_value, _, cleared_at, _ = alerts[0]
    assert (state, severity, cleared_at) == ("active_unack", "major", None)
    assert peak == 13.0
    assert last_value == 11.7
    assert devices.events(rule) == ["raised"]

    devices.send_v1(dev, t0 + timedelta(seconds=7), temp_agua_saida=11.0)  # abaixo de 11,5: normaliza
    wait_until(lambda: devices.alerts(rule)[0][5] is not None, "alerta normalizado")
    assert devices.alerts(rule)[0][0] == "cleared_unack"
    assert devices.events(rule) == ["raised", "cleared"]


def test_for_s_not_fired_when_condition_ends_first_then_fired_by_sweep(
    devices: Devices, evaluators: Evaluators
) -> None:
    evaluators("eval-a")
    dev = devices.create()
    rule = dev.set_rule("corrente_total", "threshold", for_s=2)  # acima de 180
    t0 = now()
    devices.send_v1(dev, t0, corrente_total=200.0)
    wait_until(lambda: devices.state(dev, rule)[0] == "pending", "regra pendente")
    devices.send_v1(dev, t0 + timedelta(seconds=1), corrente_total=170.0)
    wait_until(lambda: devices.state(dev, rule)[0] == "ok", "condição acabou antes do for_s")
    time.sleep(4)  # passa do for_s com várias varreduras (1 s) sem disparar
    assert devices.alerts(rule) == []

    t1 = now()
    devices.send_v1(dev, t1, corrente_total=210.0)
    # Nenhuma mensagem a mais: quem dispara é a varredura, quando o for_s vence.
    wait_until(lambda: devices.alerts(rule), "disparo pela varredura")
    assert len(devices.alerts(rule)) == 1
    assert devices.alerts(rule)[0][1] == "critical"


def test_no_data_fires_with_no_message_at_all(devices: Devices, evaluators: Evaluators) -> None:
    evaluators("eval-a")
    dev = devices.create()
    rule = dev.set_rule("temp_agua_saida", "no_data", no_data_s=2)
    # Nenhuma mensagem publicada.
    wait_until(lambda: devices.alerts(rule), "no_data disparou sem mensagem")
    assert devices.alerts(rule)[0][1] == "warning"
    devices.send_v1(dev, now(), temp_agua_saida=7.0)
    wait_until(lambda: devices.alerts(rule)[0][5] is not None, "dado chegou: normalizado")
    assert len(devices.alerts(rule)) == 1


def test_late_value_does_not_clear(devices: Devices, evaluators: Evaluators) -> None:
    evaluators("eval-a")
    dev = devices.create()
    rule = dev.set_rule("temp_agua_saida", "threshold", for_s=0)
    t0 = now()
    devices.send_v1(dev, t0, temp_agua_saida=14.0)
    wait_until(lambda: devices.alerts(rule), "alerta aberto")
    devices.send_v1(dev, t0 - timedelta(seconds=30), temp_agua_saida=8.0)  # atrasado e normal
    devices.send_v1(dev, t0 + timedelta(seconds=1), temp_agua_saida=14.5)
    wait_until(lambda: devices.processed(dev, rule, t0 + timedelta(seconds=1)), "valores avaliados")
    alerts = devices.alerts(rule)
    assert len(alerts) == 1
    assert alerts[0][5] is None  # continua aberto
    assert devices.events(rule) == ["raised"]


def test_evaluator_killed_mid_for_window_fires_on_time_once_after_restart(
    devices: Devices, evaluators: Evaluators
) -> None:
    first = evaluators("eval-a")
    dev = devices.create()
    rule = dev.set_rule("corrente_total", "threshold", for_s=3)
    devices.send_v1(dev, now(), corrente_total=250.0)
    wait_until(lambda: devices.state(dev, rule)[0] == "pending", "janela for_s em curso (persistida)")
    first.kill9()
    time.sleep(4)  # a janela vence com o avaliador morto
    assert devices.alerts(rule) == []
    evaluators("eval-a")  # mesmo consumidor: retoma o estado do banco e as entradas pendentes
    wait_until(lambda: devices.alerts(rule), "disparou depois do reinício")
    time.sleep(2.5)  # mais varreduras: não dispara de novo
    assert len(devices.alerts(rule)) == 1
    assert devices.events(rule) == ["raised"]


def test_two_evaluators_still_one_open_alert(devices: Devices, evaluators: Evaluators) -> None:
    evaluators("eval-a")
    evaluators("eval-b")
    devs = [devices.create() for _ in range(4)]
    rules = [d.set_rule("corrente_total", "threshold", for_s=1) for d in devs]
    t0 = now()
    for i in range(4):
        for d in devs:
            devices.send_v1(d, t0 + timedelta(seconds=i), corrente_total=200.0 + i)
    for d, r in zip(devs, rules, strict=True):
        wait_until(partial(devices.processed, d, r, t0 + timedelta(seconds=3)), "tudo avaliado")
        wait_until(partial(devices.alerts, r), "alerta aberto")
    time.sleep(2.5)  # as duas varreduras passam várias vezes pelas mesmas regras
    for r in rules:
        assert len(devices.alerts(r)) == 1
        assert devices.events(r) == ["raised"]


def test_parsec_fault_raises_critical_immediately_and_run_clears(devices: Devices, evaluators: Evaluators) -> None:
    evaluators("eval-a")
    dev = devices.create("inverter_v1_parsec")
    rule = dev.rule("device_state", "state")
    t0 = now()
    devices.send_parsec(dev, t0, di1=1, di2=0)
    wait_until(lambda: devices.processed(dev, rule, t0), "RUN avaliado")
    assert devices.alerts(rule) == []
    devices.send_parsec(dev, t0 + timedelta(seconds=1), di1=1, di2=1)  # FAULT sobrepõe RUN
    wait_until(lambda: devices.alerts(rule), "FAULT → alerta")
    alert = devices.alerts(rule)[0]
    assert alert[1] == "critical"
    assert alert[4] == "FAULT"
    devices.send_parsec(dev, t0 + timedelta(seconds=2), di1=0, di2=0)  # STOP
    wait_until(lambda: devices.alerts(rule)[0][5] is not None, "STOP normaliza")


def test_device_offline_rule_from_state_message(devices: Devices, evaluators: Evaluators) -> None:
    evaluators("eval-a")
    dev = devices.create("inverter_v1_parsec")
    rule = dev.set_rule(None, "offline", for_s=0)
    t0 = now()
    devices.send_state(dev, t0, online=False)
    wait_until(lambda: devices.alerts(rule), "offline → alerta")
    devices.send_state(dev, t0 + timedelta(seconds=1), online=True)
    wait_until(lambda: devices.alerts(rule)[0][5] is not None, "online → normalizado")


def test_evaluator_yields_cpu_to_the_ingest(evaluators: Evaluators) -> None:
    """TS_EVAL_SCHED_IDLE (padrão ligado) e TS_EVAL_NICE (padrão 10): com a CPU saturada, a avaliação cede ao
    ingest (ADR-005). Lido do processo real pelo kernel (política de escalonamento e nice)."""
    proc = evaluators("eval-a").proc
    assert proc is not None
    assert os.sched_getscheduler(proc.pid) == os.SCHED_IDLE
    assert os.sched_getscheduler(0) != os.SCHED_IDLE  # herdado do pytest não seria prova
    stat = procstat.read(proc.pid)
    assert stat is not None
    assert stat.nice - os.nice(0) == 10


def test_locked_hits_carry_each_rule_as_stored(devices: Devices) -> None:
    """A leitura sem ORM do avaliador (`lock_hits`) monta a `Spec` por posição das colunas: cada campo tem de
    sair igual ao da regra gravada (via ORM, `spec_of`), e o estado igual ao `state_of`."""
    dev = devices.create()
    dev.set_rule("temp_agua_saida", "threshold", for_s=3, keep_firing_for_s=7, clear_hysteresis=0.25, low=2.5)
    with in_tenant(dev.tenant), transaction.atomic():
        rules = list(Rule.objects.filter(device_id=dev.device_id, enabled=True).select_related("state"))
        hits = lock_hits(devices=[str(dev.device_id)], status_devices=[str(dev.device_id)])
    assert {h.rule_id for h in hits} == {str(r.id) for r in rules}
    assert len({r.kind for r in rules}) > 2  # o template cobre mais de um tipo de regra
    by_id = {h.rule_id: h for h in hits}
    for rule in rules:
        hit = by_id[str(rule.id)]
        assert hit.spec == spec_of(rule)._replace(created_at=None), rule.kind
        assert hit.state == state_of(rule.state)
        assert hit.key == str(rule.device_id if rule.kind == "offline" else rule.point_id)


def test_saved_states_read_back_exactly(devices: Devices) -> None:
    """`save_hits` grava por dois caminhos (JSON para quem mudou de fase/prazo/alerta, arrays para quem só viu um
    valor novo): os dois devolvem exatamente o estado gravado, com textos que exigem escape no literal de array."""
    dev = devices.create()
    device = [str(dev.device_id)]
    texts = ['a"b,c', "x\\y", "NULL", "{}", None, "ç ", "", "a\nb"]
    base = datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=UTC)
    with in_tenant(dev.tenant), transaction.atomic():
        hits = lock_hits(devices=device, status_devices=device)
        assert len(hits) >= 4
        for i, hit in enumerate(hits):
            hit.state = hit.state._replace(
                last_ts=base + timedelta(seconds=i),
                last_num=None if i % 3 == 0 else 0.1 + i,
                last_text=texts[i % len(texts)],
            )
        for hit in hits[::2]:
            hit.state = hit.state._replace(phase="pending", pending_since=base - timedelta(milliseconds=1))
        save_hits(hits)
        again = {h.rule_id: h for h in lock_hits(devices=device, status_devices=device)}
    assert {h.rule_id: h.state for h in hits} == {k: h.state for k, h in again.items()}
    assert {h.state.phase for h in again.values()} == {"ok", "pending"}
