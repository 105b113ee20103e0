from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("berita/<slug:slug>/pratinjau/", views.ArticlePreviewView.as_view(), name="preview"),
    path("ralat/", views.CorrectionListView.as_view(), name="corrections"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("sumber/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("rubrik/<slug:slug>/", views.SectionView.as_view(), name="section"),
]
