from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    # taggit keeps non-Latin letters in tag slugs, which the slug converter would refuse.
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("sumber/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("rubrik/<slug:slug>/", views.SectionView.as_view(), name="section"),
]
