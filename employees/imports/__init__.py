"""Employees imported from a clerk's spreadsheet (CSV or XLSX) through django-import-export:
read with caps, checked row by row by the same rules as a hire, previewed, saved on confirm."""
