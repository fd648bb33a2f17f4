"""Benchmarks (``kiosk bench ...``): the fleet against the platform, the GUI thread's
stalls, the cold start. They measure; the tests never time anything."""
