"""The demo: the simulated peers a demo site talks to, the sample USB drive, and the
tours that walk every journey as a resident would (reading the screen) and save
screenshots."""

#: the journeys ``kiosk demo --tour DIR --journey NAME`` knows (kiosk/demo/journeys.py);
#: here, light, so the CLI lists them without importing Qt or the tours
JOURNEYS = (
    "declare",
    "collect",
    "clerk-retrieve",
    "clerk-load",
    "technician",
    "appointment",
    "progress",
    "pickup-by-id",
    "intake",
    "video-call",
    "self-print",
    "commitment",
    "utility-payment",
    "fee",
)
