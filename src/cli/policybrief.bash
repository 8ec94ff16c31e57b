# policybrief.bash -- bash completion for policybrief(1), installed as
# PREFIX/share/bash-completion/completions/policybrief.  Commands, the
# options of each (as in `policybrief --help` and `policybrief batch
# --help`; tests/e2e/test_cli.sh compares them), template and fontset
# names asked of policybrief itself, and file names.

_policybrief_templates()
{
    "$1" templates 2>/dev/null | while read -r name _; do
        printf '%s\n' "$name"
    done
}

_policybrief_fontsets()
{
    # the names listed under "Fontsets in ..." by `help fontsets`
    "$1" help fontsets 2>/dev/null | sed -n '/^Fontsets in /,$ s/^  \([^ ]*\).*/\1/p'
}

_policybrief()
{
    local cur prev cmd i
    local prog=${COMP_WORDS[0]}
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -o | --output | -t | --template | --fontset | --set | --translation | \
                --translation-skeleton | -j | --jobs | --glob | --manifest | \
                --progress | --shard | --timeout)
                ((i++)) ;;
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    local common="--output --template --fontset --set --translation
        --translation-skeleton --dump-layout --json --xml --strict --max-input --quiet
        --verbose --help --version -o -t -q -v -h --"
    local batch_opts="--output --jobs --glob --force --manifest --progress
        --shard --timeout --max-input --template --fontset --set --strict --quiet
        --verbose --json --help -o -j -t -q -v -h"

    case $prev in
        -t | --template)
            COMPREPLY=($(compgen -W "$(_policybrief_templates "$prog")" -- "$cur")
                $(compgen -f -X '!*.xml' -- "$cur"))
            return ;;
        --fontset)
            COMPREPLY=($(compgen -W "$(_policybrief_fontsets "$prog")" -- "$cur"))
            return ;;
        --progress)
            COMPREPLY=($(compgen -W "auto bar plain none" -- "$cur"))
            return ;;
        --translation-skeleton)
            COMPREPLY=($(compgen -W "en zh" -- "$cur"))
            return ;;
        --set | -j | --jobs | --glob | --shard | --timeout)
            return ;;
        -o | --output)
            if [ "$cmd" = batch ]; then
                COMPREPLY=($(compgen -d -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            return ;;
        --translation | --manifest)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
    esac

    if [ -z "$cmd" ]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "render inspect templates fonts batch help" -- "$cur"))
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        if [ "$cmd" = batch ]; then
            COMPREPLY=($(compgen -W "$batch_opts" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$common" -- "$cur"))
        fi
        return
    fi
    case $cmd in
        help) COMPREPLY=($(compgen -W "templates fontsets batch" -- "$cur")) ;;
        templates) ;;
        batch) COMPREPLY=($(compgen -f -- "$cur")) ;;
        *) # documents and folders
            local f
            while IFS= read -r f; do
                case $f in
                    *.md | *.markdown | *.html | *.htm | *.xml | -) COMPREPLY+=("$f") ;;
                esac
            done < <(compgen -f -- "$cur")
            COMPREPLY+=($(compgen -d -- "$cur")) ;;
    esac
}

complete -o filenames -F _policybrief policybrief
