"""The process that runs Python's `re` for patterns RE2 cannot take (regex_eval.py starts it).

Python's re cannot be interrupted from inside: a catastrophic pattern holds the interpreter
until it is done, which may be never. Run here, in a process of its own, it can be killed when
its rule's time is up. Only the standard library is imported, so it starts in milliseconds.

In (stdin, one pickle): {column: [text, ...]}, [(key, column, [pattern, ...]), ...].
Out (stdout, length-prefixed pickles): ("ready", None) once the input is read, then per job
(key, [bytes per pattern: 1 where re.search finds a match]) or (key, "error message").
"""

import pickle
import re
import sys


def _send(stream, message) -> None:
    data = pickle.dumps(message, protocol=4)
    stream.write(len(data).to_bytes(8, "little") + data)
    stream.flush()


def main() -> None:
    out = sys.stdout.buffer
    columns, jobs = pickle.load(sys.stdin.buffer)
    _send(out, ("ready", None))
    for key, column, patterns in jobs:
        texts = columns[column]
        try:
            found = []
            for pattern in patterns:
                search = re.compile(pattern).search  # what pandas' str.contains runs for GX
                found.append(bytes(search(text) is not None for text in texts))
            _send(out, (key, found))
        except Exception as exc:  # noqa: BLE001 - the rule fails with this message; the others go on
            _send(out, (key, f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    main()
