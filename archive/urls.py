from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.SITE_NAME} editors"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Pieces, people and comments"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
]

handler400 = "archive.errors.bad_request"
handler403 = "archive.errors.permission_denied"
handler404 = "archive.errors.page_not_found"
handler500 = "archive.errors.server_error"
