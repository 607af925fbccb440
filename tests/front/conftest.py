"""The front pages share the news pages' settings (links from one base URL, uploads in a
temporary folder) and their `days_ago` helper."""

from tests.news.conftest import _news_settings, days_ago  # noqa: F401 - fixtures, used by name
