"""Shared pieces of every onshi web surface: templates, filters, the stylesheet."""
