"""The documents of an evaluation: the LKE workbook and the LHE PDF.

Who may download what: everyone who sees the evaluation reads its LKE, the OPD without the evaluator's
answers, scores and grade until the evaluation is final. The LHE is the evaluators' and the pemda's
at any time (marked "DRAF" until final); the OPD receives it once the evaluation is final.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from evaluasi import dokumen
from evaluasi.access import sees_evaluator_scores, visible_evaluasi
from evaluasi.models import Evaluasi
from sakip.pdf import pdf_response


def _evaluasi_or_404(request: HttpRequest, pk: int) -> Evaluasi:
    return get_object_or_404(dokumen.for_dokumen(visible_evaluasi(request.user)), pk=pk)


@login_required
def evaluasi_lke_excel(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = _evaluasi_or_404(request, pk)
    content = dokumen.lke_workbook(evaluasi, lihat_evaluator=sees_evaluator_scores(request.user, evaluasi))
    response = HttpResponse(content, content_type=dokumen.XLSX_CONTENT_TYPE)
    name = dokumen.filename(evaluasi, "LKE", "xlsx")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    # Answers and notes are a pemda's internal data: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evaluasi_lhe_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = _evaluasi_or_404(request, pk)
    if not sees_evaluator_scores(request.user, evaluasi):
        raise PermissionDenied(_("Laporan Hasil Evaluasi tersedia bagi perangkat daerah setelah evaluasi final."))
    return pdf_response(dokumen.lhe_pdf(evaluasi), dokumen.filename(evaluasi, "LHE", "pdf"))
