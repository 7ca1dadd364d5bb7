"""``sakip.pdf``: one font configuration per thread for every document it renders. WeasyPrint makes a
new one per document when given none, and never frees what fontconfig and Pango hold for it (about
200 KB a document: bench/soak.py saw workers grow by 135 MB in 30 minutes of PDF downloads)."""

from __future__ import annotations

import threading

from weasyprint.text.fonts import FontConfiguration

from sakip import pdf


def _dibuat(monkeypatch) -> list[FontConfiguration]:
    """Every FontConfiguration made from now on, by us or by WeasyPrint."""
    made = []
    original = FontConfiguration.__init__

    def init(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(FontConfiguration, "__init__", init)
    return made


def test_documents_of_a_thread_share_one_font_configuration(monkeypatch):
    pdf.font_config()  # this thread's, made before counting
    made = _dibuat(monkeypatch)
    first = pdf.render_pdf("pdf/base.html", {"judul": "Satu"})
    second = pdf.render_pdf("pdf/base.html", {"judul": "Dua"})
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert made == []  # neither document made its own


def test_each_thread_has_its_own(monkeypatch):
    here = pdf.font_config()
    assert pdf.font_config() is here
    there = []
    thread = threading.Thread(target=lambda: there.append(pdf.font_config()))
    thread.start()
    thread.join()
    assert there[0] is not here and isinstance(there[0], FontConfiguration)
