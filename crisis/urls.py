from django.contrib import admin
from django.urls import include, path

from crisis.views import errors

urlpatterns = [
    path("healthz", errors.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("crisis.api.urls", "api"), namespace="v1")),
    path("", include("crisis.site_urls")),
]

handler400 = "crisis.views.errors.bad_request"
handler404 = "crisis.views.errors.not_found"
handler500 = "crisis.views.errors.server_error"
