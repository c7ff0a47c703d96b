"""The spreadsheet dashboards of the key-account addons, one module each."""
