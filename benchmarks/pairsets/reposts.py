"""Re-posts of real tweets (Twitter US Airline Sentiment, Feb 2015; CC BY-NC-SA 4.0 on Kaggle:
read from a path given on the command line, never committed; label = the tweet's sentiment).

Base: 1,100 tweets (spread over the six airlines), thinned so that no two are the same once
links, @handles, `RT`, hashtags, emoji, punctuation and case are set aside, nor >= 0.9
similar after that (those could be re-posts already in the data). Every base tweet is a
distinct example: a different person's post, even when it shares the airline's handle and the
usual phrasing.

Re-posts of half of them (the same example): one or two of a new t.co link appended or
replacing the tweet's own (`https://t.co/` + 10 base62 characters), an `RT @user: ` prefix,
a trailing hashtag, trailing emoji, a changed or added user @handle (`cc @user`; the airline's
handle is never changed: that would redirect the complaint). Negatives: each re-posted tweet
with the closest other tweet to the same airline ("same-handle"), and 150 pairs of different
tweets to one airline that both got the same frame (the same `RT @user:` prefix, hashtag and
emoji: "shared-frame"); their framed rows are also re-posts of their own tweet.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from .base import Skip, Source, nearest, rng_for

DEFAULT = Path("/tmp/Tweets.csv")
URL = re.compile(r"https?://\S+")
HANDLE = re.compile(r"@\w+")
HASHTAG = re.compile(r"#\w+")
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]")
AIRLINE_HANDLES = {"virginamerica", "united", "southwestair", "delta", "usairways", "americanair", "jetblue"}
HASHTAGS = ["#travel", "#fail", "#customerservice", "#delayed", "#flying", "#avgeek", "#neveragain", "#thanks",
            "#airport", "#frustrated", "#help", "#love"]
EMOJIS = ["✈️", "😡", "🙏", "👍", "😂", "❤️", "😤", "🙄", "😊", "💯", "😭", "✈️✈️"]
USERS = ["jen_travels", "mike1987", "sarahk", "frequentflyer22", "the_real_dan", "lisa_m", "roadwarrior",
         "tom_h", "katiebee", "ny_commuter", "gator_fan", "jpaulson", "ashley_r", "bizflyer", "mkt_guy"]


def core(text: str) -> str:
    text = URL.sub(" ", text.lower())
    text = re.sub(r"^rt\b", " ", text.strip())
    text = EMOJI.sub(" ", HASHTAG.sub(" ", HANDLE.sub(" ", text)))
    return " ".join(re.sub(rf"[{re.escape(string.punctuation)}]", " ", text).split())


def link(rng) -> str:
    return "https://t.co/" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(10))


def transform(text: str, kind: str, rng) -> str:
    if kind == "link":
        return URL.sub(lambda m: link(rng), text) if URL.search(text) else f"{text} {link(rng)}"
    if kind == "rt":
        return f"RT @{rng.choice(USERS)}: {text}"
    if kind == "hashtag":
        return f"{text} {rng.choice(HASHTAGS)}"
    if kind == "emoji":
        return f"{text} {rng.choice(EMOJIS)}"
    if kind == "handle":
        users = [m for m in HANDLE.finditer(text) if m.group()[1:].lower() not in AIRLINE_HANDLES]
        if users:
            m = rng.choice(users)
            return text[:m.start()] + "@" + rng.choice(USERS) + text[m.end():]
        return f"{text} cc @{rng.choice(USERS)}"
    raise ValueError(kind)


def build(seed: int = 0, tweets: Path = DEFAULT, **_) -> Source:
    tweets = Path(tweets)
    if not tweets.is_file():
        raise Skip(f"{tweets} not found (the Twitter US Airline Sentiment CSV, "
                   "e.g. from GitHub Anuragiitk/Twitter-US-Sentiment-Analysis; pass --tweets PATH)")
    frame = pd.read_csv(tweets, dtype=str, keep_default_na=False)
    frame = frame[frame.text.str.strip() != ""].assign(core=frame.text.map(core))
    frame = frame[frame.core.str.split().str.len() >= 2].drop_duplicates("core")
    frame = frame.sample(frac=1.0, random_state=seed)
    rng = rng_for("reposts", seed)
    picked, cores = [], []
    per_airline = {a: 0 for a in frame.airline.unique()}
    quota = {a: max(60, int(1100 * n / len(frame))) for a, n in frame.airline.value_counts().items()}
    for r in frame.itertuples():
        if per_airline[r.airline] >= quota[r.airline]:
            continue
        if any(fuzz.ratio(r.core, c) >= 90 for c in cores):
            continue
        picked.append(r)
        cores.append(r.core)
        per_airline[r.airline] += 1
    src = Source("reposts", "re-posts of real tweets: links, RT prefixes, hashtags, emoji, @handles")
    base = [src.add(r.text, r.airline_sentiment, f"t{k}", "en-tweet") for k, r in enumerate(picked)]
    by_airline: dict[str, list[int]] = {}
    for k, r in enumerate(picked):
        by_airline.setdefault(r.airline, []).append(k)
    texts = [r.text.lower() for r in picked]
    kinds = ["link", "rt", "hashtag", "emoji", "handle"]
    reposted = rng.sample(range(len(picked)), len(picked) // 2)
    for k in reposted:
        chosen = rng.sample(kinds, 2 if rng.random() < 0.3 else 1)
        text = picked[k].text
        for kind in chosen:
            text = transform(text, kind, rng)
        c = src.add(text, picked[k].airline_sentiment, src.rows[base[k]][2], "en-tweet")
        src.pair(base[k], c, 1, "repost-" + "+".join(sorted(chosen)))
        j, _ = nearest(texts, k, by_airline[picked[k].airline], fuzz.ratio)
        if j >= 0:
            src.pair(base[k], base[j], 0, "same-handle")
            src.pair(c, base[j], 0, "same-handle")
    for _ in range(150):
        airline = rng.choice(sorted(by_airline))
        a, b = rng.sample(by_airline[airline], 2)
        user, tag, emoji = rng.choice(USERS), rng.choice(HASHTAGS), rng.choice(EMOJIS)
        framed = [src.add(f"RT @{user}: {picked[k].text} {tag} {emoji}", picked[k].airline_sentiment,
                          src.rows[base[k]][2], "en-tweet") for k in (a, b)]
        src.pair(framed[0], framed[1], 0, "shared-frame")
        src.pair(base[a], framed[0], 1, "repost-frame")
        src.pair(base[b], framed[1], 1, "repost-frame")
    src.notes.append(f"{len(picked)} base tweets ({', '.join(f'{a} {n}' for a, n in sorted(per_airline.items()))}), "
                     f"{len(reposted)} re-posted, 150 shared-frame pairs")
    return src.checked()
