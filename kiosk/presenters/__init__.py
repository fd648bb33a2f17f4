"""Presenters: subscribe to a flow, map its state to a screen, route taps to flow methods."""
