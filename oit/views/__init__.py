"""Views of the OIT workspace (the workspace, its answers, the readiness dashboard).

The public page and the ITAS exports live in their own modules, public.py and export.py.
"""
