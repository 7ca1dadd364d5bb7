"""The Content-Security-Policy: the header on HTML pages, and templates that need nothing it forbids
(inline scripts, on...= handlers, javascript: URLs, htmx code evaluated from attributes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory

from sakip.csp import ContentSecurityPolicyMiddleware

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
TEMPLATES = Path(settings.BASE_DIR) / "templates"

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
FORBIDDEN = {
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "hx-on attribute": re.compile(r"\bhx-on\b", re.IGNORECASE),
    "htmx js: expression": re.compile(r"\bhx-(vals|vars|headers)\s*=\s*['\"]\s*js:", re.IGNORECASE),
}


def offenders_in(text: str) -> list[str]:
    """What in one template the policy would block, one description per offence with its line."""
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if re.search(r"\ssrc\s*=", attributes) or re.search(r"type\s*=\s*['\"]application/json['\"]", attributes):
            continue
        found.append(f"line {text.count(chr(10), 0, match.start()) + 1}: inline <script>")
    for label, pattern in FORBIDDEN.items():
        for match in pattern.finditer(text):
            found.append(f"line {text.count(chr(10), 0, match.start()) + 1}: {label}")
    return found


@pytest.mark.django_db
def test_html_page_carries_exactly_the_policy(client):
    response = client.get("/akun/masuk/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


@pytest.mark.django_db
def test_signed_in_page_carries_the_policy(client_for):
    response = client_for("perencana").get("/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_non_html_and_already_set_headers_are_left_alone():
    request = RequestFactory().get("/")
    json_response = ContentSecurityPolicyMiddleware(lambda r: JsonResponse({"status": "ok"}))(request)
    assert "Content-Security-Policy" not in json_response

    def own_policy(r):
        response = HttpResponse("<p>peta</p>")
        response["Content-Security-Policy"] = "default-src 'self' https://tiles.example"
        return response

    response = ContentSecurityPolicyMiddleware(own_policy)(request)
    assert response["Content-Security-Policy"] == "default-src 'self' https://tiles.example"


def test_policy_is_a_setting(settings, client):
    settings.SAKIP_CSP = "default-src 'self'"
    request = RequestFactory().get("/")
    response = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("<p>x</p>"))(request)
    assert response["Content-Security-Policy"] == "default-src 'self'"
    settings.SAKIP_CSP = ""
    response = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("<p>x</p>"))(request)
    assert "Content-Security-Policy" not in response


def test_scanner_finds_each_kind_of_offence():
    text = "\n".join(
        [
            '<script src="/static/js/a.js" defer></script>',
            '<script type="application/json" id="data">{}</script>',
            "<script>alert(1)</script>",
            "<form onsubmit=\"return confirm('?')\">",
            '<a href="javascript:void(0)">',
            '<button hx-on:click="x()">',
            "<div hx-vals='js:{a: 1}'>",
        ]
    )
    assert offenders_in(text) == [
        "line 3: inline <script>",
        "line 4: event handler attribute",
        "line 5: javascript: URL",
        "line 6: hx-on attribute",
        "line 7: htmx js: expression",
    ]


def test_templates_need_nothing_the_policy_blocks():
    paths = sorted(path for path in TEMPLATES.rglob("*") if path.is_file())
    assert len(paths) > 50
    offenders = [
        f"{path.relative_to(TEMPLATES)} {offence}"
        for path in paths
        for offence in offenders_in(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "Blocked by the Content-Security-Policy:\n" + "\n".join(offenders)
