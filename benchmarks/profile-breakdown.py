#!/usr/bin/env python3
"""benchmarks/profile-breakdown.py COLLAPSED [TOP]: where a profiled server's CPU went, from async-profiler's
collapsed stacks (one line per stack, "thread;frame;...;frame count", taken with its `threads` option).
Prints each thread group's share of all samples split into kinds of work, then the TOP leaf frames."""
import collections
import re
import sys

KINDS = [  # (kind, test on the leaf frame, test on the whole stack); the first that matches wins
    ("scheduler: switched out/in, woken", lambda leaf, s: "finish_task_switch" in leaf or "raw_spin_unlock_irq" in leaf, None),
    ("waiting in epoll", None, lambda s: "epoll_wait" in s or "NioIoHandler.select" in s),
    ("socket reads", None, lambda s: "IOUtil.read" in s or "SocketDispatcher.read" in s),
    ("socket writes", None, lambda s: "IOUtil.write" in s or "SocketDispatcher.write" in s or "writev" in s),
    ("parking and unparking threads", None, lambda s: "LockSupport.park" in s or "LockSupport.unpark" in s
        or "ConditionObject.await" in s or "pthread_cond_signal" in s),
    ("JSON (Jackson)", None, lambda s: "jackson" in s),
    ("metrics", None, lambda s: "dev/litserve4j/internal/metrics" in s),
    ("HTTP codec (Netty)", None, lambda s: "codec/http/HttpObject" in s),
]


def kind(stack):
    leaf = stack[-1]
    whole = ";".join(stack)
    for name, on_leaf, on_stack in KINDS:
        if (on_leaf and on_leaf(leaf, whole)) or (on_stack and on_stack(whole)):
            return name
    return "everything else (Java and Netty)"


def main():
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    groups, split, leaves, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
    for line in open(sys.argv[1]):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        frames = stack.split(";")
        group = re.sub(r"\d+", "N", frames[0].split(" tid")[0].lstrip("["))
        n = int(count)
        total += n
        groups[group] += n
        if len(frames) > 1:
            split[(group, kind(frames[1:]))] += n
            leaves[frames[-1]] += n
    print(f"{total} samples")
    for group, n in groups.most_common(4):
        print(f"{100 * n / total:5.1f}%  {group}")
        for (g, k), m in sorted(split.items(), key=lambda item: -item[1]):
            if g == group and m * 200 >= total:
                print(f"        {100 * m / total:5.1f}%  {k}")
    print(f"top {top} leaf frames:")
    for frame, n in leaves.most_common(top):
        print(f"{100 * n / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
