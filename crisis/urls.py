from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(("crisis.api.urls", "api"), namespace="v1")),
    path("", include("crisis.site_urls")),
]

handler400 = "crisis.views.errors.bad_request"
