# Os verbos de quem chega: cada um parte da raiz do repositório e falha alto (ver scripts/dev.sh).
.PHONY: up down status reset test check bench

up:      ## sobe a plataforma inteira localmente (serviços, migrações, tenant demo, API, ingest, workers, simulador)
	scripts/dev.sh up

test:    ## roda a suíte completa contra serviços reais
	scripts/dev.sh test

check:   ## ruff (lint + formato) e mypy (ingest, contracts e backend)
	scripts/dev.sh check

bench:   ## um benchmark na instância de dev: make bench B=data_api ARGS="--reload --write-docs"
	scripts/dev.sh bench $(B) $(ARGS)

down:
	scripts/dev.sh down

status:
	scripts/dev.sh status

reset:
	scripts/dev.sh reset
