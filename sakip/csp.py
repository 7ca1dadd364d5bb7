"""The Content-Security-Policy header (``settings.SAKIP_CSP``) on every HTML response.

Only HTML needs it: the policy governs what a page may load and run. A response that already carries
the header (a view with a policy of its own) keeps it. With ``DEBUG`` on, Django's own error pages
(the technical 404 and 500, a development aid never served in production) go without it: their
inline script folds and unfolds the traceback, which the policy would block.
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
        if (
            policy
            and HEADER not in response
            and response.get("Content-Type", "").startswith("text/html")
            and not halaman_debug(response)
        ):
            response[HEADER] = policy
        return response


# What Django's technical 404 and 500 pages have in their head, and no page of ours.
PENANDA_DEBUG = b'<meta name="robots" content="NONE,NOARCHIVE">'


def halaman_debug(response) -> bool:
    """Whether the response is one of Django's ``DEBUG`` error pages."""
    return (
        settings.DEBUG
        and response.status_code in (404, 500)
        and not response.streaming
        and PENANDA_DEBUG in response.content
    )
