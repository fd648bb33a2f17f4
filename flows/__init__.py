"""The journeys as explicit state machines, free of Qt and of concrete devices."""
