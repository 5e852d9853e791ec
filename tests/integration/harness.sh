#!/usr/bin/env bash
# The whole-stack harness shared by the integration tests and scripts/demo: a PRIVATE
# pcscd (own mount, network and PID namespaces, own reader.conf with one vpcd entry) and
# cccd-sim serving an issued card to it. Nothing it starts can outlive it, and it never
# touches or depends on a pcscd already running on the machine.
#
#   harness.sh run --cccd CCCD --sim CCCD_SIM --card DIR [--sim-arg ARG]... -- CMD [ARG]...
#       Enters the namespaces, starts pcscd and `cccd-sim run DIR`, waits until
#       `cccd readers` shows the card, runs CMD, stops everything; exits with CMD's code.
#       CMD sees CCCD_HARNESS (this script), CCCD_HARNESS_DIR (state and logs) and
#       CCCD_HARNESS_PORT.
#   harness.sh sim [--card DIR] [SIM_ARG]...     (inside CMD only)
#       Restarts cccd-sim with other options (faults) and waits for the card.
#   harness.sh sim-stop                          (inside CMD only)
#       Stops cccd-sim (the reader then has no card).
#
# Needs root (or CAP_SYS_ADMIN) and unshare(1); exits 77 (meson's "skipped") otherwise.
# Waits are bounded: HARNESS_TIMEOUT seconds (default 20) for each step.
set -euo pipefail

self=$(readlink -f "$0")
timeout_s=${HARNESS_TIMEOUT:-20}

die() {
	echo "harness: $*" >&2
	exit 1
}

skip() {
	echo "harness: SKIP: $*" >&2
	exit 77
}

# Polls "$@" every 50 ms until it succeeds or timeout_s passes.
wait_for() {
	local what=$1
	shift
	local deadline=$((SECONDS + timeout_s))
	until "$@" >/dev/null 2>&1; do
		if ((SECONDS >= deadline)); then
			echo "harness: timed out after ${timeout_s}s waiting for $what" >&2
			return 1
		fi
		sleep 0.05
	done
}

# True when `cccd readers` lists a reader holding a card.
card_present() {
	"$CCCD_HARNESS_CCCD" readers --json | grep -q '"card":true'
}

# True when no reader holds a card.
card_absent() {
	local out
	out=$("$CCCD_HARNESS_CCCD" readers --json) || return 1
	! grep -q '"card":true' <<<"$out"
}

sim_stop() {
	local d=$CCCD_HARNESS_DIR
	if [ -f "$d/sim.pid" ]; then
		local pid
		pid=$(cat "$d/sim.pid")
		rm -f "$d/sim.pid"
		kill "$pid" 2>/dev/null || true
		# Bounded: a sim that ignores SIGTERM gets SIGKILL.
		local i
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.02
		done
		kill -9 "$pid" 2>/dev/null || true
		[ "${1:-}" = --no-wait ] || wait_for "pcscd to see the card go" card_absent
	fi
}

sim_start() {
	local card=$CCCD_HARNESS_CARD
	if [ "${1:-}" = "--card" ]; then
		card=$2
		shift 2
	fi
	local d=$CCCD_HARNESS_DIR
	local n
	n=$(($(cat "$d/sim.count" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$d/sim.count"
	echo "cccd-sim run $card --port $CCCD_HARNESS_PORT $*" >"$d/sim-$n.log"
	"$CCCD_HARNESS_SIM" run "$card" --port "$CCCD_HARNESS_PORT" "$@" \
		>>"$d/sim-$n.log" 2>&1 </dev/null &
	echo $! >"$d/sim.pid"
	if ! wait_for "the card to appear (cccd-sim $*)" card_present; then
		tail -n 20 "$d/sim-$n.log" >&2 || true
		return 1
	fi
}

# Runs inside the namespaces as PID 1: when it exits, the kernel kills whatever is left.
inner() {
	local d=$CCCD_HARNESS_DIR
	# Private loopback: vpcd listens on all addresses; here only this namespace sees it.
	ip link set lo up 2>/dev/null || die "cannot bring up the loopback interface"
	mkdir -p /run/pcscd
	mount -t tmpfs -o mode=0755 tmpfs /run/pcscd || die "cannot mount a tmpfs on /run/pcscd"

	# pcsc-lite 1.9.9 ignores PCSCLITE_CSOCK_NAME: the private /run/pcscd is what keeps
	# this pcscd and its clients apart from the system's.
	unset PCSCLITE_CSOCK_NAME
	local port=$CCCD_HARNESS_PORT
	# vpcd: DEVICENAME /dev/null:PORT makes the driver listen (the card connects to it);
	# the slot's port is CHANNELID (the driver opens a second slot on PORT+1).
	cat >"$d/reader.conf" <<EOF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:$port
LIBPATH      $VPCD_LIB
CHANNELID    $port
EOF
	pcscd --foreground --config "$d/reader.conf" --debug --apdu >"$d/pcscd.log" 2>&1 </dev/null &
	local pcscd_pid=$!
	echo "$pcscd_pid" >"$d/pcscd.pid"

	cleanup() {
		local rc=$?
		sim_stop --no-wait 2>/dev/null || true
		kill "$pcscd_pid" 2>/dev/null || true
		wait "$pcscd_pid" 2>/dev/null || true
		if [ "$rc" -ne 0 ] && [ "${HARNESS_QUIET:-0}" != 1 ]; then
			echo "harness: exit $rc; last lines of $d/pcscd.log:" >&2
			tail -n 15 "$d/pcscd.log" >&2 || true
		fi
		umount /run/pcscd 2>/dev/null || true
		exit "$rc"
	}
	trap cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT

	wait_for "pcscd to listen on /run/pcscd/pcscd.comm" test -S /run/pcscd/pcscd.comm ||
		exit 1
	wait_for "pcscd to list the vpcd reader" "$CCCD_HARNESS_CCCD" readers || exit 1
	# The first start takes the --sim-arg options of run.
	local first=()
	mapfile -t first <"$d/sim.first-args"
	if [ "${#first[@]}" -eq 1 ] && [ -z "${first[0]}" ]; then
		first=()
	fi
	sim_start "${first[@]+"${first[@]}"}" || exit 1

	set +e
	"$@"
	local rc=$?
	set -e
	exit "$rc"
}

cmd=${1:-}
[ -n "$cmd" ] || die "usage: harness.sh run|sim|sim-stop ..."
shift

case "$cmd" in
run)
	cccd='' sim='' card=''
	sim_args=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--cccd) cccd=$(readlink -f "$2"); shift 2 ;;
		--sim) sim=$(readlink -f "$2"); shift 2 ;;
		--card) card=$(readlink -f "$2"); shift 2 ;;
		--sim-arg) sim_args+=("$2"); shift 2 ;;
		--) shift; break ;;
		*) die "run: unknown option $1" ;;
		esac
	done
	[ -n "$cccd" ] && [ -n "$sim" ] && [ -n "$card" ] || die "run: --cccd, --sim, --card needed"
	[ $# -gt 0 ] || die "run: no command after --"
	[ -x "$cccd" ] || die "run: $cccd is not executable"
	[ -x "$sim" ] || die "run: $sim is not executable"
	[ "$(id -u)" -eq 0 ] || skip "needs root (a private pcscd in its own mount namespace)"
	command -v unshare >/dev/null || skip "unshare(1) not found (util-linux)"
	command -v pcscd >/dev/null || skip "pcscd not found (Debian package pcscd)"
	command -v ip >/dev/null || skip "ip(8) not found (Debian package iproute2)"
	vpcd_lib=''
	for f in /usr/lib/pcsc/drivers/serial/libifdvpcd.so \
		/usr/lib/*/pcsc/drivers/serial/libifdvpcd.so; do
		if [ -e "$f" ]; then vpcd_lib=$f; break; fi
	done
	[ -n "$vpcd_lib" ] || skip "the vpcd driver is not installed (vsmartcard-vpcd)"
	unshare --mount --net --pid --fork --propagation private true 2>/dev/null ||
		skip "cannot create namespaces here (unshare --mount --net --pid failed)"

	dir=$(mktemp -d "${TMPDIR:-/tmp}/cccd-harness.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
	export CCCD_HARNESS="$self" CCCD_HARNESS_DIR="$dir" CCCD_HARNESS_CCCD="$cccd"
	export CCCD_HARNESS_SIM="$sim" CCCD_HARNESS_CARD="$card" VPCD_LIB="$vpcd_lib"
	# A fresh network namespace has every port free: the vpcd default port is fine.
	export CCCD_HARNESS_PORT=${HARNESS_PORT:-35963}
	: >"$dir/sim.first-args"
	if [ "${#sim_args[@]}" -gt 0 ]; then
		printf '%s\n' "${sim_args[@]}" >"$dir/sim.first-args"
	fi
	# --mount-proc: /proc must describe this PID namespace (LeakSanitizer, for one, reads
	# /proc/self/task). unshare --fork ignores SIGTERM and SIGINT; SIGKILL makes it (--kill-child) kill the
	# namespace's PID 1, and the kernel then kills pcscd, the sim and everything else
	# started inside. So a killed harness leaves nothing behind.
	unshare --mount --net --pid --fork --kill-child --mount-proc --propagation private \
		"$self" __inner "$@" &
	ns_pid=$!
	trap 'kill -KILL "$ns_pid" 2>/dev/null; rm -rf "$dir"; exit 143' TERM
	trap 'kill -KILL "$ns_pid" 2>/dev/null; rm -rf "$dir"; exit 130' INT
	set +e
	wait "$ns_pid"
	rc=$?
	set -e
	if [ "$rc" -ne 0 ] && [ "${HARNESS_KEEP_LOGS:-0}" = 1 ]; then
		keep=$(mktemp -d "${TMPDIR:-/tmp}/cccd-harness-logs.XXXXXX")
		cp -r "$dir"/. "$keep"/ && echo "harness: logs kept in $keep" >&2
	fi
	exit "$rc"
	;;
__inner)
	inner "$@"
	;;
sim)
	[ -n "${CCCD_HARNESS_DIR:-}" ] || die "sim: only inside 'harness.sh run'"
	sim_stop
	sim_start "$@"
	;;
sim-stop)
	[ -n "${CCCD_HARNESS_DIR:-}" ] || die "sim-stop: only inside 'harness.sh run'"
	sim_stop
	;;
*)
	die "unknown command $cmd"
	;;
esac
