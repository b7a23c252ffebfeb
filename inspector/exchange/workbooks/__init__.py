"""Self-check and improvement-plan workbooks: handed out as `.xlsx`, answered in Excel by
the departments, read back cell by cell (issue 15).

- `layout`: what a form holds where (pure): the cells the office fills in and locks, the
  answer cells, and the digest of the distributed structure.
- `writer`: the workbook of a layout (drop-downs, protection, A4, cover, hidden form sheet).
- `reader`: the cells of a returned workbook and every problem, named by sheet and cell.
- `plans`: the 改善計画書 as a workbook, and its entries read back.
"""
