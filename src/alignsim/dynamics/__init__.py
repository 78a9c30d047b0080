"""Behaviour rules as small array functions: choice, trust, leaders' learning."""
