"""Plots, tables and reports: they read results and never run models."""
