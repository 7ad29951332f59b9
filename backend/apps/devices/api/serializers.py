"""Serializers da API de dispositivos: só formato e validação de entrada; regras ficam em services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from rest_framework import serializers

from apps.devices.models import Device, Point
from apps.devices.services import DeviceSpec, DeviceWithSecret


class DeviceSerializer(serializers.ModelSerializer[Device]):
    site: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    template: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Device
        fields = [
            "id",
            "site",
            "template",
            "slug",
            "name",
            "topic_base",
            "mqtt_username",
            "provisioning_status",
            "provisioning_error",
            "provisioned_at",
            "decommissioned_at",
            "created_at",
        ]
        read_only_fields = fields


class DeviceCreateSerializer(serializers.Serializer[Any]):
    site = serializers.SlugField(max_length=63)
    site_name = serializers.CharField(max_length=200, required=False, default="")
    template = serializers.SlugField(max_length=63)
    slug = serializers.SlugField(max_length=63)
    name = serializers.CharField(max_length=200)
    contracted_points = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        allow_empty=True,
        help_text="Nomes dos pontos contratados; omitido = todos os pontos do modelo.",
    )

    def to_spec(self) -> DeviceSpec:
        data = self.validated_data
        return DeviceSpec(
            site_slug=data["site"],
            site_name=data["site_name"],
            template_slug=data["template"],
            slug=data["slug"],
            name=data["name"],
            contracted_points=data.get("contracted_points"),
        )


class BulkRequestSerializer(serializers.Serializer[Any]):
    rows = serializers.ListField(
        child=serializers.DictField(),
        allow_empty=False,
        help_text="Linhas {site, slug, name, template, contracted_points?, site_name?}; validadas linha a linha.",
    )
    dry_run = serializers.BooleanField(required=False, default=False)


class BulkRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(help_text="Número da linha (1 = primeira linha de dados).")
    site = serializers.CharField()
    slug = serializers.CharField()
    status = serializers.ChoiceField(choices=["created", "exists", "error"])
    reason = serializers.CharField()
    device_id = serializers.UUIDField(allow_null=True)
    mqtt_username = serializers.CharField(allow_null=True)
    mqtt_password = serializers.CharField(allow_null=True, help_text="Só em `created` fora de dry_run; uma vez.")


class BulkResultSerializer(serializers.Serializer[Any]):
    dry_run = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    results = BulkRowSerializer(many=True)


class DeviceMoveSerializer(serializers.Serializer[Any]):
    site = serializers.SlugField(max_length=63, help_text="Site de destino (criado se não existir).")
    site_name = serializers.CharField(max_length=200, required=False, default="")


class MqttCredentialsSerializer(serializers.Serializer[Any]):
    """Bloco `mqtt` (só documentação do OpenAPI; o conteúdo vem de `mqtt_credentials_payload`)."""

    host = serializers.CharField()
    port = serializers.IntegerField()
    tls = serializers.BooleanField()
    ca_cert = serializers.CharField(allow_null=True)
    username = serializers.CharField()
    client_id = serializers.CharField()
    password = serializers.CharField(help_text="Mostrada só nesta resposta; nunca gravada em texto.")
    topic_base = serializers.CharField()


class DeviceWithCredentialsSerializer(DeviceSerializer):
    mqtt = MqttCredentialsSerializer(allow_null=True, read_only=True)

    class Meta(DeviceSerializer.Meta):
        fields = [*DeviceSerializer.Meta.fields, "mqtt"]
        read_only_fields = fields


def mqtt_credentials_payload(result: DeviceWithSecret) -> dict[str, Any]:
    """Bloco `mqtt` da resposta: a senha aparece só aqui, uma vez.

    `host`/`port` são o endereço público (TLS) do broker; `ca_cert` é a CA (PEM) para verificar o broker
    quando ela não é pública (a CA de dev local), senão `null`.
    """
    device = result.device
    ca_cert = Path(settings.MQTT_PUBLIC_CA_FILE).read_text() if settings.MQTT_PUBLIC_CA_FILE else None
    return {
        "host": settings.MQTT_PUBLIC_HOST,
        "port": settings.MQTT_PUBLIC_PORT,
        "tls": settings.MQTT_PUBLIC_TLS,
        "ca_cert": ca_cert,
        "username": device.mqtt_username,
        "client_id": device.mqtt_username,
        "password": result.mqtt_password,
        "topic_base": device.topic_base,
    }


class PointSerializer(serializers.ModelSerializer[Point]):
    class Meta:
        model = Point
        fields = [
            "id",
            "device",
            "name",
            "label",
            "value_type",
            "unit",
            "enum_values",
            "polarity",
            "is_contracted",
            "low_limit",
            "high_limit",
            "hysteresis",
        ]
        read_only_fields = [f for f in fields if f not in {"low_limit", "high_limit", "hysteresis"}]


class PointLimitsSerializer(serializers.Serializer[Any]):
    """PATCH de limites: campos omitidos mantêm o valor atual; null apaga o limite."""

    low_limit = serializers.FloatField(required=False, allow_null=True)
    high_limit = serializers.FloatField(required=False, allow_null=True)
    hysteresis = serializers.FloatField(required=False, allow_null=True, min_value=0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError({f: "campo não editável" for f in sorted(unknown)})
        if not attrs:
            raise serializers.ValidationError("informe low_limit, high_limit ou hysteresis")
        return attrs
