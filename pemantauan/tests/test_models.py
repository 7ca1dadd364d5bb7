"""Database rules of the monitoring tables."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from pemantauan.models import KurvaSerapan


@pytest.mark.django_db
def test_one_curve_value_a_month_for_the_default_and_for_each_pemda(world):
    assert KurvaSerapan.objects.filter(pemda=None).count() == 12  # seeded by the migration
    with pytest.raises(IntegrityError), transaction.atomic():
        KurvaSerapan.objects.create(pemda=None, bulan=6, persen=Decimal(50))
    KurvaSerapan.objects.create(pemda=world.pemda, bulan=6, persen=Decimal(45))
    KurvaSerapan.objects.create(pemda=world.other_pemda, bulan=6, persen=Decimal(45))
    with pytest.raises(IntegrityError), transaction.atomic():
        KurvaSerapan.objects.create(pemda=world.pemda, bulan=6, persen=Decimal(50))
