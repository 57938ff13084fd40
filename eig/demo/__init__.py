"""Fake data and demo commands: a programme N times the real one for load
tests (`generate_fake_data`), a cohort's laureates for the demo
(`make_laureates`). Above the domain apps; nothing imports it but its commands
and tests."""
