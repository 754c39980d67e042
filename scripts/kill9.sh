#!/usr/bin/env bash
# kill9.sh [N] -- saves survive kill -9.
#
# Runs an sn program that saves, in a loop, a large matrix (save-matrix,
# 1500 x 1500), a units-level net (save-net) and a module net (==> net
# save), and trains a LeNet-1 one epoch at a time with a train-net
# checkpoint; kills it with SIGKILL at a random moment, N times (default
# 50). After each kill every file must load and hold either the version it
# held after the previous kill or a version written since: the matrix is
# uniform, the nets' weights are those of a known version, the checkpoint's
# epoch never goes back. Prints the number of kills survived; exit status 1
# at the first file that does not load or holds a torn or unknown version
# (its folder is kept for inspection).
#
# Environment: SN (the binary, default target/release/sn of this
# repository), SN_HOME (default this repository), KILL9_SEED (for $RANDOM).

set -u
root=$(cd "$(dirname "$0")/.." && pwd)
sn=${SN:-$root/target/release/sn}
export SN_HOME=${SN_HOME:-$root}
n=${1:-50}
RANDOM=${KILL9_SEED:-1}
[ -x "$sn" ] || { echo "kill9: no sn binary at $sn (cargo build --release)" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/sn-kill9.XXXXXX")
# interrupted, leave nothing behind (a failed check keeps its files below)
trap 'rm -rf "$dir"; exit 130' INT TERM

# The writer: version v = start, start+1, ... in every file.
cat > "$dir/writer.lsp" <<'EOF'
(libload "netenv")
(libload "lenet")
(setq dir (car (argv)) v (val (cadr (argv))))
(alloc-net 100 1000)
(build-net '((input 10) (hidden 20) (output 5)) '((input hidden) (hidden output)))
(setq m (matrix 1500 1500) net (lenet1 1))
(setq d (lenet1-data () 10) tnet (lenet1 2) tr (lenet1-recipe) train-net-quiet t)
(setq ck (concat dir "/ck.snp"))
(setq ep (if (filep ck) (car (==> (lenet1 3) load ck)) 0))
(while t
  (incr v)
  (array-fill m v)
  (save-matrix m (concat dir "/big.mat"))
  (seed v) (forget 1)
  (save-net (concat dir "/units.wei"))
  (==> net forget v)
  (==> net save (concat dir "/net.snp"))
  (incr ep)
  (train-net tnet tr (car d) (cadr d) ep ck))
EOF

# The checker: prints "matrix units net epoch" versions (-1: no file yet),
# given the versions of the previous check; fails on a bad file.
cat > "$dir/check.lsp" <<'EOF'
(libload "netenv")
(libload "lenet")
(setq dir (car (argv)) prev (mapcar val (cdr (argv))))
(alloc-net 100 1000)
(build-net '((input 10) (hidden 20) (output 5)) '((input hidden) (hidden output)))
(de fail (what) (printf "BAD %s\n" what) (exit 1))
(de present (f) (filep (concat dir "/" f)))
;; the matrix: uniform, its value is its version
(setq vm (if (present "big.mat")
  (let* ((m (load-matrix (concat dir "/big.mat"))) (v (m 0 0)) (r (matrix 1500 1500)))
    (array-fill r v)
    (when (<> 0 (idx-sum (idx-abs (idx-sub m r)))) (fail "big.mat is torn"))
    v)
  -1))
;; a net file holds the version of one of the candidates
(de units-of (v) (seed v) (forget 1) (dump-weights))
(de find-units (cands)
  (load-net (concat dir "/units.wei"))
  (let ((w (dump-weights)) (found ()))
    (each ((c cands)) (when (and (not found) (>= c 0) (equal w (units-of c))) (setq found c)))
    (or found (fail "units.wei holds no known version"))))
(setq vu (if (present "units.wei") (find-units (list vm (- vm 1) (nth 1 prev))) -1))
(setq a (lenet1 1) b (lenet1 1))
(de find-net (cands)
  (==> b load (concat dir "/net.snp"))
  (let ((found ()))
    (each ((c cands))
      (when (and (not found) (>= c 0))
        (==> a forget c)
        (when (= 0 (idx-sum (idx-abs (idx-sub (==> a weights) (==> b weights))))) (setq found c))))
    (or found (fail "net.snp holds no known version"))))
(setq vn (if (present "net.snp") (find-net (list vu (- vu 1) (nth 2 prev))) -1))
;; the checkpoint: loads, 10 samples an epoch
(setq ep (if (present "ck.snp")
  (let ((m (==> (lenet1 1) load (concat dir "/ck.snp"))))
    (when (<> (cadr m) (* 10 (car m))) (fail "ck.snp: age is not 10 x epoch"))
    (car m))
  -1))
(printf "%d %d %d %d\n" vm vu vn ep)
EOF

prev="-1 -1 -1 -1"
survived=0
for ((k = 1; k <= n; k++)); do
  "$sn" "$dir/writer.lsp" "$dir" $((k * 1000)) >/dev/null 2>"$dir/writer.err" &
  pid=$!
  sleep "$((RANDOM % 3)).$((RANDOM % 1000))"
  if ! kill -9 "$pid" 2>/dev/null; then
    echo "kill9: the writer stopped before its kill:" >&2
    cat "$dir/writer.err" >&2
    exit 1
  fi
  wait "$pid" 2>/dev/null
  if ! now=$("$sn" "$dir/check.lsp" "$dir" $prev 2>&1); then
    echo "kill9: after kill $k (previous versions: $prev):" >&2
    echo "$now" >&2
    echo "kill9: files kept in $dir; $survived kills survived" >&2
    exit 1
  fi
  read -r vm vu vn ep <<<"$now"
  read -r pm pu pn pe <<<"$prev"
  bad=""
  # a version stays, or is one written since the previous check
  for pair in "big.mat $vm $pm" "units.wei $vu $pu" "net.snp $vn $pn"; do
    set -- $pair
    if [ "$2" != "$3" ] && [ "$2" -le $((k * 1000)) ]; then
      bad="$1 went from version $3 to $2, not written in this round"
    fi
  done
  [ "$ep" -lt "$pe" ] && bad="ck.snp went back from epoch $pe to $ep"
  if [ -n "$bad" ]; then
    echo "kill9: after kill $k: $bad" >&2
    echo "kill9: files kept in $dir; $survived kills survived" >&2
    exit 1
  fi
  prev=$now
  survived=$k
done
temps=$(find "$dir" -name '*tmp*' | wc -l)
echo "kill9: $survived kills survived (last versions: $prev; $temps temporary files left behind)"
rm -rf "$dir"
