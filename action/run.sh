#!/usr/bin/env bash
# The dataaudit GitHub Action's shell logic (action.yml at the repository root calls it; every
# step of the action that is more than a `uses:` is a mode of this one script, so that
# tests/test_ci_action.py runs exactly what CI runs).
#
#   run.sh install   pip-install dataaudit into the runner's Python (INPUT_INSTALL, default: the
#                    action's own checkout, $GITHUB_ACTION_PATH)
#   run.sh scan      scan each INPUT_PATH file against the base branch's copy of it, write the
#                    step summary, the outputs and the reports; exit with the worst scan's code
#   run.sh fail      the last step, after the uploads: exit with the scan step's code (INPUT_EXIT_CODE)
#
# Inputs come as the environment the action sets (INPUT_PATH, INPUT_CONFIG, INPUT_FAIL_ON,
# INPUT_BASE_REF, INPUT_ARGS, INPUT_SARIF, INPUT_INSTALL, INPUT_PIP_ARGS) beside the runner's
# (GITHUB_BASE_REF, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP). Exit codes are dataaudit's:
# 0 every file passed, 1 a file failed (new findings, or the gate), 2 bad input or usage (the
# message is printed and annotated), 3 a check crashed; the worst (highest) one wins.
set -euo pipefail

PYTHON="${DATAAUDIT_ACTION_PYTHON:-python3}"

die() {  # usage errors of the action itself: exit 2, like dataaudit's own bad usage
    annotate error "" "dataaudit action: $1"
    exit 2
}

annotate() {  # annotate LEVEL FILE MESSAGE: a workflow command (shown on the run and the PR)
    local level=$1 file=$2 message=$3
    message=${message//'%'/'%25'}
    message=${message//$'\r'/'%0D'}
    message=${message//$'\n'/'%0A'}
    if [ -n "$file" ]; then
        file=${file//'%'/'%25'}
        file=${file//','/'%2C'}
        file=${file//':'/'%3A'}
        printf '::%s file=%s::%s\n' "$level" "$file" "$message"
    else
        printf '::%s::%s\n' "$level" "$message"
    fi
}

words=()

split_args() {  # split_args INPUT VALUE: VALUE as shell words into `words` (quotes respected, nothing evaluated)
    words=()
    [ -n "$2" ] || return 0
    local split
    split=$(mktemp)
    "$PYTHON" -c 'import shlex, sys; sys.stdout.write("".join(w + "\0" for w in shlex.split(sys.argv[1])))' "$2" \
        >"$split" 2>/dev/null || { rm -f "$split"; die "$1: cannot split into shell words (an unclosed quote?): $2"; }
    mapfile -d '' -t words <"$split"
    rm -f "$split"
}

do_install() {
    local spec=${INPUT_INSTALL:-}
    if [ -z "$spec" ]; then
        [ -n "${GITHUB_ACTION_PATH:-}" ] || die "no install spec and no GITHUB_ACTION_PATH to install from"
        spec=$GITHUB_ACTION_PATH
    fi
    split_args pip-args "${INPUT_PIP_ARGS:-}"
    local -a pip_args=("${words[@]}")
    echo "pip install ${pip_args[*]} $spec"
    "$PYTHON" -m pip install --disable-pip-version-check "${pip_args[@]}" "$spec"
    dataaudit --version
}

# ----------------------------------------------------------------------------- scan

files=()  # the data files, in input order, each once

add_file() {
    local f=$1 seen
    for seen in "${files[@]}"; do
        [ "$seen" = "$f" ] && return 0
    done
    files+=("$f")
}

glob() {  # glob PATTERN: the matching paths, sorted, NUL-separated (** spans folders; no word splitting)
    local IFS=
    shopt -s globstar nullglob
    local -a matches
    # shellcheck disable=SC2206  # the pattern is expanded on purpose; IFS= keeps its spaces
    matches=($1)
    shopt -u globstar nullglob
    [ "${#matches[@]}" -eq 0 ] || printf '%s\0' "${matches[@]}"
}

expand_paths() {  # one path or glob per line; a glob that matches nothing is an error
    local line trimmed
    local -a matches
    while IFS= read -r line || [ -n "$line" ]; do
        trimmed=${line#"${line%%[![:space:]]*}"}
        trimmed=${trimmed%"${trimmed##*[![:space:]]}"}
        [ -z "$trimmed" ] && continue
        case $trimmed in
            \#*) continue ;;
            *[\*\?\[]*)
                mapfile -d '' -t matches < <(glob "$trimmed")
                [ "${#matches[@]}" -gt 0 ] || die "path: the pattern '$trimmed' matches no file"
                local m
                for m in "${matches[@]}"; do [ -f "$m" ] && add_file "$m"; done
                ;;
            *) add_file "$trimmed" ;;
        esac
    done <<<"${INPUT_PATH:-}"
    [ "${#files[@]}" -gt 0 ] || die "path: no data file given (one path or glob per line)"
}

base_commit=""

resolve_base() {  # the base branch (or any ref or sha) as a commit, fetched when the checkout lacks it
    local ref=$1 candidate
    for candidate in "refs/remotes/origin/$ref" "$ref"; do
        if base_commit=$(git rev-parse --verify --quiet "$candidate^{commit}"); then
            return 0
        fi
    done
    local -a depth=()
    [ "$(git rev-parse --is-shallow-repository)" = true ] && depth=(--depth=1)
    if git fetch --no-tags --quiet "${depth[@]}" origin "$ref" >&2 \
        && base_commit=$(git rev-parse --verify --quiet "FETCH_HEAD^{commit}"); then
        return 0
    fi
    die "base-ref: '$ref' is neither a branch of origin nor a commit this repository can fetch"
}

json_counts() {  # json_counts REPORT.json: "clean_count new_findings findings" of a saved report
    "$PYTHON" - "$1" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
baseline = report.get("baseline")
new = baseline["new"] if baseline else len(report["findings"])
print(report["summary"]["effective_clean_count"], new, len(report["findings"]))
PY
}

categorize_sarif() {  # categorize_sarif SRC DEST CATEGORY: one code-scanning category per data file
    "$PYTHON" - "$1" "$2" "$3" <<'PY'
import json, sys
src, dest, category = sys.argv[1:]
sarif = json.load(open(src, encoding="utf-8"))
for run in sarif.get("runs", []):
    run["automationDetails"] = {"id": category}
json.dump(sarif, open(dest, "w", encoding="utf-8"), indent=1)
PY
}

new_file_markdown() {  # the summary of a file the base branch does not have: every finding is new
    "$PYTHON" - "$1" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
def md(text):  # Markdown's special characters, escaped as `dataaudit diff --markdown` does
    return "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in str(text)).replace("\n", " ")
findings = report["findings"]
print(f"{md(report['summary']['verdict'])}\n")
by_check = collections.Counter(f["check"] for f in findings)
if by_check:
    print("- New findings by check: " + ", ".join(f"{md(c)} {n}" for c, n in sorted(by_check.items())) + ".")
for f in findings[:20]:
    print(f"  - new {f['code']}: {md(f['message'])}")
if len(findings) > 20:
    print(f"  - … and {len(findings) - 20} more (the JSON report lists them all)")
PY
}

result_json() {  # result_json PATH CODE CLEAN NEW COUNT DIR: one file's entry of the results output
    "$PYTHON" -c 'import json, sys
path, code, clean, new, count, report_dir = sys.argv[1:]
number = lambda v: int(v) if v else None
print(json.dumps({"path": path, "exit_code": int(code), "clean_count": number(clean), "new_findings": number(new),
                  "findings": number(count), "report_dir": report_dir}))' "$@"
}

error_text() {  # error_text FILE: a scan's stderr without its progress lines, the last 20 lines
    grep -v -E '^[^ ].*: (started( \([0-9,]+\))?|done in [0-9.,]+ s)$' "$1" | tail -n 20 || true
}

write_output() {  # write_output NAME VALUE (multi-line values as a heredoc)
    [ -n "${GITHUB_OUTPUT:-}" ] || return 0
    local delimiter="dataaudit_$RANDOM$RANDOM$RANDOM"
    printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$GITHUB_OUTPUT"
}

do_scan() {
    command -v dataaudit >/dev/null || die "dataaudit is not installed (run.sh install first)"
    exec 3>&1  # stdout, for the scans whose stderr goes through tee
    expand_paths

    local base_ref=${INPUT_BASE_REF:-${GITHUB_BASE_REF:-}}
    local fail_on=${INPUT_FAIL_ON:-}
    if [ -z "$fail_on" ]; then
        if [ -n "$base_ref" ]; then fail_on=new; else fail_on=gate; fi
    fi
    case $fail_on in
        new) [ -n "$base_ref" ] || die "fail-on: new needs a base branch (a pull_request event, or the base-ref input)" ;;
        gate | never) ;;
        *) die "fail-on: '$fail_on' is not one of new, gate, never" ;;
    esac
    local sarif=${INPUT_SARIF:-true}
    case $sarif in
        true | false) ;;
        *) die "sarif: '$sarif' is not true or false" ;;
    esac

    split_args args "${INPUT_ARGS:-}"
    local -a extra=("${words[@]}")
    if [ -n "${INPUT_CONFIG:-}" ]; then
        extra=(--config "$INPUT_CONFIG" "${extra[@]}")
    fi

    local top=""
    if [ -n "$base_ref" ]; then
        resolve_base "$base_ref"
        top=$(git rev-parse --show-toplevel)
    fi

    local root=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
    local out copies
    out=$(mktemp -d "$root/dataaudit.XXXXXX")
    copies=$(mktemp -d "$root/dataaudit-base.XXXXXX")
    local summary="$out/summary.md"
    : >"$summary"
    if [ "$sarif" = true ]; then mkdir -p "$out/sarif"; fi

    local worst=0 total_clean=0 total_new=0 scanned=0
    local jsons="" results="" file
    for file in "${files[@]}"; do
        local slug=${file#./}
        slug=${slug//\//__}
        slug=${slug//[^A-Za-z0-9._-]/_}
        local dir="$out/$slug" n=1
        while [ -e "$dir" ]; do n=$((n + 1)); dir="$out/$slug.$n"; done
        mkdir -p "$dir"
        echo "::group::dataaudit: $file"

        # The base branch's copy, scanned with the same settings: this change's baseline.
        local baseline="" base_note=""
        if [ -n "$base_ref" ]; then
            local rel="./${file#./}"  # <commit>:./PATH is relative to this folder, as the file is
            case $file in /*) rel=${file#"$top"/} ;; esac
            if git cat-file -e "$base_commit:$rel" 2>/dev/null; then
                mkdir -p "$copies/$slug"
                local copy="$copies/$slug/${file##*/}"  # the same name: the format comes from it
                git show "$base_commit:$rel" >"$copy"
                local base_code=0
                dataaudit scan "$copy" "${extra[@]}" --json "$dir/base.json" --exit-zero --quiet \
                    2>"$dir/base.err" || base_code=$?
                if [ "$base_code" -eq 0 ] && [ -s "$dir/base.json" ]; then
                    baseline="$dir/base.json"
                else
                    cat "$dir/base.err" >&2
                    base_note="its copy on \`$base_ref\` could not be scanned (exit $base_code): every finding counts as new"
                    annotate warning "$file" "dataaudit: $base_note. $(error_text "$dir/base.err")"
                fi
            else
                base_note="new on this branch (\`$base_ref\` has no copy): every finding is new"
            fi
        fi

        # This change's copy. Without a baseline, fail-on new judges the findings below (all new).
        local -a flags=("${extra[@]}" --json "$dir/now.json" --flagged "$dir/flagged.csv")
        if [ "$sarif" = true ]; then flags+=(--sarif "$dir/now.sarif"); fi
        if [ -n "$baseline" ]; then
            flags+=(--baseline "$baseline")
            if [ "$fail_on" = new ]; then flags+=(--fail-on new); fi
        fi
        local code=0
        # stderr (progress, the error) reaches the log as it comes, and is kept for the summary
        dataaudit scan "$file" "${flags[@]}" 2>&1 >&3 | tee "$dir/scan.err" >&2 || code=${PIPESTATUS[0]}

        local clean="" new="" count=""
        if [ "$code" -lt 2 ] && [ -s "$dir/now.json" ]; then
            read -r clean new count < <(json_counts "$dir/now.json")
            if [ "$fail_on" = never ]; then
                code=0
            elif [ "$fail_on" = new ] && [ -z "$baseline" ]; then
                code=$((new > 0 ? 1 : 0))
            fi
        elif [ "$code" -eq 0 ]; then
            code=2  # exit 0 without a report: never expected, never a pass
        fi

        {
            echo "### dataaudit: \`$file\`"
            echo
            if [ -z "$clean" ]; then
                annotate error "$file" "dataaudit scan stopped (exit $code): $(error_text "$dir/scan.err")" >&2
                echo "The scan stopped (exit $code):"
                echo
                echo '```'
                error_text "$dir/scan.err"
                echo '```'
            else
                if [ -n "$base_note" ]; then printf '_%s._\n\n' "$base_note"; fi
                if [ -n "$baseline" ]; then
                    dataaudit diff "$baseline" "$dir/now.json" --markdown "$dir/diff.md" >/dev/null
                    sed '1s/^### dataaudit: /#### /' "$dir/diff.md"
                else
                    new_file_markdown "$dir/now.json"
                fi
                if [ "$code" -eq 1 ]; then
                    if [ "$fail_on" = new ]; then
                        annotate error "$file" "dataaudit: $new new finding(s); the job summary lists them" >&2
                    else
                        annotate error "$file" "dataaudit: the gate failed; the job summary says why" >&2
                    fi
                fi
            fi
            echo
        } >>"$summary"
        echo "::endgroup::"

        if [ -n "$clean" ]; then
            total_clean=$((total_clean + clean))
            total_new=$((total_new + new))
            scanned=$((scanned + 1))
            jsons+="${jsons:+$'\n'}$dir/now.json"
            if [ "$sarif" = true ] && [ -s "$dir/now.sarif" ]; then
                categorize_sarif "$dir/now.sarif" "$out/sarif/${dir##*/}.sarif" "dataaudit/${file#./}/"
            fi
        fi
        results+="${results:+,}$(result_json "$file" "$code" "$clean" "$new" "$count" "$dir")"
        if [ "$code" -gt "$worst" ]; then worst=$code; fi
    done

    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$summary" >>"$GITHUB_STEP_SUMMARY"; fi
    local sarif_dir=""
    if [ "$sarif" = true ] && [ -n "$(ls -A "$out/sarif")" ]; then sarif_dir="$out/sarif"; fi
    if [ "$scanned" -eq 0 ]; then total_clean="" total_new=""; fi
    write_output exit-code "$worst"
    write_output clean-count "$total_clean"
    write_output new-findings "$total_new"
    write_output report-dir "$out"
    write_output json "$jsons"
    write_output sarif-dir "$sarif_dir"
    write_output summary "$summary"
    write_output results "[$results]"
    rm -rf "$copies"
    echo "dataaudit: ${#files[@]} file(s), clean count ${total_clean:-none}, ${total_new:-no} new finding(s)," \
        "exit $worst; reports in $out"
    return "$worst"
}

do_fail() {  # the last step: the scan step's exit code, once the summary and the uploads are done
    local code=${INPUT_EXIT_CODE:-}
    case $code in
        '' | *[!0-9]*) code=1 ;;  # the scan step stopped before it said: a failure all the same
    esac
    [ "$code" -ne 0 ] || code=1  # only a failed scan step calls this
    annotate error "" "dataaudit failed (exit $code): the scan step's log and the job summary say why"
    exit "$code"
}

case ${1:-} in
    install) do_install ;;
    scan) do_scan ;;
    fail) do_fail ;;
    *)
        echo "usage: $0 install|scan|fail (the dataaudit action's steps; see action.yml)" >&2
        exit 2
        ;;
esac
