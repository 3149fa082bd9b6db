"""Rule packs: rows judged on their own, as Great Expectations expectations (DA4xx)."""
