"""The kiosk application: the only package that imports Qt and wires concrete classes."""
