#!/usr/bin/env bash
# Makes the README's screenshots from the real program:
#
#   bash screenshots/make.sh
#
# It builds partnerdash, runs it in a private tmux server (the demo tenant; a `partnerdash sim` that
# throttles; `partnerdash serve` reached with ssh), types keys into it, captures each screen with its
# colours (tmux capture-pane -e) and renders it with freeze (github.com/charmbracelet/freeze) and
# rsvg-convert into screenshots/*.png. Nothing is drawn by hand.
#
# It installs what it lacks: tmux, ssh, rsvg-convert and the DejaVu fonts with apt-get, freeze with
# `go install` (from the Go module proxy). Everything listens on 127.0.0.1 only, runs with a
# throw-away HOME (your config, token cache and ~/.ssh are never read), and is stopped on exit.
#
# KEEP=1 keeps the work directory (the .ansi captures and logs) for a look.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
out=$root/screenshots
freeze_version=v0.2.2

say() { printf 'make.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# ---- tools ---------------------------------------------------------------------------------------
missing=()
command -v tmux >/dev/null || missing+=(tmux)
{ command -v ssh && command -v ssh-keygen; } >/dev/null || missing+=(openssh-client)
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
{ command -v fc-list >/dev/null && fc-list | grep -q "DejaVu Sans Mono"; } || missing+=(fontconfig fonts-dejavu-core)
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "please install: ${missing[*]} (no apt-get here)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/partnerdash-shots.XXXXXX")
pids=()
cleanup() {
  tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [ "${KEEP:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

say "building partnerdash and freeze $freeze_version"
GOBIN="$work/bin" go install "github.com/charmbracelet/freeze@$freeze_version"
go build -o "$work/bin/partnerdash" ./cmd/partnerdash
pd=$work/bin/partnerdash
freeze=$work/bin/freeze

# ---- a clean, private environment ----------------------------------------------------------------
# From here on nothing calls go (its caches live under the real HOME).
export HOME=$work/home
export XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache XDG_DATA_HOME=$HOME/.local/share XDG_STATE_HOME=$HOME/.local/state
unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH PARTNERDASH_PROFILE NO_COLOR TMUX
export TZ=UTC LANG=C.UTF-8 COLORTERM=truecolor
mkdir -p "$HOME"

cat >"$work/tmux.conf" <<'EOF'
set -g default-terminal "xterm-256color"
set -g status off
set -sg escape-time 0
set -g remain-on-exit on
EOF
tm() { tmux -S "$work/tmux.sock" -f "$work/tmux.conf" "$@"; }

# start NAME COLSxROWS COMMAND...: runs COMMAND in a new tmux session of that size.
start() {
  local name=$1 size=$2
  shift 2
  tm new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" -- "$@"
}

# wait_for NAME TEXT [SECONDS]: waits until the screen shows TEXT.
wait_for() {
  local name=$1 text=$2 deadline=$((SECONDS + ${3:-20}))
  until tm capture-pane -t "$name" -p | grep -qF -- "$text"; do
    if ((SECONDS > deadline)); then
      tm capture-pane -t "$name" -p >&2 || true
      die "$name: the screen above never showed \"$text\""
    fi
    sleep 0.2
  done
}

# wait_gone NAME TEXT: waits until the screen no longer shows TEXT.
wait_gone() {
  local name=$1 text=$2 deadline=$((SECONDS + 20))
  while tm capture-pane -t "$name" -p | grep -qF -- "$text"; do
    ((SECONDS <= deadline)) || die "$name: the screen still shows \"$text\""
    sleep 0.2
  done
}

# keys NAME KEY...: tmux send-keys, one key at a time, as a person types.
keys() {
  local name=$1 k
  shift
  for k in "$@"; do
    tm send-keys -t "$name" "$k"
    sleep 0.15
  done
}

# type NAME TEXT: types TEXT literally.
type_text() {
  tm send-keys -t "$1" -l "$2"
  sleep 0.3
}

# shoot NAME FILE: captures the screen with its colours and renders screenshots/FILE.png.
shoot() {
  local name=$1 file=$2
  sleep 0.5 # let the last frame settle
  tm capture-pane -t "$name" -p -e >"$work/$file.ansi"
  "$freeze" --language ansi --window --padding 20,24 --margin 0 --border.radius 8 \
    --font.family "DejaVu Sans Mono" --font.size 14 --line-height 1.2 \
    -o "$work/$file.svg" "$work/$file.ansi" >/dev/null
  rsvg-convert --zoom 1.25 -o "$out/$file.png" "$work/$file.svg"
  say "wrote screenshots/$file.png"
  tm kill-session -t "$name"
}

# ---- the dashboard on the demo tenant ------------------------------------------------------------
start dash 120x40 "$pd"
wait_for dash "by urgency"
shoot dash dashboard

start narrow 80x24 "$pd"
wait_for narrow "by urgency"
shoot narrow narrow

# The second kind: the compliance partners' tab, with Mosyle's detail beside it (a group named,
# and a group that no longer exists).
start comp 120x40 "$pd"
wait_for comp "by urgency"
keys comp 2
wait_for comp "Compliance partners 8"
keys comp /
type_text comp "Mosyle"
keys comp Enter
wait_for comp "Contoso US Macs"
shoot comp compliance

# The edit form: rename, mark the exclusion for removal, and type a group id that is one digit short.
start edit 120x40 "$pd"
wait_for edit "by urgency"
keys edit /
type_text edit "Pro (Contoso)"
keys edit Enter Escape e
wait_for edit "Display name"
keys edit C-u
type_text edit "Jamf Pro (Contoso HQ and Lab)"
keys edit Tab Tab Tab Tab x Tab Tab
type_text edit "c0ffee00-0000-4000-8000-00000000003"
wait_for edit "is not a GUID"
shoot edit edit

# The same change, fixed and reviewed: what will be sent, old → new.
start review 120x40 "$pd"
wait_for review "by urgency"
keys review /
type_text review "Pro (Contoso)"
keys review Enter Escape e
wait_for review "Display name"
keys review C-u
type_text review "Jamf Pro (Contoso HQ and Lab)"
keys review Tab Tab Tab Tab x Tab Tab
type_text review "c0ffee00-0000-4000-8000-000000000003"
keys review Enter C-s
wait_for review "Save"
shoot review review

# The terminate dialog, with the partner's name typed to unlock the button.
start term 120x40 "$pd"
wait_for term "by urgency"
keys term /
type_text term "Wingtip"
keys term Enter Escape t
wait_for term "to confirm:"
type_text term "Jamf Cloud (Wingtip)"
wait_gone term "(type the name first)"
shoot term terminate

# ---- the fleet screen on the built-in demo fleet (25 simulated tenants, in-process) ------------
start fleet 120x40 "$pd" fleet
wait_for fleet "25 tenants"
shoot fleet fleet

# ---- an error from Graph, with its request-id: a simulator that throttles every request ----------
"$pd" sim --addr 127.0.0.1:0 --throttle-every 1 --retry-after 1s >"$work/sim.out" 2>"$work/sim.log" &
pids+=($!)
for _ in $(seq 50); do grep -q serving "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^graphsim serving \(http:[^ ]*\).*/\1/p' "$work/sim.out")
[ -n "$url" ] || die "partnerdash sim did not start: $(cat "$work/sim.log")"
start error 120x40 "$pd" --graph-url "$url"
wait_for error "request-id" 30
shoot error error

# ---- an SSH session: partnerdash serve on loopback, an operator's key ----------------------------
ssh-keygen -q -t ed25519 -N "" -C "alice@laptop" -f "$work/alice"
printf 'environment="PARTNERDASH_ROLE=operator" %s\n' "$(cat "$work/alice.pub")" >"$work/authorized_keys"
"$pd" serve --addr 127.0.0.1:0 --authorized-keys "$work/authorized_keys" \
  --host-key "$work/ssh_host_ed25519_key" --audit-log "$work/audit.log" 2>"$work/serve.log" &
pids+=($!)
port=""
for _ in $(seq 50); do
  port=$(sed -n 's/.*msg="serving the dashboard over SSH" addr=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || die "partnerdash serve did not start: $(cat "$work/serve.log")"
start ssh 120x40 ssh -p "$port" -i "$work/alice" -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
  -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR alice@127.0.0.1
wait_for ssh "operator"
keys ssh j j
wait_for ssh "Jamf Pro (Tailspin) ─"
shoot ssh ssh

say "done: $(cd "$out" && ls -- *.png | tr '\n' ' ')"
