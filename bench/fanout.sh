# bench/fanout.sh - a run's boots over several hosts with GNU parallel;
# sourced by bench/run.sh (-H <sshloginfile>), never run.
# shellcheck shell=sh
#
# Hosts: an sshlogin file as GNU parallel reads it, one per line:
# "[N/]user@host" or "[N/]ssh-command user@host" ("2/ssh -p 2222
# me@lab1"), ":" = this machine; N = boots at once there (default: its
# CPUs).  Per host, in order:
#   1. pre-flight: QEMU's version, free disk, the commands a boot needs;
#      a host that fails is reported and gets no boots.  icount boots go
#      only to hosts with the run's QEMU (that of its icount records so
#      far, else this machine's, else the first host's): instruction
#      counts are those of one QEMU, and records of two never share a
#      comparison (report/cells.c groups icount cells by host.qemu).
#   2. shipping, by content (sha256): the tools (bench/, scripts/,
#      build/host/aiob-qmp, and build/guest for host-mode cells, as one
#      reproducible tar), each scheme's
#      bzImage, the run's guest image snapshot, plan.tsv go to
#      $AIOB_FANOUT_DIR/<host>/store/<sha> (default dir aiorefbench-fanout
#      in the login's home); what a host has is not sent again.  A run's
#      tree on the host, runs/<run-id>/, links to the store.
#   3. boots, with GNU parallel (--sshloginfile, --joblog, --retries,
#      --resume-failed): each job is `bench/boot.sh -z`; the boot
#      directory comes back on its stdout and is recorded here by
#      bench/run.sh's record() into the one records.jsonl, with the host
#      (host.login).  icount boots first, anywhere (each host's N slots);
#      then the wall and host boots, each cell with all its schemes and
#      reps on one host, one boot at a time there, in the plan's
#      interleaved order, so its timings compare with each other only.
# Done = has records, as in bench/run.sh: each phase's joblog is rebuilt
# from the records before parallel starts (a boot that ran but did not
# come back runs again; a recorded one never does).

# fo_ssh <login> <command...>: run a shell command on a host (":" = here)
fo_ssh() {
	l=$1; shift
	if [ "$l" = : ]; then sh -c "$*"
	else eval "set -- $(fo_field 3 "$l") $(fo_field 4 "$l") \"\$*\""; "$@"
	fi
}
# fo_name <login>: how a host is named in messages
fo_name() { if [ "$1" = : ]; then echo "here (:)"; else echo "$1"; fi; }
# fo_field <k> <login>: field k of the host's line in $fo/logins
# (1 index, 2 slots, 3 ssh command, 4 user@host, 5 host)
fo_field() { awk -F '\t' -v l="$2" -v k="$1" '$4 == l { print $k; exit }' "$fo/logins"; }

# The sshlogin file -> $fo/logins: index, slots ("" = parallel's
# default), ssh command, user@host (":" here), host.
fo_parse() {
	awk -v f="$hosts" '
	/^[ \t]*(#|$)/ { next }
	{
		sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "")
		if ($0 ~ /^@/) { print f ":" NR ": host groups (@grp/) are set by bench/fanout.sh, not here" > "/dev/stderr"; bad = 1; next }
		n = ""
		if (match($0, /^[0-9]+\//)) { n = substr($0, 1, RLENGTH - 1); $0 = substr($0, RLENGTH + 1) }
		if ($0 == ":") { print ++i "\t" n "\t\t:\t:"; next }
		uh = $NF; cmd = "ssh"
		if (NF > 1) { cmd = $0; sub(/[ \t]+[^ \t]+$/, "", cmd) }
		h = uh; sub(/^.*@/, "", h)
		if (seen[h]++) { print f ":" NR ": host " h " is listed twice (its directory would be shared)" > "/dev/stderr"; bad = 1; next }
		print ++i "\t" n "\t" cmd "\t" uh "\t" h
	}
	END { if (bad) exit 1; if (!i) { print f ": no hosts" > "/dev/stderr"; exit 1 } }' "$hosts" >"$fo/logins"
}

# fo_preflight: each host's QEMU, free disk, commands -> $fo/ok (logins
# that passed: "user@host<TAB>qemu"); every failure reported.
fo_preflight() {
	: >"$fo/ok"
	need_kb=$(( ($(du -Lsk "$rdir/initramfs.cpio" | cut -f1) + 65536) * 2 ))
	while IFS="$tab" read -r i slots cmd uh h; do
		[ "$uh" = : ] && base=$TOP || base=$fo_dir/$h
		out=$(fo_ssh "$uh" "mkdir -p '$base' && cd '$base' &&
			echo qemu=\$(qemu-system-x86_64 --version 2>/dev/null | sed -n '1s/^QEMU emulator version //p') &&
			echo free=\$(df -Pk . | awk 'NR == 2 { print \$4 }') &&
			for c in sh tar gzip base64 sha256sum cpio timeout rsync; do command -v \$c >/dev/null || echo missing=\$c; done" \
			</dev/null 2>&1) || {
			say "host $(fo_name "$uh") fails pre-flight (ssh): $(echo "$out" | tail -n 1); its boots go elsewhere"
			continue
		}
		q=$(echo "$out" | sed -n 's/^qemu=//p') free=$(echo "$out" | sed -n 's/^free=//p')
		miss=$(echo "$out" | sed -n 's/^missing=//p' | tr '\n' ' ')
		why=
		[ -n "$q" ] || why="no qemu-system-x86_64 (apt-get install qemu-system-x86)"
		[ -z "$miss" ] || why="${why:+$why; }missing: ${miss% } (bench/fanout.sh lists them)"
		[ "${free:-0}" -ge "$need_kb" ] ||
			why="${why:+$why; }$(( ${free:-0} / 1024 )) MB free in $base, a run needs ~$((need_kb / 1024)) MB"
		if [ -n "$why" ]; then
			say "host $(fo_name "$uh") fails pre-flight: $why; its boots go elsewhere"
			continue
		fi
		say "host $(fo_name "$uh"): QEMU $q, $(( free / 1024 )) MB free${slots:+, $slots slots}"
		printf '%s\t%s\n' "$uh" "$q" >>"$fo/ok"
	done <"$fo/logins"
	[ -s "$fo/ok" ] || die "no host passed the pre-flight check (see above); fix them or edit $hosts"
}

# fo_artefacts: "sha256<TAB>local path<TAB>where in the run's tree" for
# everything a host needs, into $fo/manifest.
fo_artefacts() {
	# the guest programs run on the host itself only in host mode; of the
	# host tools a boot needs aiob-qmp (wall mode's vCPU pinning)
	guest=
	! grep -q "$(printf '\t')mode=host" "$plan" || guest=build/guest
	tar -C "$TOP" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
		-cf - bench scripts build/host/aiob-qmp $guest | gzip -n >"$fo/tools.tar.gz"
	{
		printf '%s\t%s\t%s\n' "$(sha256sum <"$fo/tools.tar.gz" | cut -c1-64)" "$fo/tools.tar.gz" tools
		printf '%s\t%s\t%s\n' "$(cat "$rdir/initramfs.cpio.sha256")" "$rdir/initramfs.cpio" "results/$run/initramfs.cpio"
		printf '%s\t%s\t%s\n' "$(sha256sum <"$plan" | cut -c1-64)" "$plan" "results/$run/plan.tsv"
		for s in $(cut -f2 "$plan" | sort -u); do
			[ "$s" != host ] || continue
			f=$TOP/kernels/images/$s-$cfg/bzImage
			printf '%s\t%s\t%s\n' "$(sha256sum <"$f" | cut -c1-64)" "$f" "kernels/images/$s-$cfg/bzImage"
		done
	} >"$fo/manifest"
}

# fo_ship <user@host>: what the host's store lacks, by sha256, then the
# run's tree linked to it.  Says how much went and how long it took.
fo_ship() {
	[ "$1" != : ] || return 0	# here: bench/boot.sh runs in $TOP
	uh=$1 h=$(fo_field 5 "$1") t0=$(date +%s.%N)
	base=$fo_dir/$h
	have=$(fo_ssh "$uh" "mkdir -p '$base/store' && ls '$base/store'" </dev/null) ||
		{ say "host $uh: cannot list $base/store; its boots go elsewhere"; return 1; }
	rm -rf "$fo/send"; mkdir -p "$fo/send"
	sent=0 kb=0
	while IFS="$tab" read -r sha path dest; do
		! printf '%s\n' "$have" | grep -qxF "$sha" || continue
		[ -e "$fo/send/$sha" ] || ln -s "$path" "$fo/send/$sha"
		sent=$((sent + 1)) kb=$((kb + $(du -Lk "$path" | cut -f1)))
	done <"$fo/manifest"
	if [ $sent -gt 0 ]; then
		rsync -rqL -e "$(fo_field 3 "$uh")" "$fo/send/" "$uh:$base/store/.in/" ||
			{ say "host $uh: rsync to $base/store failed; its boots go elsewhere"; return 1; }
	fi
	# On the host: every arrival checked against its name, then the run's
	# tree: the tools unpacked fresh, the rest linked to the store.
	{
		echo "set -e; cd '$base'; B=\$(pwd); R=\$B/runs/$run"
		echo 'for f in store/.in/*; do [ -e "$f" ] || continue; s=$(sha256sum <"$f" | cut -c1-64)'
		echo '  [ "$s" = "${f##*/}" ] || { echo "$f: sha256 $s (damaged in transit)" >&2; rm -f "$f"; exit 1; }'
		echo '  mv "$f" store/; done'
		echo 'rm -rf "$R/bench" "$R/scripts" "$R/build"; mkdir -p "$R/results/'"$run"'"'
		while IFS="$tab" read -r sha path dest; do
			if [ "$dest" = tools ]; then
				echo "tar -xzf store/$sha -C \"\$R\""
			else
				echo "mkdir -p \"\$R/${dest%/*}\"; ln -sfn \"\$B/store/$sha\" \"\$R/$dest\""
			fi
		done <"$fo/manifest"
		echo "echo $(cat "$rdir/initramfs.cpio.sha256") >\"\$R/results/$run/initramfs.cpio.sha256\""
	} >"$fo/stage.sh"
	fo_ssh "$uh" "$(cat "$fo/stage.sh")" </dev/null ||
		{ say "host $uh: setting up $base/runs/$run failed; its boots go elsewhere"; return 1; }
	say "host $uh: shipped $sent of $(wc -l <"$fo/manifest") artefacts ($((kb / 1024)) MB) in $(echo "$t0" | awk -v t="$(date +%s.%N)" '{ printf "%.1f", t - $1 }')s"
}

# fo_phase <name> <slf> <input>: one parallel over the boots in <input>
# (lines "<plan line>[@group]"); each boot that comes back (one line:
# "AIOB-BOOT <n> <base64 tar.gz>") is recorded.
fo_phase() {
	name=$1 slf=$2 input=$3 jl=$fo/joblog.$1
	[ -s "$input" ] || return 0
	# The joblog agrees with the records: done boots (their old line, or
	# one written here) are skipped by --resume-failed, the rest run.
	{
		printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n'
		awk -F '\t' -v jl="$jl" 'BEGIN { while ((getline l < jl) > 0) { split(l, f, "\t"); old[f[1]] = l } }
		FILENAME == ARGV[1] { done[$1] = 1; next }
		{ n = $1; sub(/@.*/, "", n) }
		done[n] { s = FNR; split(old[s], f, "\t")
			print (f[7] == "0" && f[8] == "0" && f[9] ~ (" " n "$")) ? old[s] : s "\t:\t0\t0\t0\t0\t0\t0\tdone " n }' \
			"$fo/done-lines" "$input"
	} >"$jl.new"
	mv "$jl.new" "$jl"
	left=$(( $(wc -l <"$input") - $(tail -n +2 "$jl" | wc -l) ))
	[ "$left" -gt 0 ] || return 0
	say "$name: $left boots over $(wc -l <"$slf") hosts"
	opts=
	grep -q @ "$input" && opts=--hgrp
	# the boot's settings from the environment go with it
	for v in LOOP_MB NULLB_IRQMODE NULLB_QMODE AIOB_FATAL_GRACE QEMU_NVME ACCEL AIOB_PIN AIOB_VCPU_PUS; do
		! eval "[ -n \"\${$v+x}\" ]" || { export "${v?}"; opts="$opts --env $v"; }
	done
	loop_t0=$(date +%s)	# the progress line's time left: from the first boot on
	# shellcheck disable=SC2016
	parallel --sshloginfile "$slf" $opts --joblog "$jl" --resume-failed \
		--retries "${FANOUT_RETRIES:-3}" --termseq INT,2000,TERM,2000,KILL,25 -a "$input" </dev/null \
		'if [ "$PARALLEL_SSHHOST" = : ]; then cd '"'$TOP'"'; d='"'$rdir'"'; else cd '"'$fo_dir'"'/"$PARALLEL_SSHHOST"/runs/'"'$run'"'; d=results/'"'$run'"'; fi && exec bench/boot.sh -z -c '"'$cfg'"' "$d" {}' |
	while IFS= read -r out; do
		case $out in
		"AIOB-BOOT "*) ;;
		*) printf '%s\n' "$out" >&2; continue ;;	# what else a job said
		esac
		out=${out#AIOB-BOOT } n=${out%% *}
		bdir=$rdir/$(sed -n "${n}p" "$fo/keys")
		! loop_done "${bdir#$rdir/}" || continue	# came back twice
		rm -rf "$bdir"; mkdir -p "$bdir"
		printf '%s\n' "${out#* }" | base64 -d | tar -xzf - -C "$bdir" ||
			die "boot $n came back damaged; resume the run to boot it again"
		record "$n" "$bdir"
		echo "$loop_ran $failed" >"$fo/counts.$name"
	done
}

# fo_tally <login>: one more boot came back from <login>: the progress
# line's boots per host ("h1 n, h2 m"), kept in $fo/per-host as boots
# come back (fanout() counts those of the run's records once, at its start).
fo_tally() {
	awk -v l="$1" '$1 == l { $2++; f = 1 } { print } END { if (!f) print l, 1 }' \
		"$fo/per-host" | sort >"$fo/per-host.new"
	mv "$fo/per-host.new" "$fo/per-host"
	awk '{ printf "%s%s %d", s, $1, $2; s = ", " }' "$fo/per-host"
}

fanout() {
	command -v parallel >/dev/null || die "no GNU parallel: make deps (apt-get install parallel)"
	fo=$rdir/fanout fo_dir=${AIOB_FANOUT_DIR:-aiorefbench-fanout}
	mkdir -p "$fo"
	fo_parse || die "$hosts: see above"
	[ "$(wc -l <"$done_f")" -lt "$total" ] || return 0	# nothing left
	# plan line -> its boot's key (boots/<tag>, in the run), and the
	# plan lines already done
	while IFS= read -r line; do
		echo "boots/$(boot_tag "$line")"
	done <"$plan" >"$fo/keys"
	awk 'FILENAME == ARGV[1] { d[$0] = 1; next } d[$0] { print FNR }' "$done_f" "$fo/keys" >"$fo/done-lines"
	fo_preflight
	fo_artefacts
	: >"$fo/shipped"
	while IFS="$tab" read -r uh q; do
		fo_ship "$uh" </dev/null && printf '%s\t%s\n' "$uh" "$q" >>"$fo/shipped"
	done <"$fo/ok"
	[ -s "$fo/shipped" ] || die "no host could be set up (see above)"
	# The QEMU of the run's icount boots (see the header).
	qref=$("$rec" tsv "$records" mode,host.qemu 2>/dev/null | awk -F '\t' '$1 == "icount" { print $2; exit }')
	[ -n "$qref" ] || qref=$(qemu-system-x86_64 --version 2>/dev/null | sed -n '1s/^QEMU emulator version //p')
	[ -n "$qref" ] || qref=$(head -n 1 "$fo/shipped" | cut -f2)
	slf_line() { # <login> [group]: its sshlogin line
		s=$(fo_field 2 "$1")
		[ -z "${3:-}" ] || s=$3
		[ "$1" = : ] && { echo "${2:+@$2/}${s:+$s/}:"; return; }
		echo "${2:+@$2/}${s:+$s/}$(fo_field 3 "$1") $1"
	}
	: >"$fo/slf.icount"; : >"$fo/slf.pinned"; i=0
	while IFS="$tab" read -r uh q; do
		i=$((i + 1))
		if [ "$q" = "$qref" ]; then slf_line "$uh" >>"$fo/slf.icount"
		else say "host $(fo_name "$uh"): QEMU $q, not the run's $qref: no icount boots there"
		fi
		slf_line "$uh" "h$i" 1 >>"$fo/slf.pinned"
	done <"$fo/shipped"
	nh=$i
	# icount boots anywhere; each wall/host cell on one host: the one that
	# ran its boots so far if it is still here, else round robin over the
	# cells; its boots in plan order.
	awk -F '\t' '$0 ~ /\tmode=icount(\t|$)/ { print NR }' "$plan" >"$fo/input.icount"
	: >"$fo/ranon"
	[ ! -s "$records" ] || "$rec" tsv "$records" mode,cell,host.login,boot_dir >"$fo/ranon"
	awk -F '\t' -v nh="$nh" '
		FILENAME == ARGV[1] { h = $1; sub(/^.*@/, "", h); idx[h] = FNR; next }
		FILENAME == ARGV[2] { if ($1 != "icount" && ($3 in idx)) pin["cell=" $2] = idx[$3]; next }
		$0 !~ /\tmode=icount(\t|$)/ {
			c = $0; sub(/^[^\t]*\t[^\t]*\t/, "", c); match(c, /(^|\t)cell=[^\t]*/)
			cell = substr(c, RSTART, RLENGTH); sub(/^\t/, "", cell)
			if (!(cell in on)) on[cell] = (cell in pin) ? pin[cell] : (k++ % nh) + 1
			print FNR "@h" on[cell]
		}' "$fo/shipped" "$fo/ranon" "$plan" >"$fo/input.pinned"
	[ ! -s "$fo/input.icount" ] || [ -s "$fo/slf.icount" ] ||
		die "no host has the run's QEMU $qref for its icount boots"
	awk -F '\t' '$3 != "" && !b[$4]++ { n[$3]++ } END { for (l in n) print l, n[l] }' "$fo/ranon" |
		sort >"$fo/per-host"
	fo_phase icount "$fo/slf.icount" "$fo/input.icount"
	fo_phase pinned "$fo/slf.pinned" "$fo/input.pinned"
	ran=0 failed=0
	for f in "$fo"/counts.*; do
		[ -r "$f" ] || continue
		read -r a b <"$f"
		ran=$((ran + a)) failed=$((failed + b))
		rm -f "$f"
	done
	left=$(( total - $(wc -l <"$done_f") ))
	[ "$left" -eq 0 ] || die "$left boots did not come back (see the joblogs in ${fo#$TOP/}/)"
}
