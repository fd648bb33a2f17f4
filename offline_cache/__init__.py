"""The central-platform client behind the flows' Platform port: durable outbox,
cached catalogue, compartment ledger."""
