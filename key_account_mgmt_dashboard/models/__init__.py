from . import spreadsheet_dashboard
