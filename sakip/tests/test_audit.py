"""The audit trail: every change to plans, agreements, realisations, evaluations and leader
instructions, made through its page, is recorded with who made it (django-simple-history, the user
set by HistoryRequestMiddleware), and the object's page shows it under "Riwayat perubahan".

Each case submits a real form as the page renders it, with one field changed, so the test follows
the forms as they grow.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from sakip.tests import test_url_matrix

matrix_world = test_url_matrix.matrix_world  # the URL matrix's world, as a fixture of this module


class _Forms(HTMLParser):
    """The POST forms of a page: their action and the values a browser would submit."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"action": attrs.get("action"), "method": method, "data": {}})
            return
        if not self.forms:
            return
        data = self.forms[-1]["data"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                data[name] = [attrs.get("value") or ""]
        elif tag == "select" and name:
            self._select = name
            data.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            self.forms[-1].setdefault("options", {}).setdefault(self._select, []).append(attrs.get("value", ""))
            if "selected" in attrs:
                data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            value = self.forms[-1]["data"][self._textarea]
            value[0] = value[0].removeprefix("\n")  # as a browser reads it
            self._textarea = None

    def handle_data(self, text):
        if self._textarea is not None and self.forms:
            self.forms[-1]["data"][self._textarea][0] += text


def submit(client: Client, url: str, change, *, action: str | None = None, extra: dict | None = None):
    """GET ``url``, take the POST form (posting to ``action``, or to the page itself), change the
    named fields and submit it with ``extra`` (a submit button's name and value)."""
    page = client.get(url)
    assert page.status_code == 200, url
    parser = _Forms()
    parser.feed(page.content.decode())
    target = action or url
    forms = [f for f in parser.forms if f["method"] == "post" and (f["action"] or url) in {target, ""}]
    assert forms, f"no form posting to {target} on {url}"
    data = forms[0]["data"]
    if callable(change):  # names or values known only from the page (a formset's rows, a choice)
        change = change(data, forms[0].get("options", {}))
    for name in change:
        assert name in data, f"{name} not in the form: {sorted(data)}"
    data.update({name: value if isinstance(value, list) else [value] for name, value in change.items()})
    data.update(extra or {})
    return client.post(target, data)


def _errors(response) -> str:
    """The messages a refused form shows, for the assertion's report."""
    import re

    html = response.content.decode()
    marked = r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist|alert-warning)[^"]*"[^>]*>(.*?)</'
    found = re.findall(marked, html, re.S)
    return " | ".join(" ".join(item.split()) for item in found) or html[-1500:]


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _shows(client: Client, page_url: str, user, *fragments: str) -> None:
    html = client.get(page_url).content.decode()
    assert "Riwayat perubahan" in html, page_url
    log = html.split("Riwayat perubahan", 1)[1]
    assert str(user) in log, page_url
    for fragment in fragments:
        assert fragment in log, (fragment, page_url)


def _latest(history, user):
    record = history.order_by("-history_id").first()
    assert record is not None
    assert record.history_user == user
    return record


# --- Plans -----------------------------------------------------------------------------------------


def test_rpjmd_sasaran(matrix_world):
    from iku_manual.models import Sasaran

    rpjmd = matrix_world.sasaran["own"].parents.get()
    client = _client(matrix_world, "evaluator")
    url = reverse("iku_manual:sasaran_edit", args=[rpjmd.pk])
    response = submit(client, url, {"uraian": "Meningkatnya derajat kesehatan masyarakat"})
    assert response.status_code == 302, _errors(response)
    _latest(Sasaran.history.filter(id=rpjmd.pk), matrix_world.users["evaluator"])
    _shows(client, reverse("iku_manual:sasaran_detail", args=[rpjmd.pk]), matrix_world.users["evaluator"])


def test_renstra_sasaran(matrix_world):
    from iku_manual.models import Sasaran

    sasaran = matrix_world.sasaran["own"]
    client = _client(matrix_world, "perencana")
    url = reverse("iku_manual:sasaran_edit", args=[sasaran.pk])
    response = submit(client, url, {"uraian": "Menurunnya angka kesakitan"})
    assert response.status_code == 302, _errors(response)
    _latest(Sasaran.history.filter(id=sasaran.pk), matrix_world.users["perencana"])
    _shows(client, sasaran.get_absolute_url(), matrix_world.users["perencana"], "Menurunnya angka kesakitan")


def test_renstra_document(matrix_world):
    from iku_manual.models import Renstra

    client = _client(matrix_world, "perencana")
    kwargs = matrix_world.opd_kwargs("own")
    url = reverse("iku_manual:renstra_edit", kwargs=kwargs)
    response = submit(client, url, {"nomor_dokumen": "Perwali 12/2025"})
    assert response.status_code == 302
    _latest(Renstra.history.all(), matrix_world.users["perencana"])
    _shows(client, reverse("iku_manual:renstra", kwargs=kwargs), matrix_world.users["perencana"])


def test_indikator_and_its_targets(matrix_world):
    from iku_manual.models import Indikator, TargetIndikator

    indikator = matrix_world.indikator["own"]
    client = _client(matrix_world, "perencana")
    url = reverse("iku_manual:indikator_edit", args=[indikator.pk])
    tahun = matrix_world.periode_for("own").tahun_awal
    response = submit(client, url, {"nama": "Persentase balita gizi baik", f"target_{tahun}": "87,5"})
    assert response.status_code == 302, _errors(response)
    user = matrix_world.users["perencana"]
    _latest(Indikator.history.filter(id=indikator.pk), user)
    _latest(TargetIndikator.history.filter(indikator_id=indikator.pk), user)
    _shows(client, indikator.get_absolute_url(), user, "Persentase balita gizi baik", f"Target {tahun}")


def _named(data: dict, suffix: str) -> str:
    names = sorted(name for name in data if name.endswith(suffix))
    assert names, f"no field ending {suffix}: {sorted(data)}"
    return names[0]


# --- Agreements and realisations -------------------------------------------------------------------


def test_perjanjian_kinerja_and_its_rows(matrix_world):
    from perjanjian.models import BarisPK, PerjanjianKinerja
    from sakip.tests.factories import PejabatFactory

    pk = matrix_world.pk_draft["own"]
    user = matrix_world.users["perencana"]
    kepala_daerah = PejabatFactory(
        pemda=matrix_world.pemda, opd=None, unit=None, nip="", jabatan="Wali Kota Uji", jenis_jabatan="kepala_daerah"
    )
    client = _client(matrix_world, "perencana")
    response = submit(
        client,
        reverse("perjanjian:pk_edit", args=[pk.pk]),
        lambda data, options: {
            "pihak_pertama": str(matrix_world.pejabat["own"].pk),
            "pihak_kedua": str(kepala_daerah.pk),
        },
    )
    assert response.status_code == 302, _errors(response)
    _latest(PerjanjianKinerja.history.filter(id=pk.pk), user)
    url = reverse("perjanjian:pk_baris", args=[pk.pk])
    response = submit(client, url, lambda data, options: {_named(data, "-target"): "110"})
    assert response.status_code == 302, _errors(response)
    _latest(BarisPK.history.filter(perjanjian_id=pk.pk), user)
    response = client.post(reverse("perjanjian:pk_ajukan", args=[pk.pk]))
    assert response.status_code == 302
    assert _latest(PerjanjianKinerja.history.filter(id=pk.pk), user).status == PerjanjianKinerja.Status.DIAJUKAN
    _shows(client, reverse("perjanjian:pk_detail", args=[pk.pk]), user, "Indikator", "110")


def test_realisasi(matrix_world):
    from perjanjian.models import Realisasi

    user = matrix_world.users["perencana"]
    client = _client(matrix_world, "perencana")
    kwargs = {**matrix_world.tw_kwargs("own", 2), "indikator_pk": matrix_world.indikator["own"].pk}
    response = submit(
        client, reverse("perjanjian:realisasi_edit", kwargs=kwargs), {"nilai": "45"}, extra={"aksi": ["draf"]}
    )
    assert response.status_code == 302, _errors(response)
    realisasi = Realisasi.objects.get(opd=matrix_world.opd, indikator=matrix_world.indikator["own"], triwulan=2)
    _latest(realisasi.history.all(), user)
    _shows(client, reverse("perjanjian:realisasi_detail", args=[realisasi.pk]), user)
    # The evaluator verifies the submitted TW I: recorded under the evaluator's name.
    evaluator = matrix_world.users["evaluator"]
    client = _client(matrix_world, "evaluator")
    submitted = matrix_world.realisasi["own"]
    assert client.post(reverse("perjanjian:realisasi_verifikasi", args=[submitted.pk])).status_code == 302
    _latest(submitted.history.all(), evaluator)
    _shows(client, reverse("perjanjian:realisasi_detail", args=[submitted.pk]), evaluator)


# --- Evaluations -----------------------------------------------------------------------------------


def test_evaluasi_and_its_answers(matrix_world):
    from evaluasi.models import Evaluasi, Jawaban

    evaluasi = matrix_world.evaluasi["own"]
    user = matrix_world.users["evaluator"]
    client = _client(matrix_world, "evaluator")
    detail = reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])
    action = reverse("evaluasi:evaluasi_simpulan", args=[evaluasi.pk])
    response = submit(client, detail, {"simpulan": "Perlu perbaikan cascading."}, action=action)
    assert response.status_code == 302, _errors(response)
    _latest(Evaluasi.history.filter(id=evaluasi.pk), user)
    jawaban = matrix_world.jawaban["own"]
    url = reverse("evaluasi:evaluasi_lembar", kwargs={"pk": evaluasi.pk, "komponen_pk": matrix_world.komponen["own"]})
    response = submit(client, url, {f"k{jawaban.kriteria_id}-catatan": "Bukti sudah lengkap."})
    assert response.status_code == 302, _errors(response)
    _latest(Jawaban.history.filter(id=jawaban.pk), user)
    _shows(client, detail, user, "Jawaban kriteria")


def test_rekomendasi_and_its_follow_up(matrix_world):
    from evaluasi.models import Rekomendasi, TindakLanjut

    rekomendasi = matrix_world.rekomendasi["own"]
    user = matrix_world.users["evaluator"]
    client = _client(matrix_world, "evaluator")
    url = reverse("evaluasi:rekomendasi_ubah", args=[rekomendasi.pk])
    response = submit(client, url, {"rek-uraian": "Lengkapi SOP dan tetapkan"})
    assert response.status_code == 302, _errors(response)
    _latest(Rekomendasi.history.filter(id=rekomendasi.pk), user)
    detail = reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk])
    _shows(client, detail, user, "Lengkapi SOP dan tetapkan")
    # The evaluator's judgement of the follow-up is in the recommendation's log too.
    type(rekomendasi.evaluasi).objects.filter(pk=rekomendasi.evaluasi_id).update(status="final")
    Rekomendasi.objects.filter(pk=rekomendasi.pk).update(status=Rekomendasi.Status.DITANGGAPI)  # as submitted
    tindak = matrix_world.tindak_lanjut["own"]
    response = client.post(
        reverse("evaluasi:tindak_lanjut_nilai", args=[tindak.pk]),
        {"nilai-keputusan": "kembalikan", "nilai-catatan": "SOP belum ditandatangani"},
    )
    assert response.status_code == 302, _errors(response)
    _latest(TindakLanjut.history.filter(id=tindak.pk), user)
    _shows(client, detail, user, "Tindak lanjut", "SOP belum ditandatangani")


# --- Leader instructions (IKP) ---------------------------------------------------------------------


def test_instruksi_and_its_task(matrix_world):
    from instruksi.models import Instruksi, Tugas

    draf = matrix_world.ikp_draf["own"]
    user = matrix_world.users["admin_pemda"]
    client = _client(matrix_world, "admin_pemda")
    response = submit(client, reverse("instruksi:ubah", args=[draf.pk]), {"ikp-perihal": "Turunkan stunting"})
    assert response.status_code == 302, _errors(response)
    _latest(Instruksi.history.filter(id=draf.pk), user)
    _shows(client, reverse("instruksi:detail", args=[draf.pk]), user, "Turunkan stunting")
    # The leader decides the OPD's negotiation: the task's target changes under the leader's name.
    leader = matrix_world.users["pimpinan"]
    client = _client(matrix_world, "pimpinan")
    tugas = matrix_world.ikp_tugas["own"]
    negosiasi = matrix_world.ikp_negosiasi["own"]
    action = reverse("instruksi:negosiasi_putuskan", args=[negosiasi.pk])
    page = reverse("instruksi:tugas", args=[tugas.pk])
    response = submit(client, page, {}, action=action, extra={"putus-keputusan": ["setuju"]})
    assert response.status_code == 302, _errors(response)
    _latest(Tugas.history.filter(id=tugas.pk), leader)
    _shows(client, reverse("instruksi:tugas", args=[tugas.pk]), leader)


def test_penugasan_evaluator(matrix_world):
    from evaluasi.models import PenugasanEvaluator

    evaluasi = matrix_world.evaluasi["own"]
    user = matrix_world.users["evaluator"]
    client = _client(matrix_world, "evaluator")
    url = reverse("evaluasi:evaluasi_penugasan", args=[evaluasi.pk])
    response = submit(client, url, {}, extra={f"komponen_{matrix_world.komponen['own']}": [str(user.pk)]})
    assert response.status_code == 302, _errors(response)
    _latest(PenugasanEvaluator.history.filter(evaluasi_id=evaluasi.pk), user)
    _shows(client, url, user, f"Penugasan {user} pada komponen")
