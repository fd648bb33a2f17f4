"""The demo: the simulated peers a demo site talks to, the sample USB drive, and the
tours that walk every journey as a resident would (reading the screen) and save
screenshots."""
