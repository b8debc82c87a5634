# fish completion for ferry. Generated from ferry's commands; do not edit. Regenerate: ./mvnw -q compile exec:java@regenerate
# Use: copy it to ~/.config/fish/completions/ferry.fish

# __ferry_subs PATH / __ferry_valued PATH: a command's subcommands, and its options that take a value
function __ferry_subs
    switch "$argv"
        case ''
            printf '%s\n' copy sync compose plan save load inspect tags catalog cache login logout shell tui
        case 'cache'
            printf '%s\n' ls stats prune clear
    end
end

function __ferry_valued
    switch "$argv"
        case ''
            printf '%s\n' -- -src -dst -lst -img -inc -out
        case 'copy'
            printf '%s\n' -- --platform -j --parallel -o --output --src-creds --dest-creds --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --cache --keepdays --keepsize --src-tls-verify --dest-tls-verify
        case 'sync'
            printf '%s\n' -- --from --to --namespace -j --parallel --routines --qps --platform -o --output --report --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --rules --ruleFile --secrets --securityFile --registry --ns --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --cache --keepdays --keepsize --src-tls-verify --dest-tls-verify
        case 'compose'
            printf '%s\n' -- --to --from --prefix --ignore --platform --write --dir -j --parallel --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --cache --keepdays --keepsize
        case 'plan'
            printf '%s\n' -- --from --to --namespace -o --output --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --rules --ruleFile --secrets --securityFile --registry --ns
        case 'save'
            printf '%s\n' -- --from --out --prefix --dir --compress --inc --platform -j --parallel --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --repos --exclude-repos --tags --exclude-tags --semver --newest --newest-by --shard --src-tls-verify --dest-tls-verify --cache --keepdays --keepsize
        case 'load'
            printf '%s\n' -- --to --rename --renames -j --parallel --log --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --src-tls-verify --dest-tls-verify
        case 'inspect'
            printf '%s\n' -- --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --creds -o --output --tls-verify
        case 'tags'
            printf '%s\n' -- --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --creds -o --output --tls-verify
        case 'catalog'
            printf '%s\n' -- --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config --creds -o --output --tls-verify --max
        case 'cache ls'
            printf '%s\n' -- --cache --keepdays --keepsize --config -o --output
        case 'cache stats'
            printf '%s\n' -- --cache --keepdays --keepsize --config -o --output --jobs
        case 'cache prune'
            printf '%s\n' -- --cache --keepdays --keepsize --config -o --output
        case 'cache clear'
            printf '%s\n' -- --cache --keepdays --keepsize --config -o --output
        case 'login'
            printf '%s\n' -- -u --username --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config
        case 'logout'
            printf '%s\n' -- --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config
        case 'shell'
            printf '%s\n' -- -c --creds --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config
        case 'tui'
            printf '%s\n' -- --creds --insecure --cleartext-credentials --ca --retries --stall-timeout --authfile --config
    end
end

# __ferry_path: the ferry command on the line so far, e.g. "cache ls" ("" for ferry itself)
function __ferry_path
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l path
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case '-*=*'
            case '-*'
                contains -- $t (__ferry_valued "$path"); and set skip 1
            case '*'
                if contains -- $t (__ferry_subs "$path")
                    set -a path $t
                else
                    break
                end
        end
    end
    echo "$path"
end

function __ferry_is
    set -l path (__ferry_path)
    test "$path" = "$argv[1]"
end

# __ferry_ask WHAT: candidates from ferry itself (cfg.yaml names, repositories, tags). ferry gives up on a
# registry after 0.9 s (FERRY_COMPLETE_WAIT_MS); the timeout is only for a machine too busy to start it in time.
function __ferry_ask
    set -l tokens (commandline -opc)
    set -l prog (string replace -r '^~' $HOME -- $tokens[1])
    set -l config
    for i in (seq (count $tokens))
        switch $tokens[$i]
            case --config
                set config --config $tokens[(math $i + 1)]
            case '--config=*'
                set config --config (string replace -- --config= '' $tokens[$i])
        end
    end
    set -l word (commandline -ct)
    if test "$argv[1]" = image; and string match -qr '^[./~]' -- $word
        __fish_complete_path $word
        return
    end
    set -l run $prog __complete $config $argv $word
    set -l wait 0
    string match -qr '^[0-9]+$' -- "$FERRY_COMPLETE_WAIT_MS"; and set wait $FERRY_COMPLETE_WAIT_MS
    command -q timeout; and set run timeout (math --scale=0 "$wait / 1000 + 2") $run
    $run 2>/dev/null
end

complete -c ferry -f
complete -c ferry -n '__ferry_is \'\'' -a copy -d 'Copy one image, with all its platforms, from SRC to DST'
complete -c ferry -n '__ferry_is \'\'' -a sync -d 'Copy every image of a list from one registry to one or more others'
complete -c ferry -n '__ferry_is \'\'' -a compose -d 'Copy every image of a docker-compose file to a registry, and write the compose file that uses the copies'
complete -c ferry -n '__ferry_is \'\'' -a plan -d 'Show where each image of a list would go, without touching the network (except to expand'
complete -c ferry -n '__ferry_is \'\'' -a save -d 'Save the images of a list into an offline pack: data files and a _meta.yaml that ferry load reads'
complete -c ferry -n '__ferry_is \'\'' -a load -d 'Load an offline pack into a registry'
complete -c ferry -n '__ferry_is \'\'' -a inspect -d 'Show an image\'s platforms, digests, sizes and layers'
complete -c ferry -n '__ferry_is \'\'' -a tags -d 'List the tags of a repository (REPO, @NAME/REPO or oci:DIR)'
complete -c ferry -n '__ferry_is \'\'' -a catalog -d 'List the repositories of a registry (needs the registry\'s _catalog API)'
complete -c ferry -n '__ferry_is \'\'' -a cache -d 'Look after the local blob cache, which lets copy, sync and save download'
complete -c ferry -n '__ferry_is \'\'' -a login -d 'Log in to a registry: check the user and password there, then keep them as docker login does'
complete -c ferry -n '__ferry_is \'\'' -a logout -d 'Forget the credentials kept for a registry: its entry in docker\'s config.json (or --authfile FILE)'
complete -c ferry -n '__ferry_is \'\'' -a shell -d 'An interactive shell: open a registry, cd into repositories, ls, diff, copy with relative'
complete -c ferry -n '__ferry_is \'\'' -a tui -d 'A full-screen terminal UI: choose the source and the target, paste the image list, Verify,'
complete -c ferry -n '__ferry_is \'\'' -o src -x -a '(__ferry_ask registries)' -d 'Source registry name (default: the first in cfg.yaml)'
complete -c ferry -n '__ferry_is \'\'' -o dst -x -a '(__ferry_ask targets)' -d 'Target registry name (default: the first in cfg.yaml)'
complete -c ferry -n '__ferry_is \'\'' -o lst -r -F -d 'Image list file (default: standard input)'
complete -c ferry -n '__ferry_is \'\'' -o img -r -F -d 'Pack meta file to upload (upload mode)'
complete -c ferry -n '__ferry_is \'\'' -o inc -r -F -d 'Earlier pack meta file (incremental save mode)'
complete -c ferry -n '__ferry_is \'\'' -o out -x -d 'Pack file name prefix (save mode)'
complete -c ferry -n '__ferry_is \'\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'copy\'' -l platform -x -a 'linux/amd64 linux/arm64 linux/arm/v7 linux/arm/v6 linux/386 linux/ppc64le linux/s390x linux/riscv64 windows/amd64' -d 'Copy only this platform (repeatable)'
complete -c ferry -n '__ferry_is \'copy\'' -s j -l parallel -x -d 'Blobs moved at the same time (default: 4)'
complete -c ferry -n '__ferry_is \'copy\'' -l dry-run -d 'Show what would be copied; write nothing'
complete -c ferry -n '__ferry_is \'copy\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'copy\'' -s q -l quiet -d 'No progress output'
complete -c ferry -n '__ferry_is \'copy\'' -l src-creds -x -d 'Credentials for the source registry'
complete -c ferry -n '__ferry_is \'copy\'' -l dest-creds -x -d 'Credentials for the target registry'
complete -c ferry -n '__ferry_is \'copy\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'copy\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'copy\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'copy\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'copy\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'copy\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'copy\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'copy\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'copy\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'copy\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'copy\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'copy\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'copy\'' -l no-cache -d 'Do not use the blob cache, even when cfg.yaml or FERRY_CACHE names one'
complete -c ferry -n '__ferry_is \'copy\'' -s a -l all -d 'Every platform of an image, as skopeo copy --all (ferry\'s default; not with --platform)'
complete -c ferry -n '__ferry_is \'copy\'' -l src-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the source registry (--insecure SOURCE)'
complete -c ferry -n '__ferry_is \'copy\'' -l dest-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the target registries (--insecure TARGET)'
complete -c ferry -n '__ferry_is \'copy\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'copy\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'copy\'' -a '(__ferry_ask image)'
complete -c ferry -n '__ferry_is \'copy\'' -a '(__ferry_ask image)'
complete -c ferry -n '__ferry_is \'sync\'' -l from -x -a '(__ferry_ask registries)' -d 'Source registry: a cfg.yaml name or an address (default: cfg.yaml\'s first source)'
complete -c ferry -n '__ferry_is \'sync\'' -l to -x -a '(__ferry_ask targets)' -d 'Target registry (repeatable; default: cfg.yaml\'s first target)'
complete -c ferry -n '__ferry_is \'sync\'' -l namespace -x -d 'Put every image under this namespace of the target (images.json\'s targets; default: cfg.yaml\'s repository)'
complete -c ferry -n '__ferry_is \'sync\'' -s j -l parallel -l routines -x -d 'Blobs moved at the same time, across all images (default: cfg.yaml maxconn, else 5)'
complete -c ferry -n '__ferry_is \'sync\'' -l qps -x -d 'Requests per second to each registry at most (default: no limit)'
complete -c ferry -n '__ferry_is \'sync\'' -l platform -x -a 'linux/amd64 linux/arm64 linux/arm/v7 linux/arm/v6 linux/386 linux/ppc64le linux/s390x linux/riscv64 windows/amd64' -d 'Copy only these platforms (repeatable), as in copy'
complete -c ferry -n '__ferry_is \'sync\'' -l dry-run -d 'Resolve and check everything; write nothing'
complete -c ferry -n '__ferry_is \'sync\'' -s o -l output -x -a 'text json' -d 'text, or json: the final report on standard output'
complete -c ferry -n '__ferry_is \'sync\'' -l report -r -F -d 'Also write the JSON report to FILE'
complete -c ferry -n '__ferry_is \'sync\'' -l log -r -F -d 'Log file of the run (default: data/ferry-sync-DATE-TIME.log)'
complete -c ferry -n '__ferry_is \'sync\'' -s q -l quiet -d 'No progress output'
complete -c ferry -n '__ferry_is \'sync\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'sync\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'sync\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'sync\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'sync\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'sync\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'sync\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'sync\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'sync\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'sync\'' -l rules -l ruleFile -r -F -d 'image-transfer\'s transfer-rule.yaml: SOURCE: TARGET rules, tag- or repository-level, in place of LIST'
complete -c ferry -n '__ferry_is \'sync\'' -l secrets -l securityFile -r -F -d 'image-transfer\'s registry-secret.yaml: credentials (and insecure) by registry or registry/namespace'
complete -c ferry -n '__ferry_is \'sync\'' -l registry -x -d 'With --rules: the registry of targets that name none, and of empty targets'
complete -c ferry -n '__ferry_is \'sync\'' -l ns -x -d 'With --rules: the namespace of targets that name none'
complete -c ferry -n '__ferry_is \'sync\'' -l all-repos -d 'Every repository of --from\'s catalog (with --repos / --exclude-repos), in place of LIST'
complete -c ferry -n '__ferry_is \'sync\'' -l repos -x -d 'With --all-repos: the repositories whose name this finds'
complete -c ferry -n '__ferry_is \'sync\'' -l exclude-repos -x -d 'With --all-repos: leave out the repositories whose name this finds'
complete -c ferry -n '__ferry_is \'sync\'' -l tags -x -d 'Of each repository, the tags this finds (^ and $ anchor it)'
complete -c ferry -n '__ferry_is \'sync\'' -l exclude-tags -x -d 'Leave out the tags this finds'
complete -c ferry -n '__ferry_is \'sync\'' -l semver -x -d 'Only tags that are versions in this range, e.g'
complete -c ferry -n '__ferry_is \'sync\'' -l newest -x -d 'Of the chosen tags, only the newest N (by tag order, or --newest-by created)'
complete -c ferry -n '__ferry_is \'sync\'' -l newest-by -x -d 'tag (the default: 1.9 < 1.10 < latest) or created (the image\'s creation time)'
complete -c ferry -n '__ferry_is \'sync\'' -l shard -x -d 'Only the repositories of shard I of N (0 to N-1), by a stable hash of the target repository; N processes split the job with no coordinator'
complete -c ferry -n '__ferry_is \'sync\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'sync\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'sync\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'sync\'' -l no-cache -d 'Do not use the blob cache, even when cfg.yaml or FERRY_CACHE names one'
complete -c ferry -n '__ferry_is \'sync\'' -s a -l all -d 'Every platform of an image, as skopeo copy --all (ferry\'s default; not with --platform)'
complete -c ferry -n '__ferry_is \'sync\'' -l src-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the source registry (--insecure SOURCE)'
complete -c ferry -n '__ferry_is \'sync\'' -l dest-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the target registries (--insecure TARGET)'
complete -c ferry -n '__ferry_is \'sync\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'sync\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'sync\'' -F
complete -c ferry -n '__ferry_is \'compose\'' -l to -x -a '(__ferry_ask targets)' -d 'The mirror registry: a cfg.yaml name or an address (default: cfg.yaml\'s first target)'
complete -c ferry -n '__ferry_is \'compose\'' -l from -x -a '(__ferry_ask registries)' -d 'Read every image from this registry instead of the one it names (a mirror of Docker Hub, say)'
complete -c ferry -n '__ferry_is \'compose\'' -l prefix -x -d 'Namespace path of the copies at the mirror (default: cfg.yaml\'s repository of the target)'
complete -c ferry -n '__ferry_is \'compose\'' -l flatten -d 'Join the image\'s path with \'-\' (langgenius/dify-api -> langgenius-dify-api)'
complete -c ferry -n '__ferry_is \'compose\'' -l ignore -r -F -d 'Images to leave out, one a line (e.g'
complete -c ferry -n '__ferry_is \'compose\'' -l platform -x -d 'Copy only these platforms (repeatable), e.g'
complete -c ferry -n '__ferry_is \'compose\'' -l write -r -F -d 'Write the mirror\'s compose file (e.g'
complete -c ferry -n '__ferry_is \'compose\'' -l save -d 'Save the images into a pack (in --dir) instead of copying them; load it with ferry load on the other side'
complete -c ferry -n '__ferry_is \'compose\'' -l dir -x -a '(__fish_complete_directories (commandline -ct))' -d 'With --save: the folder for packs (default: data)'
complete -c ferry -n '__ferry_is \'compose\'' -s j -l parallel -x -d 'Blobs moved at the same time (default: cfg.yaml maxconn, else 5)'
complete -c ferry -n '__ferry_is \'compose\'' -l dry-run -d 'Resolve and check everything; write nothing (the mirror file is still written)'
complete -c ferry -n '__ferry_is \'compose\'' -s q -l quiet -d 'No progress output'
complete -c ferry -n '__ferry_is \'compose\'' -l log -r -F -d 'Log file of the run (default: data/ferry-sync-DATE-TIME.log)'
complete -c ferry -n '__ferry_is \'compose\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'compose\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'compose\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'compose\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'compose\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'compose\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'compose\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'compose\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'compose\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'compose\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'compose\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'compose\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'compose\'' -l no-cache -d 'Do not use the blob cache, even when cfg.yaml or FERRY_CACHE names one'
complete -c ferry -n '__ferry_is \'compose\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'compose\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'compose\'' -F
complete -c ferry -n '__ferry_is \'plan\'' -l from -x -a '(__ferry_ask registries)' -d 'Source registry: cfg.yaml name or address'
complete -c ferry -n '__ferry_is \'plan\'' -l to -x -a '(__ferry_ask targets)' -d 'Target registry (repeatable)'
complete -c ferry -n '__ferry_is \'plan\'' -l namespace -x -d 'Put every image under this namespace of the target (default: cfg.yaml\'s repository)'
complete -c ferry -n '__ferry_is \'plan\'' -l check -d 'Check that every source image exists'
complete -c ferry -n '__ferry_is \'plan\'' -s o -l output -x -a 'text json' -d 'text or json'
complete -c ferry -n '__ferry_is \'plan\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'plan\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'plan\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'plan\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'plan\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'plan\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'plan\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'plan\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'plan\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'plan\'' -l all-repos -d 'Every repository of --from\'s catalog (with --repos / --exclude-repos), in place of LIST'
complete -c ferry -n '__ferry_is \'plan\'' -l repos -x -d 'With --all-repos: the repositories whose name this finds'
complete -c ferry -n '__ferry_is \'plan\'' -l exclude-repos -x -d 'With --all-repos: leave out the repositories whose name this finds'
complete -c ferry -n '__ferry_is \'plan\'' -l tags -x -d 'Of each repository, the tags this finds (^ and $ anchor it)'
complete -c ferry -n '__ferry_is \'plan\'' -l exclude-tags -x -d 'Leave out the tags this finds'
complete -c ferry -n '__ferry_is \'plan\'' -l semver -x -d 'Only tags that are versions in this range, e.g'
complete -c ferry -n '__ferry_is \'plan\'' -l newest -x -d 'Of the chosen tags, only the newest N (by tag order, or --newest-by created)'
complete -c ferry -n '__ferry_is \'plan\'' -l newest-by -x -d 'tag (the default: 1.9 < 1.10 < latest) or created (the image\'s creation time)'
complete -c ferry -n '__ferry_is \'plan\'' -l shard -x -d 'Only the repositories of shard I of N (0 to N-1), by a stable hash of the target repository; N processes split the job with no coordinator'
complete -c ferry -n '__ferry_is \'plan\'' -l rules -l ruleFile -r -F -d 'image-transfer\'s transfer-rule.yaml: SOURCE: TARGET rules, tag- or repository-level, in place of LIST'
complete -c ferry -n '__ferry_is \'plan\'' -l secrets -l securityFile -r -F -d 'image-transfer\'s registry-secret.yaml: credentials (and insecure) by registry or registry/namespace'
complete -c ferry -n '__ferry_is \'plan\'' -l registry -x -d 'With --rules: the registry of targets that name none, and of empty targets'
complete -c ferry -n '__ferry_is \'plan\'' -l ns -x -d 'With --rules: the namespace of targets that name none'
complete -c ferry -n '__ferry_is \'plan\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'plan\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'plan\'' -F
complete -c ferry -n '__ferry_is \'save\'' -l from -x -a '(__ferry_ask registries)' -d 'Source registry: cfg.yaml name or address (default: cfg.yaml\'s first source)'
complete -c ferry -n '__ferry_is \'save\'' -l out -l prefix -x -d 'File name prefix (default: cfg.yaml outprefix)'
complete -c ferry -n '__ferry_is \'save\'' -l dir -x -a '(__fish_complete_directories (commandline -ct))' -d 'Folder for packs (default: data)'
complete -c ferry -n '__ferry_is \'save\'' -l compress -x -a 'none lz4 xz' -d 'none (tar), lz4 (fast) or xz (small) (default: cfg.yaml compressor, else none)'
complete -c ferry -n '__ferry_is \'save\'' -l single-file -d 'One data file instead of one per worker (default: cfg.yaml singlefile)'
complete -c ferry -n '__ferry_is \'save\'' -l docker-format -d 'With --single-file and no compression: a file docker load, skopeo and ctr also read (default: cfg.yaml dockerfile)'
complete -c ferry -n '__ferry_is \'save\'' -l inc -r -F -d 'An earlier pack\'s meta file: its blobs are left out (repeatable)'
complete -c ferry -n '__ferry_is \'save\'' -l platform -x -a 'linux/amd64 linux/arm64 linux/arm/v7 linux/arm/v6 linux/386 linux/ppc64le linux/s390x linux/riscv64 windows/amd64' -d 'Save only these platforms (repeatable)'
complete -c ferry -n '__ferry_is \'save\'' -s j -l parallel -x -d 'Blobs downloaded at the same time, one data file each (default: cfg.yaml maxconn, else 5)'
complete -c ferry -n '__ferry_is \'save\'' -s q -l quiet -d 'No progress output'
complete -c ferry -n '__ferry_is \'save\'' -l log -r -F -d 'Log file of the run (default: data/ferry-save-DATE-TIME.log)'
complete -c ferry -n '__ferry_is \'save\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'save\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'save\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'save\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'save\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'save\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'save\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'save\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'save\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'save\'' -l all-repos -d 'Every repository of --from\'s catalog (with --repos / --exclude-repos), in place of LIST'
complete -c ferry -n '__ferry_is \'save\'' -l repos -x -d 'With --all-repos: the repositories whose name this finds'
complete -c ferry -n '__ferry_is \'save\'' -l exclude-repos -x -d 'With --all-repos: leave out the repositories whose name this finds'
complete -c ferry -n '__ferry_is \'save\'' -l tags -x -d 'Of each repository, the tags this finds (^ and $ anchor it)'
complete -c ferry -n '__ferry_is \'save\'' -l exclude-tags -x -d 'Leave out the tags this finds'
complete -c ferry -n '__ferry_is \'save\'' -l semver -x -d 'Only tags that are versions in this range, e.g'
complete -c ferry -n '__ferry_is \'save\'' -l newest -x -d 'Of the chosen tags, only the newest N (by tag order, or --newest-by created)'
complete -c ferry -n '__ferry_is \'save\'' -l newest-by -x -d 'tag (the default: 1.9 < 1.10 < latest) or created (the image\'s creation time)'
complete -c ferry -n '__ferry_is \'save\'' -l shard -x -d 'Only the repositories of shard I of N (0 to N-1), by a stable hash of the target repository; N processes split the job with no coordinator'
complete -c ferry -n '__ferry_is \'save\'' -s a -l all -d 'Every platform of an image, as skopeo copy --all (ferry\'s default; not with --platform)'
complete -c ferry -n '__ferry_is \'save\'' -l src-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the source registry (--insecure SOURCE)'
complete -c ferry -n '__ferry_is \'save\'' -l dest-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the target registries (--insecure TARGET)'
complete -c ferry -n '__ferry_is \'save\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'save\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'save\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'save\'' -l no-cache -d 'Do not use the blob cache, even when cfg.yaml or FERRY_CACHE names one'
complete -c ferry -n '__ferry_is \'save\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'save\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'save\'' -F
complete -c ferry -n '__ferry_is \'load\'' -l to -x -a '(__ferry_ask targets)' -d 'Target registry: cfg.yaml name or address (default: cfg.yaml\'s first target)'
complete -c ferry -n '__ferry_is \'load\'' -l rename -x -d 'Rename an image on the way (repeatable); OLD is its name in the pack'
complete -c ferry -n '__ferry_is \'load\'' -l renames -r -F -d 'A file of \'OLD -> NEW\' lines'
complete -c ferry -n '__ferry_is \'load\'' -s j -l parallel -x -d 'Blobs pushed at the same time (default: cfg.yaml maxconn, else 5)'
complete -c ferry -n '__ferry_is \'load\'' -l trust-pack -d 'Stream a pack\'s blobs straight to the target without reading them all first: faster, for a pack whose origin you trust'
complete -c ferry -n '__ferry_is \'load\'' -s q -l quiet -d 'No progress output'
complete -c ferry -n '__ferry_is \'load\'' -l log -r -F -d 'Log file of the run (default: data/ferry-load-DATE-TIME.log)'
complete -c ferry -n '__ferry_is \'load\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'load\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'load\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'load\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'load\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'load\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'load\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'load\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'load\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'load\'' -s a -l all -d 'Every platform of an image, as skopeo copy --all (ferry\'s default; not with --platform)'
complete -c ferry -n '__ferry_is \'load\'' -l src-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the source registry (--insecure SOURCE)'
complete -c ferry -n '__ferry_is \'load\'' -l dest-tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for the target registries (--insecure TARGET)'
complete -c ferry -n '__ferry_is \'load\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'load\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'load\'' -F
complete -c ferry -n '__ferry_is \'inspect\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'inspect\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'inspect\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'inspect\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'inspect\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'inspect\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'inspect\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'inspect\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'inspect\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'inspect\'' -l creds -x -d 'Credentials for the registry (password from FERRY_PASSWORD when omitted)'
complete -c ferry -n '__ferry_is \'inspect\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'inspect\'' -l tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for this registry (--insecure REGISTRY)'
complete -c ferry -n '__ferry_is \'inspect\'' -l raw -d 'Print the top manifest exactly as stored'
complete -c ferry -n '__ferry_is \'inspect\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'inspect\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'inspect\'' -a '(__ferry_ask image)'
complete -c ferry -n '__ferry_is \'tags\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'tags\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'tags\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'tags\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'tags\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'tags\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'tags\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'tags\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'tags\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'tags\'' -l creds -x -d 'Credentials for the registry (password from FERRY_PASSWORD when omitted)'
complete -c ferry -n '__ferry_is \'tags\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'tags\'' -l tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for this registry (--insecure REGISTRY)'
complete -c ferry -n '__ferry_is \'tags\'' -l sort -d 'Sort tags by version (v3.10 after v3.5) instead of the registry\'s order'
complete -c ferry -n '__ferry_is \'tags\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'tags\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'tags\'' -a '(__ferry_ask image)'
complete -c ferry -n '__ferry_is \'catalog\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'catalog\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'catalog\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'catalog\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'catalog\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'catalog\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'catalog\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'catalog\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'catalog\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'catalog\'' -l creds -x -d 'Credentials for the registry (password from FERRY_PASSWORD when omitted)'
complete -c ferry -n '__ferry_is \'catalog\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'catalog\'' -l tls-verify -x -d 'skopeo\'s spelling: false allows plain HTTP and unverified TLS for this registry (--insecure REGISTRY)'
complete -c ferry -n '__ferry_is \'catalog\'' -l max -x -d 'At most N repositories (0: all)'
complete -c ferry -n '__ferry_is \'catalog\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'catalog\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'catalog\'' -a '(__ferry_ask image)'
complete -c ferry -n '__ferry_is \'cache\'' -a ls -d 'List the cached blobs, most recently used first'
complete -c ferry -n '__ferry_is \'cache\'' -a stats -d 'Show the cache\'s size and the hit rate of the last jobs'
complete -c ferry -n '__ferry_is \'cache\'' -a prune -d 'Evict now: blobs not used for keepdays days, then the least recently used beyond keepsize'
complete -c ferry -n '__ferry_is \'cache\'' -a clear -d 'Remove every cached blob (except those a running ferry uses)'
complete -c ferry -n '__ferry_is \'cache\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'cache\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'cache ls\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'cache ls\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'cache ls\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'cache ls\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'cache ls\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'cache ls\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'cache ls\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'cache stats\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'cache stats\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'cache stats\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'cache stats\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'cache stats\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'cache stats\'' -l jobs -x -d 'How many of the last jobs to show (default: 10; 0: all kept, up to 50)'
complete -c ferry -n '__ferry_is \'cache stats\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'cache stats\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'cache prune\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'cache prune\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'cache prune\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'cache prune\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'cache prune\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'cache prune\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'cache prune\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'cache clear\'' -l cache -x -a '(__fish_complete_directories (commandline -ct))' -d 'Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname)'
complete -c ferry -n '__ferry_is \'cache clear\'' -l keepdays -x -d 'Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7)'
complete -c ferry -n '__ferry_is \'cache clear\'' -l keepsize -x -d 'Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10)'
complete -c ferry -n '__ferry_is \'cache clear\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'cache clear\'' -s o -l output -x -a 'text json' -d 'text or json (default: text)'
complete -c ferry -n '__ferry_is \'cache clear\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'cache clear\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'login\'' -s u -l username -x -d 'The user name (asked for when not given, on a terminal)'
complete -c ferry -n '__ferry_is \'login\'' -l password-stdin -d 'Read the password from standard input (its first line), not from a prompt'
complete -c ferry -n '__ferry_is \'login\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'login\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'login\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'login\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'login\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'login\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'login\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'login\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'login\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'login\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'login\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'login\'' -a '(__ferry_ask image)'
complete -c ferry -n '__ferry_is \'logout\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'logout\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'logout\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'logout\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'logout\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'logout\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'logout\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'logout\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'logout\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'logout\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'logout\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'logout\'' -a '(__ferry_ask image)'
complete -c ferry -n '__ferry_is \'shell\'' -s c -x -d 'Commands to run (separated by ;) instead of a prompt'
complete -c ferry -n '__ferry_is \'shell\'' -l creds -x -d 'Credentials for a registry, for the whole session (repeatable; password from FERRY_PASSWORD when omitted)'
complete -c ferry -n '__ferry_is \'shell\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'shell\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'shell\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'shell\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'shell\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'shell\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'shell\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'shell\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'shell\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'shell\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'shell\'' -s V -l version -d 'Print version information and exit'
complete -c ferry -n '__ferry_is \'shell\'' -F
complete -c ferry -n '__ferry_is \'tui\'' -l creds -x -d 'Credentials for a registry, for the whole session (repeatable; password from FERRY_PASSWORD when omitted)'
complete -c ferry -n '__ferry_is \'tui\'' -l insecure -x -d 'Allow plain HTTP and unverified TLS for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'tui\'' -l cleartext-credentials -x -d 'Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable; needs --insecure REGISTRY or insecure: true)'
complete -c ferry -n '__ferry_is \'tui\'' -l ca -x -d 'Trust the CA certificates in this PEM file for this registry (repeatable)'
complete -c ferry -n '__ferry_is \'tui\'' -l skip-tls-verify -d 'Do not verify TLS certificates of any registry (HTTPS still used)'
complete -c ferry -n '__ferry_is \'tui\'' -l retries -x -d 'Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2)'
complete -c ferry -n '__ferry_is \'tui\'' -l stall-timeout -x -d 'Give up a connection on which no byte came for this long, and retry or resume it (default: 30)'
complete -c ferry -n '__ferry_is \'tui\'' -l wait-for-rate-limit -d 'When a registry\'s pull limit is spent (Docker Hub\'s), wait for it to free instead of failing the images left'
complete -c ferry -n '__ferry_is \'tui\'' -l authfile -r -F -d 'Credentials file in docker\'s format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker\'s config.json)'
complete -c ferry -n '__ferry_is \'tui\'' -l config -r -F -d 'cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none)'
complete -c ferry -n '__ferry_is \'tui\'' -s h -l help -d 'Show this help message and exit'
complete -c ferry -n '__ferry_is \'tui\'' -s V -l version -d 'Print version information and exit'
