"""Settings the front pages share with the news pages: links built from one base URL, uploads in a temporary folder."""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _news_settings(settings, tmp_path):
    settings.BASE_URL = "https://awaz.example"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def days_ago():
    now = timezone.now()
    return lambda days: now - timedelta(days=days)
