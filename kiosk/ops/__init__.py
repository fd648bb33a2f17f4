"""The technician's and the operator's tools: `kiosk doctor` and its checks (devices, outbox,
platform, disk, audio), the maintenance page's diagnostics, `kiosk outbox ...`."""
