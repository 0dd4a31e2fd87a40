"""Peer-review rules shared by every channel: who reviews what, and how reviews become a grade."""
