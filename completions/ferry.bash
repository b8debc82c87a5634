# bash completion for ferry. Generated from ferry's commands; do not edit. Regenerate: ./mvnw -q compile exec:java@regenerate
# Use: source this file, or copy it to ~/.local/share/bash-completion/completions/ferry

# __ferry_command PATH: sets subs, opts and valued (the options that take a value) for one command
__ferry_command() {
  case $1 in
    '') subs='copy sync compose plan save load inspect analyse tags catalog cache login logout watch shell tui'; opts='-src -dst -lst -img -inc -out -watch --watch --lang -h --help -V --version'; valued='-src -dst -lst -img -inc -out --lang' ;;
    'copy') subs=''; opts='--platform -j --parallel --squash --recompress --dry-run -o --output -q --quiet --src-creds --dest-creds --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --cache --keepdays --keepsize --no-cache -a --all --src-tls-verify --dest-tls-verify --referrers -h --help -V --version --lang'; valued='--platform -j --parallel --recompress -o --output --src-creds --dest-creds --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --cache --keepdays --keepsize --src-tls-verify --dest-tls-verify --lang' ;;
    'sync') subs=''; opts='--from --to --namespace -j --parallel --routines --qps --platform --dry-run -o --output --report --log -q --quiet --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --rules --ruleFile --secrets --securityFile --registry --ns --all-repos --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --notify --notify-test --cache --keepdays --keepsize --no-cache -a --all --src-tls-verify --dest-tls-verify --referrers -h --help -V --version --lang'; valued='--from --to --namespace -j --parallel --routines --qps --platform -o --output --report --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --rules --ruleFile --secrets --securityFile --registry --ns --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --notify --cache --keepdays --keepsize --src-tls-verify --dest-tls-verify --lang' ;;
    'compose') subs=''; opts='--to --from --prefix --flatten --ignore --platform --write --save --dir -j --parallel --dry-run -q --quiet --log --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --cache --keepdays --keepsize --no-cache -h --help -V --version --lang'; valued='--to --from --prefix --ignore --platform --write --dir -j --parallel --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --cache --keepdays --keepsize --lang' ;;
    'plan') subs=''; opts='--from --to --namespace --check -o --output --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --all-repos --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --rules --ruleFile --secrets --securityFile --registry --ns -h --help -V --version --lang'; valued='--from --to --namespace -o --output --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --rules --ruleFile --secrets --securityFile --registry --ns --lang' ;;
    'save') subs=''; opts='--from --out --prefix --dir --compress --keep-digests --single-file --docker-format --inc --platform -j --parallel -q --quiet -o --output --log --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --all-repos --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard -a --all --src-tls-verify --dest-tls-verify --notify --notify-test --cache --keepdays --keepsize --no-cache --referrers -h --help -V --version --lang'; valued='--from --out --prefix --dir --compress --inc --platform -j --parallel -o --output --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --src-tls-verify --dest-tls-verify --notify --cache --keepdays --keepsize --lang' ;;
    'load') subs=''; opts='--to --image --rename --renames -j --parallel --trust-pack -q --quiet --log --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config -a --all --src-tls-verify --dest-tls-verify --notify --notify-test --referrers -h --help -V --version --lang'; valued='--to --image --rename --renames -j --parallel --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --src-tls-verify --dest-tls-verify --notify --lang' ;;
    'inspect') subs=''; opts='--insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --creds -o --output --tls-verify --raw -h --help -V --version --lang'; valued='--insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --creds -o --output --tls-verify --lang' ;;
    'analyse') subs=''; opts='--insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --creds -o --output --tls-verify --platform --ci --max-wasted -h --help -V --version --lang'; valued='--insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --creds -o --output --tls-verify --platform --max-wasted --lang' ;;
    'tags') subs=''; opts='--insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --creds -o --output --tls-verify --sort -h --help -V --version --lang'; valued='--insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --creds -o --output --tls-verify --lang' ;;
    'catalog') subs=''; opts='--insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --creds -o --output --tls-verify --max -h --help -V --version --lang'; valued='--insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --creds -o --output --tls-verify --max --lang' ;;
    'cache') subs='ls stats prune clear'; opts='-h --help -V --version --lang'; valued='--lang' ;;
    'cache ls') subs=''; opts='--cache --keepdays --keepsize --config -o --output -h --help -V --version --lang'; valued='--cache --keepdays --keepsize --config -o --output --lang' ;;
    'cache stats') subs=''; opts='--cache --keepdays --keepsize --config -o --output --jobs -h --help -V --version --lang'; valued='--cache --keepdays --keepsize --config -o --output --jobs --lang' ;;
    'cache prune') subs=''; opts='--cache --keepdays --keepsize --config -o --output -h --help -V --version --lang'; valued='--cache --keepdays --keepsize --config -o --output --lang' ;;
    'cache clear') subs=''; opts='--cache --keepdays --keepsize --config -o --output -h --help -V --version --lang'; valued='--cache --keepdays --keepsize --config -o --output --lang' ;;
    'login') subs=''; opts='-u --username --password-stdin --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config -h --help -V --version --lang'; valued='-u --username --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --lang' ;;
    'logout') subs=''; opts='--insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config -h --help -V --version --lang'; valued='--insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --lang' ;;
    'watch') subs=''; opts='--from --to --interval --max-backoff --recheck --once --order --tags --save --dir --out --prefix --compress --single-file --inc --history --status-file --status --platform -j --parallel -o --output -q --quiet --shard --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config --rules --ruleFile --secrets --securityFile --registry --ns --cache --keepdays --keepsize --no-cache --notify --notify-test -h --help -V --version --lang'; valued='--from --to --interval --max-backoff --recheck --order --tags --dir --out --prefix --compress --inc --history --status-file --platform -j --parallel -o --output --shard --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --rules --ruleFile --secrets --securityFile --registry --ns --cache --keepdays --keepsize --notify --lang' ;;
    'shell') subs=''; opts='-c --creds --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config -h --help -V --version --lang'; valued='-c --creds --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --lang' ;;
    'tui') subs=''; opts='--creds --insecure --cleartext-credentials --ca --skip-tls-verify --retries --stall-timeout --wait-for-rate-limit --authfile --config -h --help -V --version --lang'; valued='--creds --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --lang' ;;
  esac
}

# __ferry_value PATH OPTION: what the option's value is (values LIST, file, dir, registry, target, image or text)
__ferry_value() {
  case "$1 $2" in
    ' -src') echo 'registry' ;;
    ' -dst') echo 'target' ;;
    ' -lst') echo 'file' ;;
    ' -img') echo 'file' ;;
    ' -inc') echo 'file' ;;
    'copy --platform') echo 'values linux/amd64 linux/arm64 linux/arm/v7 linux/arm/v6 linux/386 linux/ppc64le linux/s390x linux/riscv64 windows/amd64' ;;
    'copy -o'|'copy --output') echo 'values text json' ;;
    'copy --authfile') echo 'file' ;;
    'copy --config') echo 'file' ;;
    'copy --cache') echo 'dir' ;;
    'sync --from') echo 'registry' ;;
    'sync --to') echo 'target' ;;
    'sync --platform') echo 'values linux/amd64 linux/arm64 linux/arm/v7 linux/arm/v6 linux/386 linux/ppc64le linux/s390x linux/riscv64 windows/amd64' ;;
    'sync -o'|'sync --output') echo 'values text json' ;;
    'sync --report') echo 'file' ;;
    'sync --log') echo 'file' ;;
    'sync --authfile') echo 'file' ;;
    'sync --config') echo 'file' ;;
    'sync --rules'|'sync --ruleFile') echo 'file' ;;
    'sync --secrets'|'sync --securityFile') echo 'file' ;;
    'sync --cache') echo 'dir' ;;
    'compose --to') echo 'target' ;;
    'compose --from') echo 'registry' ;;
    'compose --ignore') echo 'file' ;;
    'compose --write') echo 'file' ;;
    'compose --dir') echo 'dir' ;;
    'compose --log') echo 'file' ;;
    'compose --authfile') echo 'file' ;;
    'compose --config') echo 'file' ;;
    'compose --cache') echo 'dir' ;;
    'plan --from') echo 'registry' ;;
    'plan --to') echo 'target' ;;
    'plan -o'|'plan --output') echo 'values text json' ;;
    'plan --authfile') echo 'file' ;;
    'plan --config') echo 'file' ;;
    'plan --rules'|'plan --ruleFile') echo 'file' ;;
    'plan --secrets'|'plan --securityFile') echo 'file' ;;
    'save --from') echo 'registry' ;;
    'save --dir') echo 'dir' ;;
    'save --compress') echo 'values none lz4 xz squash squash-xz' ;;
    'save --inc') echo 'file' ;;
    'save --platform') echo 'values linux/amd64 linux/arm64 linux/arm/v7 linux/arm/v6 linux/386 linux/ppc64le linux/s390x linux/riscv64 windows/amd64' ;;
    'save -o'|'save --output') echo 'values text json' ;;
    'save --log') echo 'file' ;;
    'save --authfile') echo 'file' ;;
    'save --config') echo 'file' ;;
    'save --cache') echo 'dir' ;;
    'load --to') echo 'target' ;;
    'load --renames') echo 'file' ;;
    'load --log') echo 'file' ;;
    'load --authfile') echo 'file' ;;
    'load --config') echo 'file' ;;
    'inspect --authfile') echo 'file' ;;
    'inspect --config') echo 'file' ;;
    'inspect -o'|'inspect --output') echo 'values text json' ;;
    'analyse --authfile') echo 'file' ;;
    'analyse --config') echo 'file' ;;
    'analyse -o'|'analyse --output') echo 'values text json' ;;
    'tags --authfile') echo 'file' ;;
    'tags --config') echo 'file' ;;
    'tags -o'|'tags --output') echo 'values text json' ;;
    'catalog --authfile') echo 'file' ;;
    'catalog --config') echo 'file' ;;
    'catalog -o'|'catalog --output') echo 'values text json' ;;
    'cache ls --cache') echo 'dir' ;;
    'cache ls --config') echo 'file' ;;
    'cache ls -o'|'cache ls --output') echo 'values text json' ;;
    'cache stats --cache') echo 'dir' ;;
    'cache stats --config') echo 'file' ;;
    'cache stats -o'|'cache stats --output') echo 'values text json' ;;
    'cache prune --cache') echo 'dir' ;;
    'cache prune --config') echo 'file' ;;
    'cache prune -o'|'cache prune --output') echo 'values text json' ;;
    'cache clear --cache') echo 'dir' ;;
    'cache clear --config') echo 'file' ;;
    'cache clear -o'|'cache clear --output') echo 'values text json' ;;
    'login --authfile') echo 'file' ;;
    'login --config') echo 'file' ;;
    'logout --authfile') echo 'file' ;;
    'logout --config') echo 'file' ;;
    'watch --from') echo 'registry' ;;
    'watch --to') echo 'target' ;;
    'watch --dir') echo 'dir' ;;
    'watch --inc') echo 'file' ;;
    'watch --history') echo 'file' ;;
    'watch --status-file') echo 'file' ;;
    'watch -o'|'watch --output') echo 'values text json' ;;
    'watch --authfile') echo 'file' ;;
    'watch --config') echo 'file' ;;
    'watch --rules'|'watch --ruleFile') echo 'file' ;;
    'watch --secrets'|'watch --securityFile') echo 'file' ;;
    'watch --cache') echo 'dir' ;;
    'shell --authfile') echo 'file' ;;
    'shell --config') echo 'file' ;;
    'tui --authfile') echo 'file' ;;
    'tui --config') echo 'file' ;;
    *) echo text ;;
  esac
}

# __ferry_argument PATH N: what the command's argument number N (from 0) is
__ferry_argument() {
  case $1 in
    'copy')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'image'; return; fi
      if [ "$2" -ge 1 ] && [ "$2" -le 1 ]; then echo 'image'; return; fi
      ;;
    'sync')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'file'; return; fi
      ;;
    'compose')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'file'; return; fi
      ;;
    'plan')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'file'; return; fi
      ;;
    'save')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'file'; return; fi
      ;;
    'load')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'file'; return; fi
      ;;
    'inspect')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'image'; return; fi
      ;;
    'analyse')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'image'; return; fi
      ;;
    'tags')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'image'; return; fi
      ;;
    'catalog')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'image'; return; fi
      ;;
    'login')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'image'; return; fi
      ;;
    'logout')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'image'; return; fi
      ;;
    'watch')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'file'; return; fi
      ;;
    'shell')
      if [ "$2" -ge 0 ] && [ "$2" -le 0 ]; then echo 'file'; return; fi
      ;;
  esac
  echo text
}

# __ferry_ask WHAT WORD: candidates from ferry itself (cfg.yaml names, repositories, tags). ferry gives up on a
# registry after 0.9 s (FERRY_COMPLETE_WAIT_MS); the timeout is only for a machine too busy to start it in time.
__ferry_ask() {
  local run=("$prog" __complete "${config[@]}" "$@") wait=0
  [[ $FERRY_COMPLETE_WAIT_MS =~ ^[0-9]+$ ]] && wait=$FERRY_COMPLETE_WAIT_MS
  if command -v timeout >/dev/null 2>&1; then run=(timeout $((wait / 1000 + 2)) "${run[@]}"); fi
  "${run[@]}" 2>/dev/null
}

_ferry() {
  local line=${COMP_LINE:0:COMP_POINT} cur path='' subs opts valued kind word prefix='' skip='' w i n=0
  local -a words cands config=()
  read -ra words <<< "$line"
  if [[ $line == *[[:space:]] || ${#words[@]} -le 1 && -z $line ]]; then cur=''; else cur=${words[${#words[@]}-1]}; unset 'words[${#words[@]}-1]'; fi
  local prog=${words[0]:-ferry}
  prog=${prog/#\~/$HOME}
  __ferry_command ''
  for ((i = 1; i < ${#words[@]}; i++)); do
    w=${words[i]}
    if [[ -n $skip ]]; then
      [[ $skip == --config ]] && config=(--config "$w")
      skip=''
      continue
    fi
    case $w in
      --config=*) config=(--config "${w#*=}") ;;
      -*=*) ;;
      -*) [[ " $valued " == *" $w "* ]] && skip=$w ;;
      *)
        if [[ $n -eq 0 && " $subs " == *" $w "* ]]; then
          path=${path:+$path }$w
          __ferry_command "$path"
        else
          n=$((n + 1))
        fi ;;
    esac
  done
  word=$cur
  if [[ -n $skip ]]; then
    kind=$(__ferry_value "$path" "$skip")
  elif [[ $cur == -*=* ]]; then
    kind=$(__ferry_value "$path" "${cur%%=*}")
    prefix=${cur%%=*}=
    word=${cur#*=}
  elif [[ $cur == -* ]]; then
    kind="values $opts"
  elif [[ -n $subs && $n -eq 0 ]]; then
    kind="values $subs"
  else
    kind=$(__ferry_argument "$path" "$n")
  fi
  if [[ $kind == image && $word == [./~]* ]]; then kind=file; fi
  case $kind in
    values\ *) mapfile -t cands < <(compgen -W "${kind#values }" -- "$word") ;;
    file) compopt -o filenames 2>/dev/null; mapfile -t cands < <(compgen -f -- "$word") ;;
    dir) compopt -o filenames 2>/dev/null; mapfile -t cands < <(compgen -d -- "$word") ;;
    registry) mapfile -t cands < <(__ferry_ask registries "$word") ;;
    target) mapfile -t cands < <(__ferry_ask targets "$word") ;;
    image)
      mapfile -t cands < <(__ferry_ask image "$word")
      # a registry or repository goes on with /… or :TAG, a tag is the end of the word
      [[ ${word##*/} == *:* ]] || compopt -o nospace 2>/dev/null ;;
  esac
  cands=("${cands[@]/#/$prefix}")
  # bash replaces only the part of the word after its last COMP_WORDBREAKS character (: and =; an @ stays in the word)
  local breaks='' keep
  [[ $COMP_WORDBREAKS == *:* ]] && breaks+=':'
  [[ $COMP_WORDBREAKS == *=* ]] && breaks+='='
  if [[ -n $breaks ]]; then
    keep=${cur%"${cur##*[$breaks]}"}
    [[ -n $keep ]] && cands=("${cands[@]#"$keep"}")
  fi
  COMPREPLY=("${cands[@]}")
}

complete -F _ferry ferry
