# Shared by setup.sh and start.sh: messages and long-running output, readable in a terminal
# and in a log file (no raw ANSI escape codes when stdout is not a terminal).

if [[ -t 1 ]]; then
  _bold=$'\033[1m' _plain=$'\033[0m'
else
  _bold='' _plain=''
  # Tools that colour their output (next build, npm) leave it plain too.
  export NO_COLOR=1 FORCE_COLOR=0
fi

# say LABEL MESSAGE… → "[LABEL] MESSAGE"
say() {
  local label=$1
  shift
  printf '%s[%s]%s %s\n' "$_bold" "$label" "$_plain" "$*"
}

# COMMAND | show_progress LABEL → each line as it arrives, marked; escapes and spinners
# (carriage returns) removed unless stdout is a terminal.
show_progress() {
  local label=$1
  if [[ -t 1 ]]; then
    sed -u "s/^/[$label] /"
  else
    sed -u -e $'s/\r/\\\n/g' | sed -u -e $'s/\033\\[[0-9;?]*[A-Za-z]//g' -e '/^[[:space:]]*$/d' -e "s/^/[$label] /"
  fi
}
