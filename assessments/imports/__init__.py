"""Imports of assessment results from spreadsheets (two phases: parse and validate everything, then write).

- items.py: one agency's OIT item table (ข้อ, ประเด็นการตรวจ, ความคิดเห็น, คะแนน), as in seed 001;
- results.py: a results sheet with one row per agency, for a province or the whole country;
- comments.py: a reviewer's comment split into appeal decision, decision date and original comment;
- common.py: reading the upload, numbers typed as people type them, errors by row and column;
- pending.py: the uploaded file kept between the preview and the confirmation.
"""
