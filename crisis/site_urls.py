"""Routes of the server-rendered site, all under the `crisis` namespace."""

from crisis.views.editor_routes import urlpatterns as editor_routes
from crisis.views.page_routes import urlpatterns as page_routes

app_name = "crisis"

urlpatterns = page_routes + editor_routes
