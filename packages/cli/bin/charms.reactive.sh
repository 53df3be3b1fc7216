#!/usr/bin/env bash
# charms.reactive.sh: reactive handlers written in bash, for @reactive/cli.
#
# A handler file (an executable in the charm's reactive/ folder):
#
#     #!/bin/bash
#     source charms.reactive.sh
#
#     @when 'db.database.available' 'admin-pass'
#     function render_config() {
#         charms.reactive render_template 'app-config.j2' '/etc/app.conf'
#     }
#
#     reactive_handler_main
#
# The hook runs the file with --test (which prints the functions to invoke)
# and then with --invoke LIST. See the @reactive/cli README.

_reactive_usage() {
    cat <<'USAGE'
charms.reactive.sh: helpers for reactive handlers written in bash.

Source it from a handler file in the charm's reactive/ folder:

    #!/bin/bash
    source charms.reactive.sh

    @when 'db.database.available' 'admin-pass'
    function render_config() {
        db_conn=$(relation_call --flag 'db.database.available' connection_string)
        charms.reactive render_template 'app-config.j2' '/etc/app.conf'
    }

    @when_not 'db.database.available'
    function no_db() {
        status-set waiting 'Waiting on database'
    }

    reactive_handler_main

Decorators (several on one function must all pass):
    @when FLAG...  @when_all FLAG...  @when_any FLAG...  @when_not FLAG...
    @when_none FLAG...  @when_not_all FLAG...  @hook PATTERN...
    @when_file_changed FILE...  @only_once

Helpers: set_flag, clear_flag, toggle_flag, is_flag_set, all_flags_set,
any_flags_set, relation_call, state_relation_call FLAG METHOD ARGS...,
name_relation_get RELATION UNIT [KEY] [--format=...], layer_option SECTION OPTION,
and the deprecated set_state, remove_state, all_states, any_states.
Templates: charms.reactive render_template SOURCE TARGET.

reactive_handler_main answers the hook: with --test it prints the functions
whose decorators pass (exit 0) or nothing (exit 1); with --invoke LIST it
calls them in order, and exits non-zero when one fails, which fails the hook.
USAGE
}

# Executed rather than sourced: show how to use it.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    _reactive_usage
    exit 0
fi

REACTIVE_ACTION="${1:-}"
REACTIVE_ARGS="${2:-}"

_reactive_charm_dir="${JUJU_CHARM_DIR:-${CHARM_DIR:-}}"
if [[ -n "$_reactive_charm_dir" ]]; then
    PATH="$PATH:$_reactive_charm_dir/bin:$_reactive_charm_dir/node_modules/.bin"
    PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$_reactive_charm_dir/lib"
    export PATH PYTHONPATH
fi
unset _reactive_charm_dir

# The CLI: on PATH, or the one of the package this file belongs to.
if ! command -v charms.reactive >/dev/null 2>&1; then
    _REACTIVE_CLI="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../dist/bin.cjs"
    if [[ -f "$_REACTIVE_CLI" ]]; then
        charms.reactive() { node "$_REACTIVE_CLI" "$@"; }
    fi
fi

shopt -s expand_aliases

if [[ -z "${_REACTIVE_SH_LOADED:-}" ]]; then
    _REACTIVE_SH_LOADED=1
    # function name -> handler spec for `charms.reactive test`; --test passes
    # them in this array's order, as the Python helper does with its own.
    declare -gA _REACTIVE_SPECS=()
    declare -gA _REACTIVE_IDS=()     # function name -> handler id
    declare -ga _REACTIVE_SCRIPT_LINES=()
    _REACTIVE_SCRIPT=
    _REACTIVE_ERRORS=0
fi
# What --test prints when it cannot tell what to run, so that --invoke fails the hook.
_REACTIVE_FAILED=':reactive-test-failed:'

alias @hook='_reactive_decorator hook'
alias @when='_reactive_decorator when'
alias @when_all='_reactive_decorator when_all'
alias @when_any='_reactive_decorator when_any'
alias @when_not='_reactive_decorator when_not'
alias @when_none='_reactive_decorator when_none'
alias @when_not_all='_reactive_decorator when_not_all'
alias @when_file_changed='_reactive_decorator when_file_changed'
alias @only_once='_reactive_decorator only_once'

# Quotes $1 for `charms.reactive test`, which splits its specs as a shell does; the result is in REPLY.
_reactive_quote() {
    REPLY="'${1//\'/\'\"\'\"\'}'"
}

# _reactive_decorator TEST ARGS...: adds a test to the function defined after
# the decorator lines that follow the call. The handler id is
# SCRIPT:LINE:NAME (the script as invoked, the line of the function).
_reactive_decorator() {
    { local _reactive_x=$-; set +x; } 2>/dev/null
    local test_name="$1"
    shift
    local script="${BASH_SOURCE[1]}" line="${BASH_LINENO[0]}"
    if [[ "$script" != "$_REACTIVE_SCRIPT" ]]; then
        _REACTIVE_SCRIPT_LINES=()
        [[ -r "$script" ]] && mapfile -t _REACTIVE_SCRIPT_LINES < "$script"
        _REACTIVE_SCRIPT="$script"
    fi
    local n="$line" count="${#_REACTIVE_SCRIPT_LINES[@]}" text="" name=""
    local keyword='^[[:space:]]*function[[:space:]]+([^[:space:]();{}|&<>]+)'
    local parens='^[[:space:]]*([^[:space:]();{}|&<>=#]+)[[:space:]]*\(\)'
    while (( n < count )); do
        text="${_REACTIVE_SCRIPT_LINES[n]}"
        n=$((n + 1))
        [[ "$text" =~ ^[[:space:]]*(@|#|$) ]] && continue
        if [[ "$text" =~ $keyword ]] || [[ "$text" =~ $parens ]]; then
            name="${BASH_REMATCH[1]}"
        fi
        break
    done
    if [[ -z "$name" ]]; then
        echo "charms.reactive.sh: $script:$line: @$test_name must be followed by a function definition" >&2
        _REACTIVE_ERRORS=$((_REACTIVE_ERRORS + 1))
    else
        if [[ -z "${_REACTIVE_IDS[$name]+set}" ]]; then
            _REACTIVE_IDS[$name]="$script:$n:$name"
            _reactive_quote "$name"
            local spec="$REPLY"
            _reactive_quote "${_REACTIVE_IDS[$name]}"
            _REACTIVE_SPECS[$name]="$spec $REPLY"
        fi
        local args="" arg
        for arg in "$@"; do
            _reactive_quote "$arg"
            args+="$REPLY "
        done
        _reactive_quote "$test_name"
        local test_word="$REPLY"
        _reactive_quote "$args"
        _REACTIVE_SPECS[$name]+=" $test_word $REPLY"
    fi
    if [[ "$_reactive_x" == *x* ]]; then set -x; fi
}

# Answers the hook's --test or --invoke; call it once, after the handlers.
# (Its variables are prefixed: the handlers it calls see them.)
reactive_handler_main() {
    { local _reactive_x=$-; set +x; } 2>/dev/null
    case "$REACTIVE_ACTION" in
        --test)
            _reactive_test
            ;;
        --invoke)
            _reactive_invoke "$REACTIVE_ARGS" "$_reactive_x"
            ;;
        *)
            echo "reactive_handler_main: $0 was run without --test or --invoke: nothing to do" >&2
            ;;
    esac
    if [[ "$_reactive_x" == *x* ]]; then set -x; fi
}

_reactive_test() {
    echo "Running reactive_handler_main for ${0##*/} (test)" >&2
    if (( _REACTIVE_ERRORS > 0 )); then
        echo "$_REACTIVE_FAILED"
        exit 0
    fi
    # The associative array's own order: a bash layer's handlers run in the
    # order they did under the Python library.
    local specs=("${_REACTIVE_SPECS[@]}") output="" status=0
    if (( ${#specs[@]} > 0 )); then
        output="$(charms.reactive test "${specs[@]}")" || status=$?
        if (( status != 0 )); then
            echo "reactive_handler_main: charms.reactive test failed (exit $status)" >&2
            echo "$_REACTIVE_FAILED"
            exit 0
        fi
    fi
    if [[ -n "$output" ]]; then
        echo "$output"
        echo "Will invoke: $output" >&2
        echo "End reactive_handler_main (test)" >&2
        exit 0
    fi
    echo "Nothing to invoke" >&2
    echo "End reactive_handler_main (test)" >&2
    exit 1
}

# Splits $1 on commas and whitespace into _REACTIVE_WORDS (no globbing).
_reactive_split() {
    local IFS=$' \t\n,' glob_was_off=
    [[ $- == *f* ]] && glob_was_off=1
    set -f
    # shellcheck disable=SC2206
    _REACTIVE_WORDS=($1)
    [[ -n "$glob_was_off" ]] || set +f
    return 0
}

_reactive_invoke() {
    local _reactive_xtrace="$2" _reactive_name _reactive_rc
    echo "Running reactive_handler_main for ${0##*/} (invoke)" >&2
    _reactive_split "$1"
    _REACTIVE_INVOKED=()
    if (( _REACTIVE_ERRORS > 0 )) || [[ " ${_REACTIVE_WORDS[*]} " == *" $_REACTIVE_FAILED "* ]]; then
        echo "reactive_handler_main: $0 could not test its handlers (see the errors above)" >&2
        exit 1
    fi
    for _reactive_name in "${_REACTIVE_WORDS[@]}"; do
        if [[ -z "${_REACTIVE_IDS[$_reactive_name]+set}" ]]; then
            echo "reactive_handler_main: $0 has no handler named '$_reactive_name'" >&2
            exit 1
        fi
    done
    for _reactive_name in "${_REACTIVE_WORDS[@]}"; do
        echo "Invoking bash reactive handler: $_reactive_name" >&2
        [[ "$_reactive_xtrace" == *x* ]] && set -x
        "$_reactive_name"
        { _reactive_rc=$?; set +x; } 2>/dev/null
        if (( _reactive_rc != 0 )); then
            echo "Bash reactive handler $_reactive_name failed (exit $_reactive_rc): the hook fails" >&2
            exit "$_reactive_rc"
        fi
        _REACTIVE_INVOKED+=("${_REACTIVE_IDS[$_reactive_name]}")
    done
    if (( ${#_REACTIVE_INVOKED[@]} > 0 )); then
        charms.reactive mark_invoked "${_REACTIVE_INVOKED[@]}" || exit $?
    fi
    echo "End reactive_handler_main (invoke)" >&2
    return 0
}

# Flags and relations: the charms.reactive commands of the same names.
set_flag() { charms.reactive set_flag "$@"; }
clear_flag() { charms.reactive clear_flag "$@"; }
toggle_flag() { charms.reactive toggle_flag "$@"; }
is_flag_set() { charms.reactive is_flag_set "$@"; }
all_flags_set() { charms.reactive all_flags_set "$@"; }
any_flags_set() { charms.reactive any_flags_set "$@"; }
relation_call() { charms.reactive relation_call "$@"; }

# Deprecated names.
set_state() { charms.reactive set_flag "$@"; }
remove_state() { charms.reactive clear_flag "$@"; }
all_states() { charms.reactive all_flags_set "$@"; }
any_states() { charms.reactive any_flags_set "$@"; }

# state_relation_call FLAG METHOD ARGS... (deprecated): relation_call --flag FLAG METHOD ARGS...
state_relation_call() {
    local flag="$1"
    shift
    charms.reactive relation_call --flag "$flag" "$@"
}

# name_relation_get RELATION UNIT [KEY] [relation-get options...]: relation-get
# on the RELATION relation with UNIT's application; KEY defaults to - (all).
name_relation_get() {
    if (( $# < 2 )); then
        echo "usage: name_relation_get RELATION UNIT [KEY] [--format=...]" >&2
        return 2
    fi
    local relation="$1" unit="$2" key="-" rid
    shift 2
    if (( $# > 0 )) && [[ "$1" != --* ]]; then
        key="$1"
        shift
    fi
    rid="$(charms.reactive relation_id "$relation" "$unit")" || return $?
    relation-get -r "$rid" "$key" "$unit" "$@"
}

# layer_option SECTION OPTION: the charm's bin/layer_option when there is one.
if ! command -v layer_option >/dev/null 2>&1; then
    layer_option() { charms.reactive layer_option "$@"; }
fi
