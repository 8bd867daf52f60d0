# Shared by the bench/ scripts that print two-decimal seconds: the emulator's column label, the
# seconds between two $EPOCHREALTIME values, and the median of a list (the mean of the middle two
# for an even count).
# shellcheck shell=bash
label() { [ "$1" = qemu ] && echo "qemu-system-ppc64" || echo "jpseries         "; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
