"""Device adapters, one per device kind, behind the contracts in :mod:`device_contracts`.

Every kind has a simulated peer so the demo and the tests run without hardware.
Nothing here imports Qt, the flows or the platform client.
"""
