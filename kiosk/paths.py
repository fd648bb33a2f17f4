"""Where the project's shipped files are. ``assets/`` sits beside the packages in
the source tree (installed editable), so paths are resolved from this file."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ASSETS = PROJECT_ROOT / "assets"
DEMO_SITE_CONFIG = ASSETS / "site" / "demo.toml"  # real adapters against simulated peers
SIM_SITE_CONFIG = ASSETS / "site" / "demo-sim.toml"  # every device simulated in-process
SAMPLE_IDENTITIES = ASSETS / "sample" / "identities.json"
#: the demo persons' reference photo on the platform simulator: a 102x126 JPEG head shot
#: of the sample face (devices/camera/sample_face.png, NASA portrait, public domain), made
#: by devices.camera.sim_faces.sample_reference_photo(), so the dlib face check can match
SAMPLE_REFERENCE_PHOTO = ASSETS / "sample" / "reference_face.jpg"
#: demo staff cards and PINs (scrypt hashes): clerk 04A1B2C3D4E5F6 / 246810,
#: technician 04FFEE0011223344 / 135790, maintenance gesture PIN 900100
DEMO_STAFF_DIRECTORY = ASSETS / "site" / "staff-demo.json"
