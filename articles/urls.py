from django.urls import path

from . import api, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    # taggit keeps non-Latin letters in tag slugs, which the slug converter would refuse.
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("sumber/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("rubrik/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("api/ninjs/", api.ninjs_list, name="ninjs-list"),
    path("api/ninjs/<slug:slug>/", api.ninjs_detail, name="ninjs-detail"),
]
