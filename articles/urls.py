from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/comments/", views.post_comment, name="post_comment"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("publications/<slug:slug>/", views.PublicationView.as_view(), name="publication"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
]

urlpatterns += [
    path("search/", views.search, name="search"),
]
