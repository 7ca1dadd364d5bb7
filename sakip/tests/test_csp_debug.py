"""With DEBUG on, Django's own error pages go without the Content-Security-Policy (their inline script
folds the traceback); every other page, and every page with DEBUG off, keeps it."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, HttpResponseNotFound
from django.test import Client
from django.urls import path

from sakip import urls as sakip_urls
from sakip.csp import HEADER


def rusak(request):
    raise RuntimeError("rusak")


# The app's own addresses too: its error pages link to them.
urlpatterns = [
    path("rusak/", rusak),
    path("biasa/", lambda request: HttpResponse("<p>biasa</p>")),
    path("tidak-ada/", lambda request: HttpResponseNotFound("<p>tidak ada</p>")),
    *sakip_urls.urlpatterns,
]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def test_debug_error_pages_run_their_script(settings):
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    error = client.get("/rusak/")
    assert error.status_code == 500 and b"<script" in error.content and HEADER not in error
    missing = client.get("/tidak/ada/")  # Django's technical 404
    assert missing.status_code == 404 and b"NONE,NOARCHIVE" in missing.content and HEADER not in missing
    # Pages of ours keep the policy, even an error page, even with DEBUG on.
    assert HEADER in client.get("/biasa/")
    assert HEADER in client.get("/tidak-ada/")


def test_without_debug_every_error_page_has_the_policy(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    for url, status in (("/rusak/", 500), ("/tidak/ada/", 404)):
        response = client.get(url)
        assert response.status_code == status and HEADER in response
