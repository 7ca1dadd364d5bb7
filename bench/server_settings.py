"""Settings of the HTTP benchmark's gunicorn: the app's own settings as production reads them from the
environment (bench/http.py sets DJANGO_DEBUG=0 and the rest), with two differences: the URLconf adds a
bare hello-world view to measure against, and static files are served without the manifest, so no
collectstatic is needed. The pages measured render the same either way."""

from sakip.settings import *  # noqa: F403
from sakip.settings import STORAGES

ROOT_URLCONF = "bench.urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
