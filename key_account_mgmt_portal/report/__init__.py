from . import kam_points_statement_report
