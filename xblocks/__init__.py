"""Open edX XBlocks for the Field School: a case study, a peer exercise and an assessment block.

The blocks are thin adapters: content, scoring, rubrics, peer allocation and aggregation all come from
:mod:`curriculum`. Peer data lives in the small Django app :mod:`xblocks.peer_store`.
"""
