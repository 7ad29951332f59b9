"""`manage.py setup_tenant`: cria um tenant com domínio e primeiros usuários (papel dono do banco)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.grants import grant_app_privileges
from apps.tenancy.choices import TenantRole
from apps.tenancy.services import MemberSpec, TenancyError, create_tenant


class Command(BaseCommand):
    help = "Cria um tenant (schema, domínio) e seus primeiros usuários. Idempotente."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--domain", help="hostname do tenant (padrão: <slug>.localhost)")
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="USUARIO:SENHA:PAPEL",
            help="papel = customer_admin | viewer; pode repetir",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        members = []
        for raw in options["member"]:
            try:
                username, password, role = raw.split(":", 2)
                members.append(MemberSpec(username, password, TenantRole(role)))
            except ValueError as exc:
                raise CommandError(f"--member inválido {raw!r}: use USUARIO:SENHA:PAPEL ({exc})") from exc
        try:
            tenant = create_tenant(
                slug=options["slug"], name=options["name"], domain=options["domain"], members=members
            )
        except TenancyError as exc:
            raise CommandError(str(exc)) from exc
        grant_app_privileges()
        self.stdout.write(
            self.style.SUCCESS(f"Tenant {tenant.slug} pronto (schema {tenant.schema_name}, id {tenant.tenant_id}).")
        )
