"""Values only: the loaded Dataset, and what an audit produces (findings, actions, the Report).
Renderers and the round trip read these; nothing here computes."""
