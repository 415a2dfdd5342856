#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for tests/slurm/slurm-e2e.ts (and .ci/run): Debian's
# slurm-wlm and munge (`apt-get install slurm-wlm munge`), slurmctld + slurmd on localhost, with the
# node's real CPUs and memory. Idempotent: a cluster that already answers (`sinfo`, ours or a real
# one) is used as it is. Needs root to start one.
#
#   tests/slurm/start-cluster.sh     exit 0: a partition is up; exit 3: cannot (the reason on stdout)
set -uo pipefail

cannot() { echo "$*"; exit 3; }
up() { sinfo -h -o '%a %T' 2>/dev/null | grep -Eq '^up (idle|mixed|allocated)'; }

for bin in sinfo sbatch squeue scancel slurmctld slurmd munged; do
	command -v "$bin" >/dev/null || [ -x "/usr/sbin/$bin" ] || cannot "no $bin (apt-get install slurm-wlm munge)"
done
up && { echo "Slurm cluster up: $(sinfo -h -o '%P %D node(s) %c CPUs %m MB' | head -1)"; exit 0; }
[ "$(id -u)" = 0 ] || cannot "not root: cannot start a local Slurm cluster"

CONF=/etc/slurm/slurm.conf
MARK="# written by flatland tests/slurm/start-cluster.sh"
if [ -e "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
	cannot "$CONF exists and is not ours, but its cluster does not answer: leaving it alone"
fi

HOST=$(hostname -s)
CPUS=$(nproc)
# RealMemory a little under what the kernel reports, as slurmd refuses a node with less than configured.
MEM=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /run/munge /var/log/slurm
cat >"$CONF" <<EOF
$MARK
ClusterName=flatland
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
MinJobAge=300
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

# munge: a key of 1024 random bytes owned by munge, mode 400, and munged running as munge.
if [ ! -s /etc/munge/munge.key ]; then
	mkdir -p /etc/munge
	dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key /run/munge 2>/dev/null
chmod 400 /etc/munge/munge.key
if ! pgrep -x munged >/dev/null; then
	if command -v runuser >/dev/null; then runuser -u munge -- /usr/sbin/munged; else su -s /bin/sh munge -c /usr/sbin/munged; fi \
		|| cannot "munged did not start"
fi

# A state directory left by a cluster of another name makes slurmctld refuse to start.
if ! grep -qs 'flatland' /var/spool/slurmctld/clustername 2>/dev/null; then rm -rf /var/spool/slurmctld/*; fi
pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld || cannot "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
pgrep -x slurmd >/dev/null || /usr/sbin/slurmd || cannot "slurmd did not start (see /var/log/slurm/slurmd.log)"

for _ in $(seq 60); do
	if up; then
		echo "Slurm cluster started: $(sinfo -h -o '%P %D node(s) %c CPUs %m MB' | head -1)"
		exit 0
	fi
	sleep 0.5
done
cannot "the node did not come up within 30 s: $(sinfo -h -N -o '%N %T %E' 2>&1 | head -1)"
