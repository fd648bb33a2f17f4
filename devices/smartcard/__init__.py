"""PC/SC staff-card reader (pyscard) and the project's own vpcd virtual card.

- :mod:`devices.smartcard.adapter`: ``PcscStaffCardReader``, driver ``pcsc`` for
  ``[devices.staff_card]`` (registered in :mod:`devices.smartcard.drivers`);
- :mod:`devices.smartcard.apdu`, :mod:`.errors`, :mod:`.record`: APDUs, typed
  status-word errors, the staff record layout (docs/adr/0008-staff-card-pcsc.md);
- :mod:`devices.smartcard.virtual_card`: a card served over vpcd's socket protocol.

Importing this package does not import pyscard; the adapter modules do.
"""
