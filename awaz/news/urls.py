from django.urls import path

from awaz.news import views
from awaz.news.feeds import NewsAtomFeed, NewsFeed

app_name = "news"
urlpatterns = [
    path("", views.post_list, name="index"),
    path("feed/", NewsFeed(), name="rss"),
    path("feed/atom/", NewsAtomFeed(), name="atom"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("tags/<slug:slug>/feed/", NewsFeed(), name="tag_rss"),
    path("tags/<slug:slug>/feed/atom/", NewsAtomFeed(), name="tag_atom"),
    path("preview/<int:pk>/", views.post_preview, name="preview"),
    # Last: a post's slug may be any word that the paths above do not use (see RESERVED_SLUGS).
    path("<slug:slug>/", views.post_detail, name="detail"),
]
