from django.urls import path

from articles import browse, feeds, views
from articles.comments import views as comment_views
from articles.notifications import views as notification_views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/comments/", comment_views.post_comment, name="post_comment"),
    path("comments/<int:pk>/", comment_views.comment_permalink, name="comment"),
    path(
        "notifications/confirm/<str:token>/",
        notification_views.confirm,
        name="notifications_confirm",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.unsubscribe,
        name="notifications_unsubscribe",
    ),
    path("authors/", views.AuthorIndexView.as_view(), name="authors"),
    path("publications/", views.PublicationIndexView.as_view(), name="publications"),
    path("topics/", views.TopicIndexView.as_view(), name="topics"),
    path("comments/form/<int:pk>/tokens/", comment_views.form_tokens, name="comment_form_tokens"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("publications/<slug:slug>/", views.PublicationView.as_view(), name="publication"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    # --- Feeds and browsing by date (issue 5) ---
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<slug:slug>/feed/atom/", feeds.AtomAuthorFeed(), name="author_feed_atom"),
    path("publications/<slug:slug>/feed/", feeds.PublicationFeed(), name="publication_feed"),
    path(
        "publications/<slug:slug>/feed/atom/",
        feeds.AtomPublicationFeed(),
        name="publication_feed_atom",
    ),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("topics/<slug:slug>/feed/atom/", feeds.AtomTopicFeed(), name="topic_feed_atom"),
    path("archive/", browse.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", browse.ArchivePeriodView.as_view(), name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        browse.ArchivePeriodView.as_view(),
        name="archive_month",
    ),
]

urlpatterns += [
    path("search/", views.search, name="search"),
]
