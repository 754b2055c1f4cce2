"""PDF rendering helpers (WeasyPrint).

Call :func:`reports.pdf.textlayer.apply` once before rendering any PDF: it fixes the
text layer (copy / search / screen readers) of Thai text in WeasyPrint 70.
"""
