"""Writing the monthly figures and the target curve: one place for the entry grids and the import,
so both keep the same rules (realisation within the pagu and never going down; resolved ≤ responded
to ≤ received) and the same history (who changed which month)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from pemantauan import hitung
from pemantauan.models import KurvaSerapan, PengaduanLapor, SerapanAnggaran
from sakip.models import Pemda, PerangkatDaerah, User

SUMBER_KURVA_PEMDA = "Ditetapkan Admin Pemda"


class IsianTidakSah(ValidationError):
    """The figures break a rule; ``kesalahan`` says which month and field, in Indonesian."""

    def __init__(self, kesalahan: list[hitung.Kesalahan], opd: PerangkatDaerah | None = None):
        self.kesalahan = kesalahan
        self.opd = opd
        super().__init__([k.pesan for k in kesalahan])


def _tulis(model, existing: dict, key_fields: dict, bulan: int, values: dict | None, user: User) -> bool:
    """Create, change or delete one month's row; True when something changed."""
    current = existing.get(bulan)
    if values is None:
        if current is None:
            return False
        current._history_user = user
        current.delete()
        return True
    if current is None:
        row = model(**key_fields, bulan=bulan, diisi_oleh=user, **values)
        row._history_user = user
        row.save()
        return True
    if all(getattr(current, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(current, name, value)
    current.diisi_oleh = user
    current._history_user = user
    current.save()
    return True


@transaction.atomic
def simpan_serapan(
    *, opd: PerangkatDaerah, tahun: int, isian: dict[int, tuple[Decimal, Decimal] | None], user: User
) -> int:
    """Write the months in ``isian`` (month -> (pagu, cumulative realisation), None to remove it);
    the other months stay. The whole year after the change is checked; with any error nothing is
    written (IsianTidakSah). Returns how many months changed."""
    existing = {row.bulan: row for row in SerapanAnggaran.objects.select_for_update().filter(opd=opd, tahun=tahun)}
    tahun_penuh = {bulan: (row.pagu, row.realisasi_sd) for bulan, row in existing.items()}
    for bulan, nilai in isian.items():
        if nilai is None:
            tahun_penuh.pop(bulan, None)
        else:
            tahun_penuh[bulan] = nilai
    if kesalahan := hitung.periksa_serapan(tahun_penuh):
        raise IsianTidakSah(kesalahan, opd)
    changed = 0
    for bulan, nilai in sorted(isian.items()):
        values = None if nilai is None else {"pagu": nilai[0], "realisasi_sd": nilai[1]}
        changed += _tulis(SerapanAnggaran, existing, {"opd": opd, "tahun": tahun}, bulan, values, user)
    return changed


@transaction.atomic
def simpan_pengaduan(
    *, opd: PerangkatDaerah, tahun: int, isian: dict[int, tuple[int, int, int] | None], user: User
) -> int:
    """Write the months in ``isian`` (month -> (received, responded to, resolved), None to remove it).
    With any error nothing is written (IsianTidakSah). Returns how many months changed."""
    kesalahan = [k for bulan, n in sorted(isian.items()) if n is not None for k in hitung.periksa_pengaduan(bulan, *n)]
    if kesalahan:
        raise IsianTidakSah(kesalahan, opd)
    existing = {row.bulan: row for row in PengaduanLapor.objects.select_for_update().filter(opd=opd, tahun=tahun)}
    changed = 0
    for bulan, nilai in sorted(isian.items()):
        values = None if nilai is None else dict(zip(("diterima", "ditanggapi", "selesai"), nilai, strict=True))
        changed += _tulis(PengaduanLapor, existing, {"opd": opd, "tahun": tahun}, bulan, values, user)
    return changed


@transaction.atomic
def simpan_kurva(*, pemda: Pemda, persen: dict[int, Decimal], user: User) -> None:
    """Set the pemda's own curve (all twelve months)."""
    if kesalahan := hitung.periksa_kurva(persen):
        raise IsianTidakSah(kesalahan)
    existing = {row.bulan: row for row in KurvaSerapan.objects.select_for_update().filter(pemda=pemda)}
    for bulan in range(1, 13):
        row = existing.get(bulan) or KurvaSerapan(pemda=pemda, bulan=bulan)
        if row.pk and row.persen == persen[bulan]:
            continue
        row.persen = persen[bulan]
        row.sumber = SUMBER_KURVA_PEMDA
        row._history_user = user
        row.save()


@transaction.atomic
def kembalikan_kurva(*, pemda: Pemda, user: User) -> int:
    """Drop the pemda's own curve: the seeded default applies again. Returns the rows removed."""
    rows = list(KurvaSerapan.objects.filter(pemda=pemda))
    for row in rows:
        row._history_user = user
        row.delete()
    return len(rows)
