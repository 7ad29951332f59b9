"""Rotas /api/cmd (URLconf do tenant). O POST é não-atômico: ver CommandIssueView."""

from django.db import transaction
from django.urls import path, register_converter

from apps.commands.api.views import CommandDetailView, CommandIssueView, CommandListView


class UlidConverter:
    regex = "[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(UlidConverter, "ulid")

issue = transaction.non_atomic_requests(CommandIssueView.as_view())

urlpatterns = [
    path("api/cmd/", CommandListView.as_view(), name="command-list"),
    path("api/cmd/<uuid:device_id>", issue, name="command-issue"),
    path("api/cmd/<uuid:device_id>/", issue, name="command-issue-slash"),
    path("api/cmd/<ulid:cmd_id>", CommandDetailView.as_view(), name="command-detail"),
    path("api/cmd/<ulid:cmd_id>/", CommandDetailView.as_view(), name="command-detail-slash"),
]
