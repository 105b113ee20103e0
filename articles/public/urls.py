from django.urls import path

from . import api, feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("berita/<slug:slug>/pratinjau/", views.ArticlePreviewView.as_view(), name="preview"),
    path("pratinjau/<str:token>/", views.SharedPreviewView.as_view(), name="shared_preview"),
    path("ralat/", views.CorrectionListView.as_view(), name="corrections"),
    # taggit keeps non-Latin letters in tag slugs, which the slug converter would refuse.
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("sumber/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("rubrik/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("tag/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("sumber/<slug:slug>/feed/", feeds.SourceFeed(), name="source_feed"),
    path("sumber/<slug:slug>/feed/atom/", feeds.SourceAtomFeed(), name="source_feed_atom"),
    path("rubrik/<slug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path("rubrik/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("api/ninjs/", api.ninjs_list, name="ninjs-list"),
    path("api/ninjs/<slug:slug>/", api.ninjs_detail, name="ninjs-detail"),
]
