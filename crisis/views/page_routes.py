from django.urls import path

from crisis.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
]
