"""Qt widgets of the kiosk: theme, reusable widgets, screens and the main window."""
