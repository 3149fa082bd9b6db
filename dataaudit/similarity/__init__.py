"""Similarity algorithms that know nothing of dataaudit's types: MinHash/LSH candidates,
verified near-duplicate pairs, honest star clusters."""
