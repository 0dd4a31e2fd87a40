"""Services: the tool's work, done without a request so it can be tested and reused by views and commands."""
