# vmgate-jobs.sh: sourced (`. vmgate-jobs.sh`) by the guest programs. Each
# background helper runs as the leader of a process group of its own, and on
# every way out (done, failed, TERM, INT) each group still running is killed
# whole and waited for, so no process outlives the program and vmgate-init's
# sweep never finds a leftover (a `sleep` inside a killed loop, say).
#
# busybox sh has no job control without a tty (`set -m` turns itself off), so
# `setsid` makes the group: a background child is never a group leader, so
# setsid needs no fork and the child's pid is its group's id.

job_groups=

# job_start VAR CMD [ARGS]: CMD in the background in a new group; VAR gets its id.
# Redirections on the job_start call apply to CMD.
job_start() {
	_job_var=$1
	shift
	setsid "$@" &
	_job_group=$!
	eval "$_job_var=$_job_group"
	job_groups="$job_groups $_job_group "
	# Until the child has called setsid, a kill of the group would miss it.
	while _job_probe "$_job_group" && [ "$_job_state" = running ]; do usleep 1000; done
}

# Sets _job_state: grouped once the child leads its group; running before that;
# gone once it has exited. Builtins only: under TCG a fork costs ~10 ms and a
# `cat` in a subshell ~25, which every job start paid at least once.
_job_probe() {
	_job_state=gone
	read -r _job_stat 2> /dev/null < "/proc/$1/stat" || return 0
	# Fields after the command name (which may hold spaces): state ppid pgrp ...
	set -- "$1" ${_job_stat##*) }
	if [ "$2" = Z ]; then _job_state=gone; elif [ "$4" = "$1" ]; then _job_state=grouped; else _job_state=running; fi
}

# job_alive GROUP: whether the group's leader still runs.
job_alive() { _job_probe "$1" && [ "$_job_state" != gone ]; }

# job_wait GROUP: waits for the group's leader and returns its status, then
# stops whatever it left running in its group.
job_wait() {
	_job_status=0
	wait "$1" 2> /dev/null || _job_status=$?
	job_stop "$1"
	return $_job_status
}

# job_stop GROUP...: TERM to each whole group (KILL after 2 s), then waits until
# none of its processes is left. The status of a group's leader is not kept.
job_stop() {
	for _job_group; do kill -s TERM "-$_job_group" 2> /dev/null || :; done
	for _job_group; do
		# The leader is this shell's child; `wait` reaps it (and keeps a killed
		# job's "Terminated" off stderr, whose last line is a failure's reason).
		wait "$_job_group" 2> /dev/null || :
		_job_tries=0
		while kill -s 0 "-$_job_group" 2> /dev/null; do
			_job_tries=$((_job_tries + 1))
			if [ $_job_tries -eq 200 ]; then kill -s KILL "-$_job_group" 2> /dev/null || :; fi
			usleep 10000
		done
		case $job_groups in *" $_job_group "*) job_groups="${job_groups%%" $_job_group "*} ${job_groups#*" $_job_group "}" ;; esac
	done
	return 0
}

# Word splitting of the list is wanted here.
job_stop_all() { job_stop $job_groups; }

# job_helper: for a program run as another's job that starts no groups itself
# (a loop, a pipeline). With TERM's default action it dies with its group at
# once; with the trap it would first report its killed foreground child
# ("Terminated") on stderr, whose last line is a failed run's reason.
job_helper() { trap - EXIT TERM INT; }

trap 'job_stop_all' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
