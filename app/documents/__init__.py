"""Printed documents built in memory with ReportLab (no Qt)."""
