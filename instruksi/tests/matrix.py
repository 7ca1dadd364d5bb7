"""This app's rows of the URL matrix (sakip/tests/test_url_matrix.py).

Per target (own OPD, other OPD, other pemda): an issued instruction with one task for that target's
OPD (a pending negotiation and a progress report with a file on it) and a draft with one task."""

from __future__ import annotations

from sakip.tests.matrix import OPD_ROLE_NAMES, Row, any_user, post_only, read_object


def ikp_manage(role, target):
    """Drafting instructions: the leader and the admin of the pemda."""
    if role == "anon":
        return 302
    return 200 if role in {"superuser", "admin_pemda", "pimpinan"} else 403


def ikp_draft_write(role, target):
    """A draft: hidden from OPD roles (404); the leader and admin edit it; the evaluator reads (403)."""
    status = read_object(role, target)
    if status == 200 and role in OPD_ROLE_NAMES:
        return 404
    if status == 200 and role not in {"superuser", "admin_pemda", "pimpinan"}:
        return 403
    return status


ROWS = [
    Row("instruksi:daftar", any_user),
    Row("instruksi:buat", ikp_manage),
    Row("instruksi:detail", read_object, lambda w, t: {"pk": w.ikp[t].pk}),
    Row("instruksi:ubah", ikp_draft_write, lambda w, t: {"pk": w.ikp_draf[t].pk}),
    Row("instruksi:terbitkan", post_only, lambda w, t: {"pk": w.ikp_draf[t].pk}),
    Row("instruksi:batalkan", post_only, lambda w, t: {"pk": w.ikp[t].pk}),
    Row("instruksi:tugas", read_object, lambda w, t: {"pk": w.ikp_tugas[t].pk}),
    Row("instruksi:negosiasi_ajukan", post_only, lambda w, t: {"pk": w.ikp_tugas[t].pk}),
    Row("instruksi:kemajuan_lapor", post_only, lambda w, t: {"pk": w.ikp_tugas[t].pk}),
    Row("instruksi:negosiasi_putuskan", post_only, lambda w, t: {"pk": w.ikp_negosiasi[t].pk}),
    Row("instruksi:kemajuan_bukti", read_object, lambda w, t: {"pk": w.ikp_kemajuan[t].pk}),
    Row("instruksi:rekap", any_user),
    Row("instruksi:rekap_excel", any_user),
]

# Access classes of ROWS that write: their pages are POSTed too (test_post_is_refused_like_get).
WRITE_EXPECTS: tuple = (ikp_manage, ikp_draft_write)


def build(world, opds) -> None:
    """Add this app's objects to the matrix world, one per target ("own", "other_opd", "other_pemda")."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from instruksi.models import Instruksi, Kemajuan
    from instruksi.tests.factories import InstruksiFactory, NegosiasiFactory, TugasFactory

    world.ikp, world.ikp_draf, world.ikp_tugas, world.ikp_negosiasi, world.ikp_kemajuan = {}, {}, {}, {}, {}
    for target, opd in opds.items():
        author = world.users["superuser"]
        batas = timezone.localdate() + datetime.timedelta(days=60)  # open whatever the year
        issued = InstruksiFactory(
            pemda=opd.pemda, dibuat_oleh=author, status=Instruksi.Status.DITERBITKAN, diterbitkan_pada=timezone.now()
        )
        world.ikp[target] = issued
        tugas = TugasFactory(instruksi=issued, opd=opd, batas_waktu=batas, status="negosiasi")
        world.ikp_tugas[target] = tugas
        world.ikp_negosiasi[target] = NegosiasiFactory(tugas=tugas, diajukan_oleh=world.planners[target])
        kemajuan = Kemajuan(tugas=tugas, nilai=2, uraian="Dua kasus", dilaporkan_oleh=world.planners[target])
        kemajuan.bukti_nama = "laporan.pdf"
        kemajuan._bukti_ext = "pdf"
        kemajuan.bukti.save("bukti", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        kemajuan.save()
        world.ikp_kemajuan[target] = kemajuan
        world.ikp_draf[target] = InstruksiFactory(pemda=opd.pemda, dibuat_oleh=author)
        TugasFactory(instruksi=world.ikp_draf[target], opd=opd, batas_waktu=batas)
