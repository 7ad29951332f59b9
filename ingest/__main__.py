"""Ponto de entrada: `python -m ingest`."""

from ingest.main import cli

if __name__ == "__main__":
    raise SystemExit(cli())
