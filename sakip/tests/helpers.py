from django.urls import reverse


def can_log_in(client, username: str, password: str) -> bool:
    """Log in through the real login page (django-axes needs the request), as a user would."""
    client.logout()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302
