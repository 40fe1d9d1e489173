#!/usr/bin/env python3
"""Time a command N times: best wall time, best CPU time (user + system) and peak RSS.

usage: measure.py [-n N] [--before SHELL_COMMAND] -- COMMAND [ARG...]

Prints one line "WALL_S CPU_S RSS_MB": the least wall time and the least CPU time of the
N runs (each in seconds, to the microsecond, from wait4's resource usage) and the largest
peak resident set. --before runs (untimed, through sh) before every run, e.g. to remove
an output folder for a cold build or to edit a template. The command's output is
discarded; a run that fails stops the measurement (exit status 1).

CPU time is the figure to compare on a shared machine: other processes stretch the wall
time of a run but hardly its CPU time.
"""
import os
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    n, before = 3, None
    while args and args[0] != "--":
        if args[0] == "-n":
            n = int(args[1])
            args = args[2:]
        elif args[0] == "--before":
            before = args[1]
            args = args[2:]
        else:
            sys.exit(f"measure.py: unknown option {args[0]}")
    command = args[1:]
    if not command:
        sys.exit(__doc__)
    best_wall = best_cpu = float("inf")
    peak_rss = 0
    with open(os.devnull, "wb") as null:
        for _ in range(n):
            if before:
                subprocess.run(["sh", "-c", before], check=True, stdout=null)
            start = time.perf_counter()
            pid = os.posix_spawnp(command[0], command, os.environ, file_actions=[
                (os.POSIX_SPAWN_DUP2, null.fileno(), 1), (os.POSIX_SPAWN_DUP2, null.fileno(), 2)])
            _, status, usage = os.wait4(pid, 0)
            wall = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) != 0:
                print(f"measure.py: {' '.join(command)} failed", file=sys.stderr)
                sys.exit(1)
            best_wall = min(best_wall, wall)
            best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
            peak_rss = max(peak_rss, usage.ru_maxrss)
    print(f"{best_wall:.6f} {best_cpu:.6f} {peak_rss / 1024:.1f}")


if __name__ == "__main__":
    main()
