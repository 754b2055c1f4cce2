"""The memo (บันทึกข้อความ): its PDF (`reports.memos.pdf`) and the PAdES signature of the final file
(`reports.memos.signing`).  Both work on plain data (a snapshot dict, PDF bytes), not on models."""
