"""Reusable kiosk widgets. Each module holds one widget concept."""
