"""Demo notifications for `manage.py load_demo` (idempotent).

Nothing here is invented: the demo's workflows (agreements submitted and approved, realisations
returned, evaluations made final, follow-ups judged, instructions issued and negotiated) notified
through the same services as the pages. This part only arranges them as a user would find them
after a while: of what still waits (requests already decided were marked read by the workflows),
the two newest of each user unread; the rest read and dated ten days earlier; every e-mail marked
handled, so a demo never mails its fictional addresses.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from notifikasi.models import Notifikasi
from sakip.models import User

DEMO_PEMDA = ("Kota Contoh", "Kabupaten Teladan")
TETAP_BELUM_DIBACA = 2


def load() -> list:
    """Arrange the demo users' notifications; return the extra demo logins (none)."""
    now = timezone.now()
    demo = Notifikasi.objects.filter(penerima__in=User.objects.filter(pemda__nama__in=DEMO_PEMDA))
    demo.filter(surel_terkirim_pada__isnull=True).update(surel_terkirim_pada=now)
    # What still waits (a request not yet decided): each user's two newest stay unread and recent.
    terbaru = set()
    for penerima_id in demo.filter(dibaca_pada__isnull=True).values_list("penerima_id", flat=True).distinct():
        mine = Notifikasi.objects.filter(penerima_id=penerima_id, dibaca_pada__isnull=True)
        terbaru.update(mine.order_by("-dibuat_pada", "-pk").values_list("pk", flat=True)[:TETAP_BELUM_DIBACA])
    # The rest happened earlier: read, ten days ago. A second run finds nothing to change.
    lama = now - datetime.timedelta(days=10)
    lain = demo.exclude(pk__in=terbaru)
    lain.filter(dibaca_pada__isnull=True).update(dibuat_pada=lama, dibaca_pada=lama + datetime.timedelta(hours=2))
    lain.filter(dibuat_pada__gt=lama).update(dibuat_pada=lama)
    return []
