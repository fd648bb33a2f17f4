"""Locker boards on their real protocols: "8A/80" RS-485 boards and Modbus-RTU boards.

``frames`` is the pure 8A/80 codec, ``rs485_bus`` and ``modbus_link`` drive the
wire, ``doors`` decides what a door really did, ``adapter`` is the
``LockerBank`` the flows see (``messages`` its words, the simulated bank's too),
``audit`` the hash-chained log of it all.
Simulated peers (``sim_*``) speak the same bytes over a pty or loopback TCP.
"""
