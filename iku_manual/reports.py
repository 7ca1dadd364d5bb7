"""Data for the documents built from the tree: the Manual IKU of an OPD and the pohon kinerja.

Each ``build_*_context`` returns everything its page and its PDF show, with a constant number of
queries, and renders no template: the view and ``sakip.pdf`` do that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from iku_manual import access as iku_access
from iku_manual.models import Indikator, Sasaran, TargetIndikator, Tingkat
from iku_manual.targets import scale_lookup
from iku_manual.tree import TreeNode, build_tree
from sakip import access
from sakip.models import PerangkatDaerah, Periode, User
from sakip.numbers import format_decimal

EMPTY = "-"


def period_label(periode: Periode) -> str:
    return f"{periode.tahun_awal}–{periode.tahun_akhir}"


def _or_empty(value) -> str:
    text = str(value).strip() if value is not None else ""
    return text or EMPTY


# --- Manual IKU ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManualSheet:
    """One page of the Manual IKU: an indicator with its fields as (label, text) rows, ready to print."""

    indikator: Indikator
    sasaran: Sasaran
    anchor: str
    rows: list[tuple[str, str]]
    targets: list[tuple[int, str]]


def _sasaran_order(sasaran: Sasaran):
    return (Tingkat.rank(sasaran.tingkat), sasaran.urutan, sasaran.kode, sasaran.pk)


def indikator_for_manual(*, periode: Periode, opd: PerangkatDaerah):
    """The Manual IKU page and PDF: every indicator of the OPD's sasaran in the period, with what a
    sheet prints (sasaran, unit, scale steps, targets) fetched in four queries whatever the count."""
    return (
        Indikator.objects.filter(sasaran__periode=periode, sasaran__opd=opd)
        .select_related("sasaran", "skala", "penanggung_jawab")
        .prefetch_related(
            Prefetch("targets", queryset=TargetIndikator.objects.order_by("tahun")),
            "skala__nilai",
        )
    )


def _baseline(indikator: Indikator, names: dict[Decimal, str] | None) -> str:
    if indikator.baseline_nilai is None:
        return EMPTY
    value = format_decimal(indikator.baseline_nilai)
    if names:
        value = names.get(indikator.baseline_nilai.normalize(), value)
    return f"{indikator.baseline_tahun}: {value}" if indikator.baseline_tahun else value


def _sheet(indikator: Indikator, years: list[int]) -> ManualSheet:
    sasaran = indikator.sasaran
    steps = list(indikator.skala.nilai.all()) if indikator.skala_id else []
    names = scale_lookup(steps).names if steps else None
    rows = [
        (_("Sasaran"), f"{sasaran.kode} {sasaran.uraian}"),
        (_("Nama indikator"), indikator.nama),
        (_("Kode indikator"), indikator.kode),
        (_("Indikator kinerja utama (IKU)"), _("Ya") if indikator.is_iku else _("Tidak")),
        (_("Jenis indikator"), indikator.get_jenis_display()),
        (_("Definisi operasional"), _or_empty(indikator.definisi_operasional)),
        (_("Alasan pemilihan indikator"), _or_empty(indikator.alasan_pemilihan)),
        (_("Formula"), _or_empty(indikator.formula)),
    ]
    # Pembilang, penyebut and a multiplier only print when the formula has them.
    if indikator.pembilang:
        rows.append((_("Pembilang"), indikator.pembilang))
    if indikator.penyebut:
        rows.append((_("Penyebut"), indikator.penyebut))
    if indikator.faktor != Indikator.Faktor.SATU:
        rows.append((_("Faktor pengali"), indikator.get_faktor_display()))
    rows += [
        (_("Satuan"), _or_empty(indikator.satuan)),
        (_("Polaritas"), indikator.get_polaritas_display()),
        (_("Agregasi triwulan"), indikator.get_agregasi_display()),
    ]
    if indikator.skala_id:
        scale = "; ".join(f"{s.kode} ({s.label}) = {format_decimal(s.nilai)}" for s in steps)
        rows.append((_("Skala kualitatif"), f"{indikator.skala.nama}: {scale}" if scale else indikator.skala.nama))
    rows += [
        (_("Sumber data"), _or_empty(indikator.sumber_data)),
        (_("Penanggung jawab"), indikator.penanggung_jawab.nama if indikator.penanggung_jawab_id else EMPTY),
        (_("Frekuensi pelaporan"), indikator.get_frekuensi_display()),
        (_("Baseline"), _baseline(indikator, names)),
    ]
    by_year = {t.tahun: t.tampil(names) for t in indikator.targets.all()}
    return ManualSheet(
        indikator=indikator,
        sasaran=sasaran,
        anchor=f"indikator-{indikator.pk}",
        rows=rows,
        targets=[(year, by_year.get(year) or EMPTY) for year in years],
    )


def build_manual_iku_context(*, periode: Periode, opd: PerangkatDaerah) -> dict:
    """The Manual IKU of one OPD for one period: a cover, a table of contents and one sheet per
    indicator, ordered as the tree (level, then sasaran order), then by the indicator's order."""
    indicators = sorted(
        indikator_for_manual(periode=periode, opd=opd),
        key=lambda i: (_sasaran_order(i.sasaran), i.urutan, i.kode, i.pk),
    )
    years = periode.tahun
    label = period_label(periode)
    return {
        "periode": periode,
        "periode_label": label,
        "pemda": periode.pemda,
        "opd": opd,
        "years": years,
        "sheets": [_sheet(indikator, years) for indikator in indicators],
        "document_title": _("Manual IKU %(opd)s %(periode)s") % {"opd": opd.singkatan, "periode": label},
        "filename": f"manual-iku-{slugify(opd.singkatan)}-{periode.tahun_awal}-{periode.tahun_akhir}.pdf",
    }


# --- Pohon kinerja -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutlineStep:
    """One step of the tree written out flat: a node opens (``node`` set) or the last open one closes.
    Templates cannot recurse without an include, so the nesting is done here."""

    node: TreeNode | None
    parent_hidden: bool = False

    @property
    def opens(self) -> bool:
        return self.node is not None


@dataclass
class TreeSummary:
    nodes: int = 0
    indicators: int = 0
    iku: int = 0
    orphans: list[Sasaran] = field(default_factory=list)


def _outline(roots: list[TreeNode]) -> list[OutlineStep]:
    steps: list[OutlineStep] = []

    def visit(node: TreeNode, *, is_root: bool) -> None:
        # A root that has parents supports a node outside this view (another OPD, or filtered out).
        hidden = is_root and bool(node.sasaran.parents.all())
        steps.append(OutlineStep(node, parent_hidden=hidden))
        for child in node.children:
            visit(child, is_root=False)
        steps.append(OutlineStep(None))

    for root in roots:
        visit(root, is_root=True)
    return steps


def pohon_nodes(*, periode: Periode, user: User, opd: PerangkatDaerah | None = None):
    """The pohon kinerja page and PDF: the nodes ``user`` may see in the period (the pemda level and,
    with ``opd``, only that OPD), with parents and indicators prefetched."""
    nodes = access.scope_queryset(Sasaran.objects.for_periode(periode), user, **iku_access.SASARAN_SCOPE)
    if opd is not None:
        nodes = nodes.filter(Q(opd__isnull=True) | Q(opd=opd))
    return nodes.for_tree_page()


def build_pohon_context(*, periode: Periode, user: User, opd: PerangkatDaerah | None = None) -> dict:
    """The performance tree of a period as ``user`` may see it, from the pemda's tujuan down to the
    OPDs' sasaran and their indicators; nodes that support nothing are counted and listed."""
    nodes = list(pohon_nodes(periode=periode, user=user, opd=opd))
    tree = build_tree(nodes)
    summary = TreeSummary(nodes=len(nodes))
    for node in nodes:
        indicators = node.indikator.all()
        summary.indicators += len(indicators)
        summary.iku += sum(1 for i in indicators if i.is_iku)
        if TreeNode(node, 0).is_orphan:  # the tree's own rule, so the count and the badges agree
            summary.orphans.append(node)
    summary.orphans.sort(key=lambda s: (s.opd.urutan if s.opd else -1, s.opd_id or 0, _sasaran_order(s)))
    label = period_label(periode)
    opd_part = f"-{slugify(opd.singkatan)}" if opd else ""
    return {
        "periode": periode,
        "periode_label": label,
        "pemda": periode.pemda,
        "opd": opd,
        "tree": tree,
        "outline": _outline(tree),
        "summary": summary,
        "document_title": _("Pohon Kinerja %(periode)s") % {"periode": label} + (f" · {opd.singkatan}" if opd else ""),
        "filename": f"pohon-kinerja{opd_part}-{periode.tahun_awal}-{periode.tahun_akhir}.pdf",
    }
