#!/usr/bin/env bash
# Flatland GPU kit: measures the WebGPU engine on this machine's GPU, in one command, with nothing
# installed but a GPU driver and python3 (+ PyTorch for the comparison). Built by `npm run gpu-kit`.
#
#   bash run.sh [--rehearsal] [--budget-s 240] [--sizes 1,64,1024] [--max-R N]
#
# It unpacks the kit's node and Vulkan loader (into /tmp/flatland-gpu-kit-UID, or KIT_WORK), points
# the loader at the NVIDIA Vulkan driver, then runs app/gpu-bench.mjs: adapter, parity on every
# fixture, model-steps/s at each R for WebGPU and for PyTorch (CUDA). JSON lines and a table on
# stdout; with OUT set, also $OUT/gpu-kit.jsonl, $OUT/summary.txt and $OUT/logs/.
#
# Environment: OUT, KIT_REHEARSAL=1 (= --rehearsal: accept a software adapter, PyTorch on CPU),
# KIT_BUDGET_S (default 240: the whole run, unpacking included), KIT_SIZES, KIT_MAX_R, KIT_PYTHON,
# KIT_DAWN_FLAGS (e.g. "backend=vulkan"), KIT_TIMESTAMPS=0, KIT_WORK, VK_ICD_FILENAMES (skip the driver search).
# Exit codes: 0 all good; 1 a parity or population check failed; 2 bad option; 3 software adapter
# without --rehearsal (no WebGPU figures); 4 no WebGPU adapter; 5 the kit could not start node.
set -u
KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
START=$(date +%s)
say() { echo "# $*"; }
die() { echo "# run.sh: $*" >&2; exit 5; }

REHEARSAL="${KIT_REHEARSAL:-}"
BUDGET="${KIT_BUDGET_S:-240}"
PASS=()
while [ $# -gt 0 ]; do
	case "$1" in
		--rehearsal) REHEARSAL=1 ;;
		--budget-s) BUDGET="${2:-}"; shift ;;
		-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
		*) PASS+=("$1") ;;
	esac
	shift
done
case "$BUDGET" in ''|*[!0-9]*) echo "# run.sh: --budget-s must be a whole number of seconds, not '$BUDGET'" >&2; exit 2 ;; esac
case "$REHEARSAL" in 1|true|yes) REHEARSAL=1 ;; *) REHEARSAL= ;; esac
PY="${KIT_PYTHON:-python3}"

# Where unpacked files go (≈ 100 MiB): outside the kit, which stays as it came (≤ 60 MiB, maybe
# read-only); a second run reuses them. KIT_WORK chooses another place.
WORK="${KIT_WORK:-${TMPDIR:-/tmp}/flatland-gpu-kit-$(id -u)}"
mkdir -p "$WORK" || die "cannot create $WORK (set KIT_WORK to a writable folder)"

# Debian packages' files, as dpkg -x extracts them (python where dpkg is missing or fails).
unpack_debs() { # DIR_OF_DEBS DEST
	command -v dpkg > /dev/null || say "no dpkg here: unpacking with python ($KIT/unpack.py)"
	for deb in "$1"/*.deb; do
		[ -e "$deb" ] || continue
		say "unpacking $(basename "$deb")"
		if command -v dpkg > /dev/null; then
			dpkg -x "$deb" "$2" 2> "$WORK/dpkg.err" && continue
			say "dpkg -x failed ($(tail -1 "$WORK/dpkg.err")); trying python"
		fi
		"$PY" "$KIT/unpack.py" deb "$deb" "$2" || return 1
	done
}

# 1. node (the kit's own: this machine need not have one).
stamp="$(wc -c < "$KIT/node.xz")"
if [ ! -x "$WORK/node" ] || [ "$(cat "$WORK/node.stamp" 2>/dev/null)" != "$stamp" ]; then
	say "unpacking node ($(( stamp / 1048576 )) MiB xz)"
	rm -f "$WORK/node.tmp"
	if ! command -v xz > /dev/null; then
		say "no xz here: unpacking with python's lzma"
		"$PY" "$KIT/unpack.py" xz "$KIT/node.xz" "$WORK/node.tmp" || die "cannot unpack node.xz (no xz, and $PY failed)"
	elif ! xz -dc "$KIT/node.xz" > "$WORK/node.tmp" 2> "$WORK/xz.err"; then
		say "xz -d failed ($(tail -1 "$WORK/xz.err")); trying python's lzma"
		"$PY" "$KIT/unpack.py" xz "$KIT/node.xz" "$WORK/node.tmp" || die "cannot unpack node.xz (xz and $PY both failed)"
	fi
	chmod +x "$WORK/node.tmp" && mv "$WORK/node.tmp" "$WORK/node" && echo "$stamp" > "$WORK/node.stamp"
fi
NODE_VERSION="$("$WORK/node" --version 2>&1)" || {
	echo "$NODE_VERSION" | sed 's/^/# node: /'
	say "glibc here: $(ldd --version 2>/dev/null | head -1 || "$PY" -c 'import platform; print(platform.libc_ver())')"
	die "the kit's node does not run on this machine (it needs x86-64 Linux, glibc >= 2.28)"
}
say "node $NODE_VERSION ($WORK/node)"

# 2. The Vulkan loader (libvulkan.so.1), from the kit's Debian packages.
VK_LIB="$WORK/vulkan/usr/lib/x86_64-linux-gnu"
if [ ! -e "$VK_LIB/libvulkan.so.1" ]; then
	ls "$KIT"/debs/*.deb > /dev/null 2>&1 || die "no Debian packages in $KIT/debs"
	unpack_debs "$KIT/debs" "$WORK/vulkan" || die "cannot unpack the Vulkan loader's package"
	[ -e "$VK_LIB/libvulkan.so.1" ] || die "libvulkan.so.1 is not in the unpacked packages ($VK_LIB)"
fi
LIBS="$VK_LIB"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu/nvidia; do [ -d "$d" ] && LIBS="$LIBS:$d"; done
export LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# 3. The Vulkan driver (ICD). NVIDIA's first; none found: make one for libGLX_nvidia.so.0 if the
# driver library is there (containers often mount the library without the JSON). Rehearsal: SwiftShader.
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
	ICDS=""
	for d in /usr/local/nvidia/share/vulkan/icd.d /usr/local/nvidia/vulkan/icd.d /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d; do
		for f in "$d"/*.json; do
			[ -e "$f" ] || continue
			say "Vulkan driver file: $f"
			if grep -qi nvidia "$f"; then ICDS="${ICDS:+$ICDS:}$f"; fi
		done
	done
	if [ -z "$ICDS" ]; then
		for l in /usr/local/nvidia/lib64/libGLX_nvidia.so.0 /usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0 /usr/lib64/libGLX_nvidia.so.0; do
			if [ -e "$l" ]; then
				printf '{"file_format_version": "1.0.0", "ICD": {"library_path": "%s", "api_version": "1.3.0"}}\n' "$l" > "$WORK/nvidia_icd.json"
				ICDS="$WORK/nvidia_icd.json"
				say "no NVIDIA driver file; made $ICDS for $l"
				break
			fi
		done
	fi
	if [ -z "$ICDS" ] && [ -n "$REHEARSAL" ] && [ -e /usr/lib/chromium/vk_swiftshader_icd.json ]; then
		ICDS=/usr/lib/chromium/vk_swiftshader_icd.json
		say "rehearsal: no NVIDIA driver, using SwiftShader ($ICDS)"
	fi
	if [ -n "$ICDS" ]; then export VK_ICD_FILENAMES="$ICDS"
	else say "no NVIDIA Vulkan driver found (NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-unset}; Vulkan needs 'graphics'); leaving the loader to its defaults"
	fi
fi
say "VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-unset}"
# Does each driver's library load? If not, try again with the kit's copies of what NVIDIA's driver
# links against (libX11, libXext, glvnd), and keep them on the path only if that helps.
loads() { "$PY" -c 'import ctypes, sys; ctypes.CDLL(sys.argv[1])' "$1" 2>&1; }
DEPS_LIB="$WORK/driver-deps/usr/lib/x86_64-linux-gnu"
for f in ${VK_ICD_FILENAMES//:/ }; do
	lib="$(sed -n 's/.*"library_path"[^"]*"\([^"]*\)".*/\1/p' "$f" 2>/dev/null | head -1)"
	[ -n "$lib" ] || continue
	case "$lib" in ./*|../*) lib="$(dirname "$f")/$lib" ;; esac
	if why="$(loads "$lib")"; then say "driver library loads: $lib"; continue; fi
	say "driver library does NOT load: $lib: $(echo "$why" | tail -1)"
	if [ -d "$KIT/debs/driver-deps" ]; then
		[ -d "$DEPS_LIB" ] || unpack_debs "$KIT/debs/driver-deps" "$WORK/driver-deps"
		if why="$(LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$DEPS_LIB" loads "$lib")"; then
			export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$DEPS_LIB"
			say "driver library loads with the kit's libX11/libXext/glvnd: $lib (LD_LIBRARY_PATH += $DEPS_LIB)"
		else say "still does not load with the kit's driver dependencies: $(echo "$why" | tail -1)"
		fi
	fi
done

# 4. The bench, inside the budget (what unpacking took is already spent).
SPENT=$(( $(date +%s) - START ))
LEFT=$(( BUDGET - SPENT ))
[ "$LEFT" -gt 20 ] || die "the budget ($BUDGET s) is spent before the bench starts ($SPENT s unpacking)"
ARGS=(run --kit "$KIT" --budget-s "$LEFT" --python "$PY")
[ -n "$REHEARSAL" ] && ARGS+=(--rehearsal)
TIMEOUT=()
command -v timeout > /dev/null && TIMEOUT=(timeout -k 10 $(( LEFT + 30 )))
${TIMEOUT[@]+"${TIMEOUT[@]}"} "$WORK/node" "$KIT/app/gpu-bench.mjs" "${ARGS[@]}" ${PASS[@]+"${PASS[@]}"}
CODE=$?
if [ "$CODE" = 124 ] || [ "$CODE" = 137 ]; then
	say "the bench overran its budget and was stopped (exit $CODE)"
	if [ -n "${OUT:-}" ] && [ -s "$OUT/gpu-kit.jsonl" ]; then "$WORK/node" "$KIT/app/gpu-bench.mjs" summary "$OUT/gpu-kit.jsonl"; fi
fi
say "run.sh: $(( $(date +%s) - START )) s, exit $CODE"
exit "$CODE"
