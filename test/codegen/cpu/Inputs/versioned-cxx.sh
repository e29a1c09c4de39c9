#!/bin/sh
# A host compiler for the JIT tests: `--version` prints the contents of
# $VERSION_FILE; a compile appends a line to $COMPILE_LOG and runs the real
# compiler ($REAL_CXX).
if [ "$1" = --version ]; then
  cat "$VERSION_FILE"
  exit 0
fi
echo compiled >> "$COMPILE_LOG"
exec $REAL_CXX "$@"
