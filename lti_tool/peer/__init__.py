"""Peer exercises and instructor-graded case assignments in the LTI tool: submissions (drafts, versions,
attachments), review leases, reviews, grades and their release, over the rules in :mod:`curriculum.peer`."""
