"""Passive screens: they render what presenters push and emit signals on taps.

Each screen's objectName is ``screen_<id>``; its buttons follow ``btn_<action>``.
"""
