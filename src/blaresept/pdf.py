"""HTML to PDF with WeasyPrint (A4): one small helper for every letter Blåresept writes."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document (with its own @page CSS) to PDF bytes."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
