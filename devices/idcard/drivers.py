"""The factory of the GA 467 serial reader, driver "ga467" of the ID reader.

Site config keys under ``[devices.id_reader]`` (seconds end in ``_s``)::

    driver = "ga467"
    port = "/dev/ttyUSB0"        # a device path or a pyserial URL (required)
    baud = 115200
    timeout_s = 2.0              # how long one SAM command may take to answer
    poll_interval_s = 0.25       # how often "find card" runs (card events)
    reconnect_s = 1.0            # how often a missing port is tried again
    wlt_library = "/opt/vendor/libwlt2bmp.so"   # optional: decode the card photo
"""

from __future__ import annotations

from device_contracts import Device
from devices.driver_spec import DeviceConfigError, DriverSpec
from devices.idcard.adapter import Ga467Reader, Ga467Settings
from devices.idcard.wlt import WltDecoder, WltLibraryError

#: options the site config fills in with the sim driver's defaults whatever the driver;
#: accepted here only at those defaults (kiosk.site_config dumps them for every driver)
_SIM_DEFAULTS: dict[str, object] = {"auto_card": 0, "delay_s": 0.3}
#: the defaults of the options the site config leaves out (the port has none)
_DEFAULTS = Ga467Settings(port="")


def ga467_reader(spec: DriverSpec) -> Device:
    for option, default in _SIM_DEFAULTS.items():
        if spec.options.get(option, default) != default:
            raise DeviceConfigError(spec.key(option), "is an option of the sim driver, not ga467")
        spec._read.add(option)
    library = spec.optional_path("wlt_library")
    decoder = None
    if library is not None:
        try:
            decoder = WltDecoder(library)
        except WltLibraryError as exc:
            raise DeviceConfigError(spec.key("wlt_library"), str(exc)) from None
    baud = spec.integer("baud", _DEFAULTS.baud)
    if baud <= 0:
        raise DeviceConfigError(spec.key("baud"), "must be positive")
    settings = Ga467Settings(
        port=spec.text("port"),
        baud=baud,
        timeout_s=spec.number("timeout_s", _DEFAULTS.timeout_s),
        poll_interval_s=spec.number("poll_interval_s", _DEFAULTS.poll_interval_s),
        reconnect_s=spec.number("reconnect_s", _DEFAULTS.reconnect_s),
    )
    return Ga467Reader(settings, name=spec.name, wlt=decoder)
