from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive import admin_lockout
from articles import sitemaps
from articles.discovery import RobotsTxtView

admin.site.site_header = f"{settings.SITE_NAME} editors"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Pieces, people and comments"
# Hardening: repeated failed sign-ins lock the admin login (archive/admin_lockout.py).
admin.site.login = admin_lockout.throttled(admin.site.login)

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
    # --- Discovery (issue 5): sitemap and robots.txt ---
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-pages.xml", sitemaps.sitemap_pages, name="sitemap_pages"),
    path(
        "sitemap-<slug:section>-<int:page>.xml",
        sitemaps.sitemap_section,
        name="sitemap_section",
    ),
    path("robots.txt", RobotsTxtView.as_view(), name="robots_txt"),
]

handler400 = "archive.errors.bad_request"
handler403 = "archive.errors.permission_denied"
handler404 = "archive.errors.page_not_found"
handler500 = "archive.errors.server_error"
