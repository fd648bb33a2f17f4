"""The kiosk as one of a fleet: its agent towards the platform (registration,
heartbeats, pushed config) and the fleet benchmark (``kiosk bench fleet``)."""
