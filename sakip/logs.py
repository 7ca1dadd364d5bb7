"""Structured logs: the JSON formatter of ``DJANGO_LOG_FORMAT=json`` and the request log.

``RequestLogMiddleware`` gives every request an id (the load balancer's ``X-Request-ID`` when it is
well formed, else a new one), returns it in the ``X-Request-ID`` response header and writes one line
per request to the logger ``sakip.request``. While the request runs, every other log line carries
the same id, so an error's traceback can be found from the line of its request.

This module is imported while logging is configured, before the apps are loaded: no models here.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.utils.functional import empty

logger = logging.getLogger("sakip.request")

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy puts there (nginx's $request_id, a UUID, a trace id): anything else, such as a line
# break that would forge a log line, or a very long value, is replaced by an id of our own.
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id", "pemda_id")

_current_request: ContextVar[dict | None] = ContextVar("sakip_current_request", default=None)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, the fields of the
    request being served (if any) and the traceback of an exception as text (``exc_info``)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = _current_request.get() or {}
        for field in REQUEST_FIELDS:
            value = getattr(record, field, current.get(field))
            if value is not None:
                entry[field] = value
        if "status" not in entry and isinstance(getattr(record, "status_code", None), int):
            entry["status"] = record.status_code  # django.request's own errors
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_id_from(header: str | None) -> str:
    """The proxy's request id when well formed, else a new one (32 hex digits)."""
    if header and WELL_FORMED_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def _user_id(request) -> int | None:
    """The signed-in user's id if authentication already ran: reading it never costs a query."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """First in MIDDLEWARE, so it times the whole request. Static files are not logged; a passing
    health check is logged at DEBUG (the load balancer asks every few seconds)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = _current_request.set({"request_id": request.request_id, "method": request.method, "path": request.path})
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            if not request.path.startswith(settings.STATIC_URL):
                self.log(request, response, (time.perf_counter() - started) * 1000)
            return response
        finally:
            _current_request.reset(token)

    def log(self, request, response, duration_ms: float) -> None:
        pemda = getattr(request, "pemda", None)
        fields = {
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,  # without the query string, which may carry tokens
            "status": response.status_code,
            "duration_ms": round(duration_ms, 1),
            "user_id": _user_id(request),
            "pemda_id": pemda.pk if pemda is not None else None,
        }
        health_ok = getattr(request.resolver_match, "url_name", None) == "sehat" and response.status_code == 200
        level = logging.DEBUG if health_ok else logging.INFO
        logger.log(
            level,
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            fields["duration_ms"],
            extra=fields,
        )
