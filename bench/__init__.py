"""`make bench`: the dataset generator, the servers under test, the ceiling and the driver."""
