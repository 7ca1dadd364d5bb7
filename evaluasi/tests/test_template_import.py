"""Importing an LKE template from Excel (the layout of the export) and copying one to a new version:
the round trip of both national templates, a regional variant, every kind of error, and the pages."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi import exports, imports, services
from evaluasi.models import Komponen, Kriteria, OpsiJawaban, PredikatLKE, SkalaJawaban, SubKomponen, TemplateLKE
from evaluasi.tests.test_template_pages import as_superuser_in, make_template

pytestmark = pytest.mark.django_db


def national(regulasi: str) -> TemplateLKE:
    return TemplateLKE.objects.get(pemda=None, regulasi=regulasi)


def export(template: TemplateLKE) -> bytes:
    return exports.template_workbook(exports.with_worksheet(TemplateLKE.objects.all()).get(pk=template.pk))


def edited(data: bytes, change) -> bytes:
    """The workbook after ``change(workbook)``."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def set_where(sheet, match: dict, header: str, value) -> int:
    """Set ``header`` in every row whose cells equal ``match``; how many rows."""
    wanted = {column(sheet, h): v for h, v in match.items()}
    target = column(sheet, header)
    count = 0
    for row in sheet.iter_rows(min_row=2):
        if all(row[c - 1].value == v for c, v in wanted.items()):
            row[target - 1].value = value
            count += 1
    assert count, (match, header)
    return count


def apply(data: bytes, pemda, user) -> imports.Rencana:
    return imports.apply_workbook(source=io.BytesIO(data), pemda=pemda, user=user)


def snapshot(template: TemplateLKE) -> dict:
    """Everything a template holds, by codes: what a round trip must keep."""
    template = TemplateLKE.objects.get(pk=template.pk)
    return {
        "nama": template.nama,
        "regulasi": template.regulasi,
        "tahun_berlaku": template.tahun_berlaku,
        "keterangan": template.keterangan,
        "predikat": [(p.kode, p.batas_bawah, p.kata, p.interpretasi) for p in template.predikat.all()],
        "komponen": [
            (
                k.kode,
                k.nama,
                k.bobot,
                k.urutan,
                [
                    (
                        s.kode,
                        s.nama,
                        s.bobot,
                        s.dimensi,
                        s.cara_hitung,
                        s.urutan,
                        [
                            (
                                c.kode,
                                c.teks,
                                c.skala_id,
                                c.bobot,
                                c.penjelasan,
                                c.syarat.kode if c.syarat_id else None,
                                c.saran,
                                c.saran_jenis,
                                c.saran_ambang,
                                c.urutan,
                            )
                            for c in s.kriteria.select_related("syarat")
                        ],
                    )
                    for s in k.sub.all()
                ],
            )
            for k in template.komponen.all()
        ],
    }


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (TemplateLKE, Komponen, SubKomponen, Kriteria, PredikatLKE, SkalaJawaban, OpsiJawaban)
    )


# --- Round trip ----------------------------------------------------------------------------------


@pytest.mark.parametrize("regulasi", ["12/2015", "88/2021"])
def test_round_trip_reproduces_the_national_template(world, regulasi):
    original = national(regulasi)
    data = export(original)
    before = counts()
    plan = apply(data, world.pemda, world.users["evaluator"])
    assert plan.errors == []
    baru = plan.template
    assert (baru.pemda, baru.versi, baru.asal) == (world.pemda, 1, None)
    assert snapshot(baru) == snapshot(original)
    assert baru.periksa_bobot() == []
    # Identical scales are reused, never copied: no new scale, no new option.
    after = counts()
    assert after[5:] == before[5:]
    assert plan.skala_baru == []
    if regulasi == "12/2015":
        saran = Kriteria.objects.filter(sub__komponen__template=baru).exclude(saran="")
        assert sorted(saran.values_list("kode", flat=True)) == ["87", "88", "89", "90", "91", "92"]
        assert saran.get(kode="89").saran_ambang == [
            ["A", "100"],
            ["B", "80.01"],
            ["C", "60.01"],
            ["D", "0.01"],
            ["E", None],
        ]
        assert Kriteria.objects.filter(sub__komponen__template=baru, syarat__isnull=False).count() == (
            Kriteria.objects.filter(sub__komponen__template=original, syarat__isnull=False).count()
        )
    # Read back again, the imported template exports the same rows as its original.
    for sheet in (exports.SHEET_KOMPONEN, exports.SHEET_KRITERIA, exports.SHEET_SKALA, exports.SHEET_PREDIKAT):
        mine = list(load_workbook(io.BytesIO(export(baru)))[sheet].iter_rows(values_only=True))
        theirs = list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))
        assert mine == theirs, sheet


def test_importing_again_makes_the_next_version(world):
    data = export(national("88/2021"))
    first = apply(data, world.pemda, world.users["evaluator"]).template
    second = apply(data, world.pemda, world.users["evaluator"]).template
    other = apply(data, world.other_pemda, world.users["superuser"]).template
    assert (first.versi, second.versi, other.versi) == (1, 2, 1)
    assert second.nama == first.nama


def test_a_pemda_template_round_trips_with_its_origin(world):
    variant = make_template(world.pemda, "LKE Kota Uji")
    variant.keterangan = "Varian dengan bobot daerah."
    variant.save()
    PredikatLKE.objects.create(template=variant, kode="B", batas_bawah=D(50), kata="Baik")
    PredikatLKE.objects.create(template=variant, kode="C", batas_bawah=None, kata="Kurang")
    plan = apply(export(variant), world.pemda, world.users["evaluator"])
    assert plan.errors == []
    assert plan.template.regulasi == TemplateLKE.Regulasi.LAINNYA
    assert plan.template.asal == national("12/2015")  # "Disalin dari" read back
    assert plan.template.versi == 2
    assert snapshot(plan.template) == snapshot(variant)


def test_old_files_without_the_saran_columns_import(world):
    def drop_saran(workbook):
        sheet = workbook[exports.SHEET_KRITERIA]
        sheet.delete_cols(column(sheet, "Saran"), 3)

    plan = apply(edited(export(national("12/2015")), drop_saran), world.pemda, world.users["evaluator"])
    assert plan.errors == []
    assert not Kriteria.objects.filter(sub__komponen__template=plan.template).exclude(saran="").exists()


# --- A regional variant --------------------------------------------------------------------------


def test_regional_variant_with_changed_weights_indonesian_numbers_and_its_own_scale(world):
    original = national("12/2015")
    b_first = original.komponen.get(kode="B").sub.first().kode

    def variant(workbook):
        identity = workbook[exports.SHEET_TEMPLATE]
        identity["B1"] = "LKE Kota Uji 2026"
        identity["B2"] = "lainnya"
        identity["B4"] = "2026"
        komponen = workbook[exports.SHEET_KOMPONEN]
        set_where(komponen, {"Kode": "A"}, "Bobot", "27,5")
        set_where(komponen, {"Kode": "B"}, "Bobot", "27,5")
        kriteria = workbook[exports.SHEET_KRITERIA]
        set_where(kriteria, {"Sub-komponen kode": "A.II.b"}, "Bobot sub", "7,5")
        set_where(kriteria, {"Sub-komponen kode": b_first}, "Bobot sub", "7,5")
        set_where(kriteria, {"Nomor": "1"}, "Bobot poin", "1.234,56")  # an averaged sub: not a point
        skala = workbook[exports.SHEET_SKALA]
        set_where(skala, {"Skala": "AE", "Jawaban": "B"}, "Nilai", "0,8")

    data = edited(export(original), variant)
    ae = list(SkalaJawaban.objects.get(kode="AE").opsi.values_list("kode", "nilai"))
    plan = apply(data, world.pemda, world.users["evaluator"])
    assert plan.errors == []
    baru = plan.template
    assert (baru.nama, baru.regulasi, baru.tahun_berlaku) == ("LKE Kota Uji 2026", "lainnya", 2026)
    assert [(k.kode, k.bobot) for k in baru.komponen.all()] == [
        ("A", D("27.5")),
        ("B", D("27.5")),
        ("C", D(15)),
        ("D", D(10)),
        ("E", D(20)),
    ]
    assert SubKomponen.objects.get(komponen__template=baru, kode="A.II.b").bobot == D("7.5")
    assert Kriteria.objects.get(sub__komponen__template=baru, kode="1").bobot == D("1234.56")
    assert baru.periksa_bobot() == []
    # The changed scale is a new one; the stored AE is untouched and still used by the others.
    changed = Kriteria.objects.filter(sub__komponen__template=baru, skala__kode="AE-2")
    assert changed.exists()
    assert not Kriteria.objects.filter(sub__komponen__template=baru, skala__kode="AE").exists()
    assert list(SkalaJawaban.objects.get(kode="AE").opsi.values_list("kode", "nilai")) == ae
    assert SkalaJawaban.objects.get(kode="AE-2").opsi.get(kode="B").nilai == D("0.8")
    assert Kriteria.objects.filter(sub__komponen__template=baru, skala__kode="YT").exists()  # reused
    # The same file again finds its scale: no AE-3.
    again = apply(data, world.pemda, world.users["evaluator"])
    assert again.errors == [] and again.template.versi == 2
    assert [s.kode_tersimpan for s in again.skala.values() if s.kode == "AE"] == ["AE-2"]
    assert not SkalaJawaban.objects.filter(kode="AE-3").exists()


# --- Errors --------------------------------------------------------------------------------------


def _delete_sheet(name):
    def change(workbook):
        del workbook[name]

    return change


def _delete_column(sheet_name, header):
    def change(workbook):
        sheet = workbook[sheet_name]
        sheet.delete_cols(column(sheet, header))

    return change


def _set(sheet_name, match, header, value):
    def change(workbook):
        set_where(workbook[sheet_name], match, header, value)

    return change


def _cell(sheet_name, ref, value):
    def change(workbook):
        workbook[sheet_name][ref] = value

    return change


def _append(sheet_name, values):
    def change(workbook):
        workbook[sheet_name].append(values)

    return change


K, KR, S, P, T = (
    exports.SHEET_KOMPONEN,
    exports.SHEET_KRITERIA,
    exports.SHEET_SKALA,
    exports.SHEET_PREDIKAT,
    exports.SHEET_TEMPLATE,
)
ERRORS = [
    ("sheet", _delete_sheet(P), ["Lembar Predikat tidak ada."]),
    (
        "scale of an averaged criterion",
        _set(KR, {"Nomor": "3"}, "Skala", "E_TARGET"),
        ["Lembar Kriteria, baris 4, kolom Skala: Kriteria 3: skala E_TARGET bernilai tertinggi 3;"],
    ),
    ("column", _delete_column(K, "Bobot"), ["Lembar Komponen, baris 1: kolom Bobot tidak ada."]),
    ("nama", _cell(T, "B1", None), ["Lembar Template, baris 1, kolom B: nama template wajib diisi."]),
    ("tahun", _cell(T, "B4", "dua ribu"), ["Lembar Template, baris 4, kolom B: isi tahun antara 2000 dan 2100"]),
    ("regulasi", _cell(T, "B2", "99/2030"), ["Lembar Template, baris 2, kolom B: 99/2030 tidak dikenal"]),
    (
        "required",
        _set(KR, {"Nomor": "3"}, "Kriteria", None),
        ["Lembar Kriteria, baris 4, kolom Kriteria: wajib diisi."],
    ),
    (
        "number",
        _set(K, {"Kode": "A"}, "Bobot", "1.5"),
        ["Lembar Komponen, baris 2, kolom Bobot: Format angka tidak dikenali: '1.5'."],
    ),
    ("negative", _set(K, {"Kode": "A"}, "Bobot", -30), ["Lembar Komponen, baris 2, kolom Bobot: tidak boleh negatif."]),
    (
        "decimals",
        _set(S, {"Skala": "YT", "Jawaban": "Y"}, "Nilai", "0,123456"),
        ["Lembar Skala, baris", "kolom Nilai: paling banyak 4 angka di belakang koma."],
    ),
    (
        "dimensi",
        _set(KR, {"Nomor": "1"}, "Dimensi", "keindahan"),
        ["Lembar Kriteria, baris 2, kolom Dimensi: keindahan tidak dikenal; gunakan capaian, implementasi"],
    ),
    (
        "cara hitung",
        _set(KR, {"Nomor": "1"}, "Cara hitung", "median"),
        ["Lembar Kriteria, baris 2, kolom Cara hitung: median tidak dikenal; gunakan jumlah, rata_rata."],
    ),
    (
        "komponen",
        _set(KR, {"Nomor": "1"}, "Komponen", "Z"),
        ["Lembar Kriteria, baris 2, kolom Komponen: komponen Z tidak ada pada lembar Komponen"],
    ),
    (
        "skala",
        _set(KR, {"Nomor": "1"}, "Skala", "ZZ"),
        ["Lembar Kriteria, baris 2, kolom Skala: skala ZZ tidak ada pada lembar Skala maupun di aplikasi."],
    ),
    (
        "syarat",
        _set(KR, {"Nomor": "2"}, "Bergantung pada", "999"),
        ["Lembar Kriteria, baris 3, kolom Bergantung pada: kriteria nomor 999 tidak ada dalam berkas."],
    ),
    (
        "nomor",
        _set(KR, {"Nomor": "2"}, "Nomor", "1"),
        ["Lembar Kriteria, baris 3, kolom Nomor: nomor 1 sudah dipakai pada baris 2."],
    ),
    (
        "kode komponen",
        _append(K, ["A", "Lagi", 0]),
        ["Lembar Komponen, baris 7, kolom Kode: kode A sudah dipakai pada baris 2."],
    ),
    (
        "sub berbeda",
        _set(KR, {"Nomor": "2"}, "Sub-komponen nama", "Nama lain"),
        ["Lembar Kriteria, baris 3, kolom Sub-komponen nama: sub-komponen A.I.a ditulis berbeda pada baris 2"],
    ),
    (
        "jawaban ganda",
        _append(S, ["YT", "Ya/Tidak", "Y", 1, ""]),
        ["kolom Jawaban: jawaban Y sudah ada pada skala YT"],
    ),
    (
        "predikat",
        _append(P, ["AA", 95, "Istimewa", ""]),
        ["Lembar Predikat, baris 9, kolom Kode: predikat AA sudah ada pada baris 2."],
    ),
    (
        "ambang",
        _set(KR, {"Nomor": "87"}, "Saran ambang", "A>=110,01; Z>=90; E"),
        ["kolom Saran ambang: jawaban Z bukan pilihan skala kriteria ini."],
    ),
    (
        "saran",
        _set(KR, {"Nomor": "87"}, "Saran", "firasat"),
        ["kolom Saran: firasat tidak dikenal; gunakan keandalan, target, tren."],
    ),
    (
        "bobot komponen",
        _set(K, {"Kode": "D"}, "Bobot", 12),
        [
            "Lembar Komponen, kolom Bobot: Bobot komponen berjumlah 102, seharusnya 100.",
            "Lembar Komponen, baris 5, kolom Bobot: Komponen D: bobot sub-komponen berjumlah 10, seharusnya 12.",
        ],
    ),
    (
        "bobot sub",
        _set(KR, {"Sub-komponen kode": "A.I.a"}, "Bobot sub", 3),
        ["Lembar Komponen, baris 2, kolom Bobot: Komponen A: bobot sub-komponen berjumlah 31, seharusnya 30."],
    ),
    (
        "poin",
        _set(KR, {"Nomor": "87"}, "Bobot poin", 2),
        ["nilai maksimum kriteria berjumlah", "kolom Bobot sub: Sub-komponen"],
    ),
]


@pytest.mark.parametrize(("change", "messages"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_each_error_is_reported_and_nothing_is_written(world, change, messages):
    data = edited(export(national("12/2015")), change)
    before = counts()
    plan = apply(data, world.pemda, world.users["evaluator"])
    assert counts() == before
    assert plan.template is None
    text = [str(error) for error in plan.errors]
    for message in messages:
        assert any(message in line for line in text), (message, text)


def test_errors_are_all_reported_at_once(world):
    def many(workbook):
        set_where(workbook[KR], {"Nomor": "1"}, "Dimensi", "x")
        set_where(workbook[KR], {"Nomor": "2"}, "Skala", "ZZ")
        set_where(workbook[P], {"Kode": "AA"}, "Sebutan", None)

    plan = imports.read_workbook(io.BytesIO(edited(export(national("12/2015")), many)), pemda=world.pemda)
    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [
        ("Kriteria", 2, "Dimensi"),
        ("Kriteria", 3, "Skala"),
        ("Predikat", 2, "Sebutan"),
    ]


def test_a_file_that_is_not_a_workbook(world):
    plan = imports.read_workbook(io.BytesIO(b"not a zip"), pemda=world.pemda)
    assert [str(e) for e in plan.errors] == ["Berkas tidak dapat dibaca sebagai berkas Excel .xlsx."]


def test_a_formula_without_value_is_an_error(world):
    data = edited(export(national("88/2021")), _set(K, {"Kode": "1"}, "Bobot", "=10*3"))
    plan = imports.read_workbook(io.BytesIO(data), pemda=world.pemda)
    assert "Lembar Komponen, baris 2, kolom Bobot: sel berisi rumus tanpa nilai." in [str(e) for e in plan.errors]


# --- Pages: import -------------------------------------------------------------------------------


def upload(client, data: bytes, name: str = "lke.xlsx"):
    return client.post(reverse("evaluasi:template_impor"), {"berkas": SimpleUploadedFile(name, data)})


def test_evaluator_imports_through_upload_preview_and_confirm(world, client_for):
    client = client_for("evaluator")
    assert client.get(reverse("evaluasi:template_impor")).status_code == 200
    response = upload(client, export(national("12/2015")))
    assert response.status_code == 302
    preview = response["Location"]
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    assert default_storage.exists(f"imports/{token}.xlsx")
    content = client.get(preview).content.decode()
    assert "LKE SAKIP Perangkat Daerah (PermenPANRB 12/2015)" in content
    assert "5 komponen" in content and "92 kriteria" in content
    assert "dipakai ulang" in content and "Bobot sesuai" in content
    assert TemplateLKE.objects.filter(pemda=world.pemda).count() == 0  # the preview writes nothing
    response = client.post(preview)
    baru = TemplateLKE.objects.get(pemda=world.pemda)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluasi:template_detail", args=[baru.pk])
    assert not default_storage.exists(f"imports/{token}.xlsx")
    assert not default_storage.exists(f"imports/{token}.json")
    assert client.get(preview).status_code == 404  # used up


def test_preview_lists_errors_and_confirm_writes_nothing(world, client_for):
    client = client_for("evaluator")
    data = edited(export(national("88/2021")), _set(K, {"Kode": "1"}, "Bobot", 31))
    preview = upload(client, data)["Location"]
    content = client.get(preview).content.decode()
    assert "Lembar Komponen, kolom Bobot: Bobot komponen berjumlah 101, seharusnya 100." in content
    assert "Buat template" not in content
    before = counts()
    response = client.post(preview, follow=True)
    assert "tidak ada yang disimpan" in response.content.decode()
    assert counts() == before


def test_cancel_discards_the_upload(world, client_for):
    client = client_for("evaluator")
    preview = upload(client, export(national("88/2021")))["Location"]
    response = client.post(preview, {"batal": "1"})
    assert response["Location"] == reverse("evaluasi:template_impor")
    assert client.get(preview).status_code == 404
    assert not TemplateLKE.objects.filter(pemda=world.pemda).exists()


def test_upload_refuses_what_is_not_xlsx(world, client_for):
    response = upload(client_for("evaluator"), b"a;b", name="lke.csv")
    assert response.status_code == 200
    assert "format .xlsx" in response.content.decode()


def test_a_token_belongs_to_its_user(world, client_for):
    preview = upload(client_for("evaluator"), export(national("88/2021")))["Location"]
    assert as_superuser_in(client_for, world.pemda).get(preview).status_code == 404


def test_superuser_imports_into_the_active_pemda(world, client_for):
    client = as_superuser_in(client_for, world.other_pemda)
    preview = upload(client, export(national("88/2021")))["Location"]
    client.post(preview)
    assert TemplateLKE.objects.filter(pemda=world.other_pemda).count() == 1


@pytest.mark.parametrize("role", ["perencana", "admin_pemda", "kepala_opd", "pimpinan"])
def test_read_only_roles_may_not_import(world, client_for, role):
    client = client_for(role)
    assert client.get(reverse("evaluasi:template_impor")).status_code == 403
    assert upload(client, export(national("88/2021"))).status_code == 403
    token = "0" * 32
    assert client.post(reverse("evaluasi:template_impor_pratinjau", args=[token])).status_code == 403
    assert "Impor dari Excel" not in client.get(reverse("evaluasi:template_list")).content.decode()
    assert "Salin ke versi baru" not in client.get(detail(national("12/2015"))).content.decode()
    assert not TemplateLKE.objects.filter(pemda=world.pemda).exists()


def test_import_needs_a_login(world, client_for):
    response = client_for("anon").get(reverse("evaluasi:template_impor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Pages: copy ---------------------------------------------------------------------------------


def detail(template: TemplateLKE) -> str:
    return reverse("evaluasi:template_detail", args=[template.pk])


def salin(template: TemplateLKE) -> str:
    return reverse("evaluasi:template_salin", args=[template.pk])


def test_evaluator_copies_a_template_through_the_page(world, client_for):
    client = client_for("evaluator")
    original = national("12/2015")
    assert "Impor dari Excel" in client.get(reverse("evaluasi:template_list")).content.decode()
    content = client.get(detail(original)).content.decode()
    assert "Salin ke versi baru" in content and salin(original) in content
    form = client.get(salin(original)).context["form"]
    assert form.initial["nama"] == original.nama
    response = client.post(salin(original), {"nama": "LKE Kota Uji", "tahun_berlaku": "2026"})
    baru = TemplateLKE.objects.get(pemda=world.pemda)
    assert response["Location"] == detail(baru)
    assert (baru.nama, baru.versi, baru.tahun_berlaku, baru.regulasi, baru.asal) == (
        "LKE Kota Uji",
        1,
        2026,
        "lainnya",
        original,
    )
    assert Kriteria.objects.filter(sub__komponen__template=baru).count() == 92
    client.post(salin(baru), {"nama": "LKE Kota Uji", "tahun_berlaku": "2027"})
    assert TemplateLKE.objects.get(pemda=world.pemda, versi=2).asal == baru


def test_copy_form_errors_are_shown(world, client_for):
    response = client_for("evaluator").post(salin(national("88/2021")), {"nama": " ", "tahun_berlaku": "20"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"nama", "tahun_berlaku"}
    assert not TemplateLKE.objects.filter(pemda=world.pemda).exists()


def test_a_template_in_use_says_it_can_only_be_copied(world, client_for):
    template = make_template(world.pemda)
    services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2026, template=template)
    content = client_for("perencana").get(detail(template)).content.decode()
    assert "sudah dipakai evaluasi sehingga tidak dapat diubah; untuk perubahan, salin ke versi baru" in content
    assert "sudah dipakai evaluasi" not in client_for("perencana").get(detail(national("88/2021"))).content.decode()
    response = client_for("evaluator").post(salin(template), {"nama": template.nama, "tahun_berlaku": "2027"})
    assert response.status_code == 302
    assert TemplateLKE.objects.filter(pemda=world.pemda, nama=template.nama).count() == 2


@pytest.mark.parametrize("role", ["evaluator", "perencana"])
def test_another_pemdas_template_cannot_be_copied(world, client_for, role):
    template = make_template(world.other_pemda)
    client = client_for(role)
    assert client.get(salin(template)).status_code == 404
    assert client.post(salin(template), {"nama": "x", "tahun_berlaku": "2026"}).status_code == 404


@pytest.mark.parametrize("role", ["perencana", "admin_pemda", "kepala_opd", "pimpinan"])
def test_read_only_roles_may_not_copy(world, client_for, role):
    client = client_for(role)
    template = national("88/2021")
    assert client.get(salin(template)).status_code == 403
    assert client.post(salin(template), {"nama": "x", "tahun_berlaku": "2026"}).status_code == 403
    assert not TemplateLKE.objects.filter(pemda=world.pemda).exists()
