from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from archive import admin_lockout
from articles.discovery import RobotsTxtView
from articles.sitemaps import SITEMAPS

admin.site.site_header = f"{settings.SITE_NAME} editors"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Pieces, people and comments"
# Hardening: repeated failed sign-ins lock the admin login (archive/admin_lockout.py).
admin.site.login = admin_lockout.throttled(admin.site.login)

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
    # --- Discovery (issue 5): sitemap and robots.txt ---
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", RobotsTxtView.as_view(), name="robots_txt"),
]

handler400 = "archive.errors.bad_request"
handler403 = "archive.errors.permission_denied"
handler404 = "archive.errors.page_not_found"
handler500 = "archive.errors.server_error"
