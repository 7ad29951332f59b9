"""Rotas /api/alerts, /api/rules, /api/webhooks e /api/webhook-deliveries (URLconf do tenant).

Com e sem barra final (`/api/alerts?state=open` e `/api/alerts/`), como /api/cmd e /api/dashboards.
"""

from rest_framework.routers import SimpleRouter

from apps.rules.api.views import AlertViewSet, RuleViewSet, WebhookDeliveryViewSet, WebhookEndpointViewSet

urlpatterns = []
for trailing_slash in (True, False):
    router = SimpleRouter(trailing_slash=trailing_slash)
    router.register("api/alerts", AlertViewSet, basename="alert" if trailing_slash else "alert-noslash")
    router.register("api/rules", RuleViewSet, basename="rule" if trailing_slash else "rule-noslash")
    router.register("api/webhooks", WebhookEndpointViewSet, basename="webhook" if trailing_slash else "webhook-noslash")
    router.register(
        "api/webhook-deliveries",
        WebhookDeliveryViewSet,
        basename="webhook-delivery" if trailing_slash else "webhook-delivery-noslash",
    )
    urlpatterns += router.urls
