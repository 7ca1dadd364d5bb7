"""The pemda a request works in, and its time zone (WIB, WITA or WIT)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from sakip.models import Pemda


def test_times_show_in_the_pemda_time_zone(world, client_for):
    world.pemda.zona_waktu = Pemda.ZonaWaktu.WIT
    world.pemda.save()
    planner = world.planners["own"]
    planner.last_login = datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)
    planner.save()
    html = client_for("admin_pemda").get(reverse("user_list")).content.decode()
    assert "02-03-2026 10.30" in html  # 01.30 UTC is 10.30 WIT
    assert "waktu WIT" in html


def test_time_zone_is_reset_after_the_request(world, client_for):
    world.pemda.zona_waktu = Pemda.ZonaWaktu.WITA
    world.pemda.save()
    client_for("perencana").get(reverse("home"))
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


def test_superuser_works_in_the_chosen_pemda(world, client_for):
    client = client_for("superuser")
    client.post(reverse("pemda_switch", args=[world.other_pemda.pk]))
    html = client.get(reverse("opd_list")).content.decode()
    assert world.other_pemda_opd.get_absolute_url() in html
    assert world.opd.get_absolute_url() not in html


def test_dates_are_written_the_indonesian_way(world, client_for):
    from django.template import Context, Template

    rendered = Template('{{ d|date:"DATE_FORMAT" }} {{ n|floatformat:"2g" }} {{ year }}').render(
        Context({"d": datetime.date(2026, 8, 17), "n": 1234.5, "year": 2025})
    )
    assert rendered == "17 Agustus 2026 1.234,50 2025"  # years and ids are never grouped
