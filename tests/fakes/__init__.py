"""Small scripted fakes of the flows' ports: devices, platform, compartment ledger."""
