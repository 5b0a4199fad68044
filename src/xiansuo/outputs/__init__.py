"""What investigators open: lead pages, the run report, the Excel workbook and the register."""
