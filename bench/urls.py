"""The app's URLs plus the HTTP benchmark's reference: a bare Django view behind the full middleware
stack (sessions, CSRF, authentication, htmx, history, axes, whitenoise), so the ratio of a page's
throughput to it is what the app's own work costs on this machine."""

from django.http import HttpResponse
from django.urls import path

from sakip.urls import urlpatterns as app_urlpatterns


def halo(request):
    return HttpResponse("Halo", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/halo/", halo, name="bench_halo"), *app_urlpatterns]
