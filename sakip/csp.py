"""The Content-Security-Policy header (``settings.SAKIP_CSP``) on every HTML response.

Only HTML needs it: the policy governs what a page may load and run. A response that already carries
the header (a view with a policy of its own) keeps it.
"""

from __future__ import annotations

from django.conf import settings

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.SAKIP_CSP
        if policy and HEADER not in response and response.get("Content-Type", "").startswith("text/html"):
            response[HEADER] = policy
        return response
