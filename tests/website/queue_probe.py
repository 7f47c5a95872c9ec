"""A task for the two-cluster test: it appends its number and its cluster to a file, so a task run twice
shows twice. Each cluster is started in a session of its own, so the process group names the cluster."""

import os


def record(path: str, number: int) -> int:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{number} {os.getpgid(0)}\n")
    return number
