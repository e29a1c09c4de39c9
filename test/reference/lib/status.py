"""Runs a command, copies its stdout and stderr (merged) to stdout, then
prints "exit status: N", and itself exits 0 unless the command could not be
started. For lit tests that must pin the exact exit status (`not` only
tells zero from non-zero):

    RUN: %numpy_python %S/lib/status.py attnc run ... | FileCheck %s
    CHECK: exit status: 1
"""
import subprocess
import sys

result = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT)
sys.stdout.write(result.stdout.decode(errors="replace"))
print(f"exit status: {result.returncode}")
